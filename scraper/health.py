"""Crawl health: field coverage per run and the problems that make a run unhealthy.

A site that changes its HTML rarely breaks a crawl outright: titles or dates quietly stop
being found. So every run counts, over the articles it read, the share that had a title, a
date, a body and a byline; a share below its minimum (``WARTA_COVERAGE_MIN``) is a problem, as
are a crawl that did not finish, discovery that found nothing, broken XML and too many failed
requests. ``warta.schedule`` turns any problem into a non-zero exit, which cron mails.

Spidermon does this kind of monitoring too, but it would add a dependency and a second place
for thresholds, for four shares and a list of problems that fit in this module.
"""
from __future__ import annotations

# item field -> the name a report uses
FIELDS = {"title": "title", "published_at": "date", "body": "body", "author": "byline"}
# drops that say nothing about the site's markup
_NOT_COUNTED = ("duplicate", "not_an_article")


class Coverage:
    def __init__(self):
        self.items = 0
        self.present = dict.fromkeys(FIELDS, 0)

    def add(self, item) -> None:
        self.items += 1
        for name in FIELDS:
            if item.get(name):
                self.present[name] += 1

    def add_dropped(self, item, reason: str) -> None:
        if not reason.startswith(_NOT_COUNTED):
            self.add(item)

    def shares(self) -> dict[str, float | None]:
        """Share of items with each field; None when the run read no article."""
        return {name: (count / self.items if self.items else None) for name, count in self.present.items()}


def problems(coverage: Coverage, stats: dict, finish_reason: str, minimums: dict[str, float],
             min_items: int, max_error_share: float) -> list[str]:
    """What is wrong with a run, in words for a log line and a cron mail; empty when healthy."""
    found = []
    if finish_reason != "finished":
        found.append(f"crawl ended with {finish_reason!r}")
    if stats.get("warta/discovery_failed"):
        found.append("no API, feed or sitemap could be read")
    if stats.get("warta/discovery/broken_xml"):
        found.append(f"broken XML in {stats['warta/discovery/broken_xml']} feed(s) or sitemap(s)")
    failed = {k.removeprefix("warta/failed/"): v for k, v in stats.items() if k.startswith("warta/failed/")}
    pages = stats.get("response_received_count", 0)
    if sum(failed.values()) > max_error_share * max(pages, 1):
        detail = ", ".join(f"{k} {v}" for k, v in sorted(failed.items()))
        found.append(f"{sum(failed.values())} failed requests for {pages} responses ({detail})")
    if stats.get("warta/item_errors"):
        found.append(f"{stats['warta/item_errors']} articles failed in the item pipelines (errors in the log)")
    exceptions = sum(v for k, v in stats.items() if k.startswith("spider_exceptions/"))
    if exceptions:
        found.append(f"{exceptions} spider exceptions")
    if coverage.items >= min_items:
        for name, share in coverage.shares().items():
            if name in minimums and share < minimums[name]:
                found.append(f"{FIELDS[name]} found in {share:.0%} of {coverage.items} articles "
                             f"(minimum {minimums[name]:.0%})")
    return found
