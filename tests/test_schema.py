"""One owner for the schema (pipelines/schema.py): versioned steps, old archives upgraded in
place with every row kept, newer or non-SQLite files refused with one line."""
import asyncio
import gzip
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
import sqlite_utils
from click.testing import CliRunner
from datasette.app import Datasette

from pipelines import resolve, schema
from pipelines.archive import Archive
from pipelines.schema import SchemaError
from scraper.incremental import KnownPages
from warta.cli import cli, open_archive
from warta.schedule import crawl_all, last_finished
from newssite import NewsSite, NewsSiteServer, write_sources
from warta_testing import PROJECT_ROOT, SAMPLE_ARTICLES

FIXTURE = Path(__file__).parent / "fixtures" / "archive-0.1.db.gz"


@pytest.fixture
def archive_0_1(tmp_path) -> Path:
    """The archive Warta 0.1 wrote for `warta demo` (tests/fixtures/make_archive_0_1.sh)."""
    path = tmp_path / "archive.db"
    path.write_bytes(gzip.decompress(FIXTURE.read_bytes()))
    return path


def counts(path) -> dict:
    conn = sqlite3.connect(path)
    tables = [r[0] for r in conn.execute("select name from sqlite_master where type = 'table' "
                                         "and name not like 'articles_fts%' and name not like '\\_%' escape '\\'")]
    result = {t: conn.execute(f"select count(*) from [{t}]").fetchone()[0] for t in tables}
    conn.close()
    return result


def test_a_new_archive_gets_every_step_and_no_upgrade_line(tmp_path):
    archive = Archive(tmp_path / "new.db")
    assert archive.upgraded is None
    assert [r["name"] for r in archive.db["_sqlite_migrations"].rows] == schema.STEPS
    assert set(schema.TABLES) <= set(archive.db.table_names())
    assert set(schema.VIEWS) <= set(archive.db.view_names())


def test_an_archive_of_release_0_1_upgrades_in_place_keeping_every_row(archive_0_1):
    before = counts(archive_0_1)
    assert before["articles"] == SAMPLE_ARTICLES and before["mentions"] > 0 and "_sqlite_migrations" not in before
    archive = Archive(archive_0_1)
    assert archive.upgraded.startswith(f"{archive_0_1}: upgraded from Warta 0.1 (before schema versions) "
                                       f"to schema version {len(schema.STEPS)}")
    assert "\n" not in archive.upgraded
    after = counts(archive_0_1)
    assert {t: after[t] for t in before} == before
    assert after["article_full_text"] == 0  # no body of the sample site is over the limit
    # the same searches as before, and a second open has nothing to say
    assert [r["id"] for r in archive.db["articles"].search("inovasi")]
    assert Archive(archive_0_1).upgraded is None


def test_the_cli_says_so_in_one_line(archive_0_1, capsys):
    open_archive(archive_0_1).db.close()  # what serve, reprocess, crawl and demo do first
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and f"{archive_0_1}: upgraded from Warta 0.1" in err
    open_archive(archive_0_1).db.close()
    assert capsys.readouterr().err == ""


def test_the_upgraded_archive_keeps_working(archive_0_1):
    archive = Archive(archive_0_1)
    mentions_before = archive.db["mentions"].count
    row = archive.db["articles"].get("infopublik-816031")
    fields = {**row, "article_id": row["article_id"] + 1, "content_hash": "new", "tags": []}
    assert archive.store(fields, entities={"extractor_version": "test", "officials": [
        {"name": "Abdul Hadi", "position": "Bupati Balangan", "start": 0, "end": 5}]}) == "new"
    assert counts(archive_0_1)["mentions"] == mentions_before + 1   # the new article's official, committed
    known = KnownPages.load(archive.db, "infopublik.id")
    assert row["url"] in known.fetched and known.last_finished


