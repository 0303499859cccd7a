import pytest

from warta.samplesite.server import SampleSite, SampleSiteServer
from warta_testing import SHARED, crawl


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


@pytest.fixture
def shared_dir():
    if not SHARED.is_dir():
        pytest.skip(f"{SHARED} is absent: the gold set and corpora live outside the repo")
    return SHARED
