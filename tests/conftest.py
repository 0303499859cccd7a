import pytest

from warta.samplesite.server import SampleSite, SampleSiteServer
from warta_testing import crawl


@pytest.fixture(scope="session")
def sample_site():
    with SampleSiteServer() as server:
        yield server


@pytest.fixture(scope="session")
def crawled_db(sample_site, tmp_path_factory):
    """The whole sample site crawled once with ``scrapy crawl infopublik``, shared read-only."""
    db = tmp_path_factory.mktemp("crawl") / "archive.db"
    crawl(sample_site.base_url, db)
    return db


@pytest.fixture
def fresh_site():
    """A sample site of its own, for tests that edit articles."""
    with SampleSiteServer(SampleSite()) as server:
        yield server


# Scraped text that would run if any page rendered it as markup: it sets the page title.
HOSTILE = '<script>document.title="pwned"</script><img src=x onerror="document.title=\'pwned\'">'


@pytest.fixture(scope="session")
def hostile_db(crawled_db, tmp_path_factory):
    """The crawled archive plus a newest article whose text, official, program and award carry
    markup, so every page that lists them is tried with it."""
    import shutil

    from pipelines.archive import Archive
    from pipelines.resolve import rebuild

    db = tmp_path_factory.mktemp("hostile") / "archive.db"
    shutil.copy(crawled_db, db)
    archive = Archive(db)
    body = f"Bupati Balangan, Budi Hartono {HOSTILE} meresmikan program Jahat {HOSTILE} dan menerima Anugerah Jahat."
    archive.save_article({"url": "https://infopublik.id/kategori/nusantara/999999/x", "source": "infopublik.id",
                          "article_id": 999999, "title": f"Berita {HOSTILE}", "body": body, "content_hash": "h",
                          "region_code": "63.11", "region": f"Kabupaten Balangan {HOSTILE}",
                          "published_at": "2024-11-20T09:00:00+07:00"})
    official = body.index("Budi")
    archive.replace_entities("infopublik-999999", {
        "officials": [{"name": f"Budi Hartono {HOSTILE}", "position": f"Bupati Balangan {HOSTILE}", "title": "Bupati",
                       "region": "Kabupaten Balangan", "region_code": "63.11", "start": official, "end": official + 12}],
        "programs": [{"name": f"Program Jahat {HOSTILE}", "region_code": "63.11", "start": body.index("program"),
                      "end": body.index("program") + 13}],
        "awards": [{"name": f"Anugerah Jahat {HOSTILE}", "year": 2024, "region_code": "63.11",
                    "start": body.index("Anugerah"), "end": body.index("Anugerah") + 14}]}, "test")
    rebuild(archive.db)
    return db
