"""How long the reader's pages take on a large archive: the front page (first view, then from its
cache) and a province, position, person, program and award page.

    python benchmarks/pages.py [ARTICLES]     # default 200,000; writes docs/benchmarks-pages.md

The archive is synthetic (the real schema and indexes from pipelines/archive.py, random rows:
three mentions an article, articles spread over five years and 514 regions). Pages are fetched
through Datasette's own test client with `warta serve`'s settings. Figures, not tests.
"""
from __future__ import annotations

import asyncio
import platform
import random
import statistics
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import yaml  # noqa: E402
from datasette.app import Datasette  # noqa: E402
from datasette.utils import tilde_encode  # noqa: E402

from pipelines.archive import Archive  # noqa: E402
from warta.cli import DATASETTE_SETTINGS, PACKAGED_METADATA  # noqa: E402
from warta.publish import pages  # noqa: E402

OUT = ROOT / "docs" / "benchmarks-pages.md"
ROUNDS = 5


def build(path: Path, n_articles: int, seed: int = 7) -> dict:
    """A synthetic archive; returns one id of each kind of page to fetch."""
    rng = random.Random(seed)
    archive = Archive(path)
    db = archive.db
    for trigger in db.triggers:  # full-text search is not what these pages use: skip its upkeep
        db.execute(f"drop trigger [{trigger.name}]")
    regencies = [r["code"] for r in db.query("select code from regions where kind != 'Provinsi'")]
    people, positions = n_articles // 10, n_articles // 40
    programs, awards = n_articles // 10, n_articles // 40
    start = datetime(2020, 1, 1)
    step = timedelta(days=5 * 365) / n_articles
    with db.conn:
        db["sources"].insert({"source": "bench", "name": "bench"}, pk="source", ignore=True)
        db.conn.executemany(
            "insert into articles (id, source, article_id, title, region_code, published_at, month, body) "
            "values (?, 'bench', ?, ?, ?, ?, ?, 'Isi berita.')",
            ((f"bench-{i}", i, f"Berita {i}", rng.choice(regencies), (start + i * step).isoformat() + "+07:00",
              (start + i * step).strftime("%Y-%m")) for i in range(n_articles)))
        db.conn.executemany(
            "insert into people (id, name, region_code, first_seen, last_seen, articles) values (?, ?, ?, '2020-01-01', '2024-12-31', 30)",
            ((f"p{i}", f"Pejabat {i}", rng.choice(regencies)) for i in range(people)))
        db.conn.executemany(
            "insert into positions (id, label, title, region_code, holders) values (?, ?, 'Bupati', ?, 4)",
            ((f"pos{i}", f"Bupati {i}", rng.choice(regencies)) for i in range(positions)))
        db.conn.executemany(
            "insert into person_positions (id, person_id, position_id, first_seen, last_seen, articles, first_article_id) "
            "values (?, ?, ?, ?, ?, 10, 'bench-0')",
            ((f"pp{i}", f"p{i}", f"pos{i % positions}", f"{2020 + i % 4}-01-01", f"{2021 + i % 4}-06-30")
             for i in range(people)))
        for table, count in (("programs", programs), ("awards", awards)):
            db.conn.executemany(
                f"insert into {table} (id, name, region_code, first_seen, last_seen, articles) values (?, ?, ?, ?, ?, 10)",
                ((f"{table[0]}{i}", f"{table} {i}", rng.choice(regencies), "2020-01-01",
                  (start + timedelta(days=rng.randrange(5 * 365))).date().isoformat()) for i in range(count)))

        def mentions():
            for i in range(n_articles):
                for _ in range(2):
                    person = rng.randrange(people)
                    yield (f"bench-{i}", "official", f"p{person}", f"pos{person % positions}", None, None)
                kind = rng.random() < 0.8
                yield (f"bench-{i}", "program" if kind else "award", None, None,
                       f"p{rng.randrange(programs)}" if kind else None, None if kind else f"a{rng.randrange(awards)}")

        db.conn.executemany(
            "insert into mentions (article_id, entity_type, person_id, position_id, program_id, award_id, sentence) "
            "values (?, ?, ?, ?, ?, ?, 'Kalimat.')", mentions())
    return {"province": "/archive/regions/" + tilde_encode(regencies[0][:2]),
            "regency": "/archive/regions/" + tilde_encode(regencies[0]),
            "position": "/archive/positions/pos1", "person": "/archive/people/p1",
            "program": "/archive/programs/p1", "award": "/archive/awards/a1"}


def fetch_ms(ds: Datasette, path: str) -> float:
    began = time.perf_counter()
    response = asyncio.run(ds.client.get(path))
    assert response.status_code == 200, (path, response.status_code)
    return (time.perf_counter() - began) * 1000


def main(n_articles: int = 200_000) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "archive.db"
        began = time.perf_counter()
        targets = build(path, n_articles)
        built = time.perf_counter() - began
        metadata = yaml.safe_load(PACKAGED_METADATA.read_text(encoding="utf-8"))
        ds = Datasette([str(path)], metadata=metadata, settings=dict(DATASETTE_SETTINGS))
        rows = [("front page, first view (aggregates computed)", fetch_ms(ds, "/"))]
        rows.append(("front page, later views (aggregates cached)",
                     statistics.median(fetch_ms(ds, "/") for _ in range(ROUNDS))))
        pages._aggregates.clear()
        rows.append(("front page, first view again", fetch_ms(ds, "/")))
        for name, target in targets.items():
            rows.append((f"{name} page ({target})", statistics.median(fetch_ms(ds, target) for _ in range(ROUNDS))))
    lines = ["# Reader pages on a large archive", "",
             f"`python benchmarks/pages.py {n_articles}` on {platform.machine()}, Python {platform.python_version()},"
             f" {n_articles:,} synthetic articles with {3 * n_articles:,} mentions (built in {built:.0f} s).",
             "Each figure is the time for Datasette's test client to return the page, the median of"
             f" {ROUNDS} fetches unless it says first view. The machine was shared with other work, so read"
             " them as orders of magnitude.", "", "| page | ms |", "|---|---|"]
    lines += [f"| {name} | {ms:,.0f} |" for name, ms in rows]
    OUT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 200_000)
