"""The crawl fault suite: each misbehaving site is served on 127.0.0.1 and the outcome asserted.

docs/reliability.md lists the faults, what Warta guarantees for each and the test here that
proves it: sitemap loops end, unreadable dates are counted, oversized pages are dropped with
their reason, every bad input is one clear line and a non-zero exit, and a crawl stopped by a
signal or by its parent's death exits non-zero, holds the lock until it has really ended and
resumes on the next run.
"""
import fcntl
import gzip
import io
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from contextlib import closing

import pytest
import sqlite_utils
from click.testing import CliRunner

from newssite import NewsSite, NewsSiteServer, write_sources
from scraper.parse.feeds import MAX_XML_BYTES, feed_date, parse_xml
from warta.cli import cli
from warta.schedule import EXIT_CONFIG, EXIT_LOCKED, crawl_all
from warta_testing import FAST_NO_NLP, PROJECT_ROOT

SETTINGS = FAST_NO_NLP
# Slow enough that a crawl can be stopped half-way.
SLOW = {**SETTINGS, "CONCURRENT_REQUESTS_PER_DOMAIN": "4", "LOG_LEVEL": "WARNING"}
BAD_DATE = "9999-12-31T23:59:59-05:00"  # past datetime.max once in UTC


def runs(db_path) -> list[dict]:
    with closing(sqlite_utils.Database(db_path)) as db:  # closed at once: no connection lingers
        return list(db.query("select * from crawl_runs order by id"))


def stored(db_path) -> int:
    with closing(sqlite_utils.Database(db_path)) as db:
        try:
            return db.execute("select count(*) from articles").fetchone()[0]
        except sqlite3.OperationalError:  # the crawl has not created the table yet
            return 0


def small_site(count: int = 12, **options) -> NewsSite:
    site = NewsSite(wordpress=False, sitemap=False, feed_size=100, **options)
    for extra in list(site.posts)[count:]:
        del site.posts[extra]
    return site


def sitemap_index(base: str, *rows: tuple[str, str | None]) -> str:
    entries = "".join(f"<sitemap><loc>{base}{path}</loc>" + (f"<lastmod>{lastmod}</lastmod>" if lastmod else "")
                      + "</sitemap>" for path, lastmod in rows)
    return f'<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{entries}</sitemapindex>'


def urlset(urls: list[str]) -> str:
    entries = "".join(f"<url><loc>{u}</loc></url>" for u in urls)
    return f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{entries}</urlset>'


# -- discovery always ends


def test_unreadable_dates_are_none_and_counted():
    assert feed_date(BAD_DATE) is None and feed_date("Fri, 31 Dec 9999 23:59:59 -0500") is None
    assert feed_date("0001-01-01T00:00:00+05:00") is None  # before datetime.min in UTC
    assert feed_date("9999-12-31T23:59:59+07:00") == "9999-12-31T23:59:59+07:00"  # odd, but comparable
    doc = parse_xml(sitemap_index("https://x.go.id", ("/a.xml", BAD_DATE), ("/b.xml", "kemarin"),
                                  ("/c.xml", "2024-08-01")).encode(), "https://x.go.id/sitemap.xml")
    assert [e.updated_at for e in doc.entries] == [None, None, "2024-08-01T00:00:00"] and doc.bad_dates == 2


def test_gzip_bomb_sitemap_is_refused():
    bomb = gzip.compress(b" " * (MAX_XML_BYTES + 1))
    assert parse_xml(bomb, "https://x.go.id/sitemap.xml.gz") == (None, [], True, 0)


