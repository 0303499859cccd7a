"""The archive as Datasette publishes it with metadata.yml (Datasette's own test client)."""
import asyncio
from collections import Counter

import pytest
import yaml
from datasette.app import Datasette

from warta_testing import PROJECT_ROOT
from warta.cli import DATASETTE_SETTINGS
from warta.samplesite.server import load_json

# The sample site's well-formed articles, which the crawl stores (tests/warta_testing.py).
ARTICLES = load_json("articles.json")


@pytest.fixture(scope="module")
def datasette(crawled_db):
    metadata = yaml.safe_load((PROJECT_ROOT / "metadata.yml").read_text())
    return Datasette([str(crawled_db)], metadata=metadata, settings=dict(DATASETTE_SETTINGS))


def get(ds, path):
    response = asyncio.run(ds.client.get(path))
    assert response.status_code == 200, (path, response.text[:500])
    return response


def test_database_is_named_after_the_file(datasette):
    assert [d["name"] for d in get(datasette, "/.json").json().values()] == ["archive"]


def test_search_finds_the_right_article(datasette):
    rows = get(datasette, "/archive/articles.json?_search=kelambu&_shape=array&_col=title").json()
    assert [r["id"] for r in rows] == ["infopublik-814470"]


def test_search_ranks_title_matches_of_a_phrase(datasette):
    # the canned search ranks; the table's _search lists newest first (metadata.yml's sort)
    found = rows(datasette, '/archive/search.json?q="operasi pasar"')
    assert "operasi pasar" in found[0]["title"].lower() and found[0]["article_id"] == "infopublik-816031"
    assert max(r["published_at"] for r in found) > found[0]["published_at"]  # a newer match, ranked below


def test_facets_by_source_category_region_and_month(datasette):
    data = get(datasette, "/archive/articles.json?_size=0").json()
    facets = data["facet_results"]
    facets = facets.get("results", facets)  # Datasette 0.65 nests them under "results"
    assert set(facets) >= {"source", "category", "region", "month"}
    categories = {f["value"]: f["count"] for f in facets["category"]["results"]}
    assert categories == Counter(a["category"] for a in ARTICLES) and len(categories) == 4


def test_newest_first_by_default(datasette):
    rows = get(datasette, "/archive/articles.json?_shape=array&_size=3").json()
    newest = sorted((a["published"] for a in ARTICLES), reverse=True)[:3]
    assert [r["published_at"] for r in rows] == newest


def test_json_api_row_and_foreign_key_labels(datasette):
    data = get(datasette, "/archive/articles/infopublik-794402.json?_shape=array").json()
    assert data[0]["title"] == "Pemkab Balangan Serahkan Beasiswa GEMA BALANGAN kepada 350 Mahasiswa"
    mentions = get(datasette, "/archive/mentions.json?_shape=array&_labels=on"
                              "&article_id=infopublik-816031").json()
    assert mentions and mentions[0]["article_id"]["label"].startswith("Jaga Inflasi")


def test_csv_export(datasette):
    text = get(datasette, "/archive/regions.csv?code=63.11").text
    assert text.splitlines() == ["code,name,kind,province_code,province",
                                 "63.11,Kabupaten Balangan,Kabupaten,63,Kalimantan Selatan"]


def test_table_descriptions_come_from_metadata(datasette):
    html = get(datasette, "/archive/crawl_runs").text
    assert "One row per crawl" in html


# -- canned queries (metadata.yml) and the warta plugin (warta/publish)

def rows(ds, path):
    return get(ds, path + ("&" if "?" in path else "?") + "_shape=array").json()


def test_search_query_understands_indonesian_morphology(datasette, crawled_db):
    import sqlite_utils
    found = rows(datasette, "/archive/search.json?q=berinovasi")
    assert found
    bodies = {r["id"]: r["body"] for r in sqlite_utils.Database(crawled_db)["articles"].rows}
    # some hits never write "berinovasi": they were found through the stem "inovasi"
    assert any("berinovasi" not in bodies[r["article_id"]].lower() for r in found)
    assert all("inovasi" in bodies[r["article_id"]].lower() for r in found)


def test_search_snippets_are_highlighted_and_escaped(datasette):
    html = get(datasette, "/archive/search?q=kelambu").text
    assert "<mark>kelambu</mark>" in html.lower()
    assert "⟦kelambu" not in html.lower()  # markers are turned into <mark>, not shown


