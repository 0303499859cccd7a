"""The archive's schema, owned here alone: every table, index, view and the full-text index, the
versioned steps that bring an archive written by an earlier Warta up to date, and the write
transaction every writer uses.

    db = open_database("archive.db")    # creates or upgrades it; SchemaError (one line) if it cannot
    with transaction(db):               # one real transaction (sqlite-utils 4 commits each write alone)
        ...

The steps are sqlite-utils migrations (set ``warta`` in its ``_sqlite_migrations`` table), applied
in order, each in the same transaction as its record, all under one write lock, so two processes
opening an old archive at once upgrade it once. A released step is never edited: a change to the
schema is a new step at the end. The declarations below are the current shape; a step that adds
to them calls ``_declare`` again, so a new archive and an upgraded one end up identical. An archive
whose record names a step this code does not know was written by a newer Warta and is refused.
"""
from __future__ import annotations

import gzip
import logging
import sqlite3
from contextlib import contextmanager
from pathlib import Path

import sqlite_utils
from sqlite_utils import Migrations

from pipelines.regions import gazetteer
from pipelines.search import register_sql_functions, stem_text

logger = logging.getLogger(__name__)

# Bodies longer than this are cut for the archive's ``body`` (what search indexes and snippets,
# the article page shows and reprocess extracts from); the whole text goes to article_full_text.
# FTS5's snippet() never checks Datasette's time limit: a search matching one 20 MB body took
# 11 to 78 s; cut, 0.002 s (docs/benchmarks-body-limit.md).
BODY_LIMIT = 100_000

BUSY_TIMEOUT_MS = 60_000