def test_sitemap_loops_end_and_a_bad_date_skips_nothing(tmp_path):
    site = small_site(feed=None)
    deep = [f"/deep-{i}.xml" for i in range(6)]
    with NewsSiteServer(site) as server:
        base = site.base_url
        site.extra_pages = {
            "/peta.xml": sitemap_index(base, ("/peta.xml", None), ("/peta-a.xml", None), (deep[0], None)),
            "/peta-a.xml": sitemap_index(base, ("/peta-b.xml", None), ("/peta.xml", None)),
            # the bad date comes first: the entries after it must still be read
            "/peta-b.xml": sitemap_index(base, ("/peta-lama.xml", BAD_DATE), ("/peta-a.xml", None),
                                         ("/peta-berita.xml", None)),
            "/peta-lama.xml": urlset([]),
            "/peta-berita.xml": urlset([site.url(a) for a in site.posts.values()]),
            **{path: sitemap_index(base, (deeper, None)) for path, deeper in zip(deep, deep[1:])},
        }
        sources = write_sources(tmp_path / "sources.yml", server.source("lingkar", "sitemap", sitemap_url=base + "/peta.xml"))
        for _ in range(2):  # the second run compares the bad date with the first run's time
            out = io.StringIO()
            assert crawl_all(sources, tmp_path / "a.db", settings=SETTINGS, force=True, out=out) == 0, out.getvalue()
            # every sitemap changes, so none answers 304 and the second run reads them all again
            site.extra_pages = {path: xml + "<!-- diperbarui -->" for path, xml in site.extra_pages.items()}
    first, second = (json.loads(r["stats"]) for r in runs(tmp_path / "a.db"))
    for path in ("/peta.xml", "/peta-a.xml", "/peta-b.xml", "/peta-berita.xml", "/peta-lama.xml"):
        assert site.requests.count(path) == 2, path  # once per run
    # peta lists itself, peta-a lists peta, peta-b lists peta-a: each seen once, refused after
    assert first["warta/discovery/repeated"] == 3 and first["warta/discovery/bad_dates"] == 1
    # nesting: peta (0) -> deep-0 (1) -> deep-1 (2) -> deep-2 (3); deep-3 would be 4 > 3
    assert deep[2] in site.requests and deep[3] not in site.requests
    assert first["warta/discovery/sitemap_too_deep"] == 1
    assert stored(tmp_path / "a.db") == len(site.posts)
    assert second["warta/discovery/bad_dates"] == 1 and not any(k.startswith("spider_exceptions") for k in second)
    assert [r["healthy"] for r in runs(tmp_path / "a.db")] == [1, 1]


def test_sitemap_count_limit(tmp_path):
    site = small_site(feed=None)
    with NewsSiteServer(site) as server:
        base = site.base_url
        site.extra_pages = {f"/peta-{i}.xml": sitemap_index(base, *[(f"/peta-{i}-{j}.xml", None) for j in range(5)])
                            for i in range(3)}
        site.extra_pages["/peta.xml"] = sitemap_index(base, *[(f"/peta-{i}.xml", None) for i in range(3)])
        sources = write_sources(tmp_path / "sources.yml", server.source("banyak", "sitemap", sitemap_url=base + "/peta.xml"))
        crawl_all(sources, tmp_path / "a.db", settings={**SETTINGS, "WARTA_SITEMAP_MAX_COUNT": "6"}, out=io.StringIO())
    stats = json.loads(runs(tmp_path / "a.db")[0]["stats"])
    asked = [p for p in site.requests if p.startswith("/peta")]
    assert len(asked) == 6 and len(set(asked)) == 6
    assert stats["warta/discovery/sitemap_limit"] == 1 + 3 + 3 * 5 - 6  # every sitemap listed past the sixth


def test_api_page_count_limit(tmp_path):
    site = NewsSite.generate(250, wordpress=True)  # three API pages of 100 posts
    with NewsSiteServer(site) as server:
        sources = write_sources(tmp_path / "sources.yml", server.source("api", "wordpress"))
        crawl_all(sources, tmp_path / "a.db", settings={**SETTINGS, "WARTA_API_MAX_PAGES": "2"}, out=io.StringIO())
    stats = json.loads(runs(tmp_path / "a.db")[0]["stats"])
    assert len([p for p in site.requests if p.startswith("/wp-json/")]) == 2
    assert stats["warta/discovery/api_page_limit"] == 1 and stored(tmp_path / "a.db") == 200


# -- size limits


def test_oversized_page_and_body_are_dropped_with_their_reason(tmp_path):
    site = small_site()
    huge, long, bomb, *_ = site.newest_first()
    paragraphs = [f"Paragraf {i} tentang pembangunan jalan desa dan irigasi sawah." for i in range(280_000)]
    huge["paragraphs"] = paragraphs             # a 20 MB page: over DOWNLOAD_MAXSIZE (8 MB)
    long["paragraphs"] = paragraphs[:4_000]     # a 250 KB page, its body over WARTA_MAX_BODY_CHARS
    bomb["paragraphs"] = paragraphs             # 20 MB, sent gzipped: small until inflated
    site.faults = {site.path(bomb): ["gzip"]}
    out = io.StringIO()
    with NewsSiteServer(site) as server:
        sources = write_sources(tmp_path / "sources.yml", server.source("besar", "feed"))
        assert crawl_all(sources, tmp_path / "a.db", settings=SETTINGS, out=out) == 0
    run = runs(tmp_path / "a.db")[0]
    assert json.loads(run["dropped_by_reason"]) == {"too_large": 2, "too_long": 1}
    assert json.loads(run["failed_by_reason"]) == {}  # a size limit is ours, not the site's failure
    assert site.requests.count(site.path(huge)) == 1  # cancelled, not retried
    assert run["new"] == len(site.posts) - 3 and run["healthy"] == 1
    assert "dropped 2 too_large, 1 too_long" in out.getvalue()


