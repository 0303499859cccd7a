"""What every spider over a ``sources.yml`` entry shares: the source and its politeness, the
incremental state, sitemap discovery and reading an article page found through a feed or
sitemap.

    scrapy crawl feeds -a source=jabarprov [-a since=YYYY-MM-DD] [-s WARTA_REFRESH=1]
"""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import scrapy
from scrapy.exceptions import DownloadCancelledError, DownloadTimeoutError, IgnoreRequest, ResponseDataLossError
from scrapy.spidermiddlewares.httperror import HttpError

from scraper.incremental import KnownPages, NotModified
from scraper.items import ArticleItem
from scraper.parse.dates import is_before
from scraper.parse.feeds import Entry, parse_xml, sitemaps_in_robots
from scraper.parse.generic import listing_reason
from scraper.parse.record import article_record
from scraper.parse.wordpress import post_id
from scraper.sources import Source, get_source
from pipelines.schema import open_database

SITEMAP_PATHS = ("/sitemap.xml", "/sitemap_index.xml", "/wp-sitemap.xml")
NOT_THERE = [400, 401, 403, 404, 410]  # statuses that mean "try the next discovery method"
# A window start earlier than the last run's start: clocks and zones of the sites differ.
WINDOW_MARGIN = timedelta(days=1)


def failure_reason(failure) -> str | None:
    """A short reason for a failed request; None when it is not a failure of the site's (a
    robots.txt refusal, a 304 or a page over the size limit are counted where they happen)."""
    if failure.check(HttpError):
        return f"http_{failure.value.response.status}"
    if failure.check(IgnoreRequest):
        return "redirect_loop" if "redirect" in str(failure.value).lower() else None
    if failure.check(DownloadTimeoutError):
        return "timeout"
    if failure.check(ResponseDataLossError):
        return "truncated"
    if failure.check(DownloadCancelledError):
        return None  # over DOWNLOAD_MAXSIZE: warta/dropped/too_large (scraper/middlewares.py)
    return type(failure.value).__name__


