"""Storage faults: a real process killed with SIGKILL at each named point of a write
(pipelines/faults.py) leaves the archive wholly old or wholly new, and a rerun completes it.
The matrix is in docs/reliability.md."""
import gzip
import json
import os
import shutil
import signal
import subprocess
import sys

import pytest
import sqlite_utils
import yaml

import pipelines.nlp as nlp
from pipelines import schema
from pipelines.archive import Archive
from scraper.incremental import KnownPages
from warta_testing import FAST, PROJECT_ROOT

ENV = {**os.environ, "PYTHONPATH": str(PROJECT_ROOT)}
KEY = "infopublik-812345"
BODY = ("Paringin, InfoPublik - Bupati Balangan, Abdul Hadi membuka lomba inovasi. "
        "Acara berlangsung Selasa (27/2/2024).")
FIELDS = {"url": "https://infopublik.id/kategori/nusantara/812345/lomba-inovasi", "source": "infopublik.id",
          "article_id": 812345, "title": "Lomba Inovasi Dibuka", "body": BODY,
          "published_at": "2024-02-27T19:49:00+08:00", "fetched_at": "2024-02-28T00:00:00+00:00",
          "content_hash": "h1"}
NAME, DATE = BODY.index("Abdul Hadi"), BODY.index("Selasa (27/2/2024)")
ENTITIES = {"extractor_version": "v-new",
            "officials": [{"name": "Abdul Hadi", "position": "Bupati Balangan", "start": NAME, "end": NAME + 10}],
            "programs": [], "awards": [],
            "dates": [{"date": "2024-02-27", "text": "Selasa (27/2/2024)", "start": DATE, "end": DATE + 18}]}
# The points of Archive.store, in order; after the last one the transaction has committed.
STAGES = ["article:row", "article:raw", "article:mentions", "article:dates",
          "article:extractor_version", "article:committed"]
STORE = ("import json, sys; from pipelines.archive import Archive; a = json.load(open(sys.argv[2])); "
         "print(Archive(sys.argv[1]).store(a['fields'], raw_html=a['raw'].encode(), encoding='utf-8', "
         "entities=a['entities']))")


def run_until_paused(args: list[str], point: str, **options) -> None:
    """Start ``args``, wait until it pauses at ``point`` (NAME or NAME@N), then kill -9 it."""
    process = subprocess.Popen(args, cwd=PROJECT_ROOT, env={**ENV, "WARTA_PAUSE_AT": point},
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, **options)
    for line in process.stderr:
        if line.strip() == f"WARTA_PAUSED {point.partition('@')[0]}":
            break
    else:
        process.wait()
        pytest.fail(f"the process ended (status {process.returncode}) without reaching {point}")
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    process.stderr.close()


def state(db_path) -> dict:
    """Everything stored about the article, as one comparable value."""
    db = sqlite_utils.Database(db_path)
    article = next(db.query("select title, content_hash, extractor_version from articles where id = ?", [KEY]), None)
    raw = next(db.query("select html_gz from article_raw where article_id = ?", [KEY]), None)
    return {"article": article, "raw": gzip.decompress(raw["html_gz"]).decode() if raw else None,
            "mentions": [(r["name"], r["extractor_version"]) for r in db.query(
                "select name, extractor_version from mentions where article_id = ? order by id", [KEY])],
            "dates": [(r["date"], r["extractor_version"]) for r in db.query(
                "select date, extractor_version from dates where article_id = ? order by id", [KEY])]}


def store_in_subprocess(db_path, tmp_path, fields, entities, raw, pause_at=None):
    spec = tmp_path / "article.json"
    spec.write_text(json.dumps({"fields": fields, "entities": entities, "raw": raw}))
    args = [sys.executable, "-c", STORE, str(db_path), str(spec)]
    if pause_at:
        run_until_paused(args, pause_at)
    else:
        subprocess.run(args, cwd=PROJECT_ROOT, env=ENV, check=True, capture_output=True)


NEW = {"article": {"title": "Lomba Inovasi Dibuka", "content_hash": "h1", "extractor_version": "v-new"},
       "raw": "<html>v1</html>", "mentions": [("Abdul Hadi", "v-new")], "dates": [("2024-02-27", "v-new")]}


@pytest.mark.parametrize("stage", STAGES)
def test_kill_9_while_saving_a_new_article_then_a_rerun_stores_it_whole(tmp_path, stage):
    db = tmp_path / "archive.db"
    Archive(db).db.close()
    store_in_subprocess(db, tmp_path, FIELDS, ENTITIES, "<html>v1</html>", pause_at=stage)
    committed = stage == "article:committed"
    assert state(db) == (NEW if committed else
                         {"article": None, "raw": None, "mentions": [], "dates": []})
    # A crawl skips only what the archive holds, so the next one fetches the article again ...
    known = KnownPages.load(Archive(db).db, "infopublik.id")
    assert (FIELDS["url"] in known.fetched) == committed
    # ... and stores it whole.
    store_in_subprocess(db, tmp_path, FIELDS, ENTITIES, "<html>v1</html>")
    assert state(db) == NEW


