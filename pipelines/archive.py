"""The SQLite archive: schema, upserts and derived rows, with sqlite-utils. No Scrapy here.

    archive = Archive("archive.db")
    archive.save_article(fields, raw_html=b"...")       # -> "new" | "updated" | "unchanged"
    archive.replace_entities(article_id, entities, extractor_version)

Articles are keyed by source and the site's own id, so a re-crawl updates in place and never
duplicates. Each distinct content (hash) is kept in ``article_versions`` so edits and changed
``updated_at`` values stay visible. The database runs in WAL mode so Datasette can read while a
crawl writes.
"""
from __future__ import annotations

import gzip
import json
import re
from datetime import datetime
from pathlib import Path

import sqlite_utils

from warta.regions import gazetteer

ARTICLE_COLUMNS = {
    "id": str, "source": str, "article_id": int, "url": str, "canonical_url": str,
    "category": str, "title": str, "author": str, "editor": str, "region_code": str,
    "region": str, "province": str, "published_at": str, "updated_at": str, "month": str,
    "dateline": str, "body": str, "lead_image_url": str, "lead_image_caption": str,
    "tags": str, "views": int, "signoff": str, "fetched_at": str, "content_hash": str,
    "extraction_layer": str, "field_sources": str, "extractor_version": str,
}

# Derived tables: one row per extracted item, each pointing to its article and its span.
ENTITY_TABLES = {
    "officials": {"name": str, "position": str, "title": str, "organization": str,
                  "region": str, "region_code": str, "honorifics": str},
    "programs": {"name": str, "acronym": str},
    "awards": {"name": str, "rank": str, "year": int},
    "article_dates": {"date": str, "text": str},
}
ENTITY_KEYS = {"officials": "officials", "programs": "programs", "awards": "awards",
               "article_dates": "dates"}
_SPAN_COLUMNS = {"article_id": str, "start": int, "end": int, "evidence": str,
                 "extractor_version": str}
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n+")


def article_key(source: str, article_id: int) -> str:
    """"infopublik.id", 812345 -> "infopublik-812345"; "kominfo.jatimprov.go.id", 7 ->
    "kominfo-jatimprov-7": unique per site, and readable in Datasette URLs."""
    host = re.sub(r"^www\.", "", source.lower())
    host = re.sub(r"(\.(go|ac|co|or|web|sch|my|desa))?\.id$", "", host)
    return f"{host.replace('.', '-')}-{article_id}"


