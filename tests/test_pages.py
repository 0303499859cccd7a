"""The reader's pages: the front page and the program, award, position and region pages, on the
crawled sample archive through Datasette's test client; and their server-side charts."""
import asyncio
import re
from pathlib import Path

import pytest
import yaml
from datasette.app import Datasette
from datasette.utils import tilde_encode

from warta.cli import DATASETTE_SETTINGS
from warta.publish.charts import month_bars, timeline
from warta.publish.pages import other_names
from warta_testing import PROJECT_ROOT, SAMPLE_ARTICLES

METADATA = yaml.safe_load((PROJECT_ROOT / "metadata.yml").read_text())


def html(ds, path: str) -> str:
    response = asyncio.run(ds.client.get(path))
    assert response.status_code == 200, (path, response.text[:500])
    return response.text


@pytest.fixture(scope="module")
def datasette(crawled_db):
    return Datasette([str(crawled_db)], metadata=METADATA, settings=dict(DATASETTE_SETTINGS))


def test_front_page_searches_and_links_to_every_kind_of_page(datasette):
    page = html(datasette, "/")
    assert '<form class="warta-search" action="/archive/search" method="get"' in page
    assert 'name="q"' in page
    assert "Pameran Gelar Karya IKM Nusantara 2024" in page  # the newest article
    assert f"<strong>{SAMPLE_ARTICLES}</strong> articles" in page
    assert "In the 30 days to 2024-11-13" in page
    for kind in ("articles", "people", "positions", "programs", "awards", "regions"):
        assert f'href="/archive/{kind}/' in page, kind
    assert 'href="/archive/regions/63">Kalimantan Selatan</a>' in page


def test_officials_most_mentioned_are_those_of_the_last_30_days(datasette):
    section = html(datasette, "/").split("Officials most mentioned")[1].split("</section>")[0]
    names = re.findall(r'href="/archive/people/[^"]+">([^<]+)</a>', section)
    assert "Rahmat Hidayatullah" in names  # 2024-11-13
    assert "Johnny Lumentut" not in names  # 2024-07-03, months before the newest article


def test_program_page(datasette):
    page = html(datasette, "/archive/programs/sawah-rawa-produktif-banua-63~2E08")
    assert "<h1>Sawah Rawa Produktif Banua (SARAPAN BANUA)</h1>" in page
    assert 'href="/archive/regions/63~2E08"' in page
    assert '<svg class="warta-chart"' in page and "<title>2023-07: 1 articles</title>" in page
    assert 'href="/archive/articles/infopublik-' in page
    assert "Also written" not in page  # its only alias is the acronym, shown already


def test_other_names_leave_out_what_the_page_shows():
    assert other_names({"name": "Gerakan Sehat", "acronym": "GESIT", "aliases": '["GESIT", "Gerakan Sehat Bersama"]'}) == [
        "Gerakan Sehat Bersama"]
    assert other_names({"name": "Budi", "aliases": None}) == []


def test_award_page_lists_the_regions_other_awards(datasette):
    page = html(datasette, "/archive/awards/innovative-government-award-35")
    assert "<h1>Innovative Government Award</h1>" in page
    assert "Other awards of Provinsi Jawa Timur" in page
    assert 'href="/archive/awards/peringkat-pertama-kompetisi-inovasi-pelayanan-publik-35"' in page


def test_position_page_shows_acting_holders_on_a_timeline(datasette):
    page = html(datasette, "/archive/positions/bupati-merauke-93~2E01")
    assert "<h1>Bupati Merauke</h1>" in page
    assert 'href="/archive/people/albertus-mahuze-93~2E01">Albertus Mahuze</a>' in page
    assert '<td data-label="acting">Pj</td>' in page
    assert 'class="acting"><title>Albertus Mahuze (Pj): 2024-08-14 to 2024-08-14</title>' in page


def test_province_page_lists_regencies_officials_programs_and_articles_per_month(datasette):
    page = html(datasette, "/archive/regions/63")
    assert "<h1>Provinsi Kalimantan Selatan</h1>" in page
    assert 'href="/archive/regions/63~2E11">Kabupaten Balangan</a>' in page
    assert 'href="/archive/positions/sekretaris-daerah-kabupaten-balangan-63~2E11"' in page
    assert 'href="/archive/programs/sawah-rawa-produktif-banua-63~2E08"' in page
    assert 'href="/archive/position_history?province=Kalimantan%20Selatan&amp;_sort=first_seen"' in page
    # Articles from 2023-07 and 2023-11: the months between are drawn empty, not skipped.
    assert "<title>2023-09: 0 articles</title>" in page and "<title>2023-11: 1 articles</title>" in page


def test_regency_page_links_back_to_its_province(datasette):
    page = html(datasette, "/archive/regions/63~2E11")
    assert 'href="/archive/regions/63">Kalimantan Selatan</a>' in page
    assert "Regencies and cities" not in page
    assert "Beasiswa Generasi Emas Balangan" in page


