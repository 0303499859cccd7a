"""Crawl figures for the README: parse speed, end-to-end speed and peak memory of the demo.

    python benchmarks/crawl.py            # writes docs/benchmarks-crawl.md

Figures, not tests: they depend on the machine, so nothing here asserts a speed.
"""
from __future__ import annotations

import platform
import resource
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from scraper.parse.article import parse_article
from warta.samplesite.server import SampleSite

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "docs" / "benchmarks-crawl.md"


def sample_pages() -> list[tuple[str, str]]:
    site = SampleSite()
    site.base_url = "http://127.0.0.1:8000"
    pages = []
    for article in site.articles.values():
        path = site.article_path(article)
        status, ctype, body = site.route(path, {})
        encoding = "utf-8" if "utf-8" in ctype else "cp1252"
        pages.append((body.decode(encoding), site.base_url + path))
    return pages


def parse_speed(rounds: int = 5, pages: list[tuple[str, str]] | None = None) -> tuple[int, float]:
    """Pages parsed and the CPU seconds it took: CPU time, not wall time, so other work on a
    shared machine does not count."""
    pages = sample_pages() if pages is None else pages
    for html, url in pages:  # warm-up: first-call compilation is not parsing
        parse_article(html, url)
    start = time.process_time()
    for _ in range(rounds):
        for html, url in pages:
            parse_article(html, url)
    return len(pages) * rounds, time.process_time() - start


def demo_run(nlp: bool) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "archive.db"
        command = [sys.executable, "-m", "warta", "demo", "--no-serve", "--db", str(db)]
        env_flag = [] if nlp else ["--no-nlp"]
        start = time.perf_counter()
        subprocess.run(command + env_flag, check=True, capture_output=True, cwd=ROOT)
        elapsed = time.perf_counter() - start
        articles = sqlite3.connect(db).execute("select count(*) from articles").fetchone()[0]
    peak_kib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return {"seconds": elapsed, "articles": articles, "peak_mib": peak_kib / 1024}


def main() -> None:
    pages, seconds = parse_speed()
    without_nlp = demo_run(nlp=False)
    with_nlp = demo_run(nlp=True)
    lines = [
        "# Crawl benchmarks",
        "",
        f"Written by `python benchmarks/crawl.py` on {time.strftime('%Y-%m-%d')}, "
        f"Python {platform.python_version()}, {platform.machine()}, one process.",
        "",
        "| measure | figure |",
        "|---|---|",
        f"| parse functions alone (`parse_article`, sample pages, CPU time, one core) | {pages / seconds:.0f} pages/s |",
        f"| `warta demo --no-serve --no-nlp` end to end (HTTP, parse, store) | "
        f"{without_nlp['articles'] / without_nlp['seconds']:.1f} articles/s "
        f"({without_nlp['articles']} articles in {without_nlp['seconds']:.1f} s) |",
        f"| `warta demo --no-serve` end to end with NLP | "
        f"{with_nlp['articles'] / with_nlp['seconds']:.1f} articles/s "
        f"({with_nlp['articles']} articles in {with_nlp['seconds']:.1f} s) |",
        f"| peak memory of the demo crawl (max RSS, with NLP) | {with_nlp['peak_mib']:.0f} MiB |",
        "",
        "End-to-end times include starting Python, Scrapy and (with NLP) loading the spaCy model,",
        "which dominate on a site this small.",
    ]
    OUT.parent.mkdir(exist_ok=True)
    OUT.write_text("\n".join(lines) + "\n")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
