"""A crawl killed with SIGKILL half-way resumes: nothing lost, nothing stored twice."""
import os
import signal
import sqlite3
import subprocess
import time

import sqlite_utils

from scraper.sources import load_sources
from newssite import NewsSite, NewsSiteServer, write_sources
from warta.schedule import crawl_all, crawl_command
from warta_testing import FAST_NO_NLP, PROJECT_ROOT

SETTINGS = {**FAST_NO_NLP, "CONCURRENT_REQUESTS_PER_DOMAIN": "4"}


def stored(db_path) -> int:
    try:
        return sqlite_utils.Database(db_path).execute("select count(*) from articles").fetchone()[0]
    except sqlite3.OperationalError:  # the crawl has not created the table yet
        return 0


def test_kill_9_then_resume(tmp_path):
    site = NewsSite.generate(150, wordpress=False, feed=None, page_delay=0.05)
    db, jobs = tmp_path / "a.db", tmp_path / "jobs"
    with NewsSiteServer(site) as server:
        sources = write_sources(tmp_path / "sources.yml", server.source("lambat", "sitemap"))
        source = load_sources(sources)["lambat"]
        crawl = subprocess.Popen(crawl_command(source, sources, db, jobs / "lambat", SETTINGS),
                                 cwd=PROJECT_ROOT, env={**os.environ, "PYTHONPATH": str(PROJECT_ROOT)},
                                 stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 120
        while stored(db) < 40 and crawl.poll() is None and time.monotonic() < deadline:
            time.sleep(0.1)
        os.kill(crawl.pid, signal.SIGKILL)
        crawl.wait()
        before = stored(db)
        assert 40 <= before < 150 and (jobs / "lambat").is_dir()
        assert not sqlite_utils.Database(db)["crawl_runs"].exists() or not sqlite_utils.Database(db)["crawl_runs"].count

        # The interrupted source is due again; the second run stores exactly what is missing.
        assert crawl_all(sources, db, jobs_dir=jobs, settings=SETTINGS) == 0
    archive = sqlite_utils.Database(db)
    assert archive["articles"].count == 150
    assert archive.execute("select count(distinct url) from articles").fetchone()[0] == 150
    run = next(archive.query("select * from crawl_runs"))
    assert (run["new"], run["updated"], run["healthy"]) == (150 - before, 0, 1)
    assert not (jobs / "lambat").exists()  # a finished crawl leaves no job state behind