# -- bad input: one clear line, a non-zero exit


@pytest.fixture
def bad_inputs(tmp_path):
    (tmp_path / "not.db").write_text("bukan basis data")
    (tmp_path / "folder.db").mkdir()
    entry = {"name": "contoh", "title": "Contoh", "base_url": "https://contoh.go.id", "kind": "agency",
             "discovery": "sitemap"}
    return {"missing": str(tmp_path / "nowhere" / "a.db"), "not_sqlite": str(tmp_path / "not.db"),
            "folder": str(tmp_path / "folder.db"), "ok_db": str(tmp_path / "a.db"),
            "ok": write_sources(tmp_path / "ok.yml", entry),
            "politeness": write_sources(tmp_path / "p.yml", {**entry, "politeness": 5}),
            "port": write_sources(tmp_path / "port.yml", {**entry, "base_url": "https://contoh.go.id:99999"})}


BAD_INPUTS = [
    (["crawl", "infopublik", "--db", "{missing}"], 2, "the folder {tmp}/nowhere does not exist"),
    (["crawl", "infopublik", "--db", "{not_sqlite}"], 2, "not.db is not a SQLite database"),
    (["crawl", "infopublik", "--db", "{folder}"], 2, "is a directory"),
    (["crawl", "--all", "--sources", "{ok}", "--db", "{missing}"], 2, "the folder {tmp}/nowhere does not exist"),
    (["crawl", "--all", "--sources", "{politeness}", "--db", "{ok_db}"], 2, "politeness must be a mapping"),
    (["crawl", "--all", "--sources", "{port}", "--db", "{ok_db}"], 2, "the port must be 1-65535"),
    (["crawl", "--all", "--sources", "{ok}", "--db", "{ok_db}", "--source", "nosuch"], 2, "no source nosuch"),
    (["crawl", "--all", "--sources", "{ok}", "--db", "{ok_db}", "--since", "kemarin"], 2, "since must be a date"),
]


@pytest.mark.parametrize("args, status, message", BAD_INPUTS, ids=[" ".join(a[:3]) + f"-{i}" for i, (a, _, _) in enumerate(BAD_INPUTS)])
def test_bad_input_is_one_clear_line_and_a_non_zero_exit(bad_inputs, tmp_path, args, status, message):
    result = CliRunner().invoke(cli, [a.format(**bad_inputs) for a in args])
    assert result.exit_code == status, result.output
    assert message.format(tmp=tmp_path) in result.stderr
    assert "Traceback" not in result.stderr and isinstance(result.exception, SystemExit)
    assert len([line for line in result.stderr.splitlines() if message.format(tmp=tmp_path) in line]) == 1


@pytest.mark.parametrize("args", [["crawl", "infopublik"], ["crawl", "--all", "--sources", "{ok}"]])
def test_a_crawl_of_a_locked_archive_exits_75(bad_inputs, args):
    with open(bad_inputs["ok_db"] + ".lock", "w") as held:
        fcntl.flock(held, fcntl.LOCK_EX)
        result = CliRunner().invoke(cli, [a.format(**bad_inputs) for a in args] + ["--db", bad_inputs["ok_db"]])
    assert result.exit_code == EXIT_LOCKED
    assert result.stderr.strip().endswith("a.db.lock; not starting a second one")
    assert not os.path.exists(bad_inputs["ok_db"])  # nothing was started


def test_extract_says_which_input_failed_and_which_was_cut(tmp_path):
    big = tmp_path / "panjang.txt"
    big.write_text("a" * 217_000)
    result = CliRunner().invoke(cli, ["extract", "--jsonl", str(tmp_path / "hilang.txt"), str(big)])
    assert result.exit_code == EXIT_CONFIG
    lines = [line for line in result.stderr.splitlines() if line.startswith("warta extract:")]
    assert lines == [f"warta extract: cannot read {tmp_path}/hilang.txt: No such file or directory",
                     f"warta extract: {big} has 217,000 characters; only the first 200,000 are read"]
    assert [json.loads(line)["path"] for line in result.stdout.splitlines()] == [str(tmp_path / "hilang.txt"), str(big)]


