"""WordPress sites: the REST API, else the site's feed, else its sitemap.

    scrapy crawl wordpress -a source=jatengprov [-a since=YYYY-MM-DD] [-s WARTA_REFRESH=1]

``/wp-json/wp/v2/posts?_embed`` gives every field of a post in one request per hundred posts,
so article pages are not fetched at all. Many government sites switch the API off (403/401,
or 404); then ``/feed/`` lists the latest posts and the sitemap the rest.

Incremental: ``since`` becomes ``after=`` (publication date); otherwise, after a first finished
crawl, ``modified_after=`` the last run (a day's margin) asks only for new and edited posts.
"""
from __future__ import annotations

import json
from urllib.parse import urlencode

import scrapy

from scraper.parse.wordpress import total_pages
from scraper.spiders.base import NOT_THERE, SourceSpider

PER_PAGE = 100  # the API's maximum


class WordPressSpider(SourceSpider):
    name = "wordpress"

    def api_url(self, page: int) -> str:
        query = {"per_page": PER_PAGE, "page": page, "_embed": 1, "orderby": "date", "order": "desc"}
        if self.since:
            query["after"] = self.window_start
        elif self.window_start:
            query["modified_after"] = self.window_start
        return f"{self.entry.base_url}/wp-json/wp/v2/posts?{urlencode(query)}"

    async def start(self):
        yield self._api_request(1)

    def _api_request(self, page: int):
        return scrapy.Request(self.api_url(page), callback=self.parse_api, cb_kwargs={"page": page},
                              errback=self.api_failed, dont_filter=True,
                              meta={"handle_httpstatus_list": NOT_THERE,
                                    "download_maxsize": self.settings.getint("WARTA_DISCOVERY_MAXSIZE")})

    def parse_api(self, response, page: int):
        try:
            posts = json.loads(response.text) if response.status == 200 else None
        except (ValueError, AttributeError):
            posts = None  # an HTML page where the API should be: a security plugin's answer
        if not isinstance(posts, list):
            if page == 1:
                self.count(f"discovery/api_unavailable/{response.status}")
                self.logger.warning("%s: REST API unavailable (HTTP %s), reading the feed",
                                    self.source_name, response.status)
                yield from self.feed_requests(f"{self.entry.base_url}/feed/")
            else:
                self.count("discovery/api_page_failed")
            return
        self.count("api_pages")
        if page == 1:
            pages = total_pages(response.headers.get("X-WP-TotalPages"))
            limit = self.settings.getint("WARTA_API_MAX_PAGES")
            if pages > limit:  # a header can claim anything; discovery must end
                self.count("discovery/api_page_limit")
                self.logger.warning("%s: the API claims %d pages; reading the first %d (WARTA_API_MAX_PAGES)",
                                    self.source_name, pages, limit)
            for later in range(2, min(pages, limit) + 1):
                yield self._api_request(later)
        for post in posts:
            if not isinstance(post, dict) or not post.get("id"):
                continue
            item = self.make_item(json.dumps(post, ensure_ascii=False).encode(), post.get("link") or "",
                                  "wp-json", "utf-8")
            if self.known.unchanged(item["article_id"], item["content_hash"]):
                self.count("skipped/unchanged")
                continue
            yield item

    def api_failed(self, failure):
        if failure.request.cb_kwargs.get("page") == 1:
            self.count("discovery/api_unavailable/error")
            yield from self.feed_requests(f"{self.entry.base_url}/feed/")
        else:
            self.count("discovery/api_page_failed")
