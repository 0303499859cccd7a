"""The `warta` command as a user runs it."""
import json
import socket
import subprocess
import sys
import time
import urllib.request

import sqlite_utils
import yaml

from warta.cli import DATASETTE_SETTINGS
from warta_testing import PROJECT_ROOT, SAMPLE_ARTICLES

README = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")


def warta(*args, timeout=300):
    return subprocess.run([sys.executable, "-m", "warta", *args], capture_output=True, text=True,
                          cwd=PROJECT_ROOT, timeout=timeout)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_demo_crawls_the_sample_site_with_a_line_per_stage(tmp_path):
    db = tmp_path / "demo.db"
    result = warta("demo", "--no-serve", "--db", str(db))
    assert result.returncode == 0, result.stderr[-2000:]
    lines = [line for line in result.stderr.splitlines() if line[:4] in ("1/4 ", "2/4 ", "3/4 ", "4/4 ")]
    assert [line[:3] for line in lines] == ["1/4", "2/4", "3/4", "4/4"]
    assert f"stored {SAMPLE_ARTICLES} new" in result.stderr
    # the crawl's line is the one the README shows (its archive line depends on the model)
    (shown,) = [line.strip() for line in README.splitlines() if "pages fetched; stored" in line]
    assert shown in result.stderr
    archive = sqlite_utils.Database(db)
    assert archive["articles"].count == SAMPLE_ARTICLES
    assert archive["mentions"].count > 0 and archive["dates"].count > 0 and archive["people"].count > 0


def serve_and_get(db, *paths):
    """Start `warta serve` on ``db``, GET each path as JSON, stop the server."""
    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "warta", "serve", "--db", str(db), "--port", str(port)],
                              cwd=PROJECT_ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/-/versions.json")
                break
            except OSError:
                time.sleep(0.2)
        else:
            raise AssertionError("Datasette did not start")
        results = []
        for path in paths:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}") as response:
                results.append(json.load(response))
        return results
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_serve_publishes_the_archive_with_metadata(tmp_path):
    from pipelines.archive import Archive
    Archive(tmp_path / "archive.db")  # an empty but valid archive
    metadata, settings = serve_and_get(tmp_path / "archive.db", "/-/metadata.json", "/-/settings.json")
    assert metadata["title"] == yaml.safe_load((PROJECT_ROOT / "metadata.yml").read_text())["title"]
    assert {name: settings[name] for name in DATASETTE_SETTINGS} == DATASETTE_SETTINGS


def test_an_archive_in_another_file_keeps_its_metadata_and_queries(tmp_path):
    from pipelines.archive import Archive
    Archive(tmp_path / "kalsel.db")
    (queries,) = serve_and_get(tmp_path / "kalsel.db", "/kalsel.json")
    assert {q["name"] for q in queries["queries"]} >= {"search", "person_positions", "position_holders",
                                                       "region_awards", "region_programs"}


def test_serve_without_an_archive_says_what_to_do(tmp_path):
    result = warta("serve", "--db", str(tmp_path / "missing.db"))
    assert result.returncode == 1
    assert "does not exist: run `warta crawl` or `warta demo` first" in result.stderr


def test_unknown_spider_lists_the_known_ones():
    result = warta("crawl", "nosuchsite")
    assert result.returncode == 2
    known = result.stderr.split("known spiders: ")[1]
    assert "indonesiagoid" in known and "infopublik" in known