def test_a_query_with_hidden_sql_keeps_it_out_of_the_page_title(datasette):
    import re
    (title,) = re.findall(r"<title>(.*?)</title>", get(datasette, "/archive/search?q=kelambu").text, re.S)
    assert "select" not in title.lower() and title.startswith("Search")
    shown = get(datasette, "/archive?sql=select+count(*)+from+regions").text
    assert "<title>archive: select count(*) from regions</title>" in shown   # an ad-hoc query shows its SQL


def test_search_as_atom_feed(datasette):
    response = get(datasette, "/archive/search.atom?q=kelambu")
    assert '<feed xmlns="http://www.w3.org/2005/Atom"' in response.text
    assert response.text.count("<entry>") == 1 and "Kelambu" in response.text


def test_person_positions_query(datasette):
    (row,) = rows(datasette, "/archive/person_positions.json?person=johnny-lumentut-71")
    assert (row["name"], row["position"], row["region"]) == (
        "Johnny Lumentut", "Sekretaris Daerah Provinsi Sulawesi Utara", "Provinsi Sulawesi Utara")
    assert row["first_seen"] == row["last_seen"] == "2024-07-03"
    assert "Johnny Lumentut" in row["evidence"] and row["first_article_id"] == "infopublik-816031"


def test_position_holders_query_includes_acting_posts(datasette):
    found = rows(datasette, "/archive/position_holders.json?title=Wali+Kota&region=Ambon&from=2023-01-01&to=2024-12-31")
    assert [(r["position"], r["acting"]) for r in found] == [("Wali Kota Ambon", "Pj")]
    assert rows(datasette, "/archive/position_holders.json?title=Wali+Kota&region=Ambon&from=2025-01-01&to=") == []


def test_region_awards_and_programs_link_to_articles(datasette):
    awards = rows(datasette, "/archive/region_awards.json?region=Jawa+Timur&year=")
    assert awards and {r["article_id"] for r in awards} == {"infopublik-786480"}
    html = get(datasette, "/archive/region_awards?region=Jawa+Timur&year=").text
    assert 'href="/archive/articles/infopublik-786480"' in html
    programs = rows(datasette, "/archive/region_programs.json?region=Balangan")
    assert "Beasiswa Generasi Emas Balangan" in {r["program"] for r in programs}


def test_person_articles_feed(datasette):
    response = get(datasette, "/archive/person_articles.atom?person=johnny-lumentut-71")
    assert response.text.count("<entry>") == 1 and "Jaga Inflasi" in response.text


def test_article_page_marks_entities_in_the_text(datasette):
    html = get(datasette, "/archive/articles/infopublik-816031").text
    assert '<mark class="entity entity-official" title="official: Sekretaris Daerah Provinsi Sulawesi Utara">' in html
    assert '<mark class="entity entity-date"' in html


def test_article_page_never_injects_scraped_markup(tmp_path):
    from pipelines.archive import Archive
    archive = Archive(tmp_path / "archive.db")
    body = 'Bupati Contoh, Budi Hartono membuka acara. <script>alert("x")</script> <img src=x onerror=alert(1)>'
    archive.save_article({"url": "https://infopublik.id/kategori/nusantara/1/x", "source": "infopublik.id",
                          "article_id": 1, "title": "<b>Judul</b>", "body": body, "content_hash": "h",
                          "published_at": "2024-01-01T00:00:00+07:00"})
    start = body.index("Budi")
    archive.replace_entities("infopublik-1", {"officials": [
        {"name": "Budi Hartono", "position": 'Bupati "><script>', "start": start, "end": start + 12}]}, "v")
    ds = Datasette([str(tmp_path / "archive.db")], metadata=yaml.safe_load((PROJECT_ROOT / "metadata.yml").read_text()))
    html = get(ds, "/archive/articles/infopublik-1").text
    assert "<script>alert" not in html and "<img src=x" not in html and '"><script>' not in html
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in html


def test_person_page_lists_positions_and_articles_with_evidence(datasette):
    html = get(datasette, "/archive/people/johnny-lumentut-71").text
    assert "Positions reported" in html and "Sekretaris Daerah Provinsi Sulawesi Utara" in html
    assert 'href="/archive/articles/infopublik-816031"' in html
    assert "Ir. Johnny Lumentut, M.Si" in html  # the whole evidence sentence, not cut at "Ir."
    assert "/archive/person_articles.atom?person=johnny-lumentut-71" in html


