"""Retries that back off: a 429 or 5xx slows the whole site down, not just the one request;
pages over the size limit counted as dropped."""
from __future__ import annotations

from datetime import datetime, timezone
from email.utils import parsedate_to_datetime

from scrapy.downloadermiddlewares.httpcompression import HttpCompressionMiddleware
from scrapy.downloadermiddlewares.retry import RetryMiddleware
from scrapy.exceptions import DownloadCancelledError, IgnoreRequest


def retry_after_seconds(value: bytes | None) -> float | None:
    """A Retry-After header (seconds or an HTTP date) in seconds, or None."""
    if not value:
        return None
    text = value.decode("latin-1").strip()
    if text.isdigit():
        return float(text)
    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError):
        return None
    return max(0.0, (when - datetime.now(timezone.utc)).total_seconds())


class BackoffRetryMiddleware(RetryMiddleware):
    """Scrapy's retries, plus: a 429/5xx raises the site's download delay (Retry-After, else
    WARTA_BACKOFF_BASE doubled per attempt, capped at WARTA_BACKOFF_MAX) until the site answers
    normally again, when the delay it had before comes back."""

    def __init__(self, settings):
        super().__init__(settings)
        self.backoff_base = settings.getfloat("WARTA_BACKOFF_BASE")
        self.backoff_max = settings.getfloat("WARTA_BACKOFF_MAX")
        self._normal_delay: dict[str, float] = {}  # slot -> its delay before we backed off

    def process_response(self, request, response, spider=None):
        if response.status in self.retry_http_codes and not request.meta.get("dont_retry"):
            attempt = request.meta.get("retry_times", 0)
            wait = retry_after_seconds(response.headers.get("Retry-After"))
            if wait is None:
                wait = self.backoff_base * 2 ** attempt
            self._slow_down(request, min(wait, self.backoff_max))
        else:
            self._recover(request)
        return super().process_response(request, response)

    def _slot(self, request):
        downloader = self.crawler.engine.downloader
        key = request.meta.get("download_slot") or downloader.get_slot_key(request)
        return key, downloader.slots.get(key)

    def _slow_down(self, request, delay: float) -> None:
        key, slot = self._slot(request)
        if slot is not None and slot.delay < delay:
            self._normal_delay.setdefault(key, slot.delay)
            slot.delay = delay
            self.crawler.stats.inc_value("warta/backoff")

    def _recover(self, request) -> None:
        if not self._normal_delay:
            return
        key, slot = self._slot(request)
        if key in self._normal_delay and slot is not None:
            slot.delay = self._normal_delay.pop(key)
            self.crawler.stats.inc_value("warta/backoff_recovered")


class SizeLimitMiddleware(HttpCompressionMiddleware):
    """Scrapy's decompression, and every page over DOWNLOAD_MAXSIZE (or a request's
    ``download_maxsize``) counted as ``warta/dropped/too_large`` whatever the spider: a download
    cancelled at the limit, or a compressed body that would inflate past it (a gzip bomb)."""

    def process_response(self, request, response, spider=None):
        try:
            return super().process_response(request, response)
        except IgnoreRequest:  # Scrapy refuses only an oversized body here, and logs it
            self.stats.inc_value("warta/dropped/too_large")
            raise

    def process_exception(self, request, exception, spider=None):
        if isinstance(exception, DownloadCancelledError):
            self.stats.inc_value("warta/dropped/too_large")
        return None
