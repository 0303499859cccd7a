"""WordPress sources: the REST API, and the fallbacks to the feed and the sitemap."""
import json

import sqlite_utils

from scraper.parse.wordpress import parse_post, post_id, total_pages
from newssite import NewsSite, NewsSiteServer, write_sources
from warta.schedule import crawl_all
from warta_testing import FAST_NO_NLP

SETTINGS = FAST_NO_NLP
POST = {
    "id": 4521, "date": "2024-08-05T10:00:00", "date_gmt": "2024-08-05T02:00:00",
    "modified": "2024-08-06T08:30:00", "modified_gmt": "2024-08-06T00:30:00",
    "link": "https://diskominfo.kaltimprov.go.id/2024/08/05/rapat-inflasi/",
    "title": {"rendered": "Gubernur Pimpin Rapat &#8220;Inflasi&#8221; Daerah"},
    "content": {"rendered": "<p><strong>Samarinda, Humas</strong> &#8211; Pemprov Kaltim menggelar rapat "
                            "pengendalian inflasi bersama 10 kabupaten/kota.</p>\n<p>Rapat dipimpin Gubernur.</p>"
                            "\n<p>(Humas Kaltim/adv/rd)</p>"},
    "_embedded": {"author": [{"id": 3, "name": "Humas Kaltim"}],
                  "wp:featuredmedia": [{"source_url": "https://x.go.id/wp-content/uploads/rapat.jpg",
                                        "caption": {"rendered": "<p>Suasana rapat.</p>"}}],
                  "wp:term": [[{"taxonomy": "category", "slug": "berita", "name": "Berita"}],
                              [{"taxonomy": "post_tag", "name": "inflasi"}, {"taxonomy": "post_tag", "name": "kaltim"}]]},
}


def runs(db):
    return list(sqlite_utils.Database(db).query("select * from crawl_runs order by id"))


def test_parse_post_reads_every_field():
    article = parse_post(POST, "diskominfo.kaltimprov.go.id")
    assert (article["article_id"], article["category"]) == (4521, "berita")
    assert article["title"] == "Gubernur Pimpin Rapat “Inflasi” Daerah"
    # the zone is the difference between the site's time and UTC
    assert (article["published_at"], article["updated_at"]) == ("2024-08-05T10:00:00+08:00", "2024-08-06T08:30:00+08:00")
    assert article["author"] == "Humas Kaltim" and article["signoff"] == "(Humas Kaltim/adv/rd)"
    assert article["body"].startswith("Samarinda, Humas – Pemprov Kaltim") and article["body"].endswith("dipimpin Gubernur.")
    assert (article["lead_image_url"], article["lead_image_caption"]) == (
        "https://x.go.id/wp-content/uploads/rapat.jpg", "Suasana rapat.")
    assert article["tags"] == ["inflasi", "kaltim"]
    assert article["extraction_layer"] == "wp-api" and article["field_sources"]["published_at"] == "wp-api"


def test_unedited_post_has_no_update_time():
    post = {**POST, "modified": POST["date"], "modified_gmt": POST["date_gmt"], "_embedded": {}}
    article = parse_post(post, "x.go.id")
    assert article["updated_at"] is None and article["author"] is None and article["tags"] == []


def test_post_id_from_guid_shortlink_or_body_class():
    assert post_id(guid="https://x.go.id/?p=77") == 77
    assert post_id('<html><head><link rel="shortlink" href="https://x.go.id/?p=88"></head></html>') == 88
    assert post_id('<html><body class="single postid-99 logged-out"></body></html>') == 99
    assert post_id("<html><body><p>no id</p></body></html>", guid="https://x.go.id/a/") is None
    assert (total_pages(b"7"), total_pages(None), total_pages("x")) == (7, 1, 1)