def evidence_sentence(text: str, start: int, end: int, limit: int = 400) -> str:
    """The sentence of ``text`` that holds the span, so a reader can check the fact."""
    begin = 0
    for match in _SENTENCE_END.finditer(text, 0, start):
        begin = match.end()
    stop = _SENTENCE_END.search(text, end)
    sentence = text[begin:stop.start() if stop else len(text)].strip()
    return sentence if len(sentence) <= limit else text[max(0, start - limit // 2):end + limit // 2].strip()


class Archive:
    def __init__(self, path: str | Path | sqlite_utils.Database):
        self.db = path if isinstance(path, sqlite_utils.Database) else sqlite_utils.Database(path)
        self.ensure_schema()

    def ensure_schema(self) -> None:
        """Create what is missing; safe to call on every open."""
        db = self.db
        if db.journal_mode != "wal":
            db.enable_wal()
        db["regions"].create({"code": str, "name": str, "kind": str, "province_code": str,
                              "province": str}, pk="code", if_not_exists=True)
        if not db["regions"].count:
            db["regions"].insert_all(
                {"code": r.code, "name": r.display_name, "kind": r.kind,
                 "province_code": r.province_code, "province": r.province}
                for r in gazetteer().regions)
        db["sources"].create({"source": str, "name": str}, pk="source", if_not_exists=True)
        db["articles"].create(ARTICLE_COLUMNS, pk="id", not_null={"source", "article_id"},
                              foreign_keys=[("region_code", "regions", "code"),
                                            ("source", "sources", "source")],
                              if_not_exists=True)
        for column in ("source", "category", "region_code", "published_at", "month", "content_hash"):
            db["articles"].create_index([column], if_not_exists=True)
        db["article_raw"].create({"article_id": str, "html_gz": bytes, "encoding": str},
                                 pk="article_id", foreign_keys=[("article_id", "articles", "id")],
                                 if_not_exists=True)
        db["article_versions"].create(
            {"article_id": str, "content_hash": str, "title": str, "updated_at": str,
             "first_fetched_at": str},
            pk=("article_id", "content_hash"), foreign_keys=[("article_id", "articles", "id")],
            if_not_exists=True)
        for table, columns in ENTITY_TABLES.items():
            foreign_keys = [("article_id", "articles", "id")]
            if "region_code" in columns:
                foreign_keys.append(("region_code", "regions", "code"))
            db[table].create({"id": int, **_SPAN_COLUMNS, **columns}, pk="id",
                             foreign_keys=foreign_keys, if_not_exists=True)
            db[table].create_index(["article_id"], if_not_exists=True)
        db["crawl_runs"].create(
            {"id": int, "spider": str, "source": str, "started_at": str, "finished_at": str,
             "finish_reason": str, "pages": int, "new": int, "updated": int, "unchanged": int,
             "dropped": int, "dropped_by_reason": str, "errors": int, "stats": str},
            pk="id", if_not_exists=True)
        if not db["articles"].detect_fts():
            db["articles"].enable_fts(["title", "body"], create_triggers=True,
                                      tokenize="unicode61 remove_diacritics 2")

    def save_article(self, fields: dict, raw_html: bytes | None = None,
                     encoding: str | None = None) -> str:
        """Insert or update one article in one transaction: "new", "updated" or "unchanged"."""
        row = {k: v for k, v in fields.items() if k in ARTICLE_COLUMNS}
        key = article_key(fields["source"], fields["article_id"])
        row.update(id=key, url=fields.get("canonical_url") or fields["url"],
                   month=(fields.get("published_at") or "")[:7] or None,
                   tags=json.dumps(fields.get("tags") or [], ensure_ascii=False),
                   field_sources=json.dumps(fields.get("field_sources") or {}))
        articles = self.db["articles"]
        with self.db.conn:
            existing = next(articles.rows_where("id = ?", [key], select="content_hash, updated_at"), None)
            if existing is None:
                status = "new"
            elif (existing["content_hash"], existing["updated_at"]) == (row["content_hash"], row.get("updated_at")):
                status = "unchanged"
            else:
                status = "updated"
            self.db["sources"].insert({"source": fields["source"], "name": fields["source"]},
                                      pk="source", ignore=True)
            if status == "unchanged":
                articles.update(key, {"fetched_at": row.get("fetched_at")})
            else:
                articles.upsert(row, pk="id")
            self.db["article_versions"].insert(
                {"article_id": key, "content_hash": row["content_hash"], "title": row.get("title"),
                 "updated_at": row.get("updated_at"), "first_fetched_at": row.get("fetched_at")},
                pk=("article_id", "content_hash"), ignore=True)
            if raw_html is not None and status != "unchanged":
                self.db["article_raw"].upsert(
                    {"article_id": key, "html_gz": gzip.compress(raw_html), "encoding": encoding},
                    pk="article_id")
        return status

    def replace_entities(self, article_id: str, entities: dict, extractor_version: str) -> None:
        """Swap an article's derived rows for new ones in one transaction."""
        body = self.db["articles"].get(article_id)["body"] or ""
        with self.db.conn:
            for table, columns in ENTITY_TABLES.items():
                self.db[table].delete_where("article_id = ?", [article_id])
                rows = []
                for item in entities.get(ENTITY_KEYS[table]) or []:
                    row = {c: item.get(c) for c in columns}
                    if isinstance(row.get("honorifics"), list):
                        row["honorifics"] = json.dumps(row["honorifics"], ensure_ascii=False)
                    start, end = item.get("start"), item.get("end")
                    rows.append({**row, "article_id": article_id, "start": start, "end": end,
                                 "evidence": evidence_sentence(body, start, end) if start is not None else None,
                                 "extractor_version": extractor_version})
                if rows:
                    self.db[table].insert_all(rows)
            self.db["articles"].update(article_id, {"extractor_version": extractor_version})

    def record_run(self, spider: str, source: str | None, started_at: datetime | None,
                   finished_at: datetime, finish_reason: str, stats: dict) -> int:
        """One row in ``crawl_runs`` summarising a crawl's stats; returns its id."""
        dropped = {k.removeprefix("warta/dropped/"): v for k, v in stats.items()
                   if k.startswith("warta/dropped/")}
        row = {"spider": spider, "source": source,
               "started_at": started_at.isoformat(timespec="seconds") if started_at else None,
               "finished_at": finished_at.isoformat(timespec="seconds"),
               "finish_reason": finish_reason, "pages": stats.get("response_received_count", 0),
               "new": stats.get("warta/stored/new", 0), "updated": stats.get("warta/stored/updated", 0),
               "unchanged": stats.get("warta/stored/unchanged", 0), "dropped": sum(dropped.values()),
               "dropped_by_reason": json.dumps(dropped, sort_keys=True),
               "errors": stats.get("log_count/ERROR", 0),
               "stats": json.dumps(stats, default=str, sort_keys=True)}
        with self.db.conn:
            return self.db["crawl_runs"].insert(row).last_pk

    def raw_html(self, article_id: str) -> tuple[bytes, str | None] | None:
        """The page as fetched, for re-processing without the network."""
        row = next(self.db["article_raw"].rows_where("article_id = ?", [article_id]), None)
        return (gzip.decompress(row["html_gz"]), row["encoding"]) if row else None
