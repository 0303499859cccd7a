"""Facet counts of the articles table, counted once per crawl (pipelines/facets.py)."""
from pipelines.facets import refresh_facet_counts
from pipelines.schema import open_database

ROWS = [
    {"source": "a", "region": "X", "tags": '["t1", "t2", "t1"]'},
    {"source": "a", "region": "Y", "tags": "[]"},
    {"source": "b", "region": None, "tags": None},
]
FACETS = {"source": "column", "region": "column", "tags": "array"}


def counts(db):
    return {(r["filter_column"], r["filter_value"], r["facet"], r["value"]): r["count"]
            for r in db["facet_counts"].rows_where("table_name = 't'")}


def test_counts_unfiltered_and_under_each_single_filter(tmp_path):
    db = open_database(tmp_path / "a.db")  # facet_counts is declared by the archive schema
    db["t"].insert_all(ROWS)
    found = counts(db) if refresh_facet_counts(db, "t", FACETS) else {}
    assert found[("", "", "source", "a")] == 2 and found[("", "", "source", "b")] == 1
    assert found[("", "", "region", "X")] == 1 and ("", "", "region", None) not in found  # nulls are not a value
    assert found[("", "", "tags", "t1")] == 1  # an array item counts once per row, as Datasette's array facet
    assert found[("source", "a", "region", "Y")] == 1 and found[("source", "a", "tags", "t2")] == 1
    assert found[("region", "X", "source", "a")] == 1 and ("region", "X", "source", "b") not in found
    assert ("tags", "t1", "source", "a") not in found  # arrays are facets, not cached filters
    assert len(found) == 6 + 6 + 6  # unfiltered, under source=a|b, under region=X|Y


def test_refresh_replaces_the_tables_counts(tmp_path):
    db = open_database(tmp_path / "a.db")  # facet_counts is declared by the archive schema
    db["t"].insert_all(ROWS)
    refresh_facet_counts(db, "t", FACETS)
    db["t"].delete_where("source = 'b'")
    db["other"].insert({"source": "z"})
    refresh_facet_counts(db, "other", {"source": "column"})
    assert refresh_facet_counts(db, "t", FACETS) == len(counts(db))
    rows = {(f, v): n for (fc, _, f, v), n in counts(db).items() if fc == ""}
    assert rows == {("source", "a"): 2, ("region", "X"): 1, ("region", "Y"): 1, ("tags", "t1"): 1, ("tags", "t2"): 1}
    assert db["facet_counts"].count_where("table_name = 'other'") == 2  # another table's counts are kept


def test_the_database_page_counts_a_table_only_up_to_the_limit(tmp_path):
    import asyncio

    from datasette.app import Datasette

    from warta.publish import COUNT_LIMIT

    db = open_database(tmp_path / "archive.db")
    with db.conn:
        db.conn.executemany("insert into sources (source) values (?)", [(f"s{i}",) for i in range(COUNT_LIMIT + 1)])
        db.conn.executemany("insert into crawl_runs (spider) values (?)", [("x",)] * 3)
    ds = Datasette([str(tmp_path / "archive.db")])
    tables = {t["name"]: t["count"] for t in asyncio.run(ds.client.get("/archive.json")).json()["tables"]}
    assert tables["sources"] is None and tables["crawl_runs"] == 3  # None: shown as "Many rows"
    page = asyncio.run(ds.client.get("/archive")).text
    assert "Many rows" in page and "3 rows" in page