def test_the_article_page_of_an_upgraded_old_schema_archive_renders(tmp_path):
    """An archive from before mentions and dates existed (Warta's first commits) gave a 500."""
    path = tmp_path / "archive.db"
    old = sqlite_utils.Database(path)
    old["articles"].insert({"id": "infopublik-1", "source": "infopublik.id", "article_id": 1,
                            "url": "https://infopublik.id/1", "title": "Lomba inovasi",
                            "body": "Bupati Balangan membuka lomba inovasi.", "content_hash": "h",
                            "published_at": "2024-02-27T10:00:00+08:00"}, pk="id")
    old["articles"].enable_fts(["title", "body"], create_triggers=True)
    old["crawl_runs"].insert({"id": 1, "spider": "infopublik", "source": "infopublik.id",
                              "started_at": "2024-03-01T00:00:00+00:00", "finish_reason": "finished"}, pk="id")
    # then, one row per program mention, keyed by an integer
    old["programs"].insert({"id": 1, "article_id": "infopublik-1", "start": 0, "end": 5, "name": "GEMA"}, pk="id")
    old.close()
    archive = Archive(path)
    assert archive.upgraded and archive.db["articles"].count == 1
    assert archive.db["programs_unversioned"].count == 1 and archive.db["programs"].pks == ["id"]
    assert archive.db["programs"].columns_dict["id"] is str
    resolve.rebuild(archive.db)
    assert [c.name for c in archive.db["articles_fts"].columns] == schema.FTS_COLUMNS
    assert {"source_name", "healthy", "problems"} <= set(archive.db["crawl_runs"].columns_dict)
    assert archive.db["crawl_runs"].get(1)["healthy"] is None  # unknown, not "healthy"
    assert [r["id"] for r in archive.db["articles"].search("inovasi")] == ["infopublik-1"]
    ds = Datasette([str(path)])
    response = asyncio.run(ds.client.get("/archive/articles/infopublik-1"))
    assert response.status_code == 200 and "Lomba inovasi" in response.text


def test_an_archive_of_a_newer_warta_is_refused_with_one_line(tmp_path):
    path = tmp_path / "archive.db"
    Archive(path).db["_sqlite_migrations"].insert(
        {"migration_set": "warta", "name": "m999_from_the_future", "applied_at": "2030-01-01"})
    with pytest.raises(SchemaError, match="written by a newer Warta .*m999_from_the_future"):
        Archive(path)
    result = CliRunner().invoke(cli, ["serve", "--db", str(path)])
    assert result.exit_code == 1 and "newer Warta" in result.output
    assert len(result.output.strip().splitlines()) == 1


@pytest.mark.parametrize("command", [["serve"], ["reprocess"], ["crawl", "infopublik"]])
def test_a_file_that_is_not_sqlite_is_one_clear_line(tmp_path, command):
    path = tmp_path / "notes.db"
    path.write_text("these are not the archives you are looking for\n" * 100)
    result = CliRunner().invoke(cli, [*command, "--db", str(path)])
    assert result.exit_code == (2 if command[0] == "crawl" else 1)  # a crawl's bad input is 2
    assert result.output.strip() == f"Error: {path} is not a SQLite database"


class Lines(list):
    """A text stream for crawl_all's out/err that keeps what was written."""

    def write(self, text):
        self.append(text)

    def lines(self):
        return "".join(self).splitlines()


def test_crawl_all_on_a_file_that_is_not_sqlite_exits_2(tmp_path):
    path = tmp_path / "archive.db"
    path.write_bytes(b"\x00garbage" * 64)
    with NewsSiteServer(NewsSite.generate(1)) as server:
        sources = write_sources(tmp_path / "sources.yml", server.source("satu", "feed"))
        err = Lines()
        assert crawl_all(sources, path, jobs_dir=tmp_path / "jobs", err=err) == 2
    assert err.lines() == [f"{path} is not a SQLite database"]


