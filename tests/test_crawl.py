"""The real spider over real HTTP against the sample site, into a real archive."""
import json
import subprocess
import sys

import sqlite_utils

from pipelines.nlp import EXTRACTOR_VERSION
from warta.samplesite.server import PAGE_SIZE
from warta_testing import PROJECT_ROOT, SAMPLE_ARTICLES, crawl


def runs(db):
    return list(sqlite_utils.Database(db).query("select * from crawl_runs order by id"))


def storable(site, category: str) -> int:
    """The articles of ``category`` a crawl stores: those with a date and a body."""
    return sum(a["category"] == category and bool(a["published"] and a["paragraphs"]) for a in site.articles.values())


def test_whole_site_counts_and_drop_reasons(crawled_db, sample_site):
    db = sqlite_utils.Database(crawled_db)
    good = [a for a in sample_site.site.articles.values() if a["published"] and a["paragraphs"]]
    assert db["articles"].count == len(good) == SAMPLE_ARTICLES
    run = runs(crawled_db)[-1]
    assert (run["new"], run["updated"], run["unchanged"]) == (SAMPLE_ARTICLES, 0, 0)
    assert json.loads(run["dropped_by_reason"]) == {"duplicate": 1, "empty_body": 1, "no_date": 1}
    stats = json.loads(run["stats"])
    assert stats["robotstxt/forbidden"] == 1
    assert stats["httperror/response_ignored_status_count/404"] == 1
    assert stats["retry/count"] == 1 and stats["warta/backoff"] == 1
    assert stats["warta/backoff_recovered"] == 1  # the site's normal pace came back after the 503
    assert run["errors"] == 0 and run["finish_reason"] == "finished"
    # robots.txt was obeyed: the forbidden page was never requested
    assert not [p for p in sample_site.site.requests if p.startswith("/kategori/internal/")]


def test_stored_fields_of_one_article(crawled_db, sample_site):
    row = sqlite_utils.Database(crawled_db)["articles"].get("infopublik-816031")
    base = sample_site.base_url
    assert row["url"] == base + "/kategori/nusantara/816031/jaga-inflasi-pemprov-sulut-gelar-operasi-pasar-optima-di-15-kabupaten-kota"
    assert (row["source"], row["article_id"], row["category"]) == ("infopublik.id", 816031, "nusantara")
    assert (row["author"], row["editor"], row["views"]) == ("MC PROV SULAWESI UTARA", "Meirina Kusuma", 1395)
    assert (row["region_code"], row["region"], row["province"]) == ("71", "Provinsi Sulawesi Utara", "Sulawesi Utara")
    assert (row["published_at"], row["updated_at"], row["month"]) == (
        "2024-07-03T14:00:00+08:00", "2024-07-03T19:40:00+08:00", "2024-07")
    assert (row["dateline"], row["signoff"]) == ("Manado", "(MC Prov Sulut/jm/mei)")
    assert json.loads(row["tags"]) == ["inflasi", "operasi pasar", "sulawesi utara", "ekonomi"]
    assert row["extraction_layer"] == "selectors"
    assert row["extractor_version"] == EXTRACTOR_VERSION  # the NLP stage ran on it


def test_page_that_answered_503_first_was_stored(crawled_db):
    assert sqlite_utils.Database(crawled_db)["articles"].get("infopublik-812905")["title"].startswith(
        "Aplikasi SALAWA")


def test_article_under_two_urls_is_stored_once(crawled_db):
    db = sqlite_utils.Database(crawled_db)
    assert db["articles"].count_where("article_id = 794402") == 1


def test_charset_page_and_layers_in_archive(crawled_db, sample_site):
    db = sqlite_utils.Database(crawled_db)
    assert "“" in db["articles"].get("infopublik-801012")["body"]
    layers = dict(db.execute("select extraction_layer, count(*) from articles group by 1").fetchall())
    # the redesigned pages: those with JSON-LD (even ids) give their body through it, the others
    # through what the page shows; every other page through the site's selectors
    redesigned = sample_site.site.quirks["fallback_layout_ids"]
    with_jsonld = sum(i % 2 == 0 for i in redesigned)
    assert layers == {"selectors": SAMPLE_ARTICLES - len(redesigned), "metadata": with_jsonld,
                      "page": len(redesigned) - with_jsonld}


def test_raw_html_kept_for_every_article(crawled_db):
    db = sqlite_utils.Database(crawled_db)
    assert db["article_raw"].count == db["articles"].count
    assert db.execute("select encoding from article_raw where article_id = 'infopublik-801012'").fetchone()[0] == "cp1252"


