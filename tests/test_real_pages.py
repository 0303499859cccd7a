"""The parser on saved pages of real news sites (../shared/data/pages/news, gold in gold.jsonl):
title, published (at the minute, with the zone when the page states one), author and the
body's two ends. No text of those pages is kept in the repository; the test reads them."""
import json

import pytest

from scraper.parse.record import article_record
from warta_testing import SHARED

PAGES = SHARED / "data" / "pages" / "news"
pytestmark = [pytest.mark.shared,
              pytest.mark.skipif(not (PAGES / "gold.jsonl").is_file(),
                                 reason=f"{PAGES} is absent: the saved real pages live outside the repo")]
# The target: 58 of the 64 fields of the 16 article pages.
TARGET = 58


def gold():
    if not (PAGES / "gold.jsonl").is_file():
        return []
    return [json.loads(line) for line in (PAGES / "gold.jsonl").read_text(encoding="utf-8").splitlines() if line]


def norm(text):
    return " ".join((text or "").replace("\xa0", " ").split())


def parsed(page):
    url = page["url"] or f"http://{page['site']}.example/{page['file']}"
    return article_record((PAGES / page["file"]).read_bytes(), url, page["site"])


def right_fields(page, record) -> dict:
    published, expected = record["published_at"] or "", page["published_iso"]
    zone_ok = published[19:] == expected[19:] if len(expected) > 19 else True
    body = norm(record["body"])
    titles = {norm(page["title"])}
    if page["title"].startswith("In Picture: "):  # the gold accepts the headline without the kicker
        titles.add(norm(page["title"].removeprefix("In Picture: ")))
    return {"title": norm(record["title"]) in titles,
            "published": published[:16] == expected[:16] and zone_ok,
            "author": norm(record["author"]) == norm(page["author"]),
            "body": body.startswith(norm(page["body_first"])) and body.endswith(norm(page["body_last"]))}


def test_article_pages_reach_the_target():
    articles = [page for page in gold() if page["kind"] == "article"]
    scores = {page["file"]: right_fields(page, parsed(page)) for page in articles}
    wrong = {f: [k for k, ok in fields.items() if not ok] for f, fields in scores.items() if not all(fields.values())}
    right = sum(sum(fields.values()) for fields in scores.values())
    assert right >= TARGET, f"{right}/{4 * len(articles)} fields right; wrong: {wrong}"


@pytest.mark.parametrize("page", [p for p in gold() if p["kind"] == "photo"], ids=lambda p: p["file"])
def test_photo_pages_keep_their_captions_as_body(page):
    record = parsed(page)
    assert record["title"] and record["published_at"][:16] == page["published_iso"][:16]
    assert norm(record["body"]).startswith(norm(page["body_first"]))
    assert norm(record["body"]).endswith(norm(page["body_last"]))


def test_field_sources_name_a_layer_for_every_field():
    for page in gold():
        record = parsed(page)
        assert {"title", "published_at", "body"} <= set(record["field_sources"]), page["file"]
        assert set(record["field_sources"].values()) <= {"site", "metadata", "selectors", "page", "trafilatura"}
