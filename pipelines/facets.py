"""Facet counts of the articles table, counted once per crawl instead of on every page view.

At a million articles a facet is a GROUP BY over the whole table, seconds per page. After each
crawl (and reprocess) ``refresh_facet_counts`` counts every facet of ``articles`` in one scan,
unfiltered and under each single filter on a facet column (``?source=...``, ``?region=...``),
into ``facet_counts``; the Datasette plugin (warta/publish/facets.py) answers those pages from it
and counts any other filter live.
"""
from __future__ import annotations

import sqlite_utils

from pipelines.schema import transaction

# Facets served from the cache: column -> Datasette facet type ("array" for JSON lists).
ARTICLE_FACETS = {"source": "column", "category": "column", "region": "column", "month": "column",
                  "tags": "array"}
TABLE = "facet_counts"


def refresh_facet_counts(db: sqlite_utils.Database, table: str = "articles",
                         facets: dict[str, str] = ARTICLE_FACETS) -> int:
    """Count ``table``'s facets again into ``facet_counts`` in one transaction; returns rows.

    Rows are keyed (filter_column, filter_value, facet, value), with ("", "") for no filter;
    the filters are the plain facet columns. The wide table is read once, into a narrow temp
    table the GROUP BYs then run on. An array facet counts each distinct item of a row once, as
    Datasette's array facet does; nulls are not a value.
    """
    filters = [c for c, kind in facets.items() if kind == "column"]
    selects, expand = [], []  # the GROUP BYs; temp tables of each array's items, one row per item
    for facet, kind in facets.items():
        if kind == "array":
            rows, item = f"[facet_items_{facet}]", "item"
            expand.append(f"create temp table {rows} as select distinct r.rowid, r.*, j.value as item "
                          f"from facet_rows r, json_each(case when json_valid(r.[{facet}]) and "
                          f"json_type(r.[{facet}]) = 'array' then r.[{facet}] else '[]' end) j")
        else:
            rows, item = "facet_rows", f"[{facet}]"
        for column in ["", *filters]:
            key = f"[{column}]" if column else "''"
            selects.append(f"select '{column}', {key}, '{facet}', {item}, count(*) from {rows} "
                           f"where {item} is not null and {key} is not null group by {key}, {item}")
    with transaction(db):  # facet_counts is declared in pipelines/schema.py
        db.execute("drop table if exists temp.facet_rows")
        db.execute(f"create temp table facet_rows as select {', '.join(f'[{c}]' for c in facets)} from [{table}]")
        for sql in expand:
            db.execute(sql)
        db[TABLE].delete_where("table_name = ?", [table])
        for select in selects:
            db.execute(f"insert into [{TABLE}] select ?, * from ({select})", [table])
        for name in ["facet_rows", *(f"facet_items_{f}" for f, kind in facets.items() if kind == "array")]:
            db.execute(f"drop table temp.[{name}]")
    return db[TABLE].count_where("table_name = ?", [table])
