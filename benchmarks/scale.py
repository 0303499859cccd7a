"""The archive at scale: every page a journalist opens, timed through `warta serve` over HTTP.

    python benchmarks/scale.py --articles 100000 [--label after] [--dir /tmp/warta-scale]
    python benchmarks/scale.py --articles 100000 --reuse      # time an archive built before
    python benchmarks/scale.py --reprocess 3000               # warta reprocess, 1 vs 2 workers

Builds ``archive.db`` with Warta's own schema (pipelines/archive.py) from N generated articles
of realistic length (~350 words from the sample site's vocabulary, Zipf-like, so no real text is
copied) with officials, programs, awards and dates found in them; the busiest person, region and
words follow a long tail as in a real newsroom. Rows are bulk-inserted with the archive's
indexes, FTS triggers and search index rebuilt once at the end, then the end-of-crawl facet count
(pipelines/facets.py) runs. Then it starts ``warta serve`` on 127.0.0.1, requests each
page 20 times and writes median/p95, status and any timeout or error text in the page, plus
build time and file size, to a section of docs/benchmarks-scale.md.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import re
import resource
import socket
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))   # `python benchmarks/scale.py` from a checkout: benchmarks/ is not installed

from benchmarks.search import bulk_load, vocabulary  # noqa: E402
from pipelines.archive import Archive
from pipelines.facets import refresh_facet_counts
from pipelines.search import stem_text

OUT = ROOT / "docs" / "benchmarks-scale.md"
SOURCES = ["infopublik.id", "jatimprov.go.id", "kalselprov.go.id", "jatengprov.go.id", "bali.go.id"]
CATEGORIES = ["nusantara", "nasional-sosial-budaya", "nasional-ekonomi-bisnis",
              "nasional-politik-hukum-dan-keamanan"]
FIRST = ["Ahmad", "Budi", "Siti", "Dewi", "Agus", "Rina", "Hendra", "Yusuf", "Nur", "Made",
         "Wayan", "Andi", "Rudi", "Sri", "Fitri", "Bambang", "Eko", "Indah", "Joko", "Lestari"]
LAST = ["Santoso", "Wibowo", "Hidayat", "Saputra", "Rahman", "Susanti", "Kurniawan", "Pratama",
        "Halim", "Siregar", "Nasution", "Lubis", "Wijaya", "Setiawan", "Gunawan", "Putri",
        "Hakim", "Syahputra", "Harahap", "Sembiring"]
TITLES = ["Bupati", "Wakil Bupati", "Wali Kota", "Sekretaris Daerah", "Kepala Dinas Kesehatan",
          "Kepala Dinas Pendidikan", "Kepala Dinas Pertanian", "Camat", "Kepala Bappeda"]
TAGS = [f"tag{i}" for i in range(60)]
WORDS_PER_ARTICLE = 350
ERROR_TEXT = re.compile(r"timed out|interrupted|OperationalError|Traceback|message-error|"
                        r"syntax error|Internal Server Error", re.I)


def zipf_weights(n: int, shift: float = 10) -> np.ndarray:
    """A long tail: the first items are common, most are rare."""
    w = 1 / (np.arange(n) + shift)
    return w / w.sum()


class Generator:
    """Articles, mentions and dates, and the entities they resolve to, as plain row dicts."""

    def __init__(self, archive: Archive, n: int, seed: int = 7):
        self.n, self.rng, self.np = n, random.Random(seed), np.random.default_rng(seed)
        self.vocab = vocabulary()
        self.stems = [stem_text(w) or w.lower() for w in self.vocab]
        self.word_p = zipf_weights(len(self.vocab), shift=1)
        self.regions = [r for r in archive.db["regions"].rows if r["kind"] != "Provinsi"]
        self.region_p = zipf_weights(len(self.regions))
        n_people = max(50, n // 20)
        self.people = [{"id": f"p{i}", "name": f"{self.rng.choice(FIRST)} {self.rng.choice(LAST)} {i}",
                        "region": self.regions[min(len(self.regions) - 1, int(self.np.zipf(1.3)) - 1)],
                        "title": self.rng.choice(TITLES)} for i in range(n_people)]
        self.person_p = zipf_weights(n_people)
        self.programs = [f"Program Gerakan {self.rng.choice(self.vocab).capitalize()} {i}"
                         for i in range(max(20, n // 50))]
        self.awards = [f"Penghargaan {self.rng.choice(self.vocab).capitalize()} {i}"
                       for i in range(max(10, n // 100))]
        self.seen: dict[tuple[str, str], list] = {}  # (table, id) -> [first, last, articles, region]

    def _see(self, table: str, key: str, day: str, region: str, article_id: str) -> None:
        entry = self.seen.setdefault((table, key), [day, day, 0, region, article_id])
        entry[0], entry[1], entry[2] = min(entry[0], day), max(entry[1], day), entry[2] + 1

    def articles(self, start: int, stop: int):
        """Rows for articles start..stop-1 with their mentions and dates; published in order."""
        count = stop - start
        words = self.np.choice(len(self.vocab), size=(count, WORDS_PER_ARTICLE + 10), p=self.word_p)
        regions = self.np.choice(len(self.regions), size=count, p=self.region_p)
        people = self.np.choice(len(self.people), size=(count, 3), p=self.person_p)
        articles, mentions, dates = [], [], []
        for k, i in enumerate(range(start, stop)):
            # ten years of releases, oldest first, as a crawl of a growing archive stores them
            minute = int(i / self.n * 10 * 365 * 24 * 60)
            ts = time.gmtime(1420070400 + minute * 60)
            day = time.strftime("%Y-%m-%d", ts)
            region = self.regions[regions[k]]
            key = f"bench-{i}"
            pieces, spans, offset = [], [], 0
            for p in range(5):  # five paragraphs; three open with an official's statement
                text = ""
                if p < 3:
                    person = self.people[people[k][p]]
                    position = f"{person['title']} {person['region']['name']}"
                    text = f"{position} {person['name']} "
                    spans.append(("official", person, position, offset + len(position) + 1,
                                  offset + len(text) - 1))
                ws = [self.vocab[w] for w in words[k][p * 70:(p + 1) * 70]]
                sentences = [" ".join(ws[s:s + 14]) for s in range(0, len(ws), 14)]
                text += ". ".join(s[0].upper() + s[1:] for s in sentences) + "."
                pieces.append(text)
                offset += len(text) + 2
            # a program in every third article, an award in every tenth, at the end of the body
            for kind, every, names, opening, closing in (("program", 3, self.programs, " Program ", " diluncurkan."),
                                                          ("award", 10, self.awards, " Meraih ", ".")):
                if i % every == 0:
                    name = names[min(len(names) - 1, int(self.np.zipf(1.5)) - 1)]
                    start = offset - 2 + len(opening)
                    spans.append((kind, name, None, start, start + len(name)))
                    pieces[-1] += opening + name + closing
                    offset += len(opening + name + closing)
            body = "\n\n".join(pieces)
            title_words = [self.vocab[w] for w in words[k][-10:-2]]
            title = " ".join(title_words).capitalize()
            articles.append({
                "id": key, "source": SOURCES[i % len(SOURCES)], "article_id": i,
                "url": f"https://bench.go.id/{i}", "category": CATEGORIES[i % 4], "title": title,
                "author": f"MC {region['name']}", "region_code": region["code"],
                "region": region["name"], "province": region["province"],
                "published_at": time.strftime("%Y-%m-%dT%H:%M:00+07:00", ts), "month": day[:7],
                "body": body, "tags": json.dumps(self.rng.sample(TAGS, self.rng.randint(1, 3))),
                "content_hash": f"{i:064x}", "fetched_at": day, "extractor_version": "bench",
                "search_text": " ".join(self.stems[w] for w in list(words[k][-10:-2]) + list(words[k][:350])),
            })
            for kind, entity, position, s, e in spans:
                assert body[s:e] == (entity["name"] if kind == "official" else entity), (kind, body[s:e])
                row = {"article_id": key, "entity_type": kind, "start": s, "end": e,
                       "sentence": body[max(0, s - 80):e + 80], "extractor_version": "bench",
                       "region_code": region["code"], "region": region["name"]}
                if kind == "official":
                    pid = f"{entity['id']}-{entity['title'].lower().replace(' ', '-')}"
                    row.update(name=entity["name"], position=position, title=entity["title"],
                               person_id=entity["id"], position_id=pid,
                               region_code=entity["region"]["code"], region=entity["region"]["name"])
                    self._see("people", entity["id"], day, entity["region"]["code"], key)
                    self._see("person_positions", pid, day, entity["region"]["code"], key)
                elif kind == "program":
                    row.update(name=entity, program_id=f"prog-{entity.split()[-1]}")
                    self._see("programs", entity, day, region["code"], key)
                else:
                    row.update(name=entity, award_id=f"award-{entity.split()[-1]}", year=int(day[:4]))
                    self._see("awards", entity, day, region["code"], key)
                mentions.append(row)
            dates.append({"article_id": key, "date": day, "text": day, "start": 0, "end": 10,
                          "extractor_version": "bench"})
        return articles, mentions, dates

    def entities(self) -> dict[str, list[dict]]:
        out: dict[str, list[dict]] = {t: [] for t in ("people", "positions", "person_positions",
                                                       "programs", "awards")}
        by_id = {p["id"]: p for p in self.people}
        for (table, key), (first, last, count, region, article) in self.seen.items():
            if table == "people":
                out["people"].append({"id": key, "name": by_id[key]["name"], "region_code": region,
                                      "first_seen": first, "last_seen": last, "articles": count})
            elif table == "person_positions":
                person = by_id[key.split("-")[0]]
                label = f"{person['title']} {person['region']['name']}"
                out["positions"].append({"id": key, "label": label, "title": person["title"],
                                         "region_code": region, "holders": 1})
                out["person_positions"].append({
                    "id": key, "person_id": person["id"], "position_id": key,
                    "position_as_written": label, "first_seen": first, "last_seen": last,
                    "articles": count, "first_article_id": article, "evidence": label})
            elif table == "programs":
                out["programs"].append({"id": f"prog-{key.split()[-1]}", "name": key,
                                        "region_code": region, "first_seen": first,
                                        "last_seen": last, "articles": count})
            else:
                out["awards"].append({"id": f"award-{key.split()[-1]}", "name": key,
                                      "year": int(first[:4]), "region_code": region,
                                      "first_seen": first, "last_seen": last, "articles": count})
        return out


def _insert(db, table: str, rows: list[dict]) -> None:
    """Plain executemany: sqlite-utils' insert_all spent a quarter of the build shaping rows."""
    columns = list(dict.fromkeys(c for row in rows for c in row))
    sql = (f"insert into [{table}] ({', '.join(f'[{c}]' for c in columns)}) "
           f"values ({', '.join('?' for _ in columns)})")
    db.conn.executemany(sql, [tuple(row.get(c) for c in columns) for row in rows])


