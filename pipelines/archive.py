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

from pipelines.search import register_sql_functions, stem_text
from pipelines.regions import gazetteer

ARTICLE_COLUMNS = {
    "id": str, "source": str, "article_id": int, "url": str, "canonical_url": str,
    "category": str, "title": str, "author": str, "editor": str, "region_code": str,
    "region": str, "province": str, "published_at": str, "updated_at": str, "month": str,
    "dateline": str, "body": str, "lead_image_url": str, "lead_image_caption": str,
    "tags": str, "views": int, "signoff": str, "fetched_at": str, "content_hash": str,
    "extraction_layer": str, "field_sources": str, "extractor_version": str,
    "search_text": str,
}

# What the NLP stage found in one article: every item with its span and the sentence around
# it. ``entity_type`` says which list of the extractor's output it came from; the *_id columns
# point to the resolved entity (filled by pipelines/resolve.py).
MENTION_COLUMNS = {
    "id": int, "article_id": str, "entity_type": str, "name": str, "position": str,
    "title": str, "organization": str, "region": str, "region_code": str, "honorifics": str,
    "acronym": str, "rank": str, "year": int, "start": int, "end": int, "sentence": str,
    "extractor_version": str, "person_id": str, "position_id": str, "program_id": str,
    "award_id": str,
}
MENTION_TYPES = {"officials": "official", "programs": "program", "awards": "award"}
DATE_COLUMNS = {"id": int, "article_id": str, "date": str, "text": str, "start": int,
                "end": int, "sentence": str, "extractor_version": str}
