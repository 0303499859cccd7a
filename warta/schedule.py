"""Crawl every due source of ``sources.yml``, one at a time, for cron.

    warta crawl --all [--sources sources.yml] [--db archive.db] [--source NAME]...
                      [--refresh] [--since YYYY-MM-DD] [--force] [-s NAME=VALUE]...

A source is due when its last finished crawl started ``every_hours`` ago or more, or when its
last crawl was interrupted (its JOBDIR is still there: the next run resumes it). Each source is
crawled in a subprocess of its own (``python -m warta crawl SPIDER -a source=NAME``), so one
broken site cannot take the others down, with its JOBDIR under ``jobs/`` beside the archive.

A lock file beside the archive (``archive.db.lock``) keeps crawls of one archive from
overlapping, ``warta crawl SPIDER`` included. The child inherits the lock (``WARTA_LOCK_FD``),
so it is released only when the crawl has really ended: a killed parent takes its child down
with it (SIGTERM, so the child stops gracefully and its JOBDIR resumes next time), and a second
run finds the lock held until the child is gone. SIGTERM or SIGINT to the parent is passed on
to the running child; no further source is started.

Exit statuses (the same for ``warta crawl SPIDER``, see ``exit_status``):
0   every crawl finished and is healthy (nothing new to store is healthy);
1   a crawl ran but is unhealthy: stopped early, articles that could not be stored, coverage
    too low, discovery failed (its problems are printed, so cron mails them);
2   bad input: a bad sources file or argument, an archive that cannot be written or used
    (not SQLite, or written by a newer Warta);
75  (EX_TEMPFAIL) another crawl holds the archive's lock; try again later;
130, 143  interrupted by SIGINT or SIGTERM (128 + the signal); the job state resumes it.
"""
from __future__ import annotations

import ctypes
import fcntl
import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import threading
from contextlib import closing, contextmanager
from datetime import datetime, timedelta, timezone
from pathlib import Path

import sqlite_utils

from pipelines.schema import SchemaError, open_database
from scraper.sources import Source, SourceError, load_sources
from scraper.spiders.base import SourceSpider

EXIT_OK, EXIT_UNHEALTHY, EXIT_CONFIG, EXIT_LOCKED = 0, 1, 2, 75
# Set for a child crawl: the descriptor of the lock its parent holds, and the parent's pid.
LOCK_FD_ENV, PARENT_ENV = "WARTA_LOCK_FD", "WARTA_PARENT_PID"
_PR_SET_PDEATHSIG = 1  # linux/prctl.h
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


class Locked(Exception):
    """Another crawl holds the archive's lock."""


def lock_path(db_path: Path) -> Path:
    return db_path.with_name(db_path.name + ".lock")


@contextmanager
def crawl_lock(db_path: Path):
    """Hold the archive's crawl lock for the block (raises Locked when another run has it).

    A child of ``crawl --all`` finds its parent's lock in WARTA_LOCK_FD: flock on that shared
    open file succeeds, as the lock is the same one, and it stays held while either process
    lives; the child also arranges to stop when its parent dies.
    """
    inherited = _inherited_lock()
    if inherited is not None:
        _die_with_parent()
        yield inherited
        return
    with open(lock_path(db_path), "w") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise Locked(f"another crawl holds {lock.name}; not starting a second one") from None
        yield lock.fileno()


def _inherited_lock() -> int | None:
    try:
        fd = int(os.environ[LOCK_FD_ENV])
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except (KeyError, ValueError, OSError):
        return None  # not a child of crawl --all, or not a descriptor of ours
    return fd


def _die_with_parent() -> None:
    """SIGTERM (a graceful stop) when the parent ``crawl --all`` dies (Linux): no crawl
    outlives it. Elsewhere the inherited lock still keeps other runs out until the child ends."""
    if not sys.platform.startswith("linux"):
        return
    ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)
    if str(os.getppid()) != os.environ.get(PARENT_ENV):  # it died before prctl took effect
        os.kill(os.getpid(), signal.SIGTERM)


def archive_problem(db_path: Path) -> str | None:
    """Why a crawl could not write ``db_path``, in one line; None when it can."""
    folder = db_path.parent
    if not folder.is_dir():
        return f"{db_path}: the folder {folder} does not exist"
    if db_path.is_dir():
        return f"{db_path} is a folder, not an archive file"
    if not os.access(folder, os.W_OK):  # SQLite writes its journal beside the archive
        return f"{db_path}: the folder {folder} is read-only"
    if db_path.exists():
        if not os.access(db_path, os.W_OK):
            return f"{db_path} is read-only"
        # Read through SQLite, never a plain open(): closing another descriptor of the file would
        # drop the POSIX locks of this process's own connections to it and risk corruption.
        try:
            with closing(sqlite3.connect(f"{db_path.resolve().as_uri()}?mode=ro", uri=True)) as conn:
                conn.execute("select count(*) from sqlite_master")
        except sqlite3.DatabaseError:
            return f"{db_path} is not a SQLite database"
    return None