def build(path: Path, n: int, batch: int = 5000) -> float:
    """A fresh archive of ``n`` generated articles; returns the build time in seconds."""
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    started = time.perf_counter()
    archive = Archive(path)
    db = archive.db
    # For the build only: no journal and no fsync (a failed build is rebuilt), a 1 GiB page
    # cache and in-memory sorts for the index and FTS builds. WAL again at the end, for serving.
    for pragma in ("journal_mode = off", "synchronous = off", "cache_size = -1000000", "temp_store = memory"):
        db.execute(f"pragma {pragma}")
    for source in SOURCES:
        db["sources"].insert({"source": source, "name": source}, pk="source", ignore=True)
    gen = Generator(archive, n)
    with bulk_load(db):
        for start in range(0, n, batch):
            articles, mentions, dates = gen.articles(start, min(n, start + batch))
            with db.conn:
                _insert(db, "articles", articles)
                _insert(db, "mentions", mentions)
                _insert(db, "dates", dates)
            print(f"\r  built {min(n, start + batch):,}/{n:,} articles "
                  f"({time.perf_counter() - started:.0f} s)", end="", file=sys.stderr, flush=True)
        print(file=sys.stderr)
        with db.conn:
            for table, rows in gen.entities().items():
                _insert(db, table, rows)
        _phase("rows", started)
    _phase("indexes and FTS", started)
    refresh_facet_counts(db)  # as every crawl ends
    _phase("facet counts", started)
    # No ANALYZE: Warta never runs it, so the planner works here as on a crawled archive
    # (approximate statistics, analysis_limit 1000, chose a plan 10x slower for region_programs).
    db.execute("pragma journal_mode = wal")
    db.conn.commit()
    return time.perf_counter() - started


