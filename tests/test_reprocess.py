"""warta reprocess: the current NLP over stored articles, with no network."""
import shutil
import subprocess
import sys

import pytest
import sqlite_utils

import pipelines.nlp as nlp
from pipelines.archive import Archive
from warta.reprocess import reprocess
from warta_testing import PROJECT_ROOT, SAMPLE_ARTICLES


@pytest.fixture
def archive(crawled_db, tmp_path):
    path = tmp_path / "archive.db"
    source = sqlite_utils.Database(crawled_db)
    source.execute("pragma wal_checkpoint(truncate)")
    shutil.copy(crawled_db, path)
    return Archive(path)


def snapshot(db):
    return sorted((m["article_id"], m["entity_type"], m["name"], m["start"]) for m in db["mentions"].rows)


@pytest.mark.parametrize("workers", [1, 2])
def test_reprocess_restores_derived_rows_and_versions(archive, workers):
    db = archive.db
    before, people = snapshot(db), sorted(r["id"] for r in db["people"].rows)
    assert [m for m in before if m[0] == "infopublik-816031"]  # there are mentions to restore
    db.execute("delete from mentions where article_id = 'infopublik-816031'")
    db.execute("update articles set extractor_version = 'old'")
    db.conn.commit()
    counts = reprocess(archive, chunk=8, workers=workers)  # several batches, in order, across processes
    assert counts["articles"] == SAMPLE_ARTICLES
    assert snapshot(db) == before
    assert sorted(r["id"] for r in db["people"].rows) == people  # ids are stable across rebuilds
    assert {r["extractor_version"] for r in db["articles"].rows} == {nlp.EXTRACTOR_VERSION}


def test_an_interrupted_run_leaves_each_article_old_or_new(archive):
    db = archive.db
    db.execute("update articles set extractor_version = 'old'")
    db.execute("update mentions set extractor_version = 'old'")
    db.conn.commit()
    done = []

    def stop_after_five(article_id):
        done.append(article_id)
        if len(done) == 5:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        reprocess(archive, on_article=stop_after_five)
    versions = dict(db.execute("select id, extractor_version from articles").fetchall())
    assert {versions[a] for a in done} == {nlp.EXTRACTOR_VERSION}
    assert sum(v == "old" for v in versions.values()) == SAMPLE_ARTICLES - 5
    mixed = db.execute("select article_id from mentions group by article_id "
                       "having count(distinct extractor_version) > 1").fetchall()
    assert mixed == []


def test_reparse_reads_the_stored_html_again(archive):
    db = archive.db
    original = db["articles"].get("infopublik-816031")["body"]
    # as an older parser would have stored it
    db["articles"].update("infopublik-816031", {"body": "teks rusak", "content_hash": "older-parser"})
    reprocess(archive, reparse=True)
    assert db["articles"].get("infopublik-816031")["body"] == original


def test_cli_shows_progress_and_counts(archive):
    result = subprocess.run([sys.executable, "-m", "warta", "reprocess", "--workers", "2", "--db", str(
        archive.db.conn.execute("pragma database_list").fetchone()[2])], capture_output=True, text=True, cwd=PROJECT_ROOT, timeout=300)
    assert result.returncode == 0, result.stderr[-2000:]
    n = SAMPLE_ARTICLES
    assert f"{n}/{n}" in result.stderr and f"reprocess {n} articles" in result.stderr
    assert "articles/s with 2 workers" in result.stderr


def test_cli_without_an_archive(tmp_path):
    result = subprocess.run([sys.executable, "-m", "warta", "reprocess", "--db", str(tmp_path / "none.db")],
                            capture_output=True, text=True, cwd=PROJECT_ROOT)
    assert result.returncode == 1 and "does not exist" in result.stderr