def test_api_crawl_stores_every_post_without_fetching_pages(tmp_path):
    site = NewsSite()
    with NewsSiteServer(site) as server:
        sources = write_sources(tmp_path / "sources.yml", server.source("contoh", "wordpress"))
        assert crawl_all(sources, tmp_path / "a.db", settings=SETTINGS) == 0
        assert [p for p in site.requests if p != "/robots.txt"] == [
            "/wp-json/wp/v2/posts?per_page=100&page=1&_embed=1&orderby=date&order=desc"]
        db = sqlite_utils.Database(tmp_path / "a.db")
        assert db["articles"].count == site.storable  # one post has an empty body
        row = db["articles"].get("127-0-0-1-816031")
        assert row["published_at"] == "2024-07-03T14:00:00+08:00" and row["updated_at"] == "2024-07-03T19:40:00+08:00"
        assert (row["author"], row["region_code"]) == ("MC PROV SULAWESI UTARA", "71")  # from the byline
        assert row["signoff"] == "(MC Prov Sulut/jm/mei)" and row["category"] == "nusantara"
        by_humas = db["articles"].get("127-0-0-1-827240")
        assert (by_humas["author"], by_humas["region_code"]) == ("Tim Humas", "33")  # the source's region
        assert json.loads(by_humas["field_sources"])["region_code"] == "source"
        run = runs(tmp_path / "a.db")[-1]
        assert (run["source_name"], run["new"], run["healthy"], run["coverage_title"]) == ("contoh", site.storable, 1, 1.0)

        # Second run: only posts modified since the last run are asked for.
        site.edit(816031, title="Jaga Inflasi, Pemprov Sulut Perluas Operasi Pasar")
        assert crawl_all(sources, tmp_path / "a.db", force=True, settings=SETTINGS) == 0
        assert "modified_after=" in site.requests[-1]
        run = runs(tmp_path / "a.db")[-1]
        assert (run["pages"], run["new"], run["updated"]) == (2, 0, 1)
        assert db["articles"].get("127-0-0-1-816031")["title"].startswith("Jaga Inflasi, Pemprov Sulut Perluas")


def test_api_paging_and_since(tmp_path):
    site = NewsSite.generate(230)
    with NewsSiteServer(site) as server:
        sources = write_sources(tmp_path / "sources.yml", server.source("contoh", "wordpress"))
        assert crawl_all(sources, tmp_path / "a.db", since="2024-03-01", settings=SETTINGS) == 0
    api = [p for p in site.requests if p.startswith("/wp-json/")]
    assert len(api) == 3 and all("after=2024-03-01T00:00:00" in p for p in api)  # X-WP-TotalPages = 3
    db = sqlite_utils.Database(tmp_path / "a.db")
    expected = [a for a in site.posts.values() if a["published"] > "2024-03-01T07"]
    assert db["articles"].count == len(expected) == 214


def test_api_forbidden_falls_back_to_feed_then_sitemap(tmp_path):
    site = NewsSite(api=403)
    with NewsSiteServer(site) as server:
        sources = write_sources(tmp_path / "sources.yml", server.source("contoh", "wordpress"))
        assert crawl_all(sources, tmp_path / "a.db", settings=SETTINGS) == 0
    db = sqlite_utils.Database(tmp_path / "a.db")
    assert db["articles"].count == site.storable
    assert db["articles"].get("127-0-0-1-816031")["extraction_layer"] == "page"  # read from the page
    stats = json.loads(runs(tmp_path / "a.db")[-1]["stats"])
    assert stats["warta/discovery/api_unavailable/403"] == 1 and stats["warta/feeds"] == 1
    assert stats["warta/skipped/listing_page"] == 2  # section pages in the sitemap are not articles
    assert "/feed/" in site.requests and "/sitemap.xml" in site.requests


def test_no_api_no_feed_uses_the_sitemap(tmp_path):
    site = NewsSite(api=404, feed=None)
    with NewsSiteServer(site) as server:
        sources = write_sources(tmp_path / "sources.yml", server.source("contoh", "wordpress"))
        assert crawl_all(sources, tmp_path / "a.db", settings=SETTINGS) == 0
    assert sqlite_utils.Database(tmp_path / "a.db")["articles"].count == site.storable
    stats = json.loads(runs(tmp_path / "a.db")[-1]["stats"])
    assert stats["warta/discovery/feed_unavailable"] == 1 and stats["warta/sitemaps"] >= 2