@pytest.mark.parametrize("stage", STAGES[:-1])
def test_kill_9_while_updating_an_article_keeps_the_old_version_whole(tmp_path, stage):
    db = tmp_path / "archive.db"
    Archive(db).store(FIELDS, raw_html=b"<html>v1</html>", encoding="utf-8", entities=ENTITIES)
    old = state(db)
    edited = {**FIELDS, "title": "Lomba Inovasi Resmi Dibuka", "content_hash": "h2"}
    entities = {**ENTITIES, "extractor_version": "v-newer",
                "officials": [ENTITIES["officials"][0],
                              {"name": "Hadi", "position": None, "start": NAME + 6, "end": NAME + 10}]}
    store_in_subprocess(db, tmp_path, edited, entities, "<html>v2</html>", pause_at=stage)
    assert state(db) == old
    store_in_subprocess(db, tmp_path, edited, entities, "<html>v2</html>")
    assert state(db)["article"]["content_hash"] == "h2"
    assert state(db)["mentions"] == [("Abdul Hadi", "v-newer"), ("Hadi", "v-newer")]


def test_a_rerun_repairs_an_article_that_warta_0_1_left_half_saved(tmp_path):
    """Before real transactions a kill could leave an article without raw page, mentions or
    version; it counted as unchanged, so no rerun repaired it. Now an unchanged article gets
    what it lacks."""
    db = tmp_path / "archive.db"
    archive = Archive(db)
    archive.save_article(FIELDS)  # the row alone, as that kill left it
    assert archive.store(FIELDS, raw_html=b"<html>v1</html>", encoding="utf-8", entities=ENTITIES) == "unchanged"
    assert state(db) == NEW


@pytest.fixture
def upgraded_0_1(tmp_path):
    """The archive Warta 0.1 wrote for `warta demo` (tests/fixtures), at the current schema."""
    path = tmp_path / "archive.db"
    path.write_bytes(gzip.decompress((PROJECT_ROOT / "tests" / "fixtures" / "archive-0.1.db.gz").read_bytes()))
    Archive(path).db.close()
    return path


def entity_rows(path) -> dict:
    db = sqlite_utils.Database(path)
    return {t: sorted(tuple(r.values()) for r in db[t].rows) for t in
            ("people", "positions", "person_positions", "programs", "awards")}


def dangling(path) -> int:
    return sqlite_utils.Database(path).execute(
        "select count(*) from mentions where (person_id is not null and person_id not in (select id from people)) "
        "or (position_id is not null and position_id not in (select id from positions))").fetchone()[0]


@pytest.mark.parametrize("point", ["rebuild:people", "rebuild:awards", "rebuild:links"])
def test_kill_9_during_the_rebuild_leaves_the_old_entities(upgraded_0_1, point):
    before = entity_rows(upgraded_0_1)
    assert before["people"] and dangling(upgraded_0_1) == 0
    # One article's mentions gone: the rebuild would change people and positions.
    conn = sqlite_utils.Database(upgraded_0_1)
    conn.execute("delete from mentions where article_id = (select article_id from mentions "
                 "where person_id is not null limit 1)")
    conn.close()
    rebuild = ("import sys; from pipelines import resolve; from pipelines.archive import Archive; "
               "resolve.rebuild(Archive(sys.argv[1]).db)")
    run_until_paused([sys.executable, "-c", rebuild, str(upgraded_0_1)], point)
    assert entity_rows(upgraded_0_1) == before
    subprocess.run([sys.executable, "-c", rebuild, str(upgraded_0_1)], cwd=PROJECT_ROOT, env=ENV, check=True)
    after = entity_rows(upgraded_0_1)
    assert after != before and after["people"] and dangling(upgraded_0_1) == 0


@pytest.mark.parametrize("reparse", [False, True])
def test_kill_9_during_reprocess_leaves_each_article_wholly_old_or_new(upgraded_0_1, reparse):
    db = sqlite_utils.Database(upgraded_0_1)
    for table in ("articles", "mentions", "dates"):
        db.execute(f"update {table} set extractor_version = 'old'")
    db.execute("update articles set body = 'teks rusak', content_hash = 'older-parser' "
               "where id = (select min(id) from articles)")  # as an older parser stored it
    db.close()
    run_until_paused([sys.executable, "-m", "warta", "reprocess", "--db", str(upgraded_0_1),
                      *(["--reparse"] if reparse else [])], "article:dates@3")
    db = sqlite_utils.Database(upgraded_0_1)
    versions = dict(db.execute("select id, extractor_version from articles").fetchall())
    # each article is one transaction: its reparsed record (with --reparse) and its entities
    assert sum(v == nlp.EXTRACTOR_VERSION for v in versions.values()) == 2
    assert sum(v == "old" for v in versions.values()) == len(versions) - 2
    first = db.execute("select body from articles order by id limit 1").fetchone()[0]
    assert (first != "teks rusak") if reparse else (first == "teks rusak")
    for table in ("mentions", "dates"):
        mixed = db.execute(f"select count(*) from {table} join articles on articles.id = {table}.article_id "
                           f"where {table}.extractor_version != articles.extractor_version").fetchone()[0]
        assert mixed == 0, table


