"""The archive as Datasette publishes it with metadata.yml (Datasette's own test client)."""
import asyncio

import pytest
import yaml
from datasette.app import Datasette

from warta_testing import PROJECT_ROOT
from warta.cli import DATASETTE_SETTINGS


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
    rows = get(datasette, "/archive/articles.json?_search=kelambu&_shape=array").json()
    assert [r["id"] for r in rows] == ["infopublik-814470"]


def test_search_ranks_title_matches_of_a_phrase(datasette):
    rows = get(datasette, '/archive/articles.json?_search="operasi pasar"&_shape=array&_col=title').json()
    assert "infopublik-816031" in [r["id"] for r in rows]


def test_facets_by_source_category_region_and_month(datasette):
    data = get(datasette, "/archive/articles.json?_size=0").json()
    facets = data["facet_results"]
    facets = facets.get("results", facets)  # Datasette 0.65 nests them under "results"
    assert set(facets) >= {"source", "category", "region", "month"}
    categories = {f["value"]: f["count"] for f in facets["category"]["results"]}
    assert categories == {"nusantara": 29, "nasional-sosial-budaya": 5, "nasional-ekonomi-bisnis": 5,
                          "nasional-politik-hukum-dan-keamanan": 4}


def test_newest_first_by_default(datasette):
    rows = get(datasette, "/archive/articles.json?_shape=array&_size=3").json()
    assert [r["published_at"][:10] for r in rows] == ["2024-11-13", "2024-11-11", "2024-10-30"]


def test_json_api_row_and_foreign_key_labels(datasette):
    data = get(datasette, "/archive/articles/infopublik-794402.json?_shape=array").json()
    assert data[0]["title"] == "Pemkab Balangan Serahkan Beasiswa GEMA BALANGAN kepada 350 Mahasiswa"
    officials = get(datasette, "/archive/officials.json?_shape=array&_labels=on"
                               "&article_id=infopublik-816031").json()
    assert officials and officials[0]["article_id"]["label"].startswith("Jaga Inflasi")


def test_csv_export(datasette):
    text = get(datasette, "/archive/regions.csv?code=63.11").text
    assert text.splitlines() == ["code,name,kind,province_code,province",
                                 "63.11,Kabupaten Balangan,Kabupaten,63,Kalimantan Selatan"]


def test_table_descriptions_come_from_metadata(datasette):
    html = get(datasette, "/archive/crawl_runs").text
    assert "One row per crawl" in html