ARTICLE_COLUMNS = {
    "id": str, "source": str, "article_id": int, "url": str, "canonical_url": str,
    "category": str, "title": str, "author": str, "editor": str, "region_code": str,
    "region": str, "province": str, "published_at": str, "updated_at": str, "month": str,
    "dateline": str, "body": str, "lead_image_url": str, "lead_image_caption": str,
    "tags": str, "views": int, "signoff": str, "fetched_at": str, "content_hash": str,
    "extraction_layer": str, "field_sources": str, "extractor_version": str,
    "search_text": str, "body_full_chars": int,
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
_ENTITY_FOREIGN_KEYS = {
    "people": [("region_code", "regions", "code")],
    "positions": [("region_code", "regions", "code")],
    "person_positions": [("person_id", "people", "id"), ("position_id", "positions", "id"),
                         ("first_article_id", "articles", "id")],
    "programs": [("region_code", "regions", "code")],
    "awards": [("region_code", "regions", "code")],
}
_ENTITY_INDEXES = {"positions": ["title"], "awards": ["year"],
                   "person_positions": ["first_seen", "last_seen"]}
FINGERPRINT_BANDS = 8
# Each table: columns, primary key, foreign keys, NOT NULL columns and indexed columns.
TABLES = {
    "regions": dict(columns={"code": str, "name": str, "kind": str, "province_code": str, "province": str},
                    pk="code", foreign_keys=[("province_code", "regions", "code")],
                    indexes=["province_code", "kind"]),
    "sources": dict(columns={"source": str, "name": str}, pk="source"),
    "articles": dict(columns=ARTICLE_COLUMNS, pk="id", not_null={"source", "article_id"},
                     foreign_keys=[("region_code", "regions", "code"), ("source", "sources", "source")],
                     # Each facet column leads an index with published_at, so a filtered page
                     # (?region=...) finds its newest rows without sorting; region_code too, so a
                     # region page counts its articles per month from the index alone, and id, so
                     # a program's or award's mentions find their articles' dates likewise.
                     indexes=[["source", "published_at"], ["category", "published_at"],
                              ["region", "published_at"], ["month", "published_at"],
                              ["region_code", "published_at"], ["id", "published_at"],
                              "published_at", "content_hash"]),
    # The page as fetched (HTML, or a WordPress post's JSON), for reprocessing with no network.
    # kind: what html_gz holds, "html" or "wp-json" (a WordPress API post); see scraper/parse/record.py
    "article_raw": dict(columns={"article_id": str, "html_gz": bytes, "encoding": str, "kind": str},
                        pk="article_id", foreign_keys=[("article_id", "articles", "id")]),
    # The whole text of a body longer than BODY_LIMIT (gzip), so nothing is lost by the cut.
    "article_full_text": dict(columns={"article_id": str, "body_gz": bytes}, pk="article_id",
                              foreign_keys=[("article_id", "articles", "id")]),
    "article_versions": dict(columns={"article_id": str, "content_hash": str, "title": str,
                                      "updated_at": str, "first_fetched_at": str},
                             pk=("article_id", "content_hash"),
                             foreign_keys=[("article_id", "articles", "id")]),
    **{table: dict(columns=columns, pk="id", foreign_keys=_ENTITY_FOREIGN_KEYS[table],
                   indexes=[fk[0] for fk in _ENTITY_FOREIGN_KEYS[table]] + _ENTITY_INDEXES.get(table, []))
       for table, columns in ENTITY_SCHEMAS.items()},
    "mentions": dict(columns=MENTION_COLUMNS, pk="id",
                     foreign_keys=[("article_id", "articles", "id"), ("region_code", "regions", "code"),
                                   ("person_id", "people", "id"), ("position_id", "positions", "id"),
                                   ("program_id", "programs", "id"), ("award_id", "awards", "id")],
                     # an entity's articles straight from the index (person, program, award pages)
                     indexes=["article_id", "entity_type", ["person_id", "article_id"], "position_id",
                              ["program_id", "article_id"], ["award_id", "article_id"], "region_code"]),
    "dates": dict(columns=DATE_COLUMNS, pk="id", foreign_keys=[("article_id", "articles", "id")],
                  indexes=["article_id", "date"]),
    # What each crawl did, with its health (scraper/extensions.py, scraper/health.py).
    "crawl_runs": dict(columns={
        "id": int, "spider": str, "source": str, "started_at": str, "finished_at": str,
        "finish_reason": str, "pages": int, "new": int, "updated": int, "unchanged": int,
        "dropped": int, "dropped_by_reason": str, "errors": int, "stats": str, "source_name": str,
        "items": int, "coverage_title": float, "coverage_date": float, "coverage_body": float,
        "coverage_byline": float, "healthy": int, "problems": str, "skipped_by_reason": str,
        "failed_by_reason": str}, pk="id"),
    # Facet counts of the articles table, refreshed per crawl (pipelines/facets.py).
    "facet_counts": dict(columns={"table_name": str, "filter_column": str, "filter_value": str,
                                  "facet": str, "value": str, "count": int},
                         pk=("table_name", "filter_column", "filter_value", "facet", "value")),
    # Validators for conditional requests (scraper/incremental.py).
    "http_cache": dict(columns={"url": str, "etag": str, "last_modified": str, "kind": str,
                                "saved_at": str}, pk="url"),
    # Near-duplicates (pipelines/near_duplicates.py): a simhash per body, cut into indexed bands.
    "article_fingerprints": dict(columns={"article_id": str, "simhash": int,
                                          **{f"band{i}": int for i in range(FINGERPRINT_BANDS)},
                                          "published_at": str},
                                 pk="article_id", indexes=[f"band{i}" for i in range(FINGERPRINT_BANDS)]),
    "article_duplicates": dict(columns={"article_id": str, "original_id": str, "distance": int,
                                        "linked_at": str}, pk="article_id",
                               foreign_keys=[("article_id", "articles", "id"), ("original_id", "articles", "id")],
                               indexes=["original_id"]),
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
# articles_fts indexes the title and the stemmed text only: queries are stemmed (stem_id) and
# snippets come from the body in Python (search_snippet), so indexing the raw body as well would
# double the index for nothing. External content: the text itself is stored once, in articles.
# The update trigger re-indexes only when indexed text changes, not when a crawl touches
# fetched_at or reprocess sets extractor_version.
FTS_COLUMNS = ["title", "search_text"]
FTS_TOKENIZE = "unicode61 remove_diacritics 2"
FTS_UPDATE_TRIGGER = """
create trigger [articles_au] after update of [title], [search_text] on [articles] begin
  insert into [articles_fts] ([articles_fts], rowid, [title], [search_text])
    values ('delete', old.rowid, old.[title], old.[search_text]);
  insert into [articles_fts] (rowid, [title], [search_text]) values (new.rowid, new.[title], new.[search_text]);
end"""


class SchemaError(Exception):
    """The file cannot be used as an archive; the message is one line for the user."""


@contextmanager
def transaction(db: sqlite_utils.Database):
    """Everything written in the block commits together or not at all.

    sqlite-utils 4 commits each insert, update or delete by itself unless a transaction is open,
    and its ``atomic()`` begins a deferred one, which in WAL mode fails at once with "database is
    locked" when another process wrote between its first read and its first write. So this
    takes the write lock at the start (BEGIN IMMEDIATE, waiting out the busy timeout); nested
    blocks become savepoints.
    """
    if db.conn.in_transaction:
        with db.atomic():
            yield db
        return
    db.execute("BEGIN IMMEDIATE")
    try:
        yield db
    except BaseException:
        db.rollback()
        raise
    try:
        db.commit()
    except BaseException:
        db.rollback()
        raise


SET_ASIDE = "_unversioned"


def _other_key(table: sqlite_utils.db.Table, spec: dict) -> bool:
    """Whether an existing table's primary key differs from the declared one, in name or type."""
    pk = [spec["pk"]] if isinstance(spec["pk"], str) else list(spec["pk"])
    have = table.columns_dict
    return table.pks != pk or any(have[c] is not spec["columns"][c] for c in pk)


def _declare(db: sqlite_utils.Database) -> None:
    """Create what the declarations above hold and the archive lacks: tables, columns (an
    archive from before a column existed gains it, empty), indexes, views, the FTS index."""
    for name, spec in TABLES.items():
        table = db[name]
        if table.exists() and _other_key(table, spec):
            # Warta's first commits kept one program or award per mention under these names:
            # kept aside under another name, since the rebuild fills the new shape from mentions.
            db.rename_table(name, f"{name}{SET_ASIDE}")
            table = db[name]
        if table.exists():
            have = table.columns_dict
            for column, kind in spec["columns"].items():
                if column not in have:
                    table.add_column(column, kind)
        else:
            table.create(spec["columns"], pk=spec["pk"], foreign_keys=spec.get("foreign_keys"),
                         not_null=spec.get("not_null"))
        for columns in spec.get("indexes", []):
            table.create_index(columns if isinstance(columns, list) else [columns], if_not_exists=True)
    for name, sql in VIEWS.items():
        db.create_view(name, sql, replace=True)
    fts = db["articles"].detect_fts()
    if fts and [c.name for c in db[fts].columns] != FTS_COLUMNS:
        db["articles"].disable_fts()  # an index over other columns (Warta before 0.1): rebuilt
        fts = None
    if not fts:
        db["articles"].enable_fts(FTS_COLUMNS, create_triggers=True, tokenize=FTS_TOKENIZE)
    if "after update of" not in (db["articles"].triggers_dict.get("articles_au") or ""):
        db.execute("drop trigger if exists [articles_au]")
        db.execute(FTS_UPDATE_TRIGGER)


def search_text(title: str | None, body: str | None) -> str:
    """What FTS indexes beside the words as written: the stemmed title and body (pipelines/search.py)."""
    return stem_text(f"{title or ''}\n{body or ''}")


migrations = Migrations("warta")


@migrations()
def m001_tables(db):
    """Every table of Warta 0.1. An archive written before schema versions existed has most of
    them: it keeps its rows and gains what it lacks (tables, columns, indexes, views, FTS)."""
    _declare(db)
    if not db["regions"].count:
        db["regions"].insert_all(
            {"code": r.code, "name": r.display_name, "kind": r.kind,
             "province_code": r.province_code, "province": r.province}
            for r in gazetteer().regions)


@migrations()
def m002_bounded_body(db):
    """Bodies over BODY_LIMIT characters are cut (``body_full_chars`` says so), their whole text
    kept in article_full_text: search and its snippets stay fast whatever a site sends."""
    _declare(db)
    long = list(db.query("select id, title, body from articles where length(body) > ?", [BODY_LIMIT]))
    for row in long:
        db["article_full_text"].upsert({"article_id": row["id"], "body_gz": gzip.compress(row["body"].encode())},
                                       pk="article_id")
        body = row["body"][:BODY_LIMIT]
        db["articles"].update(row["id"], {"body": body, "body_full_chars": len(row["body"]),
                                          "search_text": search_text(row["title"], body)})


@migrations()
def m003_raw_kind(db):
    """article_raw says what it holds, so a reparse reads a WordPress API post as JSON, not HTML.
    Rows from before the column are told apart by their first byte (a post is a JSON object)."""
    _declare(db)
    for row in db.query("select article_id, html_gz from article_raw where kind is null"):
        kind = "wp-json" if gzip.decompress(row["html_gz"]).lstrip()[:1] == b"{" else "html"
        db["article_raw"].update(row["article_id"], {"kind": kind})


@migrations()
def m004_search_shape(db):
    """Search at a million articles: the FTS index over title and stemmed text only, re-indexed
    only when they change; facet columns indexed with published_at; facet_counts. The
    single-column indexes the composite ones now lead are dropped."""
    _declare(db)
    for column in ("source", "category", "month"):
        db.execute(f"drop index if exists [idx_articles_{column}]")
    for column in ("person_id", "program_id", "award_id"):
        db.execute(f"drop index if exists [idx_mentions_{column}]")


@migrations()
def m005_region_dates(db):
    """Region, program and award pages at a million articles: articles indexed by (region_code,
    published_at) and (id, published_at), so a province's or a program's articles per month are
    read from an index, not the rows. It replaces the region_code index it now leads."""
    _declare(db)
    db.execute("drop index if exists [idx_articles_region_code]")


STEPS = [m001_tables.__name__, m002_bounded_body.__name__, m003_raw_kind.__name__,
         m004_search_shape.__name__, m005_region_dates.__name__]


def _applied(db: sqlite_utils.Database) -> list[str]:
    return [m.name for m in migrations.applied(db)]


def _row_counts(db: sqlite_utils.Database) -> dict[str, int]:
    # SQLite's own tables are left out: a dropped index takes its ANALYZE statistics with it
    return {t: db[t].count for t in db.table_names()
            if not t.startswith(("articles_fts", "_sqlite", "sqlite_"))}


def migrate(db: sqlite_utils.Database, name: str = "archive") -> str | None:
    """Bring ``db`` to the current schema. Returns the one line to tell the user when an
    existing archive was upgraded (None when it was current or new); raises SchemaError."""
    try:
        if db.journal_mode != "wal":  # so Datasette reads while a crawl writes
            db.enable_wal()
        applied = _applied(db)
        newer = [step for step in applied if step not in STEPS]
        if newer:
            raise SchemaError(f"{name} was written by a newer Warta (schema step {newer[-1]} is unknown "
                              f"here; this Warta knows schema version {len(STEPS)}): upgrade Warta to open it")
        if len(applied) == len(STEPS):
            return None
        with transaction(db):
            applied = _applied(db)  # again, under the write lock: another process may have upgraded it
            if len(applied) == len(STEPS):
                return None
            legacy = not applied and db["articles"].exists()
            before = _row_counts(db)
            migrations.apply(db)
            after = _row_counts(db)
            lost = [t for t, n in before.items() if after.get(t, 0) + after.get(t + SET_ASIDE, 0) < n]
            if lost:  # a step must never drop data; rolled back
                raise SchemaError(f"{name}: the schema upgrade would lose rows of {', '.join(lost)}; "
                                  "nothing was changed")
    except sqlite3.DatabaseError as error:
        if "not a database" in str(error):
            raise SchemaError(f"{name} is not a SQLite database") from None
        raise SchemaError(f"{name}: cannot open the archive ({error})") from None
    if not applied and not legacy:
        return None
    since = "Warta 0.1 (before schema versions)" if legacy else f"schema version {len(applied)}"
    message = (f"{name}: upgraded from {since} to schema version {len(STEPS)}, "
               f"all {sum(before.values())} rows kept")
    logger.info(message)
    return message


def connect(path: str | Path) -> sqlite_utils.Database:
    """A connection to ``path`` with ``stem_id()``; ``migrate`` it before use."""
    try:
        db = sqlite_utils.Database(path)
    except sqlite3.Error as error:
        raise SchemaError(f"{path}: cannot open the archive ({error})") from None
    # A writer waits for the lock rather than failing: an upgrade or the end-of-crawl rebuild
    # can hold it for longer than sqlite3's default 5 s.
    db.conn.execute(f"pragma busy_timeout = {BUSY_TIMEOUT_MS}")
    register_sql_functions(db.conn)
    return db


def open_database(path: str | Path) -> sqlite_utils.Database:
    """The archive at ``path`` at the current schema, created if missing (an upgrade is logged)."""
    db = connect(path)
    try:
        migrate(db, str(path))
    except SchemaError:
        db.close()
        raise
    return db
