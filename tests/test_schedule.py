"""``warta crawl --all``: due sources, the lock, exit statuses, and the command end to end."""
import fcntl
import io
import subprocess
import sys
from datetime import datetime, timedelta, timezone

import sqlite_utils

from pipelines.archive import Archive
from scraper.sources import parse_sources
from newssite import NewsSite, NewsSiteServer, write_sources
from warta.schedule import EXIT_CONFIG, EXIT_LOCKED, EXIT_UNHEALTHY, crawl_all, is_due
from warta_testing import FAST_NO_NLP, PROJECT_ROOT

SETTINGS = FAST_NO_NLP
NOW = datetime(2024, 8, 5, 12, 0, tzinfo=timezone.utc)


def test_due_after_every_hours_or_when_interrupted(tmp_path):
    source = parse_sources({"sources": [{"name": "kab", "title": "Kab", "base_url": "https://kab.go.id",
                                         "kind": "regency", "region_code": "34.04", "discovery": "sitemap",
                                         "every_hours": 6}]})["kab"]
    db = Archive(tmp_path / "a.db").db
    jobdir = tmp_path / "jobs" / "kab"
    assert is_due(source, db, jobdir, NOW)  # never crawled
    run = db["crawl_runs"].insert({"source": "kab.go.id", "finish_reason": "finished",
                                   "started_at": (NOW - timedelta(hours=3)).isoformat()}).last_pk
    db["crawl_runs"].update(run, {"source_name": "kab"}, alter=True)
    assert not is_due(source, db, jobdir, NOW)
    assert is_due(source, db, jobdir, NOW + timedelta(hours=3) - timedelta(minutes=5))  # cron's slack
    jobdir.mkdir(parents=True)
    assert is_due(source, db, jobdir, NOW)  # an interrupted crawl resumes on the next run


def test_crawl_all_runs_due_sources_and_reports_the_unhealthy_one(tmp_path):
    healthy, broken = NewsSite(wordpress=False, sitemap=False, feed_size=100), NewsSite(api=404, feed=None, sitemap=False)
    out, err = io.StringIO(), io.StringIO()
    with NewsSiteServer(healthy) as one, NewsSiteServer(broken) as two:
        broken.base_url = two.base_url.replace("127.0.0.1", "localhost")
        sources = write_sources(tmp_path / "sources.yml",
                                one.source("sehat", "feed"),
                                two.source("mati", "wordpress", base_url=broken.base_url))
        assert crawl_all(sources, tmp_path / "a.db", settings=SETTINGS, out=out, err=err) == EXIT_UNHEALTHY
        empty = len(healthy.posts) - healthy.storable
        assert f"sehat: {len(healthy.requests)} pages; {healthy.storable} new; 0 updated; dropped {empty} empty_body" in out.getvalue()
        assert "2 of 2 sources crawled, 1 unhealthy" in out.getvalue()
        assert "UNHEALTHY mati: no API, feed or sitemap could be read" in err.getvalue()
        # Straight after: nothing is due, nothing is fetched, and all is well.
        out = io.StringIO()
        mark = len(healthy.requests)
        assert crawl_all(sources, tmp_path / "a.db", settings=SETTINGS, out=out) == 0
        assert "0 of 2 sources crawled, 0 unhealthy" in out.getvalue() and len(healthy.requests) == mark
    rows = list(sqlite_utils.Database(tmp_path / "a.db").query(
        "select source_name, healthy, problems from crawl_runs order by id"))
    assert rows == [{"source_name": "sehat", "healthy": 1, "problems": "[]"},
                    {"source_name": "mati", "healthy": 0, "problems": '["no API, feed or sitemap could be read"]'}]


def test_lock_keeps_a_second_run_out(tmp_path):
    sources = write_sources(tmp_path / "sources.yml")
    err = io.StringIO()
    with open(tmp_path / "a.db.lock", "w") as held:
        fcntl.flock(held, fcntl.LOCK_EX)
        assert crawl_all(sources, tmp_path / "a.db", err=err) == EXIT_LOCKED
    assert "another crawl holds" in err.getvalue()
    assert crawl_all(sources, tmp_path / "a.db", out=io.StringIO()) == 0  # released: runs (nothing to do)


def test_bad_registry_and_unknown_source(tmp_path):
    err = io.StringIO()
    bad = write_sources(tmp_path / "bad.yml", {"name": "x", "discovery": "rss"})
    assert crawl_all(bad, tmp_path / "a.db", err=err) == EXIT_CONFIG
    assert "sources[0] (x): title is required" in err.getvalue()
    err = io.StringIO()
    assert crawl_all(PROJECT_ROOT / "sources.yml", tmp_path / "a.db", names=["nosuch"], err=err) == EXIT_CONFIG
    assert "no source nosuch; known: " in err.getvalue()


def test_warta_crawl_all_end_to_end(tmp_path):
    site = NewsSite(wordpress=True)
    with NewsSiteServer(site) as server:
        sources = write_sources(tmp_path / "sources.yml", server.source("contoh", "wordpress"))
        command = [sys.executable, "-m", "warta", "crawl", "--all", "--sources", sources, "--db", str(tmp_path / "a.db")]
        for name, value in SETTINGS.items():
            command += ["-s", f"{name}={value}"]
        result = subprocess.run(command, cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-2000:]
    empty = len(site.posts) - site.storable
    assert f"contoh: {len(site.requests)} pages; {site.storable} new; 0 updated; dropped {empty} empty_body" in result.stdout
    bad = subprocess.run([sys.executable, "-m", "warta", "crawl", "--all", "--since", "kemarin"], cwd=PROJECT_ROOT,
                         capture_output=True, text=True)
    assert bad.returncode == 2 and "since must be a date as YYYY-MM-DD, got 'kemarin'" in bad.stderr
