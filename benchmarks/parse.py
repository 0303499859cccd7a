"""Parse speed on one core, written to docs/benchmarks-parse.md.

    python benchmarks/parse.py

The sample site's pages (small, InfoPublik-like) and, when ../shared is present, the saved
pages of real news sites in ../shared/data/pages/news (60-290 KB, menus and sidebars), each
read by ``parse_article`` five times after a warm-up. CPU time of this process, not wall
time, so other work on a shared machine counts less (the load average is written beside the
figures). Figures, not tests. The doc's text after the table (field scores, blind pages) is
kept when the table is rewritten.
"""
from __future__ import annotations

import json
import os
import platform
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

from crawl import parse_speed  # noqa: E402
from scraper.parse.charset import decode_html  # noqa: E402

OUT = ROOT / "docs" / "benchmarks-parse.md"
PAGES = ROOT.parent / "shared" / "data" / "pages" / "news"


def real_pages() -> list[tuple[str, str]]:
    gold = [json.loads(line) for line in (PAGES / "gold.jsonl").read_text(encoding="utf-8").splitlines() if line]
    return [(decode_html((PAGES / g["file"]).read_bytes()), g["url"] or f"http://{g['site']}.example/{g['file']}")
            for g in gold]


KEPT = "<!-- written by hand below: kept when benchmarks/parse.py rewrites the table -->"


def main() -> None:
    load = os.getloadavg()[0]
    rows = [("sample site (45 pages, 3-9 KB)", *parse_speed())]
    if PAGES.is_dir():
        pages = real_pages()
        rows.append((f"real news pages in ../shared ({len(pages)} pages, 35-290 KB)", *parse_speed(pages=pages)))
    lines = ["# Parse benchmark", "",
             f"Written by `python benchmarks/parse.py` on {time.strftime('%Y-%m-%d')}, "
             f"Python {platform.python_version()}, {platform.machine()}; CPU time of one process (one core); "
             f"load average {load:.1f} on {os.cpu_count()} cores when it started.",
             "", "| pages | parsed | CPU s | pages/s |", "|---|---|---|---|"]
    lines += [f"| {name} | {count} | {seconds:.2f} | {count / seconds:.0f} |" for name, count, seconds in rows]
    kept = OUT.read_text(encoding="utf-8").partition(KEPT)[2] if OUT.is_file() else ""
    OUT.write_text("\n".join(lines) + ("\n\n" + KEPT + kept if kept else "\n"))
    print("\n".join(lines))


if __name__ == "__main__":
    main()