def exit_status(stats: dict, signum: int | None = None) -> int:
    """A crawl's exit status from its stats (the table in the module docstring)."""
    if signum:
        return 128 + signum
    if stats.get("finish_reason") != "finished" or not stats.get("warta/healthy"):
        return EXIT_UNHEALTHY  # warta/healthy is missing when the run could not even be recorded
    return EXIT_OK


def crawl_command(source: Source, sources_file: Path, db_path: Path, jobdir: Path,
                  settings: dict | None = None, since: str | None = None, refresh: bool = False) -> list[str]:
    """The child's command: the installed warta, so it runs without the source tree."""
    command = [sys.executable, "-m", "warta", "crawl", source.spider, "-a", f"source={source.name}"]
    if since:
        command += ["-a", f"since={since}"]
    merged = {"WARTA_SOURCES_FILE": str(sources_file), "WARTA_DB_PATH": str(db_path),
              "JOBDIR": str(jobdir), **({"WARTA_REFRESH": "True"} if refresh else {}), **(settings or {})}
    for name, value in merged.items():
        command += ["-s", f"{name}={value}"]
    return command


@contextmanager
def forwarding_signals(child: subprocess.Popen):
    """Pass SIGINT and SIGTERM on to ``child``; yields the list of signals received."""
    received: list[int] = []
    if threading.current_thread() is not threading.main_thread():
        yield received  # only the main thread may set handlers; the default ones stay
        return

    def forward(signum, frame):
        received.append(signum)
        child.send_signal(signum)

    previous = {s: signal.signal(s, forward) for s in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield received
    finally:
        for s, handler in previous.items():
            signal.signal(s, handler)


def run_source(source: Source, sources_file: Path, db_path: Path, jobdir: Path, lock_fd: int,
               settings: dict | None = None, since: str | None = None,
               refresh: bool = False) -> tuple[int, dict | None, int | None]:
    """Crawl one source in a subprocess holding our lock ``lock_fd``: its exit status, the
    crawl_runs row it wrote and the signal that interrupted us meanwhile (None)."""
    db = open_database(db_path)
    before = db.execute("select max(id) from crawl_runs").fetchone()[0]
    db.close()
    jobdir.parent.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "SCRAPY_SETTINGS_MODULE": "scraper.settings",
           LOCK_FD_ENV: str(lock_fd), PARENT_ENV: str(os.getpid())}
    # Its own session: a Ctrl-C reaches the child once, through us, not twice (twice forces
    # Scrapy's unclean shutdown).
    child = subprocess.Popen(crawl_command(source, sources_file, db_path, jobdir, settings, since, refresh),
                             env=env, pass_fds=(lock_fd,), start_new_session=True)
    with forwarding_signals(child) as received:
        returncode = child.wait()
    db = open_database(db_path)
    row = next(db["crawl_runs"].rows_where("id > ? and source_name = ?", [before or 0, source.name],
                                           order_by="id desc", limit=1), None)
    db.close()
    if row and row["finish_reason"] == "finished":
        shutil.rmtree(jobdir, ignore_errors=True)  # done: the next run starts afresh
    return returncode, row, (received[0] if received else None)


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
              now: datetime | None = None, out=None, err=None) -> int:
    """Crawl every due source (or ``names``); the exit status described in the module docstring.
    Reports go to ``out`` and problems to ``err`` (stdout and stderr as they are at the call)."""
    out = sys.stdout if out is None else out
    err = sys.stderr if err is None else err
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
    problem = archive_problem(db_path)
    if problem:
        print(problem, file=err)
        return EXIT_CONFIG
    jobs_dir = Path(jobs_dir).resolve() if jobs_dir else db_path.parent / "jobs"
    try:
        with crawl_lock(db_path) as lock_fd:
            return _crawl_due(sources, sources_file, db_path, jobs_dir, lock_fd, names, refresh, since,
                              force, settings, now or datetime.now(timezone.utc), out, err)
    except Locked as error:
        print(error, file=err)
        return EXIT_LOCKED


def _crawl_due(sources, sources_file, db_path, jobs_dir, lock_fd, names, refresh, since, force, settings,
               now, out, err) -> int:
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
        code, row, signum = run_source(source, sources_file, db_path, jobs_dir / source.name, lock_fd,
                                       settings, since, refresh)
        if signum:
            print(f"interrupted by {signal.Signals(signum).name}: {source.name} stopped, its job state "
                  f"resumes it on the next run; the sources after it were not started", file=err)
            return exit_status({}, signum)
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
