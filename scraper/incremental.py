"""Incremental crawling: fetch only what is new or changed, and survive being killed.

- ``KnownPages``: what the archive already holds for a source, so spiders skip known URLs
  (unless ``WARTA_REFRESH``) and refetch one only when its sitemap ``lastmod`` is newer than
  our copy;
- ``ConditionalRequestMiddleware``: ETag / Last-Modified validators kept in the ``http_cache``
  table, sent back as If-None-Match / If-Modified-Since; a 304 ends the request;
- ``RunDupeFilter``: Scrapy's duplicate filter without its JOBDIR file.

The archive is the record of what is done. After a kill -9 the JOBDIR queue and Scrapy's
``requests.seen`` may be cut short, and a URL listed in ``requests.seen`` but never stored would
then be filtered out for good; so duplicates are filtered per run only, discovery pages are
always fetched again, and known articles are skipped by what the archive holds. Validators of
discovery pages (feeds, sitemaps, API pages) are saved only when a crawl finishes, since a 304
for a feed whose articles were never stored would lose them.
"""
from __future__ import annotations

from datetime import datetime, timezone

import sqlite_utils
from scrapy import signals
from scrapy.dupefilters import RFPDupeFilter
from scrapy.exceptions import IgnoreRequest

from pipelines.schema import open_database, transaction


class NotModified(IgnoreRequest):
    """A 304: the page is as we last read it. Errbacks tell it from a failure by this class."""


def _utc(iso: str | None) -> datetime | None:
    """An ISO timestamp as aware UTC; a naive one is read as UTC (it can only err towards a refetch)."""
    if not iso:
        return None
    try:
        when = datetime.fromisoformat(iso)
    except ValueError:
        return None
    return when.replace(tzinfo=timezone.utc) if when.tzinfo is None else when.astimezone(timezone.utc)


class KnownPages:
    """The archive's view of one source: URLs with the time we fetched them, hashes by id."""

    def __init__(self, fetched: dict[str, str], hashes: dict[int, str], last_finished: str | None,
                 refresh: bool = False):
        self.fetched, self.hashes, self.refresh = fetched, hashes, refresh
        self.last_finished = last_finished

    @classmethod
    def load(cls, db: sqlite_utils.Database, source: str, refresh: bool = False) -> KnownPages:
        """From an archive opened with pipelines.schema.open_database (so every table is there)."""
        fetched: dict[str, str] = {}
        hashes: dict[int, str] = {}
        for row in db.query("select url, canonical_url, article_id, fetched_at, content_hash "
                            "from articles where source = ?", [source]):
            for url in (row["url"], row["canonical_url"]):
                if url:
                    fetched[url] = row["fetched_at"]
            hashes[row["article_id"]] = row["content_hash"]
        # Pages read but not stored (listings, pages without a date) count as known too, and
        # a 304 is as good as a fetch.
        for row in db.query("select url, saved_at from http_cache where kind = 'page'"):
            if (row["saved_at"] or "") > (fetched.get(row["url"]) or ""):
                fetched[row["url"]] = row["saved_at"]
        last = db.execute("select max(started_at) from crawl_runs where source = ? and "
                          "finish_reason = 'finished'", [source]).fetchone()[0]
        return cls(fetched, hashes, last, refresh)

    def skip_reason(self, url: str, modified: str | None = None) -> str | None:
        """Why not to fetch ``url`` now ("known"), or None to fetch it."""
        if self.refresh or url not in self.fetched:
            return None
        ours, theirs = _utc(self.fetched[url]), _utc(modified)
        if theirs and ours and theirs > ours:
            return None  # changed since our copy: fetch, conditionally
        return "known"

    def unchanged(self, article_id: int, content_hash: str) -> bool:
        return not self.refresh and self.hashes.get(article_id) == content_hash

    def changed_since_last_run(self, modified: str | None) -> bool:
        """Whether a sitemap changed after the last finished crawl started (unknown: yes)."""
        if self.refresh or not self.last_finished:
            return True
        theirs, last = _utc(modified), _utc(self.last_finished)
        return theirs is None or theirs >= last


class HttpCache:
    """The ``http_cache`` table: the validators a server sent with each page, and when every
    article page was last read (stored or not)."""

    def __init__(self, db: sqlite_utils.Database):
        self.db = db

    def get(self, url: str) -> dict | None:
        return next(self.db["http_cache"].rows_where("url = ?", [url]), None)

    def save(self, rows: list[dict]) -> None:
        if rows:
            with transaction(self.db):
                self.db["http_cache"].upsert_all(rows, pk="url")


class ConditionalRequestMiddleware:
    """Send stored validators with requests marked ``meta["warta_conditional"]`` ("page" or
    "discovery"); a 304 raises ``NotModified`` and counts as ``warta/skipped/not_modified``."""

    def __init__(self, crawler):
        self.crawler = crawler
        self.refresh = crawler.settings.getbool("WARTA_REFRESH")
        self.db_path = crawler.settings.get("WARTA_DB_PATH")
        self.cache: HttpCache | None = None
        self.pending: dict[str, dict] = {}

    @classmethod
    def from_crawler(cls, crawler):
        middleware = cls(crawler)
        crawler.signals.connect(middleware.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(middleware.spider_closed, signal=signals.spider_closed)
        return middleware

    def spider_opened(self, spider):
        self.cache = HttpCache(open_database(self.db_path))

    def process_request(self, request, spider=None):
        if self.refresh or not request.meta.get("warta_conditional") or self.cache is None:
            return None
        cached = self.cache.get(request.url)
        if cached and cached["etag"]:
            request.headers.setdefault("If-None-Match", cached["etag"])
        if cached and cached["last_modified"]:
            request.headers.setdefault("If-Modified-Since", cached["last_modified"])
        return None

    def process_response(self, request, response, spider=None):
        kind = request.meta.get("warta_conditional")
        if not kind:
            return response
        now = datetime.now(timezone.utc).isoformat(timespec="seconds")
        if response.status == 304:
            self.crawler.stats.inc_value("warta/skipped/not_modified")
            # checked now: KnownPages then compares the next lastmod with this time
            cached = self.cache.get(request.url) if self.cache is not None else None
            if cached:
                self.pending[request.url] = {**cached, "saved_at": now}
            raise NotModified(f"not modified: {request.url}")
        etag, modified = response.headers.get("ETag"), response.headers.get("Last-Modified")
        if response.status == 200 and (etag or modified or kind == "page"):
            self.pending[request.url] = {
                "url": request.url, "kind": kind,
                "etag": etag.decode("latin-1") if etag else None,
                "last_modified": modified.decode("latin-1") if modified else None,
                "saved_at": now}
        return response

    def spider_closed(self, spider, reason):
        keep = [r for r in self.pending.values() if reason == "finished" or r["kind"] == "page"]
        if self.cache is not None:
            self.cache.save(keep)
            self.cache.db.close()


class RunDupeFilter(RFPDupeFilter):
    """Duplicate requests are filtered within a run only (see the module docstring)."""

    @classmethod
    def from_crawler(cls, crawler):
        return cls(None, crawler.settings.getbool("DUPEFILTER_DEBUG"),
                   fingerprinter=crawler.request_fingerprinter)