def _phase(name: str, started: float) -> None:
    print(f"  {name} done at {time.perf_counter() - started:.0f} s", file=sys.stderr, flush=True)


def pages(db_path: Path) -> list[tuple[str, str]]:
    """The issue's pages, with the busiest person and region and real common/rare words."""
    import sqlite3
    conn = sqlite3.connect(db_path)
    person = conn.execute("select id from people order by articles desc limit 1").fetchone()[0]
    region = conn.execute("select region, count(*) from mentions where award_id is not null "
                          "group by region order by 2 desc limit 1").fetchone()[0]
    article = conn.execute("select id from articles order by rowid desc limit 1").fetchone()[0]
    program = conn.execute("select id from programs order by articles desc limit 1").fetchone()[0]
    regency = conn.execute("select region_code from articles group by 1 order by count(*) desc limit 1").fetchone()[0]
    conn.close()
    rare = vocabulary()[-3]
    q = urllib.parse.quote
    return [
        ("articles table, configured facets", "/archive/articles"),
        ("articles, sort by published_at desc", "/archive/articles?_sort_desc=published_at"),
        ("articles filtered by region, facets", f"/archive/articles?region={q(region)}"),
        ("database page", "/archive"),
        ("search q=dan (most common word)", "/archive/search?q=dan"),
        ("search q=pemerintah", "/archive/search?q=pemerintah"),
        ('search q="kepala dinas"', "/archive/search?q=%22kepala+dinas%22"),
        (f"search q={rare} (rare word)", f"/archive/search?q={rare}"),
        ("search, empty query", "/archive/search?q="),
        ('search, malformed q=" AND', "/archive/search?q=%22+AND"),
        ("search.atom q=dan", "/archive/search.atom?q=dan"),
        ("article page", f"/archive/articles/{article}"),
        ("person page, most-mentioned person", f"/archive/people/{person}"),
        ("person_articles, most-mentioned person", f"/archive/person_articles?person={person}"),
        ("region_awards, all regions and years", "/archive/region_awards?region=&year="),
        ("region_awards, busiest region", f"/archive/region_awards?region={q(region)}&year="),
        ("region_programs, all regions", "/archive/region_programs?region="),
        ("region_programs, busiest region", f"/archive/region_programs?region={q(region)}"),
        ("program row page, busiest program", f"/archive/programs/{program}"),
        ("front page (aggregates cached after the first view)", "/"),
        ("region page, province of the busiest regency", f"/archive/regions/{regency[:2]}"),
        ("region page, busiest regency", f"/archive/regions/{regency.replace('.', '~2E')}"),
        ("articles.json?_nocount=1&_nofacet=1", "/archive/articles.json?_nocount=1&_nofacet=1"),
    ]


