"""Item pipeline: run the spaCy pipeline from ``pipelines.nlp`` on each article's body."""
from __future__ import annotations


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
        item["entities"] = self.nlp.extract(item["body"], published=published)
        item["entities"]["extractor_version"] = self.nlp.EXTRACTOR_VERSION
        for key in self.nlp.FIELDS:
            self.stats.inc_value(f"warta/nlp/{key}", len(item["entities"].get(key) or []))
        return item
