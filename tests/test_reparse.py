"""One path from a fetched page to the article record: an archive crawled by each spider kind
reparses (``warta reprocess --reparse``) to the same rows, and the raw table says what it holds."""
import gzip
import shutil

import pytest
import sqlite_utils

from pipelines.archive import Archive
from warta.reprocess import reprocess
from newssite import NewsSite, NewsSiteServer, write_sources
from warta.schedule import crawl_all
from warta_testing import FAST_NO_NLP, SAMPLE_ARTICLES

# extractor_version is the NLP's, which a reprocess sets; every other column is the parser's.
NOT_PARSED = {"extractor_version"}


def rows(db):
    return {r["id"]: {k: v for k, v in r.items() if k not in NOT_PARSED}
            for r in db.query("select * from articles order by id")}


def crawl_source(tmp_path, discovery: str, **site_options):
    site = NewsSite(**site_options)
    with NewsSiteServer(site) as server:
        sources = write_sources(tmp_path / "sources.yml", server.source("contoh", discovery))
        assert crawl_all(sources, tmp_path / "a.db", settings=FAST_NO_NLP) == 0
    return tmp_path / "a.db", site.storable


def reparsed(path):
    archive = Archive(path)
    before = rows(archive.db)
    # as an older parser would have stored them: a reparse must restore every column
    archive.db.execute("update articles set body = 'teks rusak', title = null, content_hash = 'old'")
    archive.db.conn.commit()
    reprocess(archive, reparse=True)
    return before, rows(archive.db)


@pytest.mark.parametrize("discovery, options, kind", [
    ("wordpress", {}, "wp-json"),
    ("feed", {"wordpress": False, "sitemap": False, "feed_size": 100}, "html"),
    ("sitemap", {"wordpress": False, "feed": None}, "html"),
])
def test_each_source_spider_kind_reparses_to_the_same_rows(tmp_path, discovery, options, kind):
    path, storable = crawl_source(tmp_path, discovery, **options)
    kinds = {r[0] for r in sqlite_utils.Database(path).execute("select kind from article_raw")}
    assert kinds == {kind}
    before, after = reparsed(path)
    assert len(before) == storable and after == before
    # the source's region (feeds) and ids from URLs (sitemaps) come back too
    assert any('"region_code": "source"' in r["field_sources"] for r in after.values())


def test_infopublik_archive_reparses_to_the_same_rows(crawled_db, tmp_path):
    sqlite_utils.Database(crawled_db).execute("pragma wal_checkpoint(truncate)")
    shutil.copy(crawled_db, tmp_path / "a.db")
    before, after = reparsed(tmp_path / "a.db")
    assert len(before) == SAMPLE_ARTICLES and after == before


def test_raw_stored_before_the_kind_column_is_read_as_html(tmp_path):
    db = sqlite_utils.Database(tmp_path / "a.db")
    db["article_raw"].insert({"article_id": "x-1", "html_gz": gzip.compress(b"<p>a</p>"), "encoding": "utf-8"},
                             pk="article_id")
    assert Archive(db).raw_html("x-1") == (b"<p>a</p>", "utf-8", "html")
