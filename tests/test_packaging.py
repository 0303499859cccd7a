"""A plain (non-editable) install works without the source tree: package data, metadata, settings.

The wheel is installed into a folder of its own and put first on PYTHONPATH, so every import
below comes from the installed copy (the editable install only answers what that folder lacks).
"""
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from pipelines.regions import gazetteer
from warta_testing import SAMPLE_ARTICLES

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    wheels, target = tmp_path_factory.mktemp("wheel"), tmp_path_factory.mktemp("site")
    build = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps",
                            "-w", str(wheels), str(ROOT)], capture_output=True, text=True)
    assert build.returncode == 0, build.stderr
    assert "Warning" not in build.stdout + build.stderr
    wheel = next(wheels.glob("warta-*.whl"))
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--target", str(target),
                    str(wheel)], check=True)
    return target


def run_installed(target, args, cwd):
    env = {**os.environ, "PYTHONPATH": str(target)}
    return subprocess.run([sys.executable, *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=300)


def test_imports_come_from_the_installed_copy(installed, tmp_path):
    code = ("import warta, scraper, pipelines.nlp, warta.samplesite.server; from warta.cli import find_metadata;"
            "print(warta.__file__, pipelines.nlp.MODEL_DIR, find_metadata())")
    result = run_installed(installed, ["-c", code], tmp_path)
    assert result.returncode == 0, result.stderr
    paths = result.stdout.split()
    assert all(p.startswith(str(installed)) for p in paths), paths
    assert (Path(paths[1]) / "config.cfg").exists() and Path(paths[2]).exists()


def test_demo_runs_from_another_folder(installed, tmp_path):
    result = run_installed(installed, ["-m", "warta", "demo", "--no-serve", "--no-nlp"], tmp_path)
    assert result.returncode == 0, result.stderr
    with sqlite3.connect(tmp_path / "archive.db") as conn:
        stored = conn.execute("select count(*) from articles").fetchone()[0]
        regions = conn.execute("select count(*) from regions").fetchone()[0]
    assert stored == SAMPLE_ARTICLES and regions == len(gazetteer().regions)  # the gazetteer shipped whole


def test_crawl_all_runs_from_another_folder(installed, tmp_path):
    """``crawl --all`` starts each source's crawl as ``python -m warta crawl``: no source tree."""
    from newssite import NewsSite, NewsSiteServer, write_sources

    site = NewsSite(wordpress=False, sitemap=False, feed_size=100)
    with NewsSiteServer(site) as server:
        sources = write_sources(tmp_path / "sources.yml", server.source("terpasang", "feed"))
        result = run_installed(installed, ["-m", "warta", "crawl", "--all", "--sources", sources, "--db", "a.db",
                                           "-s", "WARTA_NLP_ENABLED=False", "-s", "LOG_LEVEL=WARNING"], tmp_path)
    assert result.returncode == 0, result.stderr[-2000:]
    with sqlite3.connect(tmp_path / "a.db") as conn:
        stored = conn.execute("select count(*) from articles").fetchone()[0]
    assert f"terpasang: {len(site.requests)} pages; {stored} new" in result.stdout and stored == site.storable
