"""Sites that misbehave on purpose: what was crawled, skipped and reported for each fault."""
import io
import json

import sqlite_utils

from newssite import NewsSite, NewsSiteServer, write_sources
from warta.schedule import crawl_all
from warta_testing import FAST_NO_NLP

# Short timeouts and back-off: the faults are the point here, not the waiting.
SETTINGS = {**FAST_NO_NLP, "DOWNLOAD_TIMEOUT": "1.5", "RETRY_TIMES": "1",
            "REDIRECT_MAX_TIMES": "4", "WARTA_BACKOFF_BASE": "0.1", "WARTA_BACKOFF_MAX": "0.2"}


def last_run(db_path):
    row = next(sqlite_utils.Database(db_path).query("select * from crawl_runs order by id desc limit 1"))
    return row, json.loads(row["stats"])


def small_site(**options) -> NewsSite:
    site = NewsSite(wordpress=False, sitemap=False, feed_size=100, slow_seconds=3, **options)
    for extra in list(site.posts)[12:]:
        del site.posts[extra]
    return site


def test_faults_on_article_pages(tmp_path):
    site = small_site()
    paths = [site.path(a) for a in site.newest_first()]
    throttled, erroring, slow, looping, forbidden, truncated = paths[:6]
    site.faults = {throttled: ["429", "ok"], erroring: ["500", "ok"], slow: ["timeout"],
                   looping: ["redirect-loop"], truncated: ["truncate"]}
    site.disallow = ("/wp-admin/", forbidden)
    with NewsSiteServer(site) as server:
        sources = write_sources(tmp_path / "sources.yml", server.source("nakal", "feed"))
        # a small site: three failures are a large share, so allow them here
        assert crawl_all(sources, tmp_path / "a.db", settings={**SETTINGS, "WARTA_MAX_ERROR_SHARE": "0.5"}) == 0
    run, stats = last_run(tmp_path / "a.db")
    urls = {r["url"].removeprefix(site.base_url) for r in sqlite_utils.Database(tmp_path / "a.db")["articles"].rows}
    # 429 (Retry-After) and 500 were retried and stored; the other four were not.
    assert throttled in urls and erroring in urls and len(urls) == 12 - 4
    assert not {slow, looping, forbidden, truncated} & urls
    # one retry for each of the four faults a retry could cure; 429 and 500 slow the crawl down
    assert stats["retry/count"] == 4 and stats["warta/backoff"] == 2
    assert site.requests.count(throttled) == 2 and site.requests.count(erroring) == 2
    # robots.txt obeyed: the forbidden page was never asked for
    assert forbidden not in site.requests and stats["robotstxt/forbidden"] == 1
    assert site.requests.count(slow) == 2 and site.requests.count(truncated) == 2  # one retry each
    assert json.loads(run["failed_by_reason"]) == {"redirect_loop": 1, "timeout": 1, "truncated": 1}
    assert site.requests.count(looping) == 3  # A -> A-loop -> A -> A-loop -> A: gave up at the limit
    assert run["healthy"] == 1 and run["finish_reason"] == "finished"


def test_too_many_failures_make_the_run_unhealthy(tmp_path):
    site = small_site()
    site.faults = {site.path(a): ["500"] for a in site.newest_first()[:4]}
    err = io.StringIO()
    with NewsSiteServer(site) as server:
        sources = write_sources(tmp_path / "sources.yml", server.source("rusak", "feed"))
        assert crawl_all(sources, tmp_path / "a.db", settings=SETTINGS, err=err) == 1
    run, _ = last_run(tmp_path / "a.db")
    assert json.loads(run["failed_by_reason"]) == {"http_500": 4} and run["new"] == 8
    assert "UNHEALTHY rusak: 4 failed requests for" in err.getvalue()


def test_broken_feed_xml_is_read_as_far_as_it_goes_and_reported(tmp_path):
    site = small_site(faults={"/feed/": ["broken-xml"]})
    err = io.StringIO()
    with NewsSiteServer(site) as server:
        sources = write_sources(tmp_path / "sources.yml", server.source("patah", "feed"))
        assert crawl_all(sources, tmp_path / "a.db", settings=SETTINGS, err=err) == 1
    run, stats = last_run(tmp_path / "a.db")
    assert 0 < run["new"] < 12 and stats["warta/discovery/broken_xml"] == 1
    assert json.loads(run["problems"]) == ["broken XML in 1 feed(s) or sitemap(s)"]
    assert "UNHEALTHY patah: broken XML in 1 feed(s) or sitemap(s)" in err.getvalue()


def test_site_that_changed_its_html_is_unhealthy(tmp_path):
    # A new theme: pages lost their byline, date line and metadata; the feed has no author.
    site = small_site(redesigned=True)
    site.author = lambda a: ""
    err = io.StringIO()
    with NewsSiteServer(site) as server:
        sources = write_sources(tmp_path / "sources.yml", server.source("berubah", "feed"))
        assert crawl_all(sources, tmp_path / "a.db", settings=SETTINGS, err=err) == 1
    run, _ = last_run(tmp_path / "a.db")
    assert (run["healthy"], run["coverage_title"], run["coverage_date"], run["coverage_byline"]) == (0, 1.0, 1.0, 0.0)
    assert json.loads(run["problems"]) == ["byline found in 0% of 12 articles (minimum 50%)"]
    assert "UNHEALTHY berubah: byline found in 0% of 12 articles (minimum 50%)" in err.getvalue()