def test_person_page_links_positions_and_draws_a_timeline(datasette):
    page = html(datasette, "/archive/people/johnny-lumentut-71")
    assert 'href="/archive/positions/sekretaris-daerah-provinsi-sulawesi-utara-71"' in page
    assert '<svg class="warta-chart warta-timeline"' in page


def test_no_page_renders_scraped_markup(hostile_db):
    ds = Datasette([str(hostile_db)], metadata=METADATA)
    pages = ["/", "/archive/regions/63~2E11", "/archive/regions/63"]
    for table in ("people", "positions", "programs", "awards"):
        (row_id,) = asyncio.run(ds.client.get(f"/archive/{table}.json?_shape=arrayfirst&id__contains=pwned")).json()
        pages.append(f"/archive/{table}/{tilde_encode(row_id)}")
    for path in pages:
        page = html(ds, path)
        assert "&lt;script&gt;" in page, path  # the hostile text is shown, escaped
        assert "<script>document" not in page and "<img src=x" not in page, path


def test_month_bars_fill_the_gaps_and_scale_to_the_busiest_month():
    svg = str(month_bars([("2023-11", 4), ("2024-02", 2)], "articles", height=80))
    titles = re.findall(r"<title>([^<]+)</title>", svg)
    assert titles[1:] == ["2023-11: 4 articles", "2023-12: 0 articles", "2024-01: 0 articles", "2024-02: 2 articles"]
    heights = [int(h) for h in re.findall(r'<rect [^>]*height="(\d+)"', svg)]
    assert heights == [80, 1, 1, 40]
    assert month_bars([], "articles") == ""


def test_timeline_places_spells_in_time_and_marks_acting_posts():
    svg = str(timeline([{"label": "A <b>", "start": "2022-01-01", "end": "2022-12-31", "acting": None},
                        {"label": "B (Plt)", "start": "2023-01-01", "end": "2024-01-01", "acting": "Plt"}]))
    rects = re.findall(r'<rect x="([\d.]+)%" y="\d+" width="([\d.]+)%" height="14" class="(\w+)">', svg)
    (x1, w1, c1), (x2, w2, c2) = [(float(x), float(w), c) for x, w, c in rects]
    assert (c1, c2) == ("held", "acting")
    assert x1 == 0 and x2 > x1 + w1 - 0.5 and x2 + w2 == pytest.approx(99, abs=0.1)
    assert ">2023</text>" in svg and ">2024</text>" in svg  # year ticks
    assert "A &lt;b&gt;" in svg and "<b>" not in svg


def test_an_archive_in_another_file_gets_every_page_template(tmp_path):
    from warta.cli import _publishing_config
    args = _publishing_config(tmp_path / "kalsel.db")
    folder = args[args.index("--template-dir") + 1]
    templates = {path.name for path in Path(folder).glob("*.html")}
    assert templates == {f"row-kalsel-{table}.html" for table in
                         ("articles", "people", "programs", "awards", "positions", "regions")}


def test_busy_and_quiet_entities_and_regions_get_the_rows_of_the_plain_queries(crawled_db, tmp_path):
    """The walk for an entity or region holding over 2% of the archive and the index read for
    any other (warta/publish/pages.py) give what reading every row and sorting would."""
    import shutil
    import sqlite3

    from warta.publish import pages

    def check(path):
        db = Datasette([str(path)]).get_database(Path(path).stem)
        conn = sqlite3.connect(path)
        for (program,) in conn.execute("select id from programs"):
            plain = conn.execute(
                "select articles.id from mentions join articles on articles.id = mentions.article_id "
                "where mentions.program_id = ? group by articles.id order by articles.published_at desc, articles.id",
                [program]).fetchall()
            rows = asyncio.run(pages._mentioning_articles(db, "mentions.program_id = :id", {"id": program}))
            assert sorted(r["id"] for r in rows) == sorted(a for (a,) in plain), program
        for (code,) in conn.execute("select code from regions where kind = 'Provinsi'"):
            plain = set(conn.execute(
                "select positions.id, person_positions.person_id from positions "
                "join person_positions on person_positions.position_id = positions.id "
                "where positions.region_code >= ? and positions.region_code < ? || '/'", [code, code]).fetchall())
            officials = asyncio.run(pages.region_vars(db, code))["officials"]
            assert {(r["position_id"], r["person_id"]) for r in officials} == plain, code  # under 50 in the sample
        return conn

    conn = check(crawled_db)  # every program is in over 2% of the sample's 43 articles
    assert conn.execute("select count(*) from programs").fetchone()[0] > 0
    quiet = tmp_path / "archive.db"  # 500 more articles: every program and most regions quiet
    shutil.copy(crawled_db, quiet)
    with sqlite3.connect(quiet) as more:
        more.executemany("insert into articles (id, source, article_id, published_at) values (?, 'x', ?, '2020-01-01')",
                         [(f"filler-{i}", i) for i in range(500)])
        more.executemany("insert into positions (id, label) values (?, 'x')", [(f"filler-{i}",) for i in range(500)])
    check(quiet)
