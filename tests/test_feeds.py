"""Feeds and sitemaps: the parsers, the listing check, and the generic spider over HTTP."""
import gzip
import json

import sqlite_utils

from scraper.parse.feeds import feed_date, parse_xml, sitemaps_in_robots, stable_article_id
from scraper.parse.generic import listing_reason
from newssite import NewsSite, NewsSiteServer, write_sources
from warta.schedule import crawl_all
from warta_testing import FAST_NO_NLP

SETTINGS = FAST_NO_NLP
RSS = b"""<?xml version="1.0"?><rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel>
<item><title>Bupati Resmikan Pasar</title><link>/berita/pasar-baru</link><pubDate>05 Agustus 2024</pubDate>
<dc:creator>Diskominfo</dc:creator></item>
<item><title>Tanpa tautan</title><guid isPermaLink="true">https://kab.go.id/berita/guid-saja</guid>
<pubDate>Senin, 12 Agustus 2024 14:30 WITA</pubDate></item>
<item><title>Tidak ada alamat</title></item>
</channel></rss>"""


def test_rss_with_indonesian_dates():
    doc = parse_xml(RSS, "https://kab.go.id/feed/")
    assert (doc.kind, doc.broken) == ("rss", False)
    assert [(e.url, e.published_at, e.author) for e in doc.entries] == [
        ("https://kab.go.id/berita/pasar-baru", "2024-08-05T00:00:00", "Diskominfo"),
        ("https://kab.go.id/berita/guid-saja", "2024-08-12T14:30:00+08:00", None)]
    assert feed_date("Mon, 05 Aug 2024 10:00:00 +0700") == "2024-08-05T10:00:00+07:00"
    assert feed_date("") is None and feed_date("kemarin sore") is None


def test_atom_and_sitemaps():
    atom = b"""<feed xmlns="http://www.w3.org/2005/Atom"><entry><title>A</title>
    <link rel="alternate" href="https://x.go.id/a"/><link rel="edit" href="https://x.go.id/edit/a"/>
    <published>2024-08-05T10:00:00+07:00</published><updated>2024-08-06T10:00:00+07:00</updated>
    <author><name>Humas</name></author></entry></feed>"""
    doc = parse_xml(atom, "https://x.go.id/feed")
    assert doc.kind == "atom" and doc.entries[0][:5] == (
        "https://x.go.id/a", "A", "2024-08-05T10:00:00+07:00", "2024-08-06T10:00:00+07:00", "Humas")
    index = b"""<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><sitemap><loc>https://x.go.id/s1.xml.gz</loc>
    <lastmod>2024-08-01</lastmod></sitemap></sitemapindex>"""
    doc = parse_xml(gzip.compress(index), "https://x.go.id/sitemap.xml")
    assert doc.kind == "sitemapindex" and doc.entries[0].url == "https://x.go.id/s1.xml.gz"
    news = b"""<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
    <url><loc>https://x.go.id/b</loc><lastmod>2024-08-07T08:00:00+07:00</lastmod><news:news>
    <news:publication_date>2024-08-06T09:00:00+07:00</news:publication_date><news:title>B</news:title></news:news></url></urlset>"""
    entry = parse_xml(news, "https://x.go.id/news.xml").entries[0]
    assert (entry.title, entry.published_at, entry.updated_at) == ("B", "2024-08-06T09:00:00+07:00", "2024-08-07T08:00:00+07:00")


def test_broken_and_non_xml():
    broken = parse_xml(RSS[:RSS.index(b"<item><title>Tanpa")] + b"<item><title>Putus di ten", "https://kab.go.id/feed/")
    assert broken.broken and broken.kind == "rss" and len(broken.entries) == 1
    assert parse_xml(b"<html><body>Situs dalam perbaikan</body></html>", "https://x.go.id/feed/").kind is None
    assert parse_xml(b"", "https://x.go.id/feed/") == (None, [], True, 0)
    assert sitemaps_in_robots("User-agent: *\nDisallow: /a\nSitemap: /sm.xml\nsitemap: https://x.go.id/b.xml",
                              "https://x.go.id/robots.txt") == ["https://x.go.id/sm.xml", "https://x.go.id/b.xml"]


def test_stable_ids():
    a = stable_article_id("https://Kab.go.id/berita/pasar/")
    assert a == stable_article_id("https://kab.go.id/berita/pasar") and 0 < a < 2 ** 53
    assert a != stable_article_id("https://kab.go.id/berita/pasar?page=2")


def test_listing_pages_are_told_from_articles():
    site = NewsSite()
    site.base_url = "http://x"
    article = site.article(site.newest_first()[5]).body.decode()
    listing = site.listing("/category/berita/").body.decode()
    assert listing_reason(article) is None and listing_reason(listing) == "listing_page"
    links = "<html><body>" + "".join(f'<p><a href="/b/{i}">Berita nomor {i} hari ini</a></p>' for i in range(30)) + "<p>Kontak</p></body></html>"
    assert listing_reason(links) == "listing_page"


def test_feed_only_site_with_indonesian_dates(tmp_path):
    site = NewsSite(wordpress=False, sitemap=False, feed_dates="id", feed_size=100)
    with NewsSiteServer(site) as server:
        sources = write_sources(tmp_path / "sources.yml", server.source("feedonly", "feed"))
        assert crawl_all(sources, tmp_path / "a.db", settings=SETTINGS) == 0
    db = sqlite_utils.Database(tmp_path / "a.db")
    assert db["articles"].count == site.storable
    run = db.execute("select healthy, coverage_date, coverage_byline, stats from crawl_runs").fetchone()
    assert run[:3] == (1, 1.0, 1.0)
    stats = json.loads(run[3])
    assert stats["warta/feeds"] == 1 and "warta/sitemaps" not in stats  # no sitemap on this site
    layers = {r["extraction_layer"] for r in db["articles"].rows}
    assert layers == {"page"}
    assert all(r["article_id"] < 2 ** 53 and r["published_at"] for r in db["articles"].rows)


def test_sitemap_only_site(tmp_path):
    site = NewsSite(wordpress=False, feed=None)
    with NewsSiteServer(site) as server:
        sources = write_sources(tmp_path / "sources.yml", server.source("petasitus", "sitemap"))
        assert crawl_all(sources, tmp_path / "a.db", settings=SETTINGS) == 0
    db = sqlite_utils.Database(tmp_path / "a.db")
    assert db["articles"].count == site.storable
    url = site.base_url + site.path(site.posts[816031])
    row = next(db["articles"].rows_where("url = ?", [url]))
    assert row["article_id"] == stable_article_id(url) and row["published_at"] == "2024-07-03T14:00:00+08:00"
    stats = json.loads(db.execute("select stats from crawl_runs").fetchone()[0])
    assert stats["warta/skipped/listing_page"] == 2
    assert stats["warta/sitemaps"] == len(site._months()) + 2 == 20  # the index, monthly posts, section pages


def test_atom_feed_source(tmp_path):
    site = NewsSite(wordpress=False, sitemap=False, feed="atom", feed_size=5)
    with NewsSiteServer(site) as server:
        sources = write_sources(tmp_path / "sources.yml", server.source("atom", "feed"))
        assert crawl_all(sources, tmp_path / "a.db", settings=SETTINGS) == 0
    assert sqlite_utils.Database(tmp_path / "a.db")["articles"].count == 5