# Entities resolved across articles (pipelines/resolve.py rebuilds them from mentions).
ENTITY_SCHEMAS = {
    "people": {"id": str, "name": str, "aliases": str, "region_code": str, "first_seen": str,
               "last_seen": str, "articles": int},
    "positions": {"id": str, "label": str, "title": str, "institution": str,
                  "region_code": str, "holders": int},
    "person_positions": {"id": str, "person_id": str, "position_id": str, "acting": str,
                         "position_as_written": str, "first_seen": str, "last_seen": str,
                         "articles": int, "first_article_id": str, "evidence": str},
    "programs": {"id": str, "name": str, "acronym": str, "aliases": str, "region_code": str,
                 "first_seen": str, "last_seen": str, "articles": int},
    "awards": {"id": str, "name": str, "year": int, "rank": str, "region_code": str,
               "first_seen": str, "last_seen": str, "articles": int},
}
ENTITY_FOREIGN_KEYS = {
    "people": [("region_code", "regions", "code")],
    "positions": [("region_code", "regions", "code")],
    "person_positions": [("person_id", "people", "id"), ("position_id", "positions", "id"),
                         ("first_article_id", "articles", "id")],
    "programs": [("region_code", "regions", "code")],
    "awards": [("region_code", "regions", "code")],
}
# Views that read like a reporter's notes: names instead of ids.
VIEWS = {
    "position_history": """
        select positions.label as position, person_positions.acting, people.name,
               regions.name as region, regions.province, person_positions.first_seen,
               person_positions.last_seen, person_positions.articles, person_positions.person_id,
               person_positions.position_id
        from person_positions
          join people on people.id = person_positions.person_id
          join positions on positions.id = person_positions.position_id
          left join regions on regions.code = positions.region_code""",
    "article_officials": """
        select articles.published_at, articles.title, mentions.name, mentions.position,
               regions.name as region, mentions.sentence, mentions.article_id, mentions.person_id
        from mentions
          join articles on articles.id = mentions.article_id
          left join regions on regions.code = mentions.region_code
        where mentions.entity_type = 'official'""",
}
# Full-text search indexes the title and the stemmed text only: queries are stemmed (stem_id)
# and snippets come from the body in Python (search_snippet), so indexing the raw body as well
# would double the index for nothing. External content: the text itself is stored once, in
# articles. The update trigger re-indexes only when indexed text changes, not when a crawl
# touches fetched_at or reprocess sets extractor_version.
FTS_COLUMNS = ["title", "search_text"]
FTS_TOKENIZE = "unicode61 remove_diacritics 2"
FTS_UPDATE_TRIGGER = """
create trigger [articles_au] after update of [title], [search_text] on [articles] begin
  insert into [articles_fts] ([articles_fts], rowid, [title], [search_text])
    values ('delete', old.rowid, old.[title], old.[search_text]);
  insert into [articles_fts] (rowid, [title], [search_text]) values (new.rowid, new.[title], new.[search_text]);
end"""
# Each facet column leads an index with published_at, so a filtered page (?region=...) finds its
# newest rows without sorting, and its facet counts read an index, not the wide rows.
ARTICLE_INDEXES = [["source", "published_at"], ["category", "published_at"],
                   ["region", "published_at"], ["month", "published_at"], ["region_code"],
                   ["published_at"], ["content_hash"]]
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
        self.db = path if isinstance(path, sqlite_utils.Database) else sqlite_utils.Database(path)
        register_sql_functions(self.db.conn)
        self.ensure_schema()

    def ensure_schema(self) -> None:
        """Create what is missing; safe to call on every open."""
        db = self.db
        if db.journal_mode != "wal":
            db.enable_wal()
        db["regions"].create({"code": str, "name": str, "kind": str, "province_code": str,
                              "province": str}, pk="code", if_not_exists=True,
                             foreign_keys=[("province_code", "regions", "code")])
        for column in ("province_code", "kind"):
            db["regions"].create_index([column], if_not_exists=True)
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
        for columns in ARTICLE_INDEXES:
            db["articles"].create_index(columns, if_not_exists=True)
        db["article_raw"].create({"article_id": str, "html_gz": bytes, "encoding": str},
                                 pk="article_id", foreign_keys=[("article_id", "articles", "id")],
                                 if_not_exists=True)
        db["article_versions"].create(
            {"article_id": str, "content_hash": str, "title": str, "updated_at": str,
             "first_fetched_at": str},
            pk=("article_id", "content_hash"), foreign_keys=[("article_id", "articles", "id")],
            if_not_exists=True)
        for table, columns in ENTITY_SCHEMAS.items():
            db[table].create(columns, pk="id", foreign_keys=ENTITY_FOREIGN_KEYS[table],
                             if_not_exists=True)
            for fk_column, _, _ in ENTITY_FOREIGN_KEYS[table]:
                db[table].create_index([fk_column], if_not_exists=True)
        for table, column in (("positions", "title"), ("awards", "year"),
                              ("person_positions", "first_seen"), ("person_positions", "last_seen")):
            db[table].create_index([column], if_not_exists=True)
        db["mentions"].create(MENTION_COLUMNS, pk="id", foreign_keys=[
            ("article_id", "articles", "id"), ("region_code", "regions", "code"),
            ("person_id", "people", "id"), ("position_id", "positions", "id"),
            ("program_id", "programs", "id"), ("award_id", "awards", "id")], if_not_exists=True)
        # an entity's articles straight from the index (person, program and award pages)
        for columns in (["article_id"], ["entity_type"], ["person_id", "article_id"], ["position_id"],
                        ["program_id", "article_id"], ["award_id", "article_id"], ["region_code"]):
            db["mentions"].create_index(columns, if_not_exists=True)
        db["dates"].create(DATE_COLUMNS, pk="id", foreign_keys=[("article_id", "articles", "id")],
                           if_not_exists=True)
        db["dates"].create_index(["article_id"], if_not_exists=True)
        db["dates"].create_index(["date"], if_not_exists=True)
        db["crawl_runs"].create(
            {"id": int, "spider": str, "source": str, "started_at": str, "finished_at": str,
             "finish_reason": str, "pages": int, "new": int, "updated": int, "unchanged": int,
             "dropped": int, "dropped_by_reason": str, "errors": int, "stats": str},
            pk="id", if_not_exists=True)
        for name, sql in VIEWS.items():
            db.create_view(name, sql, ignore=True)
        self._ensure_fts()

    def _ensure_fts(self) -> None:
        db = self.db
        if db["articles_fts"].exists() and [c.name for c in db["articles_fts"].columns] != FTS_COLUMNS:
            db["articles"].disable_fts()  # an index of an older shape: built again below
        if not db["articles_fts"].exists():
            db["articles"].enable_fts(FTS_COLUMNS, create_triggers=True, tokenize=FTS_TOKENIZE)
        if "after update of" not in (db["articles"].triggers_dict.get("articles_au") or ""):
            with db.conn:
                db.execute("drop trigger if exists [articles_au]")
                db.execute(FTS_UPDATE_TRIGGER)

    def save_article(self, fields: dict, raw_html: bytes | None = None,
                     encoding: str | None = None) -> str:
        """Insert or update one article in one transaction: "new", "updated" or "unchanged"."""
        row = {k: v for k, v in fields.items() if k in ARTICLE_COLUMNS}
        key = article_key(fields["source"], fields["article_id"])
        row.update(id=key, url=fields.get("canonical_url") or fields["url"],
                   month=(fields.get("published_at") or "")[:7] or None,
                   tags=json.dumps(fields.get("tags") or [], ensure_ascii=False),
                   field_sources=json.dumps(fields.get("field_sources") or {}),
                   search_text=stem_text(f"{fields.get('title') or ''}\n{fields.get('body') or ''}"))
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
        """Swap an article's mentions and dates for new ones in one transaction."""
        body = self.db["articles"].get(article_id)["body"] or ""

        def sentence(item):
            start = item.get("start")
            return evidence_sentence(body, start, item["end"]) if start is not None else None

        mentions = []
        for key, entity_type in MENTION_TYPES.items():
            for item in entities.get(key) or []:
                row = {c: item.get(c) for c in MENTION_COLUMNS if c in item and c != "id"}
                if isinstance(row.get("honorifics"), list):
                    row["honorifics"] = json.dumps(row["honorifics"], ensure_ascii=False)
                mentions.append({**row, "article_id": article_id, "entity_type": entity_type,
                                 "sentence": sentence(item), "extractor_version": extractor_version})
        dates = [{"article_id": article_id, "date": d.get("date"), "text": d.get("text"),
                  "start": d.get("start"), "end": d.get("end"), "sentence": sentence(d),
                  "extractor_version": extractor_version} for d in entities.get("dates") or []]
        with self.db.conn:
            self.db["mentions"].delete_where("article_id = ?", [article_id])
            self.db["dates"].delete_where("article_id = ?", [article_id])
            if mentions:
                self.db["mentions"].insert_all(mentions)
            if dates:
                self.db["dates"].insert_all(dates)
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