def test_a_crawl_killed_while_saving_an_article_is_completed_by_the_next_crawl(sample_site, crawled_db, tmp_path):
    """End to end: the real spider and pipelines, killed half-way through storing the fifth
    article; the next ordinary crawl leaves the same archive as an uninterrupted one."""
    db = tmp_path / "archive.db"
    args = [sys.executable, "-m", "scrapy", "crawl", "infopublik"]
    for name, value in {**FAST, "WARTA_INFOPUBLIK_BASE_URL": sample_site.base_url, "WARTA_DB_PATH": str(db)}.items():
        args += ["-s", f"{name}={value}"]
    run_until_paused(args, "article:mentions@5")
    partial = sqlite_utils.Database(db)
    assert partial["articles"].count == 4 and partial["mentions"].count
    assert partial.execute("select count(*) from articles where extractor_version is null").fetchone()[0] == 0
    partial.close()
    subprocess.run(args, cwd=PROJECT_ROOT, env=ENV, check=True, capture_output=True, timeout=300)

    def summary(path):
        archive = sqlite_utils.Database(path)
        return {"articles": archive["articles"].count, "raw": archive["article_raw"].count,
                "fingerprints": archive["article_fingerprints"].count,
                "mentions": sorted(archive.execute("select article_id, name, start from mentions").fetchall()),
                "unprocessed": archive.execute("select count(*) from articles "
                                               "where extractor_version is null").fetchone()[0]}
    assert summary(db) == summary(crawled_db)


def test_a_huge_body_is_stored_cut_with_its_reason_and_searching_it_returns(tmp_path):
    archive = Archive(tmp_path / "archive.db")
    huge = "Bupati Balangan meresmikan inovasi desa. " * 500_000  # 20 MB
    assert archive.store({**FIELDS, "body": huge}) == "new"
    row = archive.db["articles"].get(KEY)
    assert len(row["body"]) == schema.BODY_LIMIT and row["body_full_chars"] == len(huge)
    assert archive.full_text(KEY) == huge
    # the canned search query, snippet and all, returns (over the whole body it ran for 78 s)
    metadata = yaml.safe_load((PROJECT_ROOT / "metadata.yml").read_text())
    sql = metadata["databases"]["archive"]["queries"]["search"]["sql"]
    hits = list(archive.db.query(sql, {"q": "inovasi"}))
    assert [h["article_id"] for h in hits] == [KEY] and "⟦inovasi⟧" in hits[0]["snippet"]
    # a shorter version of it later: nothing of the cut is left behind
    archive.store({**FIELDS, "body": BODY, "content_hash": "h2"})
    assert archive.db["articles"].get(KEY)["body_full_chars"] is None and not archive.db["article_full_text"].count


def test_an_old_archive_holding_a_huge_body_is_cut_on_upgrade(upgraded_0_1, tmp_path):
    old = tmp_path / "old.db"
    shutil.copy(upgraded_0_1, old)
    db = sqlite_utils.Database(old)
    db.execute("drop table _sqlite_migrations")  # as Warta 0.1 left it, but for the one long body
    huge = "Bupati Balangan meresmikan inovasi desa. " * 10_000
    db.execute("update articles set body = ? where id = 'infopublik-816031'", [huge])
    db.close()
    archive = Archive(old)
    assert archive.upgraded
    row = archive.db["articles"].get("infopublik-816031")
    assert len(row["body"]) == schema.BODY_LIMIT and archive.full_text("infopublik-816031") == huge


def test_an_extractor_fault_stores_the_article_without_entities(tmp_path, monkeypatch):
    """A bug in the NLP for one article (as a text ending in "Wakil" once raised) must not lose
    the article: it is stored unprocessed, counted, and reprocess picks it up later."""
    from scrapy.statscollectors import MemoryStatsCollector
    from scrapy.utils.test import get_crawler

    from pipelines.nlp_stage import NLPPipeline
    from pipelines.store import ArchivePipeline

    stats = MemoryStatsCollector(get_crawler())
    stage = NLPPipeline(stats, enabled=True)
    stage.open_spider()

    def broken(text, published=None):
        raise IndexError("list index out of range")
    monkeypatch.setattr(nlp, "extract", broken)
    store = ArchivePipeline(stats, str(tmp_path / "archive.db"))
    store.open_spider()
    store.process_item(stage.process_item(dict(FIELDS)))
    row = store.archive.db["articles"].get(KEY)
    assert row["body"] == BODY and row["extractor_version"] is None
    assert stats.get_value("warta/nlp/failed") == 1 and stats.get_value("warta/stored/new") == 1
    store.close_spider()