def fetch(url: str) -> tuple[int, float, str]:
    start = time.perf_counter()
    try:
        with urllib.request.urlopen(url, timeout=60) as response:
            status, body = response.status, response.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as error:
        status, body = error.code, error.read().decode("utf-8", "replace")
    return status, (time.perf_counter() - start) * 1000, body


def time_pages(db_path: Path, requests: int = 20) -> list[dict]:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    server = subprocess.Popen([sys.executable, "-m", "warta", "serve", "--db", str(db_path),
                               "--port", str(port)], cwd=ROOT, env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(600):
            try:
                urllib.request.urlopen(base + "/-/versions.json", timeout=5)
                break
            except OSError:
                time.sleep(0.5)
        results = []
        for label, path in pages(db_path):
            fetch(base + path)  # warm the page cache and Datasette's own caches
            runs = [fetch(base + path) for _ in range(requests)]
            times = sorted(t for _, t, _ in runs)
            problems = sorted({m.group(0) for _, _, body in runs for m in ERROR_TEXT.finditer(body)})
            results.append({"page": label, "path": path,
                            "status": ",".join(sorted({str(s) for s, _, _ in runs})),
                            "median": statistics.median(times),
                            "p95": statistics.quantiles(times, n=20)[18],
                            "problems": "; ".join(problems)})
            print(f"  {label}: {results[-1]['median']:.0f} ms / {results[-1]['p95']:.0f} ms "
                  f"{results[-1]['status']} {results[-1]['problems']}", file=sys.stderr)
        return results
    finally:
        server.terminate()
        server.wait(10)


def write_section(n: int, label: str, build_s: float | None, size: int, results: list[dict]) -> None:
    heading = f"## {n:,} articles, {label}"
    lines = [heading, "",
             f"`python benchmarks/scale.py --articles {n} --label {label}` on {time.strftime('%Y-%m-%d %H:%M')}, "
             f"{os.cpu_count()} cores shared with other work (load average {os.getloadavg()[0]:.1f} at the end). "
             f"Archive file: {size / 2**20:,.0f} MiB"
             + (f"; build (generate, bulk insert, indexes, FTS rebuild, facet counts): {build_s / 60:.1f} min."
                if build_s else "."), "",
             "| page | median ms | p95 ms | status | timeout/error text in the page |",
             "|---|---|---|---|---|"]
    lines += [f"| {r['page']} | {r['median']:.0f} | {r['p95']:.0f} | {r['status']} | {r['problems']} |"
              for r in results]
    _write(lines)


def time_reprocess(n: int, folder: Path) -> None:
    """``reprocess`` over ``n`` generated articles with 1 and then 2 workers, to docs/."""
    from warta.reprocess import reprocess
    path = folder / f"reprocess-{n}" / "archive.db"
    path.parent.mkdir(parents=True, exist_ok=True)
    build(path, n)
    archive = Archive(path)
    import pipelines.nlp as nlp
    nlp.load_pipeline()  # loaded once, before timing (the workers are forked with it)
    # An untimed pass first: the pipeline's caches fill on the first articles, and workers forked
    # after a timed 1-worker run would inherit them warm (measured 14 CPU s cold, 8 warm).
    reprocess(archive, workers=1)
    rows = []
    for workers in (1, 2):
        started, marks = time.perf_counter(), []
        cpu = (resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN))
        counts = reprocess(archive, workers=workers, on_article=lambda _: marks.append(time.perf_counter()))
        nlp_s, total_s = marks[-1] - started, time.perf_counter() - started
        # CPU seconds of this process (reads, writes, resolve) and of the workers it forked:
        # on a machine shared with other work they say what 2 idle cores would do.
        parent, children = ((after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
                            for before, after in zip(cpu, (resource.getrusage(resource.RUSAGE_SELF),
                                                           resource.getrusage(resource.RUSAGE_CHILDREN))))
        # on idle cores: no faster than the main process alone, a worker's share of the NLP,
        # or all the CPU time spread over every core
        idle_s = max(parent, children / workers, (parent + children) / (os.cpu_count() or 1))
        rows.append((workers, counts["articles"] / nlp_s, nlp_s, total_s, parent, children, idle_s))
        print(f"  {workers} worker(s): {rows[-1][1]:.1f} articles/s", file=sys.stderr)
    lines = [f"## reprocess, {n:,} articles", "",
             f"`python benchmarks/scale.py --reprocess {n}` on {time.strftime('%Y-%m-%d %H:%M')}, "
             f"{os.cpu_count()} cores shared with other work (load average {os.getloadavg()[0]:.1f}); "
             f"generated articles of ~{WORDS_PER_ARTICLE} words.", "",
             "| workers | articles/s (NLP + writes), wall clock | wall clock, NLP + writes / with resolve | "
             "CPU s: main process / workers | on idle cores (CPU-time bound) | 1,000,000 articles at that rate |",
             "|---|---|---|---|---|---|"]
    lines += [f"| {w} | {rate:.1f} | {nlp:.0f} s / {total:.0f} s | {parent:.0f} / {children:.0f} | "
              f"{n / idle:.1f} articles/s | {1_000_000 / (n / idle) / 3600:.1f} h |"
              for w, rate, nlp, total, parent, children, idle in rows]
    lines += ["", f"Speed-up with 2 workers: {rows[1][1] / rows[0][1]:.2f}x measured on the shared machine; "
              f"{rows[0][6] / rows[1][6]:.2f}x on idle cores by CPU time (bounded by the main process, "
              "a worker's share and all CPU time spread over the cores)."]
    _write(lines)


def _write(lines: list[str]) -> None:
    """Replace the section with the same heading in docs/benchmarks-scale.md, or add it."""
    heading = lines[0]
    text = OUT.read_text() if OUT.exists() else "# Scale benchmark\n\nSee benchmarks/scale.py.\n"
    sections = [s for s in re.split(r"(?m)^(?=## )", text) if not s.startswith(heading + "\n")]
    OUT.write_text("".join(s if s.endswith("\n\n") else s.rstrip("\n") + "\n\n" for s in sections)
                   + "\n".join(lines) + "\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--label", default="current code")
    parser.add_argument("--dir", type=Path, default=Path("/tmp/warta-scale"))
    parser.add_argument("--reuse", action="store_true", help="Time an archive built before.")
    parser.add_argument("--requests", type=int, default=20)
    parser.add_argument("--reprocess", type=int, metavar="N",
                        help="Instead: time warta reprocess over N articles with 1 and 2 workers.")
    args = parser.parse_args()
    if args.reprocess:
        return time_reprocess(args.reprocess, args.dir)
    path = args.dir / str(args.articles) / "archive.db"  # named archive: metadata.yml's database
    path.parent.mkdir(parents=True, exist_ok=True)
    build_s = None
    if not args.reuse or not path.exists():
        build_s = build(path, args.articles)
        print(f"build {build_s / 60:.1f} min, {path.stat().st_size / 2**20:,.0f} MiB", file=sys.stderr)
    results = time_pages(path, args.requests)
    write_section(args.articles, args.label, build_s, path.stat().st_size, results)


if __name__ == "__main__":
    main()
