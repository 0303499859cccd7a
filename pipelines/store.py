"""Item pipeline: write each article (and what NLP found in it) to the archive."""
from __future__ import annotations

from pipelines import resolve, schema
from pipelines.archive import Archive
from pipelines.facets import refresh_facet_counts


class ArchivePipeline:
    def __init__(self, stats, db_path: str):
        self.stats = stats
        self.db_path = db_path
        self.archive: Archive | None = None

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler.stats, crawler.settings.get("WARTA_DB_PATH"))

    def open_spider(self, spider=None):
        self.archive = Archive(self.db_path)

    def close_spider(self, spider=None):
        # People, positions, programs and awards are resolved across the whole archive, so
        # once per crawl rather than per article.
        counts = resolve.rebuild(self.archive.db)
        for table, count in counts.items():
            self.stats.set_value(f"warta/resolved/{table}", count)
        refresh_facet_counts(self.archive.db)  # the table pages' facets, counted once per crawl
        self.archive.db.close()

    def process_item(self, item, spider=None):
        fields = dict(item)
        if len(fields.get("body") or "") > schema.BODY_LIMIT:
            self.stats.inc_value("warta/truncated/body_too_long")
        status = self.archive.store(fields, raw_html=fields.pop("raw_html", None),
                                    encoding=fields.get("encoding"), entities=fields.get("entities"),
                                    raw_kind=fields.get("raw_kind") or "html")
        self.stats.inc_value(f"warta/stored/{status}")
        return item
