"""Facet counts of the articles table, counted once per crawl instead of on every page view.

At a million articles a facet is a GROUP BY over the whole table, seconds per page. After each
crawl (and reprocess) ``refresh_facet_counts`` counts every facet of ``articles`` in one scan,
unfiltered and under each single filter on a facet column (``?source=...``, ``?region=...``),
into ``facet_counts``; the Datasette plugin (warta/publish/facets.py) answers those pages from it
and counts any other filter live.
"""
from __future__ import annotations

import json
from collections import Counter

import sqlite_utils

from pipelines.schema import transaction

# Facets served from the cache: column -> Datasette facet type ("array" for JSON lists).
ARTICLE_FACETS = {"source": "column", "category": "column", "region": "column", "month": "column",
                  "tags": "array"}
TABLE = "facet_counts"


def count_facets(rows, facets: dict[str, str] = ARTICLE_FACETS) -> Counter:
    """{(filter_column, filter_value, facet, value): count} over ``rows`` (dicts), with
    ("", "") as the unfiltered key. Filters are the plain facet columns; an array counts each
    distinct item of a row once, as Datasette's array facet does."""
    counts: Counter = Counter()
    filters = [c for c, kind in facets.items() if kind == "column"]
    for row in rows:
        values = {}
        for column, kind in facets.items():
            value = row[column]
            if kind == "array":
                try:
                    items = json.loads(value) if value else []
                except ValueError:
                    items = []
                values[column] = {str(i) for i in items} if isinstance(items, list) else set()
            else:
                values[column] = set() if value is None else {value}
        keys = [("", "")] + [(f, v) for f in filters for v in values[f]]
        for column, items in values.items():
            for key in keys:
                for item in items:
                    counts[(*key, column, item)] += 1
    return counts


def refresh_facet_counts(db: sqlite_utils.Database, table: str = "articles",
                         facets: dict[str, str] = ARTICLE_FACETS) -> int:
    """Count ``table``'s facets again into ``facet_counts`` in one transaction; returns rows."""
    rows = db.query(f"select {', '.join(f'[{c}]' for c in facets)} from [{table}]")
    counts = count_facets(rows, facets)
    with transaction(db):  # the table is declared in pipelines/schema.py
        db[TABLE].delete_where("table_name = ?", [table])
        db[TABLE].insert_all(({"table_name": table, "filter_column": f, "filter_value": fv,
                               "facet": c, "value": v, "count": n}
                              for (f, fv, c, v), n in counts.items()), batch_size=5000)
    return len(counts)
