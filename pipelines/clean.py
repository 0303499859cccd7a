"""Item pipeline: drop what is not a usable article, with a counted reason.

A dropped page never stops the crawl: it shows up in the stats as ``warta/dropped/<reason>``.
"""
from __future__ import annotations

from scrapy.exceptions import DropItem

MIN_BODY_CHARS = 80


def drop_reason(item: dict, seen: set, max_body_chars: int) -> str | None:
    """Why an article should not be stored, or None. ``seen`` holds the keys stored so far."""
    if item.get("article_id") is None:
        return "not_an_article"
    if not item.get("title"):
        return "no_title"
    if not item.get("published_at"):
        return "no_date"
    if len(item.get("body") or "") < MIN_BODY_CHARS:
        return "empty_body"
    if len(item["body"]) > max_body_chars:  # a whole document pasted in, not a press release
        return "too_long"
    if (item["source"], item["article_id"]) in seen:
        return "duplicate"
    return None


class CleanPipeline:
    def __init__(self, stats, max_body_chars: int):
        self.stats = stats
        self.max_body_chars = max_body_chars
        self.seen: set = set()

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler.stats, crawler.settings.getint("WARTA_MAX_BODY_CHARS"))

    def process_item(self, item, spider=None):
        reason = drop_reason(item, self.seen, self.max_body_chars)
        if reason:
            self.stats.inc_value(f"warta/dropped/{reason}")
            raise DropItem(f"{reason}: {item.get('url')}")
        self.seen.add((item["source"], item["article_id"]))
        return item
