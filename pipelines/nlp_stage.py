"""Item pipeline: run the spaCy pipeline from ``pipelines.nlp`` on each article's body."""
from __future__ import annotations

import logging

logger = logging.getLogger(__name__)


class NLPPipeline:
    def __init__(self, stats, enabled: bool):
        self.stats = stats
        self.enabled = enabled
        self.nlp = None

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler.stats, crawler.settings.getbool("WARTA_NLP_ENABLED"))

    def open_spider(self, spider=None):
        if self.enabled:
            import pipelines.nlp as nlp  # loading the model takes a moment: only when used
            self.nlp = nlp
            self.nlp.load_pipeline()

    def process_item(self, item, spider=None):
        if self.nlp is None:
            return item
        published = (item.get("published_at") or "")[:10] or None
        try:
            entities = self.nlp.extract(item["body"], published=published)
        except Exception:
            # A fault in the extractor must not cost the article: it is stored without entities
            # (extractor_version NULL), and `warta reprocess` extracts it once the fault is fixed.
            logger.exception("extraction failed, stored without entities: %s", item.get("url"))
            self.stats.inc_value("warta/nlp/failed")
            return item
        item["entities"] = entities
        item["entities"]["extractor_version"] = self.nlp.EXTRACTOR_VERSION
        for key in self.nlp.FIELDS:
            self.stats.inc_value(f"warta/nlp/{key}", len(item["entities"].get(key) or []))
        return item