class SourceSpider(scrapy.Spider):
    entry: Source

    def __init__(self, source: str | None = None, since: str | None = None, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.source_name, self.since = self.check_arguments(source, since)
        self.sitemap_candidates: list[str] = []
        self.requested: set[str] = set()
        # Discovery always ends: no feed or sitemap is read twice in a run, and sitemaps are
        # bounded in nesting and number (a sitemap listing itself once looped for ever).
        self.discovery_seen: set[str] = set()
        self.sitemap_discovery_started = False

    @staticmethod
    def check_arguments(source: str | None = None, since: str | None = None) -> tuple[str, str | None]:
        if not source:
            raise ValueError("source is required: -a source=NAME (a name in sources.yml)")
        if since is not None:
            try:
                datetime.strptime(since, "%Y-%m-%d")
            except ValueError:
                raise ValueError(f"since must be a date as YYYY-MM-DD, got {since!r}") from None
        return source, since

    @classmethod
    def from_crawler(cls, crawler, *args, **kwargs):
        spider = super().from_crawler(crawler, *args, **kwargs)
        settings = crawler.settings
        spider.entry = get_source(settings.get("WARTA_SOURCES_FILE"), spider.source_name)
        spider.source = spider.entry.host
        # Settings are still open here; "spider" priority yields to -s on the command line.
        settings.set("DOWNLOAD_DELAY", spider.entry.download_delay, priority="spider")
        settings.set("AUTOTHROTTLE_START_DELAY", max(spider.entry.download_delay,
                                                     settings.getfloat("AUTOTHROTTLE_START_DELAY")),
                     priority="spider")
        settings.set("CONCURRENT_REQUESTS_PER_DOMAIN", spider.entry.concurrency, priority="spider")
        db = open_database(settings.get("WARTA_DB_PATH"))
        spider.known = KnownPages.load(db, spider.source, settings.getbool("WARTA_REFRESH"))
        db.close()
        spider.sitemap_max_depth = settings.getint("WARTA_SITEMAP_MAX_DEPTH")
        spider.sitemap_max_count = settings.getint("WARTA_SITEMAP_MAX_COUNT")
        return spider

    @property
    def window_start(self) -> str | None:
        """Where an incremental crawl starts: ``since``, else a day before the last finished run."""
        if self.since:
            return f"{self.since}T00:00:00"
        if self.known.refresh or not self.known.last_finished:
            return None
        start = datetime.fromisoformat(self.known.last_finished) - WINDOW_MARGIN
        return start.astimezone(timezone.utc).replace(tzinfo=None).isoformat(timespec="seconds")

    def count(self, key: str, by: int = 1) -> None:
        self.crawler.stats.inc_value(f"warta/{key}", by)

    # -- feeds

    def feed_requests(self, url: str):
        """The request for a feed, unless this run has asked for it already."""
        if self.first_visit(url):
            yield scrapy.Request(url, callback=self.parse_feed, errback=self.feed_failed, dont_filter=True,
                                 meta=self.discovery_meta())

    def first_visit(self, url: str) -> bool:
        """Whether a feed or sitemap URL is new to this run (counted when it is not)."""
        if url in self.discovery_seen:
            self.count("discovery/repeated")
            self.logger.warning("%s: %s was read already in this run (a loop); not again", self.source_name, url)
            return False
        self.discovery_seen.add(url)
        return True

    def discovery_meta(self) -> dict:
        return {"warta_conditional": "discovery", "handle_httpstatus_list": NOT_THERE,
                "download_maxsize": self.settings.getint("WARTA_DISCOVERY_MAXSIZE")}

    def read_document(self, response):
        """The feed or sitemap in a response (None when unusable), its bad dates counted."""
        self.discovery_seen.add(response.url)  # after a redirect: the place it really is
        doc = parse_xml(response.body, response.url) if response.status == 200 else None
        if doc is not None and doc.bad_dates:
            self.count("discovery/bad_dates", doc.bad_dates)
            self.logger.warning("%s: %d unreadable dates in %s, read as no date",
                                self.source_name, doc.bad_dates, response.url)
        return doc

    def parse_feed(self, response):
        doc = self.read_document(response)
        if doc is None or doc.kind not in ("rss", "atom"):
            self.count("discovery/feed_unavailable")
            self.logger.warning("%s: %s is not a readable feed (HTTP %s), reading the sitemap",
                                self.source_name, response.url, response.status)
            yield from self.sitemap_requests()
            return
        self.count("feeds")
        if doc.broken:
            self.count("discovery/broken_xml")
            self.logger.warning("broken XML in %s: read %d entries", response.url, len(doc.entries))
        yield from self.entry_requests(doc.entries)
        # A feed holds only the latest items: a first crawl (or a refresh) also reads the sitemap.
        if not self.known.fetched or self.known.refresh:
            yield from self.sitemap_requests()

    def feed_failed(self, failure):
        if failure.check(NotModified):
            self.count("feeds")  # read before, nothing new since
            return
        self.count("discovery/feed_unavailable")
        yield from self.sitemap_requests()

    # -- sitemaps: sitemap_url, else robots.txt's Sitemap: lines, else the usual paths

    def sitemap_requests(self):
        if self.sitemap_discovery_started:  # a feed and its fallback can both ask: once is enough
            return
        self.sitemap_discovery_started = True
        if self.entry.sitemap_url:
            yield from self._sitemap_requests(self.entry.sitemap_url)
            return
        yield scrapy.Request(f"{self.entry.base_url}/robots.txt", callback=self.parse_robots,
                             errback=self.robots_failed, dont_filter=True,
                             meta={"handle_httpstatus_all": True})

    def parse_robots(self, response):
        found = sitemaps_in_robots(response.text, response.url) if response.status == 200 else []
        self.sitemap_candidates = found or [self.entry.base_url + p for p in SITEMAP_PATHS]
        yield from self._next_sitemap_candidate()

    def robots_failed(self, failure):
        self.sitemap_candidates = [self.entry.base_url + p for p in SITEMAP_PATHS]
        yield from self._next_sitemap_candidate()

    def _next_sitemap_candidate(self):
        while self.sitemap_candidates:
            requests = list(self._sitemap_requests(self.sitemap_candidates.pop(0), first=True))
            if requests:
                yield from requests
                return
        stats = self.crawler.stats
        if not any(stats.get_value(f"warta/{k}") for k in ("api_pages", "feeds", "sitemaps")):
            self.count("discovery_failed")
            self.logger.error("%s: no API, feed or sitemap could be read", self.source_name)

    def _sitemap_requests(self, url: str, first: bool = False, depth: int = 0):
        """The request for a sitemap ``depth`` indexes below the first, within the limits."""
        if depth > self.sitemap_max_depth:
            self.count("discovery/sitemap_too_deep")
            self.logger.warning("%s: %s is nested deeper than %d sitemap indexes; not read",
                                self.source_name, url, self.sitemap_max_depth)
            return
        if len(self.discovery_seen) >= self.sitemap_max_count:
            self.count("discovery/sitemap_limit")
            self.logger.warning("%s: %d feeds and sitemaps read already (WARTA_SITEMAP_MAX_COUNT); %s not read",
                                self.source_name, self.sitemap_max_count, url)
            return
        if self.first_visit(url):
            yield scrapy.Request(url, callback=self.parse_sitemap, cb_kwargs={"first": first, "depth": depth},
                                 errback=self.sitemap_failed, dont_filter=True,
                                 meta=self.discovery_meta())

    def sitemap_failed(self, failure):
        if failure.check(NotModified):
            self.count("sitemaps")
            self.sitemap_candidates = []
            return
        self.count("discovery/sitemap_error")
        if failure.request.cb_kwargs.get("first"):
            yield from self._next_sitemap_candidate()

    def parse_sitemap(self, response, first: bool = False, depth: int = 0):
        doc = self.read_document(response)
        if doc is None or doc.kind not in ("sitemapindex", "urlset"):
            self.count("discovery/sitemap_unavailable")
            if first:
                yield from self._next_sitemap_candidate()
            return
        self.count("sitemaps")
        self.sitemap_candidates = []
        if doc.broken:
            self.count("discovery/broken_xml")
            self.logger.warning("broken XML in %s: read %d entries", response.url, len(doc.entries))
        if doc.kind == "sitemapindex":
            for entry in doc.entries:
                if self.known.changed_since_last_run(entry.updated_at):
                    yield from self._sitemap_requests(entry.url, depth=depth + 1)
                else:
                    self.count("skipped/sitemap_unchanged")
            return
        yield from self.entry_requests(doc.entries)

    # -- article pages listed by a feed or a sitemap

    def entry_requests(self, entries: list[Entry]):
        for entry in entries:
            dated = entry.published_at or entry.updated_at
            if self.since and dated and is_before(dated, self.since):
                self.count("skipped/older_than_since")
                continue
            reason = self.known.skip_reason(entry.url, entry.updated_at)
            if reason:
                self.count(f"skipped/{reason}")
                continue
            if entry.url in self.requested:  # in the feed and the sitemap both
                continue
            self.requested.add(entry.url)
            # dont_filter: duplicates are caught above, and a redirect back to a page already
            # asked for must run into REDIRECT_MAX_TIMES and be reported, not vanish as a duplicate.
            yield scrapy.Request(entry.url, callback=self.parse_page, cb_kwargs={"entry": entry},
                                 errback=self.page_failed, dont_filter=True,
                                 meta={"warta_conditional": "page"})

    def page_failed(self, failure):
        """Count a page that could not be fetched by why; scraper/health.py weighs the count."""
        reason = failure_reason(failure)
        if reason:
            self.count(f"failed/{reason}")
            self.logger.warning("failed (%s): %s", reason, failure.request.url)

    def parse_page(self, response, entry: Entry):
        if not isinstance(response, scrapy.http.TextResponse):
            self.count("skipped/not_html")
            return
        reason = listing_reason(response.text)
        if reason:
            self.count(f"skipped/{reason}")
            return
        # What the feed said fills what the page did not.
        feed = {"title": entry.title, "published_at": entry.published_at, "author": entry.author}
        yield self.make_item(response.body, response.url, "html", response.encoding,
                             article_id=post_id(guid=entry.guid), fallbacks={"feed": feed})

    def make_item(self, raw: bytes, url: str, kind: str, encoding: str | None, **known) -> ArticleItem:
        """The item for a fetched page or API post, read by the one function reprocess uses too;
        the source's own region stands when the byline names none."""
        fields = article_record(raw, url, self.source, kind=kind, encoding=encoding,
                                region_code=self.entry.region_code, **known)
        return ArticleItem(**fields, fetched_at=datetime.now(timezone.utc).isoformat(timespec="seconds"),
                           raw_html=raw, encoding=encoding, raw_kind=kind)
