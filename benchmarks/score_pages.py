"""Field scores of the article parser on a folder of saved pages and its gold.jsonl.

    python benchmarks/score_pages.py ../shared/data/pages/news           # the dev pages
    python benchmarks/score_pages.py /path/to/pages --gold other.jsonl --verbose

Four fields per article page (kind "article"): title, published (at the minute, and the zone
when the gold states one), author (null in the gold means no author may be given) and body
(both ends: the text starts with ``body_first`` and ends with ``body_last``). Gold lines have
the shape of ../shared/data/pages/news/gold.jsonl; an optional "group" splits the totals (for
instance pages of sites the rules were written on and pages of sites they were not). No page
text is kept in the repository: pages and gold are read from the folder given.
"""
from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from scraper.parse.record import article_record  # noqa: E402

FIELDS = ("title", "published", "author", "body")


def load_gold(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def norm(text: str | None) -> str:
    return " ".join((text or "").replace("\xa0", " ").split())


def parse_page(folder: Path, page: dict) -> dict:
    url = page["url"] or f"http://{page['site']}.example/{page['file']}"
    return article_record((folder / page["file"]).read_bytes(), url, page["site"])


def right_fields(page: dict, record: dict) -> dict[str, bool]:
    published, expected = record["published_at"] or "", page["published_iso"] or ""
    zone_ok = published[19:] == expected[19:] if len(expected) > 19 else True
    body = norm(record["body"])
    titles = {norm(page["title"])}
    if page["title"].startswith("In Picture: "):  # the gold accepts the headline without the kicker
        titles.add(norm(page["title"].removeprefix("In Picture: ")))
    return {"title": norm(record["title"]) in titles,
            "published": published[:16] == expected[:16] and zone_ok,
            "author": norm(record["author"]) == norm(page["author"]),
            "body": body.startswith(norm(page["body_first"])) and body.endswith(norm(page["body_last"]))}


def score(folder: Path, gold: list[dict]) -> dict[str, dict[str, bool]]:
    """File -> field -> right, for the article pages of the gold."""
    return {page["file"]: right_fields(page, parse_page(folder, page)) for page in gold if page["kind"] == "article"}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", type=Path, help="folder of saved pages")
    parser.add_argument("--gold", type=Path, help="gold lines (default: FOLDER/gold.jsonl)")
    parser.add_argument("--verbose", action="store_true", help="print what was parsed for each wrong field")
    args = parser.parse_args(argv)
    gold = load_gold(args.gold or args.folder / "gold.jsonl")
    groups = {page["file"]: page.get("group", "all") for page in gold}
    scores = score(args.folder, gold)
    totals: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for file, fields in scores.items():
        wrong = [name for name in FIELDS if not fields[name]]
        print(f"{file:28} {sum(fields.values())}/4  {'wrong: ' + ', '.join(wrong) if wrong else ''}")
        if wrong and args.verbose:
            page = next(p for p in gold if p["file"] == file)
            record = parse_page(args.folder, page)
            body = norm(record["body"])
            print(f"    title={record['title']!r} published={record['published_at']!r} author={record['author']!r}")
            print(f"    body starts {body[:90]!r}\n    body ends   {body[-90:]!r}")
            print(f"    field_sources={record['field_sources']}")
        for group in {groups[file], "all"}:
            totals[group][0] += sum(fields.values())
            totals[group][1] += 4
    for group, (right, count) in sorted(totals.items(), key=lambda item: item[0] == "all"):
        print(f"{group}: {right}/{count} fields right")
    return 0


if __name__ == "__main__":
    sys.exit(main())
