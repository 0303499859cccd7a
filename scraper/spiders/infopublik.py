"""InfoPublik (infopublik.id) and indonesia.go.id: category listings -> article pages.

    scrapy crawl infopublik -a category=nusantara -a since=2024-01-01 -a max_pages=5

The spider only routes requests; ``scraper.parse`` reads the pages.
"""
from __future__ import annotations

from datetime import datetime, timezone

import scrapy

from scraper.items import ArticleItem
from scraper.parse.dates import is_before
from scraper.parse.listing import parse_listing
from scraper.parse.record import article_record
from scraper.parse.urls import parse_article_url

DEFAULT_CATEGORIES = ("nusantara", "nasional-sosial-budaya", "nasional-ekonomi-bisnis",
                      "nasional-politik-hukum-dan-keamanan")


class InfopublikSpider(scrapy.Spider):
    name = "infopublik"
    source = "infopublik.id"
    base_url_setting = "WARTA_INFOPUBLIK_BASE_URL"

    def __init__(self, category: str | None = None, since: str | None = None,
                 max_pages: str | int | None = None, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.categories, self.since, self.max_pages = self.check_arguments(category, since, max_pages)

    @staticmethod
    def check_arguments(category: str | None = None, since: str | None = None,
                        max_pages: str | int | None = None) -> tuple[list[str], str | None, int | None]:
        """Validated spider arguments; a ValueError says which one is wrong and why."""
        categories = [c.strip() for c in category.split(",") if c.strip()] if category else list(DEFAULT_CATEGORIES)
        if since is not None:
            try:
                datetime.strptime(since, "%Y-%m-%d")
            except ValueError:
                raise ValueError(f"since must be a date as YYYY-MM-DD, got {since!r}") from None
        try:
            pages = int(max_pages) if max_pages is not None else None
        except ValueError:
            raise ValueError(f"max_pages must be a whole number, got {max_pages!r}") from None
        if pages is not None and pages < 1:
            raise ValueError(f"max_pages must be at least 1, got {pages}")
        return categories, since, pages

    async def start(self):
        base = self.settings.get(self.base_url_setting).rstrip("/")
        for category in self.categories:
            yield scrapy.Request(f"{base}/kategori/{category}", callback=self.parse_listing,
                                 cb_kwargs={"page": 1})

    def parse_listing(self, response, page: int):
        listing = parse_listing(response.text, response.url)
        self.crawler.stats.inc_value("warta/listing_pages")
        fresh = 0
        for listed in listing.articles:
            if self.since and listed.published_at and is_before(listed.published_at, self.since):
                self.crawler.stats.inc_value("warta/skipped/older_than_since")
                continue
            fresh += 1
            yield response.follow(listed.url, callback=self.parse_article)
        # Listings run newest first: a page with nothing new means the rest is older still.
        older_only = self.since and listing.articles and not fresh
        if listing.next_url and not older_only and (self.max_pages is None or page < self.max_pages):
            yield response.follow(listing.next_url, callback=self.parse_listing,
                                  cb_kwargs={"page": page + 1})

    def parse_article(self, response):
        if not parse_article_url(response.url):
            self.crawler.stats.inc_value("warta/skipped/not_an_article")
            return
        fields = article_record(response.body, response.url, self.source, encoding=response.encoding)
        yield ArticleItem(**fields, fetched_at=datetime.now(timezone.utc).isoformat(timespec="seconds"),
                          raw_html=response.body, encoding=response.encoding, raw_kind="html")


class IndonesiaGoIdSpider(InfopublikSpider):
    """indonesia.go.id is taking over InfoPublik's role, with the same URL shape."""
    name = "indonesiagoid"
    source = "indonesia.go.id"
    base_url_setting = "WARTA_INDONESIAGOID_BASE_URL"