def test_nlp_stage_links_mentions_dates_and_people_to_articles(crawled_db):
    db = sqlite_utils.Database(crawled_db)
    officials = list(db["mentions"].rows_where("article_id = ? and entity_type = 'official'", ["infopublik-816031"]))
    by_name = {o["name"]: o for o in officials}
    assert "Johnny Lumentut" in by_name
    assert "Johnny Lumentut" in by_name["Johnny Lumentut"]["sentence"]
    person = db["people"].get(by_name["Johnny Lumentut"]["person_id"])
    assert (person["name"], person["first_seen"]) == ("Johnny Lumentut", "2024-07-03")
    dates = {d["date"] for d in db["dates"].rows_where("article_id = ?", ["infopublik-816031"])}
    assert "2024-07-03" in dates
    orphans = db.execute("select count(*) from mentions where article_id not in (select id from articles)").fetchone()[0]
    assert orphans == 0
    unresolved = db.execute("select count(*) from mentions where entity_type = 'official' "
                            "and person_id is null").fetchone()[0]
    assert unresolved == 0


def test_recrawl_updates_the_changed_article_and_duplicates_nothing(fresh_site, tmp_path):
    db_path = tmp_path / "archive.db"
    crawl(fresh_site.base_url, db_path, "category=nasional-ekonomi-bisnis")
    changed = fresh_site.site.articles[807305]
    fresh_site.site.edit(807305, paragraphs=changed["paragraphs"] + ["Pendaftaran diperpanjang hingga 25 Maret 2024."],
                         updated="2024-03-22T09:00:00+07:00")
    crawl(fresh_site.base_url, db_path, "category=nasional-ekonomi-bisnis")
    db = sqlite_utils.Database(db_path)
    n = storable(fresh_site.site, "nasional-ekonomi-bisnis")
    assert db["articles"].count == n
    row = db["articles"].get("infopublik-807305")
    assert row["updated_at"] == "2024-03-22T09:00:00+07:00"
    assert row["body"].endswith("Pendaftaran diperpanjang hingga 25 Maret 2024.")
    versions = list(db.query("select updated_at from article_versions where article_id = 'infopublik-807305' order by rowid"))
    assert versions == [{"updated_at": "2024-03-21T10:30:00+07:00"}, {"updated_at": "2024-03-22T09:00:00+07:00"}]
    second = runs(db_path)[-1]
    assert (second["new"], second["updated"], second["unchanged"]) == (0, 1, n - 1)
    assert "2024-03-25" in {d["date"] for d in db["dates"].rows_where("article_id = 'infopublik-807305'")}


def test_since_stops_paging_at_older_listings(fresh_site, tmp_path):
    db_path = tmp_path / "archive.db"
    crawl(fresh_site.base_url, db_path, "category=nusantara", "since=2024-06-01")
    db = sqlite_utils.Database(db_path)
    published = [r["published_at"] for r in db["articles"].rows]
    expected = [a for a in fresh_site.site.articles.values()
                if a["category"] == "nusantara" and (a["published"] or "") >= "2024-06-01"]
    assert len(published) == len(expected) == 8 and min(published) >= "2024-06-01"
    stats = json.loads(runs(db_path)[-1]["stats"])
    assert stats["warta/listing_pages"] == 2  # page 2 holds older articles only: page 3 is never asked for
    assert "/kategori/nusantara" in fresh_site.site.requests


def test_max_pages_limits_listing_pages(fresh_site, tmp_path):
    db_path = tmp_path / "archive.db"
    crawl(fresh_site.base_url, db_path, "category=nusantara", "max_pages=1", "since=2020-01-01")
    assert json.loads(runs(db_path)[-1]["stats"])["warta/listing_pages"] == 1
    # the first listing page's links, minus the dead and robots-forbidden ones pinned on top
    dead_and_forbidden = len(fresh_site.site.quirks["listing_extras"]["nusantara"])
    assert sqlite_utils.Database(db_path)["articles"].count == PAGE_SIZE - dead_and_forbidden


def test_warta_crawl_and_indonesiagoid_spider(fresh_site, tmp_path):
    db_path = tmp_path / "archive.db"
    result = crawl(fresh_site.base_url, db_path, "category=nasional-politik-hukum-dan-keamanan",
                   command=("warta", "crawl"), spider="indonesiagoid")
    assert f"stored {storable(fresh_site.site, 'nasional-politik-hukum-dan-keamanan')} new" in result.stderr
    rows = list(sqlite_utils.Database(db_path)["articles"].rows)
    assert {r["source"] for r in rows} == {"indonesia.go.id"}
    assert all(r["id"].startswith("indonesia-") for r in rows)


def test_bad_spider_argument_is_a_clear_error(tmp_path):
    result = subprocess.run([sys.executable, "-m", "warta", "crawl", "infopublik", "-a", "since=kemarin",
                             "--db", str(tmp_path / "a.db")], capture_output=True, text=True, cwd=PROJECT_ROOT)
    assert result.returncode == 2
    assert "since must be a date as YYYY-MM-DD, got 'kemarin'" in result.stderr
    assert "Traceback" not in result.stderr
