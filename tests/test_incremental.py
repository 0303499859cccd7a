"""Incremental crawls: known pages skipped, conditional requests, changed pages refetched."""
import json

import sqlite_utils

from scraper.incremental import KnownPages
from newssite import NewsSite, NewsSiteServer, write_sources
from warta.schedule import crawl_all
from warta_testing import FAST_NO_NLP

SETTINGS = FAST_NO_NLP


def last_run(db_path):
    row = next(sqlite_utils.Database(db_path).query("select * from crawl_runs order by id desc limit 1"))
    return row, json.loads(row["stats"])


def test_known_pages_decisions():
    known = KnownPages({"https://x.go.id/a": "2024-08-05T03:00:00+00:00"}, {7: "abc"}, "2024-08-05T00:00:00+00:00")
    assert known.skip_reason("https://x.go.id/new") is None
    assert known.skip_reason("https://x.go.id/a") == "known"
    assert known.skip_reason("https://x.go.id/a", "2024-08-05T09:00:00+07:00") == "known"   # 02:00 UTC: older
    assert known.skip_reason("https://x.go.id/a", "2024-08-05T11:00:00+07:00") is None     # 04:00 UTC: newer
    assert known.unchanged(7, "abc") and not known.unchanged(7, "def") and not known.unchanged(8, "abc")
    assert not known.changed_since_last_run("2024-08-04") and known.changed_since_last_run(None)
    refresh = KnownPages(known.fetched, known.hashes, known.last_finished, refresh=True)
    assert refresh.skip_reason("https://x.go.id/a") is None and not refresh.unchanged(7, "abc")


def test_second_crawl_of_unchanged_sitemap_site_fetches_three_small_things(tmp_path):
    site = NewsSite(wordpress=False, feed=None)
    db = tmp_path / "a.db"
    with NewsSiteServer(site) as server:
        sources = write_sources(tmp_path / "sources.yml", server.source("peta", "sitemap"))
        assert crawl_all(sources, db, settings=SETTINGS) == 0
        first = len(site.requests)
        assert crawl_all(sources, db, force=True, settings=SETTINGS) == 0
        assert site.requests[first:] == ["/robots.txt", "/robots.txt", "/sitemap.xml"]
        run, stats = last_run(db)
        assert stats["warta/skipped/not_modified"] == 1 and run["healthy"] == 1 and run["new"] == 0

        # One article edited: its month's sitemap and the page itself are fetched, nothing else.
        post = site.posts[816031]
        site.edit(816031, paragraphs=post["paragraphs"] + ["Operasi pasar diperpanjang sampai akhir bulan."])
        mark = len(site.requests)
        assert crawl_all(sources, db, force=True, settings=SETTINGS) == 0
        fetched = site.requests[mark:]
        assert fetched == ["/robots.txt", "/robots.txt", "/sitemap.xml", "/sitemap-posts-2024-07.xml", site.path(post)]
        run, stats = last_run(db)
        assert (run["new"], run["updated"]) == (0, 1)
        # every other month's sitemap, and the section pages' one
        assert stats["warta/skipped/sitemap_unchanged"] == (len(site._months()) - 1) + 1
        assert stats["warta/skipped/known"] == len(site._months()["2024-07"]) - 1

        # --refresh: every page again, with no conditional headers, and nothing changes.
        mark = len(site.requests)
        assert crawl_all(sources, db, refresh=True, settings=SETTINGS) == 0
        run, stats = last_run(db)
        assert (run["new"], run["updated"], run["unchanged"]) == (0, 0, site.storable)
        assert "warta/skipped/not_modified" not in stats and len(site.requests) - mark == first


def test_feed_site_fetches_only_the_new_post(tmp_path):
    site = NewsSite(wordpress=False, sitemap=False, feed_size=100)
    db = tmp_path / "a.db"
    with NewsSiteServer(site) as server:
        sources = write_sources(tmp_path / "sources.yml", server.source("umpan", "feed"))
        assert crawl_all(sources, db, settings=SETTINGS) == 0
        new = dict(site.posts[816031], id=900001, slug="pasar-murah-ramadan", published="2024-12-02T09:00:00+07:00",
                   title="Pemprov Gelar Pasar Murah Jelang Ramadan")
        site.posts[new["id"]] = new
        mark = len(site.requests)
        assert crawl_all(sources, db, force=True, settings=SETTINGS) == 0
        assert site.requests[mark:] == ["/robots.txt", "/feed/", site.path(new)]
    run, stats = last_run(db)
    assert run["new"] == 1 and stats["warta/skipped/known"] == len(site.posts) - 1  # the page with no body too


def test_since_skips_older_entries(tmp_path):
    site = NewsSite(wordpress=False, sitemap=False, feed_size=100)
    with NewsSiteServer(site) as server:
        sources = write_sources(tmp_path / "sources.yml", server.source("umpan", "feed"))
        assert crawl_all(sources, tmp_path / "a.db", since="2024-09-01", settings=SETTINGS) == 0
    newer = [a for a in site.posts.values() if a["published"] >= "2024-09-01"]
    run, stats = last_run(tmp_path / "a.db")
    assert run["new"] == len(newer) == 7
    assert stats["warta/skipped/older_than_since"] == len(site.posts) - len(newer)
