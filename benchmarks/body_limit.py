"""How long the canned search takes when it matches one very long article, with and without
the body limit (pipelines/schema.py BODY_LIMIT).

    python benchmarks/body_limit.py

One article of N characters (the sample site's vocabulary, text written for this project) is
stored in a fresh archive twice: through ``Archive.store`` (the body cut at BODY_LIMIT, as now)
and as Warta 0.1 stored it (the whole body indexed). Then the canned ``search`` SQL from
metadata.yml runs once for a word the article holds. Writes docs/benchmarks-body-limit.md.
FTS5's snippet() never calls SQLite's progress handler, so Datasette's 3 s limit cannot stop it.
"""
from __future__ import annotations

import random
import re
import tempfile
import time
from importlib import resources
from pathlib import Path

import yaml

from pipelines import schema
from pipelines.archive import Archive

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "docs" / "benchmarks-body-limit.md"
SEARCH_SQL = yaml.safe_load((ROOT / "metadata.yml").read_text())["databases"]["archive"]["queries"]["search"]["sql"]
SIZES = [10_000, 100_000, 1_000_000, 4_000_000, 20_000_000]


def body_of(chars: int, seed: int = 3) -> str:
    text = resources.files("warta.samplesite").joinpath("articles.json").read_text()
    words = re.findall(r"[A-Za-z][a-z]{2,}", text)
    rng = random.Random(seed)
    parts, size = [], 0
    while size < chars:
        word = rng.choice(words)
        parts.append(word)
        size += len(word) + 1
    return " ".join(parts)[:chars]


def search_seconds(archive: Archive) -> float:
    start = time.perf_counter()
    archive.db.execute(SEARCH_SQL, {"q": "bupati"}).fetchall()
    return time.perf_counter() - start


def main() -> None:
    rows = []
    for chars in SIZES:
        body = body_of(chars)
        fields = {"url": "https://bench.go.id/1", "source": "bench.go.id", "article_id": 1,
                  "title": "Bupati", "body": body, "content_hash": "x"}
        with tempfile.TemporaryDirectory() as folder:
            cut = Archive(Path(folder) / "cut.db")
            cut.store(fields)
            cut_time = search_seconds(cut)
            whole = Archive(Path(folder) / "whole.db")
            whole.store(fields)
            whole.db["articles"].update("bench-1", {"body": body})  # as 0.1 kept it
            whole_time = search_seconds(whole)
        rows.append((chars, cut_time, whole_time))
        print(chars, cut_time, whole_time, flush=True)
    lines = ["# Search over one very long article",
             "",
             f"Written by `python benchmarks/body_limit.py` on {time.strftime('%Y-%m-%d')}: the canned `search`",
             "query (metadata.yml) for a word of one article of N characters, once, in a fresh archive.",
             f"Bodies over {schema.BODY_LIMIT:,} characters are stored cut, their whole text kept in",
             "`article_full_text`; Warta 0.1 indexed and snippeted the whole body.",
             "",
             "| body characters | search, body cut (now) | search, whole body (0.1) |",
             "|---|---|---|"]
    for chars, cut_time, whole_time in rows:
        lines.append(f"| {chars:,} | {cut_time:.3f} s | {whole_time:.3f} s |")
    lines += ["", "The time grows with the number of matches in the body as well as its length: the",
              "hostile 20 MB page of issue 9 held a search for 78 s."]
    OUT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
