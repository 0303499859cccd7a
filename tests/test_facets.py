"""Facet counts of the articles table, counted once per crawl (pipelines/facets.py)."""
import sqlite_utils

from pipelines.facets import count_facets, refresh_facet_counts

ROWS = [
    {"source": "a", "region": "X", "tags": '["t1", "t2", "t1"]'},
    {"source": "a", "region": "Y", "tags": "[]"},
    {"source": "b", "region": None, "tags": None},
]
FACETS = {"source": "column", "region": "column", "tags": "array"}


def test_counts_unfiltered_and_under_each_single_filter():
    counts = count_facets(ROWS, FACETS)
    assert counts[("", "", "source", "a")] == 2 and counts[("", "", "source", "b")] == 1
    assert counts[("", "", "region", "X")] == 1 and ("", "", "region", None) not in counts  # nulls are not a value
    assert counts[("", "", "tags", "t1")] == 1  # an array item counts once per row, as Datasette's array facet
    assert counts[("source", "a", "region", "Y")] == 1 and counts[("source", "a", "tags", "t2")] == 1
    assert counts[("region", "X", "source", "a")] == 1 and ("region", "X", "source", "b") not in counts
    assert ("tags", "t1", "source", "a") not in counts  # arrays are facets, not cached filters


def test_refresh_replaces_the_tables_counts(tmp_path):
    db = sqlite_utils.Database(tmp_path / "a.db")
    db["t"].insert_all(ROWS)
    assert refresh_facet_counts(db, "t", FACETS) == len(count_facets(ROWS, FACETS))
    db["t"].delete_where("source = 'b'")
    refresh_facet_counts(db, "t", FACETS)
    rows = {(r["facet"], r["value"]): r["count"] for r in db["facet_counts"].rows_where("filter_column = ''")}
    assert rows == {("source", "a"): 2, ("region", "X"): 1, ("region", "Y"): 1, ("tags", "t1"): 1, ("tags", "t2"): 1}