# -- stopped crawls: a non-zero exit, the lock held to the end, and a resume


def start_warta(*args: str, settings: dict, cwd, **popen) -> subprocess.Popen:
    """``python -m warta ARGS -s NAME=VALUE...`` from ``cwd``, away from the source tree."""
    command = [sys.executable, "-m", "warta", *args]
    for name, value in settings.items():
        command += ["-s", f"{name}={value}"]
    return subprocess.Popen(command, cwd=cwd, env={**os.environ, "PYTHONPATH": str(PROJECT_ROOT)}, **popen)


def wait_for(condition, seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


def lock_is_free(db_path) -> bool:
    with open(str(db_path) + ".lock", "w") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        fcntl.flock(lock, fcntl.LOCK_UN)
        return True


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
def test_a_signal_stops_a_crawl_with_128_plus_it_and_the_next_run_resumes_it(tmp_path, signum):
    site = NewsSite.generate(60, wordpress=False, feed=None, page_delay=0.2)
    db, jobs = tmp_path / "a.db", tmp_path / "jobs"
    with NewsSiteServer(site) as server:
        sources = write_sources(tmp_path / "sources.yml", server.source("lambat", "sitemap"))
        crawl = start_warta("crawl", "feeds", "-a", "source=lambat", "--db", str(db), cwd=tmp_path, settings={
            **SLOW, "WARTA_SOURCES_FILE": sources, "JOBDIR": str(jobs / "lambat")},
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        wait_for(lambda: stored(db) >= 10 or crawl.poll() is not None)
        crawl.send_signal(signum)
        _, err = crawl.communicate(timeout=120)
        assert crawl.returncode == 128 + signum, err[-2000:]  # 143, 130
        assert f"interrupted by {signal.Signals(signum).name} (a JOBDIR resumes it)" in err.splitlines()[-1]
        before = stored(db)
        assert before < 60 and (jobs / "lambat").is_dir()
        assert (runs(db)[-1]["finish_reason"], runs(db)[-1]["healthy"]) == ("shutdown", 0)
        assert crawl_all(sources, db, jobs_dir=jobs, settings=SETTINGS, out=io.StringIO()) == 0
    assert stored(db) == 60 and runs(db)[-1]["new"] == 60 - before


def test_a_killed_crawl_all_leaves_no_crawl_running_without_the_lock(tmp_path):
    site = NewsSite.generate(80, wordpress=False, feed=None, page_delay=0.2)
    db, jobs = tmp_path / "a.db", tmp_path / "jobs"
    with NewsSiteServer(site) as server:
        sources = write_sources(tmp_path / "sources.yml", server.source("yatim", "sitemap"))
        parent = start_warta("crawl", "--all", "--sources", sources, "--db", str(db), settings=SLOW, cwd=tmp_path,
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        wait_for(lambda: stored(db) >= 10 or parent.poll() is not None)
        parent.kill()
        parent.wait()
        wait_for(lambda: lock_is_free(db), 60)
        # The lock is free only once no crawl is left: the site hears nothing more.
        heard = len(site.requests)
        time.sleep(1.5)
        assert len(site.requests) == heard
        assert stored(db) < 80 and (jobs / "yatim").is_dir()  # the child stopped with its parent
        assert crawl_all(sources, db, settings=SETTINGS, out=io.StringIO()) == 0  # and resumes
    assert stored(db) == 80


def test_sigterm_to_crawl_all_reaches_the_child_and_exits_143(tmp_path):
    site = NewsSite.generate(60, wordpress=False, feed=None, page_delay=0.2)
    db = tmp_path / "a.db"
    with NewsSiteServer(site) as server:
        sources = write_sources(tmp_path / "sources.yml", server.source("satu", "sitemap"),
                                server.source("dua", "sitemap", base_url=site.base_url.replace("127.0.0.1", "localhost")))
        parent = start_warta("crawl", "--all", "--sources", sources, "--db", str(db), settings=SLOW, cwd=tmp_path,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        wait_for(lambda: stored(db) >= 10 or parent.poll() is not None)
        parent.send_signal(signal.SIGTERM)
        _, err = parent.communicate(timeout=120)
    assert parent.returncode == 128 + signal.SIGTERM, err[-2000:]
    assert ("interrupted by SIGTERM: satu stopped, its job state resumes it on the next run; "
            "the sources after it were not started") in err
    assert [r["finish_reason"] for r in runs(db)] == ["shutdown"] and lock_is_free(db)
