"""Log lines that name the page and the reason, not the whole item (which holds the raw HTML)."""
import logging

from scrapy.logformatter import LogFormatter


class WartaLogFormatter(LogFormatter):
    def dropped(self, item, exception, response, spider=None):
        return {"level": logging.INFO, "msg": "Dropped %(reason)s",
                "args": {"reason": exception}}

    def scraped(self, item, response, spider=None):
        return {"level": logging.DEBUG, "msg": "Scraped %(url)s",
                "args": {"url": item.get("url") if hasattr(item, "get") else response}}
