"""Datasette's column and array facets, answered from ``facet_counts`` when it holds them.

pipelines/facets.py counts the articles table's facets after each crawl, unfiltered and under
each single equality filter on a facet column. A table page with no filter or one such filter
(sorting, paging and column choices aside) reads its facets from there in a few milliseconds;
any other page is counted live by Datasette as before. The plugin swaps these classes in for
Datasette's own (see ``register_facet_classes`` in warta/publish/__init__.py), so metadata.yml
and every facet URL stay as Datasette defines them.
"""
from __future__ import annotations

import urllib.parse

from datasette.facets import ArrayFacet, ColumnFacet
from datasette.utils import path_with_added_args, path_with_removed_args

from pipelines.facets import TABLE

# Query-string arguments that change how rows are shown, not which rows are counted.
_NOT_FILTERS = {"_sort", "_sort_desc", "_size", "_next", "_facet", "_facet_array", "_facet_size",
                "_nocount", "_nosuggest", "_nofacet", "_col", "_nocol", "_labels", "_label",
                "_stream", "_dl", "_json", "_trace", "_context"}


def cache_key(query_string: str) -> tuple[str, str] | None:
    """("", "") for an unfiltered page, (column, value) for one plain ``column=value`` filter,
    None when the rows are filtered any other way."""
    pairs = urllib.parse.parse_qsl(query_string, keep_blank_values=True)
    if any(name.startswith("_") and name not in _NOT_FILTERS for name, _ in pairs):
        return None
    filters = [(name, value) for name, value in pairs if not name.startswith("_")]
    if not filters:
        return ("", "")
    if len(filters) == 1 and "__" not in filters[0][0]:
        return filters[0]
    return None


class _CachedFacet:
    """Mixed into a Datasette facet class: cached counts first, Datasette's own query for the rest."""
    param_suffix = ""

    async def facet_results(self):
        self._served = set()
        results = []
        key = cache_key(self.request.query_string) if self.table else None
        for config in (super().get_configs() if key else []):
            column = config["config"].get("column") or config["config"]["simple"]
            rows = await self._cached_rows(column, key)
            if rows is not None:
                results.append(await self._facet(column, rows, config["source"]))
                self._served.add(column)
        live, timed_out = await super().facet_results()
        return results + live, timed_out

    def get_configs(self):
        served = getattr(self, "_served", set())
        return [c for c in super().get_configs()
                if (c["config"].get("column") or c["config"]["simple"]) not in served]

    async def _cached_rows(self, column: str, key: tuple[str, str]):
        """The top values and counts, or None when this facet is not cached."""
        sql = (f"select value, count from {TABLE} where table_name = :table and facet = :facet "
               "and filter_column = :filter and filter_value = :value order by count desc, value limit :limit")
        params = {"table": self.table, "facet": column, "filter": key[0], "value": key[1],
                  "limit": self.get_facet_size() + 1}
        db = self.ds.get_database(self.database)
        if not await db.table_exists(TABLE):  # an archive no crawl has finished on yet
            return None
        rows = (await db.execute(sql, params)).rows
        if rows or (await db.execute(sql, {**params, "filter": "", "value": ""})).rows:
            return rows
        return None

    async def _facet(self, column: str, rows, source: str) -> dict:
        facet_size = self.get_facet_size()
        param = column + self.param_suffix
        pairs = self.get_querystring_pairs()
        labels = {}
        if self.type == "column":
            labels = await self.ds.expand_foreign_keys(self.database, self.table, column,
                                                       [r["value"] for r in rows[:facet_size]])
        values = []
        for row in rows[:facet_size]:
            value = str(row["value"])
            selected = (param, value) in pairs
            toggle = (path_with_removed_args if selected else path_with_added_args)(self.request, {param: value})
            values.append({"value": row["value"], "label": labels.get((column, row["value"]), row["value"]),
                           "count": row["count"], "selected": selected,
                           "toggle_url": self.ds.absolute_url(self.request, self.ds.urls.path(toggle))})
        facet_arg = "_facet" if self.type == "column" else f"_facet_{self.type}"
        return {"name": column, "type": self.type, "hideable": source != "metadata",
                "toggle_url": self.ds.urls.path(path_with_removed_args(self.request, {facet_arg: column})),
                "results": values, "truncated": len(rows) > facet_size}


class CachedColumnFacet(_CachedFacet, ColumnFacet):
    pass


class CachedArrayFacet(_CachedFacet, ArrayFacet):
    param_suffix = "__arraycontains"


REPLACEMENTS = {ColumnFacet: CachedColumnFacet, ArrayFacet: CachedArrayFacet}
