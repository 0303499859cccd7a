"""The SQLite archive: upserts and derived rows, with sqlite-utils. No Scrapy here.

    archive = Archive("archive.db")        # created or upgraded by pipelines/schema.py
    archive.store(fields, raw_html=b"...", entities=...)   # -> "new" | "updated" | "unchanged"
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

from pipelines import faults, schema
from pipelines.nlp.kinds import MENTION_TYPES
from pipelines.search import register_sql_functions

# A sentence ends at a paragraph break, or at . ! ? before a capital or a quote - unless the
# period closes an abbreviation that precedes names: a title (Ir., Dr., Hj.), an initial
# (H., M.), a degree (M.Si., S.Sos.) or a region word (Kab.).
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"“‘'(])|\n+")
_ABBREVIATION = re.compile(r"(?:^|[\s(])(?:[A-Z][a-z]{0,2}|dr|drg|Prof|Kab|Kec|Kel|Prov|[A-Za-z]+\.[A-Za-z.]+)\.$")


def article_key(source: str, article_id: int) -> str:
    """"infopublik.id", 812345 -> "infopublik-812345"; "kominfo.jatimprov.go.id", 7 ->
    "kominfo-jatimprov-7": unique per site, and readable in Datasette URLs."""
    host = re.sub(r"^www\.", "", source.lower())
    host = re.sub(r"(\.(go|ac|co|or|web|sch|my|desa))?\.id$", "", host)
    return f"{host.replace('.', '-')}-{article_id}"


def _sentence_ends(text: str, start: int = 0, end: int | None = None):
    for match in _SENTENCE_END.finditer(text, start, len(text) if end is None else end):
        if match.group().startswith("\n") or not _ABBREVIATION.search(text, max(0, match.start() - 12), match.start()):
            yield match


def evidence_sentence(text: str, start: int, end: int, limit: int = 400) -> str:
    """The sentence of ``text`` that holds the span, so a reader can check the fact."""
    begin = 0
    for match in _sentence_ends(text, 0, start):
        begin = match.end()
    stop = next(_sentence_ends(text, end), None)
    sentence = text[begin:stop.start() if stop else len(text)].strip()
    return sentence if len(sentence) <= limit else text[max(0, start - limit // 2):end + limit // 2].strip()


class Archive:
    def __init__(self, path: str | Path | sqlite_utils.Database):
        """Open the archive, creating or upgrading it (pipelines/schema.py); ``upgraded`` is the
        line that says it was upgraded, else None. Raises SchemaError with a one-line message."""
        if isinstance(path, sqlite_utils.Database):
            self.db, name = path, "archive"
            register_sql_functions(self.db.conn)
        else:
            self.db, name = schema.connect(path), str(path)
        self.upgraded = schema.migrate(self.db, name)

    def store(self, fields: dict, raw_html: bytes | None = None, encoding: str | None = None,
              entities: dict | None = None, raw_kind: str = "html") -> str:
        """Everything one fetched article brings, in one transaction: the article row, its raw
        page, and (when the NLP ran) its mentions, dates and extractor version. A crash leaves
        the article wholly stored or not at all, so the next crawl fetches it again.

        An unchanged article still gets what it lacks: its raw page, and its entities when
        they came from another extractor version (or none, after a crash of Warta 0.1)."""
        key = article_key(fields["source"], fields["article_id"])
        with schema.transaction(self.db):
            status = self.save_article(fields, raw_html, encoding, raw_kind)
            if entities is not None and (status != "unchanged" or self._extractor_version(key)
                                         != entities["extractor_version"]):
                self.replace_entities(key, entities, entities["extractor_version"],
                                      body=fields.get("body") or "")
        faults.checkpoint("article:committed")
        return status

    def _extractor_version(self, article_id: str) -> str | None:
        return self.db.execute("select extractor_version from articles where id = ?",
                               [article_id]).fetchone()[0]

    def save_article(self, fields: dict, raw_html: bytes | None = None,
                     encoding: str | None = None, raw_kind: str = "html") -> str:
        """Insert or update one article in one transaction: "new", "updated" or "unchanged".

        A body over BODY_LIMIT characters is stored cut, with ``body_full_chars`` set and the
        whole text in article_full_text (see pipelines/schema.py)."""
        row = {k: v for k, v in fields.items() if k in schema.ARTICLE_COLUMNS}
        key = article_key(fields["source"], fields["article_id"])
        body = fields.get("body") or ""
        cut = len(body) > schema.BODY_LIMIT
        row.update(id=key, url=fields.get("canonical_url") or fields["url"],
                   month=(fields.get("published_at") or "")[:7] or None,
                   tags=json.dumps(fields.get("tags") or [], ensure_ascii=False),
                   field_sources=json.dumps(fields.get("field_sources") or {}),
                   body=body[:schema.BODY_LIMIT] if cut else fields.get("body"),
                   body_full_chars=len(body) if cut else None,
                   search_text=schema.search_text(fields.get("title"), body[:schema.BODY_LIMIT]))
        articles = self.db["articles"]
        with schema.transaction(self.db):
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
                if cut:
                    self.db["article_full_text"].upsert(
                        {"article_id": key, "body_gz": gzip.compress(body.encode())}, pk="article_id")
                else:
                    self.db["article_full_text"].delete_where("article_id = ?", [key])
            self.db["article_versions"].insert(
                {"article_id": key, "content_hash": row["content_hash"], "title": row.get("title"),
                 "updated_at": row.get("updated_at"), "first_fetched_at": row.get("fetched_at")},
                pk=("article_id", "content_hash"), ignore=True)
            faults.checkpoint("article:row")
            if raw_html is not None:
                self.db["article_raw"].insert(
                    {"article_id": key, "html_gz": gzip.compress(raw_html), "encoding": encoding,
                     "kind": raw_kind},
                    pk="article_id", replace=status != "unchanged", ignore=status == "unchanged")
                faults.checkpoint("article:raw")
        return status

    def replace_entities(self, article_id: str, entities: dict, extractor_version: str,
                         body: str | None = None) -> None:
        """Swap an article's mentions and dates for new ones, and set its extractor version, in
        one transaction. ``body`` is the text the spans point into (default: the stored body)."""
        if body is None:
            body = self.db["articles"].get(article_id)["body"] or ""

        def sentence(item):
            start = item.get("start")
            return evidence_sentence(body, start, item["end"]) if start is not None else None

        mentions = []
        for key, entity_type in MENTION_TYPES.items():
            for item in entities.get(key) or []:
                row = {c: item.get(c) for c in schema.MENTION_COLUMNS if c in item and c != "id"}
                if isinstance(row.get("honorifics"), list):
                    row["honorifics"] = json.dumps(row["honorifics"], ensure_ascii=False)
                mentions.append({**row, "article_id": article_id, "entity_type": entity_type,
                                 "sentence": sentence(item), "extractor_version": extractor_version})
        dates = [{"article_id": article_id, "date": d.get("date"), "text": d.get("text"),
                  "start": d.get("start"), "end": d.get("end"), "sentence": sentence(d),
                  "extractor_version": extractor_version} for d in entities.get("dates") or []]
        with schema.transaction(self.db):
            self.db["mentions"].delete_where("article_id = ?", [article_id])
            if mentions:
                self.db["mentions"].insert_all(mentions)
            faults.checkpoint("article:mentions")
            self.db["dates"].delete_where("article_id = ?", [article_id])
            if dates:
                self.db["dates"].insert_all(dates)
            faults.checkpoint("article:dates")
            self.db["articles"].update(article_id, {"extractor_version": extractor_version})
            faults.checkpoint("article:extractor_version")

    def record_run(self, spider: str, source: str | None, started_at: datetime | None,
                   finished_at: datetime, finish_reason: str, stats: dict, **health) -> int:
        """One row in ``crawl_runs`` summarising a crawl's stats (and ``health``: the columns
        scraper/extensions.py adds); returns its id."""
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
               "stats": json.dumps(stats, default=str, sort_keys=True), **health}
        with schema.transaction(self.db):
            return self.db["crawl_runs"].insert(row).last_pk

    def raw_html(self, article_id: str) -> tuple[bytes, str | None, str] | None:
        """The page as fetched, its encoding and kind ("html" when older archives did not say),
        for re-processing without the network."""
        row = next(self.db["article_raw"].rows_where("article_id = ?", [article_id]), None)
        return (gzip.decompress(row["html_gz"]), row["encoding"], row["kind"] or "html") if row else None

    def full_text(self, article_id: str) -> str | None:
        """The article's whole body, also when the stored ``body`` was cut at BODY_LIMIT."""
        row = next(self.db["article_full_text"].rows_where("article_id = ?", [article_id]), None)
        if row:
            return gzip.decompress(row["body_gz"]).decode()
        article = next(self.db["articles"].rows_where("id = ?", [article_id], select="body"), None)
        return article["body"] if article else None