def test_crawl_all_survives_sources_whose_first_crawl_dies(tmp_path, archive_0_1):
    """Every source is still tried and reported, on an archive whose crawl_runs predates the
    source_name column (the parent used to crash with `no such column: source_name`)."""
    conn = sqlite3.connect(archive_0_1)
    conn.execute("alter table crawl_runs drop column source_name")
    conn.commit()
    conn.close()
    with NewsSiteServer(NewsSite.generate(2)) as one, NewsSiteServer(NewsSite.generate(2)) as two:
        two.site.base_url = two.base_url.replace("127.0.0.1", "localhost")  # one source per host
        second = two.source("dua", "feed", base_url=two.site.base_url, feed_url=two.site.base_url + "/feed/")
        sources = write_sources(tmp_path / "sources.yml", one.source("satu", "feed"), second)
        out, err = Lines(), Lines()
        # a log level Scrapy rejects: each child dies before it records its run
        code = crawl_all(sources, archive_0_1, jobs_dir=tmp_path / "jobs", settings={"LOG_LEVEL": "NOPE"},
                         out=out, err=err)
    assert code == 1
    assert [line for line in err.lines() if "recorded no run" in line] == [
        "UNHEALTHY satu: the crawl recorded no run (exit status 1)",
        "UNHEALTHY dua: the crawl recorded no run (exit status 1)"]
    assert out.lines()[-1] == "2 of 2 sources crawled, 2 unhealthy"
    assert last_finished(sqlite_utils.Database(archive_0_1), "satu") is None


def test_two_processes_opening_an_old_archive_at_once_upgrade_it_once(archive_0_1):
    code = ("import sys; from pipelines.archive import Archive; "
            "print(Archive(sys.argv[1]).upgraded or 'current')")
    env = {**os.environ, "PYTHONPATH": str(PROJECT_ROOT)}
    runs = [subprocess.Popen([sys.executable, "-c", code, str(archive_0_1)], stdout=subprocess.PIPE,
                             text=True, env=env) for _ in range(2)]
    outputs = sorted(run.communicate(timeout=120)[0].strip() for run in runs)
    assert [run.returncode for run in runs] == [0, 0]
    assert outputs[1] == "current" and "upgraded from Warta 0.1" in outputs[0]
    assert [r["name"] for r in sqlite_utils.Database(archive_0_1)["_sqlite_migrations"].rows] == schema.STEPS


def _article_indexes(db) -> dict:
    return {i.name: i.columns for i in db["articles"].indexes if not i.name.startswith("sqlite_")}


def test_an_archive_of_schema_4_gains_the_region_date_index_in_place_of_region_code(tmp_path):
    path = tmp_path / "archive.db"
    current = _article_indexes(Archive(path).db)
    db = sqlite_utils.Database(path)  # back to schema version 4's index, and its record
    db.execute("drop index idx_articles_region_code_published_at")
    db.execute("create index idx_articles_region_code on articles (region_code)")
    db.execute("delete from _sqlite_migrations where name = 'm005_region_dates'")
    db["articles"].insert({"id": "a1", "source": "s", "article_id": 1, "region_code": "63"})
    db.execute("analyze")  # statistics of the index the step drops: not rows of the archive
    db.conn.commit()
    db.close()
    archive = Archive(path)
    rows = sum(n for t, n in counts(path).items() if not t.startswith("sqlite_"))
    assert archive.upgraded.endswith(f"to schema version {len(schema.STEPS)}, all {rows} rows kept")
    assert _article_indexes(archive.db) == current
    assert current["idx_articles_region_code_published_at"] == ["region_code", "published_at"]
    assert "idx_articles_region_code" not in current
    # the region page's articles per month, from the index alone
    plan = " ".join(r[3] for r in archive.db.execute(
        "explain query plan select substr(published_at, 1, 7), count(*) from articles "
        "where region_code >= '63' and region_code < '63/' group by 1"))
    assert "COVERING INDEX idx_articles_region_code_published_at" in plan
