"""Full-text search latency on a large generated archive.

    python benchmarks/search.py [--articles 1000000] [--db /tmp/warta-bench.db]

Builds an archive with Warta's own schema (pipelines/archive.py) from generated articles:
words drawn with a Zipf-like distribution from the vocabulary of the bundled sample site
(text written for this project), so no real article is copied. Then it times the canned
``search`` query's SQL (stemmed FTS5 match, bm25 ranking, snippet) for a mix of queries and
writes p50/p95 and the archive size to docs/benchmarks-search.md.
"""
from __future__ import annotations

import argparse
import json
import random
import re
import statistics
import time
from contextlib import contextmanager
from importlib import resources
from pathlib import Path

import yaml

from pipelines.archive import Archive
from pipelines.search import stem_text

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "docs" / "benchmarks-search.md"


def vocabulary() -> list[str]:
    text = resources.files("warta.samplesite").joinpath("articles.json").read_text()
    words = re.findall(r"[A-Za-z][a-z]{2,}", " ".join(" ".join(a["paragraphs"]) for a in json.loads(text)))
    counts: dict[str, int] = {}
    for w in words:
        counts[w] = counts.get(w, 0) + 1
    return sorted(counts, key=lambda w: -counts[w])


def generate(archive: Archive, n: int, seed: int = 7) -> None:
    rng = random.Random(seed)
    vocab = vocabulary()
    weights = [1 / (rank + 1) for rank in range(len(vocab))]
    stems = {w: stem_text(w) for w in vocab}
    regions = [r["code"] for r in archive.db["regions"].rows]
    db = archive.db

    def rows():
        for i in range(n):
            title = rng.choices(vocab, weights, k=8)
            body = rng.choices(vocab, weights, k=90)
            day = f"20{rng.randint(15, 24)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
            yield {"id": f"bench-{i}", "source": "bench.go.id", "article_id": i,
                   "url": f"https://bench.go.id/{i}", "title": " ".join(title).capitalize(),
                   "body": " ".join(body), "region_code": rng.choice(regions),
                   "published_at": f"{day}T09:00:00+07:00", "month": day[:7],
                   "content_hash": str(i),
                   "search_text": " ".join(stems[w] for w in title + body)}

    db["sources"].insert({"source": "bench.go.id", "name": "generated"}, pk="source", ignore=True)
    with bulk_load(db):
        db["articles"].insert_all(rows(), batch_size=5000)


@contextmanager
def bulk_load(db, tables=("articles", "mentions", "dates", "people", "positions", "person_positions",
                          "programs", "awards")):
    """Insert fast: the tables' indexes and triggers dropped, then created again exactly as
    pipelines/schema.py defined them, and the search index rebuilt in one pass."""
    saved = db.execute(
        "select type, name, sql from sqlite_master where type in ('index', 'trigger') and sql is not null "
        f"and tbl_name in ({', '.join('?' for _ in tables)})", list(tables)).fetchall()
    for kind, name, _ in saved:
        db.execute(f"drop {kind} [{name}]")
    yield
    for _, _, sql in saved:
        db.execute(sql)
    fts = db["articles"].detect_fts()
    db.execute(f"insert into [{fts}]([{fts}]) values ('rebuild')")
    db.execute(f"insert into [{fts}]([{fts}]) values ('optimize')")


SEARCH_SQL = yaml.safe_load((ROOT / "metadata.yml").read_text())["databases"]["archive"]["queries"]["search"]["sql"]


def time_queries(archive: Archive, queries: list[str]) -> list[float]:
    times = []
    for q in queries:
        start = time.perf_counter()
        archive.db.execute(SEARCH_SQL, {"q": q}).fetchall()
        times.append((time.perf_counter() - start) * 1000)
    return times


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--articles", type=int, default=1_000_000)
    parser.add_argument("--db", type=Path, default=Path("/tmp/warta-bench.db"))
    args = parser.parse_args()
    for suffix in ("", "-wal", "-shm"):
        Path(f"{args.db}{suffix}").unlink(missing_ok=True)
    archive = Archive(args.db)
    start = time.perf_counter()
    generate(archive, args.articles)
    build = time.perf_counter() - start
    archive.db.execute("pragma wal_checkpoint(truncate)")
    size_mib = args.db.stat().st_size / 2**20

    rng = random.Random(1)
    vocab = vocabulary()
    common, rare = vocab[:50], vocab[-500:]
    queries = ([rng.choice(common) for _ in range(50)] + [rng.choice(rare) for _ in range(50)]
               + [f"{rng.choice(common)} {rng.choice(rare)}" for _ in range(50)]
               + [f'"{rng.choice(common)} {rng.choice(common)}"' for _ in range(50)])
    time_queries(archive, queries[:10])  # warm the page cache
    times = time_queries(archive, queries)
    p50 = statistics.median(times)
    p95 = statistics.quantiles(times, n=20)[18]
    lines = [
        "# Search benchmark",
        "",
        f"Written by `python benchmarks/search.py --articles {args.articles}` on {time.strftime('%Y-%m-%d')}.",
        f"Generated archive: {args.articles:,} articles of 8-word titles and 90-word bodies drawn",
        "from the sample site's vocabulary (Zipf-like), indexed exactly as the real archive is",
        "(pipelines/archive.py's FTS5 index and triggers).",
        "",
        "| measure | figure |",
        "|---|---|",
        f"| build (insert + FTS index) | {build / 60:.1f} min |",
        f"| archive size | {size_mib:,.0f} MiB |",
        f"| `search` canned query, p50 | {p50:.1f} ms |",
        f"| `search` canned query, p95 | {p95:.1f} ms |",
        f"| queries timed | {len(times)}: 50 common words, 50 rare words, 50 two-word, 50 phrases |",
        "",
        "Each query is the canned `search` SQL from metadata.yml (stem_id, bm25 rank inside the",
        "FTS table over at most the newest 2,000 matches, limit 50, then snippets for those rows)",
        "through sqlite3 with a warm page cache.",
    ]
    OUT.write_text("\n".join(lines) + "\n")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
