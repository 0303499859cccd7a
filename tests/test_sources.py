"""The source registry: the shipped sources.yml, and clear errors for a bad one."""
import pytest

from scraper.sources import DISCOVERY, SourceError, load_sources, parse_sources
from warta_testing import PROJECT_ROOT


def test_shipped_registry_is_valid_and_varied():
    sources = load_sources(PROJECT_ROOT / "sources.yml")
    assert len(sources) >= 15
    assert {s.discovery for s in sources.values()} == set(DISCOVERY)
    assert {"national", "ministry", "province", "regency", "city"} <= {s.kind for s in sources.values()}
    for source in sources.values():
        assert source.base_url.startswith("https://") and source.host.endswith(".go.id")
        assert source.download_delay >= 1 and source.concurrency <= 2  # polite on live sites
        if source.discovery == "feed":
            assert source.feed_url.startswith(source.base_url)
    assert sources["slemankab"].region_code == "34.04" and sources["slemankab"].spider == "wordpress"
    assert sources["baliprov"].base_url == "https://www.baliprov.go.id/web"
    assert sources["jabarprov"].spider == "feeds"


def test_every_problem_is_reported_with_its_entry():
    data = {"sources": [
        {"name": "ok", "title": "Ok", "base_url": "https://a.go.id", "kind": "ministry", "discovery": "sitemap"},
        {"name": "Bad Name", "title": "X", "base_url": "ftp://b.go.id", "kind": "regency",
         "discovery": "rss", "region_code": 35.10, "colour": "red"},
        {"name": "feedless", "title": "Y", "base_url": "https://c.go.id", "kind": "city", "region_code": "99.99",
         "discovery": "feed", "politeness": {"download_delay": 1, "speed": 3}},
        {"name": "ok", "title": "Again", "base_url": "https://a.go.id/", "kind": "ministry", "discovery": "wordpress"},
        {"name": "far-port", "title": "Z", "base_url": "https://d.go.id:99999", "kind": "agency", "discovery": "sitemap"},
        {"name": "flat", "title": "W", "base_url": "https://e.go.id", "kind": "agency", "discovery": "sitemap",
         "politeness": 5},
    ]}
    with pytest.raises(SourceError) as error:
        parse_sources(data, "test.yml")
    message = str(error.value)
    problems = ["sources[1] (Bad Name): unknown field 'colour'",
                "name must be lower-case letters, digits and dashes, got 'Bad Name'",
                "discovery must be one of wordpress, feed, sitemap, got 'rss'",
                "base_url: must be an http(s) URL, got 'ftp://b.go.id'",
                'region_code must be quoted, e.g. "35.10", got 35.1',
                "sources[2] (feedless): discovery 'feed' needs feed_url",
                "region_code '99.99' is not a Kemendagri province/regency/city code",
                "unknown politeness setting 'speed'",
                "sources[3] (ok): name used twice",
                "host a.go.id already used by ok",
                "sources[4] (far-port): base_url: the port must be 1-65535, got 'https://d.go.id:99999'",
                "sources[5] (flat): politeness must be a mapping (download_delay: N, concurrency: N), got 5"]
    assert [p for p in problems if p not in message] == []
    assert message.startswith(f"test.yml: {len(problems)} problem(s):")


def test_file_errors_are_clear(tmp_path):
    with pytest.raises(SourceError, match="no such file"):
        load_sources(tmp_path / "absent.yml")
    (tmp_path / "bad.yml").write_text("sources: [unclosed\n")
    with pytest.raises(SourceError, match="not valid YAML"):
        load_sources(tmp_path / "bad.yml")
    (tmp_path / "list.yml").write_text("- name: x\n")
    with pytest.raises(SourceError, match="expected a mapping with a 'sources' list"):
        load_sources(tmp_path / "list.yml")


def test_regional_source_needs_its_region():
    with pytest.raises(SourceError, match="a province source needs its region_code"):
        parse_sources({"sources": [{"name": "p", "title": "P", "base_url": "https://p.go.id",
                                    "kind": "province", "discovery": "sitemap"}]})
