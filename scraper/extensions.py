"""Record each crawl in the archive's ``crawl_runs`` table, so Datasette shows what every run did."""
from __future__ import annotations

from datetime import datetime, timezone

from scrapy import signals

from pipelines.archive import Archive


class CrawlRunRecorder:
    def __init__(self, crawler):
        self.crawler = crawler
        self.db_path = crawler.settings.get("WARTA_DB_PATH")

    @classmethod
    def from_crawler(cls, crawler):
        extension = cls(crawler)
        crawler.signals.connect(extension.spider_closed, signal=signals.spider_closed)
        return extension

    def spider_closed(self, spider, reason):
        stats = self.crawler.stats.get_stats()
        Archive(self.db_path).record_run(
            spider=spider.name, source=getattr(spider, "source", None),
            started_at=stats.get("start_time"), finished_at=datetime.now(timezone.utc),
            finish_reason=reason, stats=stats)
