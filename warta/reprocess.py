"""Re-run the current NLP pipeline over the archive, with no network.

A better model upgrades the archive in place: each article's mentions and dates are replaced
in one transaction, so a reader never sees an article half-processed, and an interrupted run
leaves every article either old or new. With ``reparse`` the stored raw page (HTML, or a
WordPress API post, as ``article_raw.kind`` says) is read again first by the function the
spiders use, so improved page parsing reaches old articles too; each chunk of articles is
then one transaction.
"""
from __future__ import annotations

import json
from contextlib import nullcontext
from itertools import islice
from typing import Callable, Iterator

from pipelines import resolve, schema
from pipelines.archive import Archive
from scraper.parse.record import article_record


def _articles(archive: Archive, reparse: bool) -> Iterator[dict]:
    # Ids first: writing to articles while a cursor reads it would lock the table.
    ids = [row[0] for row in archive.db.execute("select id from articles order by id")]
    for article_id in ids:
        row = archive.db["articles"].get(article_id)
        raw = archive.raw_html(article_id) if reparse else None
        if raw:
            fields = article_record(raw[0], row["url"], row["source"], kind=raw[2], encoding=raw[1],
                                    **_known(row))
            if fields["body"] and fields["published_at"]:
                archive.save_article({**fields, "fetched_at": row["fetched_at"]})
                row = archive.db["articles"].get(article_id)
        yield row


def _known(row: dict) -> dict:
    """What the crawl knew beyond the page, as the stored row keeps it: the article's id (the
    row's identity), fields a feed gave and the source's region."""
    sources = json.loads(row["field_sources"] or "{}")
    return {"article_id": row["article_id"],
            "fallbacks": {"feed": {k: row[k] for k, layer in sources.items() if layer == "feed"}},
            "region_code": row["region_code"] if sources.get("region_code") == "source" else None}


def reprocess(archive: Archive, reparse: bool = False, chunk: int = 256,
              on_article: Callable[[str], None] | None = None) -> dict:
    """Extract again from every stored article; returns counts of what was written."""
    import pipelines.nlp as nlp

    rows = _articles(archive, reparse)
    count = 0
    while True:
        # A reparse rewrites the article while reading it, before its new entities exist: then
        # the chunk is one transaction, so no article keeps a new body with its old spans.
        with schema.transaction(archive.db) if reparse else nullcontext():
            batch = list(islice(rows, chunk))
            results = nlp.extract_many([r["body"] or "" for r in batch],
                                       published=[(r["published_at"] or "")[:10] or None for r in batch])
            for row, entities in zip(batch, results):
                archive.replace_entities(row["id"], entities, nlp.EXTRACTOR_VERSION)
                count += 1
                if on_article:
                    on_article(row["id"])
        if not batch:
            break
    return {"articles": count, **resolve.rebuild(archive.db)}
