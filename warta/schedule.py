"""Crawl every due source of ``sources.yml``, one at a time, for cron.

    warta crawl --all [--sources sources.yml] [--db archive.db] [--source NAME]...
                      [--refresh] [--since YYYY-MM-DD] [--force] [-s NAME=VALUE]...

A source is due when its last finished crawl started ``every_hours`` ago or more, or when its
last crawl was interrupted (its JOBDIR is still there: the next run resumes it). Each source is
crawled in a subprocess of its own, so one broken site cannot take the others down, with its
JOBDIR under ``jobs/`` beside the archive. A lock file beside the archive keeps two cron runs
from overlapping.

Exit status: 0 when every source crawled is healthy, 1 when one is not (its problems are
printed, so cron mails them), 2 for a bad sources file or an archive that cannot be used (not
SQLite, or written by a newer Warta), 75 (EX_TEMPFAIL) when another run holds
the lock.
"""
from __future__ import annotations

import fcntl
import json
import os
import shutil
import subprocess
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path

import sqlite_utils

from pipelines.schema import SchemaError, open_database
from scraper.sources import Source, SourceError, load_sources
from scraper.spiders.base import SourceSpider

PROJECT_ROOT = Path(__file__).resolve().parents[1]
EXIT_UNHEALTHY, EXIT_CONFIG, EXIT_LOCKED = 1, 2, 75
# Cron fires on the minute; a run that started a little late must not make the next one early.
DUE_SLACK = timedelta(minutes=10)


def last_finished(db: sqlite_utils.Database, name: str) -> datetime | None:
    value = db.execute("select max(started_at) from crawl_runs where source_name = ? and "
                       "finish_reason = 'finished'", [name]).fetchone()[0]
    return datetime.fromisoformat(value) if value else None


def is_due(source: Source, db: sqlite_utils.Database, jobdir: Path, now: datetime) -> bool:
    last = last_finished(db, source.name)
    if jobdir.exists() or last is None:
        return True
    last = last if last.tzinfo else last.replace(tzinfo=timezone.utc)
    return now - last + DUE_SLACK >= timedelta(hours=source.every_hours)


def crawl_command(source: Source, sources_file: Path, db_path: Path, jobdir: Path,
                  settings: dict | None = None, since: str | None = None, refresh: bool = False) -> list[str]:
    command = [sys.executable, "-m", "scrapy", "crawl", source.spider, "-a", f"source={source.name}"]
    if since:
        command += ["-a", f"since={since}"]
    merged = {"WARTA_SOURCES_FILE": str(sources_file), "WARTA_DB_PATH": str(db_path),
              "JOBDIR": str(jobdir), **({"WARTA_REFRESH": "True"} if refresh else {}), **(settings or {})}
    for name, value in merged.items():
        command += ["-s", f"{name}={value}"]
    return command


def run_source(source: Source, sources_file: Path, db_path: Path, jobdir: Path, settings: dict | None = None,
               since: str | None = None, refresh: bool = False) -> tuple[int, dict | None]:
    """Crawl one source in a subprocess; its exit code and the crawl_runs row it wrote."""
    db = open_database(db_path)
    before = db.execute("select max(id) from crawl_runs").fetchone()[0]
    db.close()
    jobdir.parent.mkdir(parents=True, exist_ok=True)
    result = subprocess.run(crawl_command(source, sources_file, db_path, jobdir, settings, since, refresh),
                            cwd=PROJECT_ROOT, env={**os.environ, "PYTHONPATH": str(PROJECT_ROOT)})
    db = open_database(db_path)
    row = next(db["crawl_runs"].rows_where("id > ? and source_name = ?", [before or 0, source.name],
                                           order_by="id desc", limit=1), None)
    db.close()
    if row and row["finish_reason"] == "finished":
        shutil.rmtree(jobdir, ignore_errors=True)  # done: the next run starts afresh
    return result.returncode, row


def summary(name: str, row: dict) -> str:
    skipped = json.loads(row.get("skipped_by_reason") or "{}")
    parts = [f"{row['pages']} pages", f"{row['new']} new", f"{row['updated']} updated"]
    if skipped:
        parts.append("skipped " + ", ".join(f"{v} {k}" for k, v in skipped.items()))
    dropped = json.loads(row.get("dropped_by_reason") or "{}")
    if dropped:
        parts.append("dropped " + ", ".join(f"{v} {k}" for k, v in dropped.items()))
    return f"{name}: " + "; ".join(parts)


def crawl_all(sources_file: str | Path = "sources.yml", db_path: str | Path = "archive.db", *,
              names: list[str] | None = None, refresh: bool = False, since: str | None = None,
              force: bool = False, settings: dict | None = None, jobs_dir: str | Path | None = None,
              now: datetime | None = None, out=sys.stdout, err=sys.stderr) -> int:
    """Crawl every due source (or ``names``); the exit status described in the module docstring."""
    sources_file, db_path = Path(sources_file).resolve(), Path(db_path).resolve()
    try:
        sources = load_sources(sources_file)
        if since:
            SourceSpider.check_arguments("any", since)
    except (SourceError, ValueError) as error:
        print(error, file=err)
        return EXIT_CONFIG
    unknown = sorted(set(names or []) - set(sources))
    if unknown:
        print(f"{sources_file}: no source {', '.join(unknown)}; known: {', '.join(sorted(sources))}", file=err)
        return EXIT_CONFIG
    jobs_dir = Path(jobs_dir).resolve() if jobs_dir else db_path.parent / "jobs"
    db_path.parent.mkdir(parents=True, exist_ok=True)
    with open(db_path.with_name(db_path.name + ".lock"), "w") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            print(f"another crawl holds {lock.name}; not starting a second one", file=err)
            return EXIT_LOCKED
        now = now or datetime.now(timezone.utc)
        try:
            db = open_database(db_path)  # created or upgraded before any source is judged or crawled
        except SchemaError as error:
            print(error, file=err)
            return EXIT_CONFIG
        chosen = [s for s in sources.values() if (names is None or s.name in names)
                  and (force or names or refresh or since or is_due(s, db, jobs_dir / s.name, now))]
        db.close()
        unhealthy = []
        for source in chosen:
            code, row = run_source(source, sources_file, db_path, jobs_dir / source.name, settings, since, refresh)
            if row is None:
                unhealthy.append(source.name)
                print(f"UNHEALTHY {source.name}: the crawl recorded no run (exit status {code})", file=err)
                continue
            print(summary(source.name, row), file=out)
            if code != 0 or not row.get("healthy"):
                unhealthy.append(source.name)
                for problem in json.loads(row.get("problems") or "[]") or [f"exit status {code}"]:
                    print(f"UNHEALTHY {source.name}: {problem}", file=err)
        print(f"{len(chosen)} of {len(sources)} sources crawled, {len(unhealthy)} unhealthy", file=out)
        return EXIT_UNHEALTHY if unhealthy else 0
