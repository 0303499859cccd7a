"""Record each crawl in the archive's ``crawl_runs`` table, so Datasette shows what every run did.

Beside the counts ``Archive.record_run`` writes, each row gets the run's health: field coverage
(``coverage_title`` ... ``coverage_byline``), ``healthy`` and the ``problems`` found
(scraper/health.py), what was skipped and what failed by reason, and the source's name in
sources.yml. Problems are also logged, one WARNING line each, so they reach cron mail.
"""
from __future__ import annotations

import json
from datetime import datetime, timezone

from scrapy import signals

from pipelines.archive import Archive
from scraper import health


def _by_reason(stats: dict, prefix: str) -> dict:
    return {k.removeprefix(prefix): v for k, v in sorted(stats.items()) if k.startswith(prefix)}


class CrawlRunRecorder:
    def __init__(self, crawler):
        self.crawler = crawler
        settings = crawler.settings
        self.db_path = settings.get("WARTA_DB_PATH")
        self.minimums = settings.getdict("WARTA_COVERAGE_MIN")
        self.min_items = settings.getint("WARTA_COVERAGE_MIN_ITEMS")
        self.max_error_share = settings.getfloat("WARTA_MAX_ERROR_SHARE")
        self.coverage = health.Coverage()

    @classmethod
    def from_crawler(cls, crawler):
        extension = cls(crawler)
        crawler.signals.connect(extension.item_scraped, signal=signals.item_scraped)
        crawler.signals.connect(extension.item_dropped, signal=signals.item_dropped)
        crawler.signals.connect(extension.item_error, signal=signals.item_error)
        crawler.signals.connect(extension.spider_closed, signal=signals.spider_closed)
        return extension

    def item_scraped(self, item, spider=None):
        self.coverage.add(item)

    def item_dropped(self, item, exception, spider=None):
        self.coverage.add_dropped(item, str(exception))

    def item_error(self, item, response, spider, failure):
        # An article a pipeline failed on (an archive that cannot be written): not stored, so
        # the run is not healthy, however well the site answered.
        self.crawler.stats.inc_value("warta/item_errors")

    def spider_closed(self, spider, reason):
        stats = self.crawler.stats
        for name, share in self.coverage.shares().items():
            if share is not None:
                stats.set_value(f"warta/coverage/{name}", round(share, 3))
        found = health.problems(self.coverage, stats.get_stats(), reason, self.minimums,
                                self.min_items, self.max_error_share)
        for problem in found:
            spider.logger.warning("UNHEALTHY %s: %s", getattr(spider, "source_name", spider.name), problem)
        stats.set_value("warta/healthy", int(not found))
        snapshot = stats.get_stats()
        archive = Archive(self.db_path)
        archive.record_run(
            spider=spider.name, source=getattr(spider, "source", None),
            started_at=snapshot.get("start_time"), finished_at=datetime.now(timezone.utc),
            finish_reason=reason, stats=snapshot,
            source_name=getattr(spider, "source_name", None),
            items=self.coverage.items,
            **{f"coverage_{health.FIELDS[name]}": None if share is None else round(share, 3)
               for name, share in self.coverage.shares().items()},
            healthy=int(not found),
            problems=json.dumps(found, ensure_ascii=False),
            skipped_by_reason=json.dumps(_by_reason(snapshot, "warta/skipped/")),
            failed_by_reason=json.dumps(_by_reason(snapshot, "warta/failed/")))
        archive.db.close()
