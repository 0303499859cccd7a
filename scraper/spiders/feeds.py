"""Any site with an RSS/Atom feed or a sitemap: the generic spider for sources.yml entries
whose discovery is ``feed`` or ``sitemap``.

    scrapy crawl feeds -a source=menpan [-a since=YYYY-MM-DD] [-s WARTA_REFRESH=1]

Article pages are read with the layered extraction (metadata, then trafilatura) after a check
that the page is one article and not a listing (``SourceSpider.parse_page``). A feed that cannot
be read falls back to the sitemap, and the run's stats say so.
"""
from __future__ import annotations

from scraper.spiders.base import SourceSpider


class FeedsSpider(SourceSpider):
    name = "feeds"

    async def start(self):
        if self.entry.discovery == "feed":
            for request in self.feed_requests(self.entry.feed_url):
                yield request
        else:
            for request in self.sitemap_requests():
                yield request