def test_empty_search_lists_the_newest_articles(datasette, crawled_db):
    import sqlite_utils
    newest = [r["id"] for r in sqlite_utils.Database(crawled_db).query(
        "select id from articles order by published_at desc limit 50")]
    assert [r["article_id"] for r in rows(datasette, "/archive/search.json?q=")] == newest
    assert "fts5" not in get(datasette, "/archive/search?q=").text


@pytest.mark.parametrize("q", ['"', '" kelambu', "AND", "*", "kelambu AND", "kelambu OR OR", "NEAR(", "-kelambu^"])
def test_malformed_search_is_read_as_plain_words(datasette, q):
    response = asyncio.run(datasette.client.get("/archive/search", params={"q": q}))
    assert response.status_code == 200 and "fts5" not in response.text
    if "kelambu" in q:
        assert "infopublik-814470" in response.text


def test_search_page_hides_sql_and_feed_columns_but_the_feed_keeps_them(datasette):
    html = get(datasette, "/archive/search?q=kelambu").text
    assert 'id="sql-query"' not in html and 'id="sql-editor"' not in html  # hide_sql
    css_url = "/-/static-plugins/warta/feed-columns.css"
    assert css_url in html and 'class="col-atom_content' in html
    assert ".col-atom_content" in get(datasette, css_url).text
    assert "<entry>" in get(datasette, "/archive/search.atom?q=kelambu").text


def test_search_highlights_over_escaped_text(tmp_path):
    from pipelines.archive import Archive
    archive = Archive(tmp_path / "archive.db")
    archive.save_article({"url": "https://infopublik.id/kategori/nusantara/1/x", "source": "infopublik.id",
                          "article_id": 1, "title": "Judul", "content_hash": "h",
                          "body": 'Warga <script>alert(1)</script> berinovasi di desa.',
                          "published_at": "2024-01-01T00:00:00+07:00"})
    ds = Datasette([str(tmp_path / "archive.db")], metadata=yaml.safe_load((PROJECT_ROOT / "metadata.yml").read_text()))
    html = get(ds, "/archive/search?q=inovasi").text
    assert "<mark>berinovasi</mark>" in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<script>alert(1)" not in html


def facets_of(ds, path):
    data = get(ds, path + ("&" if "?" in path else "?") + "_size=0").json()
    return {name: {str(v["value"]): v["count"] for v in f["results"]} for name, f in data["facet_results"].items()}


def test_facets_are_read_from_the_counts_of_the_last_crawl(crawled_db, tmp_path):
    import shutil
    import sqlite_utils
    path = tmp_path / "archive.db"
    shutil.copy(crawled_db, path)
    db = sqlite_utils.Database(path)

    def live(column, where="1", params=()):
        return dict(db.execute(f"select {column}, count(*) from articles where {column} is not null and {where} "
                               f"group by {column}", params).fetchall())

    counted = {c: live(c) for c in ("source", "category", "region", "month")}
    metadata = yaml.safe_load((PROJECT_ROOT / "metadata.yml").read_text())
    ds = Datasette([str(path)], metadata=metadata, settings=dict(DATASETTE_SETTINGS))
    facets = facets_of(ds, "/archive/articles.json")
    assert {c: facets[c] for c in counted} == counted  # the crawl counted them, and counted right
    region = next(iter(counted["region"]))
    month = db.execute("select month from articles where region = ?", [region]).fetchone()[0]
    # served from facet_counts: a changed count shows, unfiltered and under one filter ...
    with db.conn:
        db.execute("update facet_counts set count = count + 1000 where facet = 'category'")

    def raised(counts):
        return {value: n + 1000 for value, n in counts.items()}

    assert facets_of(ds, "/archive/articles.json")["category"] == raised(counted["category"])
    assert facets_of(ds, f"/archive/articles.json?region={region}")["category"] == raised(
        live("category", "region = ?", [region]))
    # ... while two filters, or a search, are counted live
    filtered = facets_of(ds, f"/archive/articles.json?region={region}&month={month}")
    assert filtered["category"] == live("category", "region = ? and month = ?", [region, month])
    found = rows(ds, "/archive/articles.json?_search=kelambu&_col=category")
    assert found and facets_of(ds, "/archive/articles.json?_search=kelambu")["category"] == Counter(
        r["category"] for r in found)
