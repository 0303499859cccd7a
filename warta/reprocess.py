"""Re-run the current NLP pipeline over the archive, with no network.

A better model upgrades the archive in place: each article's mentions and dates are replaced
in one transaction, so a reader never sees an article half-processed, and an interrupted run
leaves every article either old or new. With ``reparse`` the stored raw HTML is read again
first, so improved page parsing reaches old articles too.
"""
from __future__ import annotations

import multiprocessing
from collections import deque
from concurrent.futures import ProcessPoolExecutor
from itertools import islice
from typing import Callable, Iterable, Iterator

from pipelines import resolve
from pipelines.facets import refresh_facet_counts
from pipelines.archive import Archive
from scraper.parse.article import parse_article


def _articles(archive: Archive, reparse: bool) -> Iterator[dict]:
    # Ids first: writing to articles while a cursor reads it would lock the table.
    ids = [row[0] for row in archive.db.execute("select id from articles order by id")]
    for article_id in ids:
        row = archive.db["articles"].get(article_id)
        raw = archive.raw_html(article_id) if reparse else None
        if raw:
            html, encoding = raw
            fields = parse_article(html.decode(encoding or "utf-8", errors="replace"), row["url"],
                                   source=row["source"])
            if fields["body"] and fields["published_at"]:
                archive.save_article({**fields, "fetched_at": row["fetched_at"]})
                row = archive.db["articles"].get(article_id)
        yield row


def _extract(batch: list[tuple[str, str | None]]) -> list[dict]:
    """NLP over (body, published day) pairs; runs in a worker process when there are several."""
    import pipelines.nlp as nlp
    return list(nlp.extract_many([body for body, _ in batch], published=[day for _, day in batch]))


def _extracted(batches: Iterable[list[dict]], workers: int) -> Iterator[tuple[list[dict], list[dict]]]:
    """(batch, results) in order. With several workers, each extracts whole batches in its own
    process (forked after the model is loaded, so it is shared, not loaded again) while this
    process reads the next articles and writes the results: the archive keeps one writer."""
    def inputs(batch):
        return [(r["body"] or "", (r["published_at"] or "")[:10] or None) for r in batch]

    if workers <= 1:
        for batch in batches:
            yield batch, _extract(inputs(batch))
        return
    import pipelines.nlp as nlp
    nlp.load_pipeline()
    with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork")) as pool:
        pending: deque = deque()
        for batch in batches:
            pending.append((batch, pool.submit(_extract, inputs(batch))))
            if len(pending) > 2 * workers:  # a few batches ahead, never the whole archive
                done, future = pending.popleft()
                yield done, future.result()
        while pending:
            done, future = pending.popleft()
            yield done, future.result()


def reprocess(archive: Archive, reparse: bool = False, chunk: int = 256, workers: int = 1,
              on_article: Callable[[str], None] | None = None) -> dict:
    """Extract again from every stored article with ``workers`` processes; returns counts of
    what was written."""
    import pipelines.nlp as nlp

    rows = _articles(archive, reparse)
    batches = iter(lambda: list(islice(rows, chunk)), [])
    count = 0
    for batch, results in _extracted(batches, workers):
        for row, entities in zip(batch, results):
            archive.replace_entities(row["id"], entities, nlp.EXTRACTOR_VERSION)
            count += 1
            if on_article:
                on_article(row["id"])
    return {"articles": count, **resolve.rebuild(archive.db), "facet_counts": refresh_facet_counts(archive.db)}
