"""Gold strings of an annotated article -> character spans in its text (training data for the learned layer).

    python -m pipelines.nlp.align ../shared/data/train-gold      # how many items align, and why not

The gold files (../shared/eval/GUIDELINE.md) give strings, not offsets, and the annotators wrote
positions and awards "as short as the text allows": an award is often assembled from words spread
over a sentence ("juara 3 HSS Innovation Awards 2022 kelompok kecamatan"). Each item is aligned by
the first tier that finds it:

- ``exact``: the gold words in order, separated only by spaces/punctuation (case-insensitive);
- ``core``: the longest run of words found contiguously in both the gold string and the text (at
  least two words, or one word of 4+ letters that makes up the whole run of a one-word item). The
  scorer accepts containment, so this core is a correct prediction of the whole item;
- else the item is reported unaligned (``scattered``: no run of 2+ gold words in the text;
  ``far``: a position found only away from its holder's name).

Programs, awards and official names are labelled at every occurrence (an unlabelled repeat would
teach the model that the same words are not an item); a position only next to its holder's name.
"""
from __future__ import annotations

import json
import re
import sys
import unicodedata
from collections import Counter
from pathlib import Path

from .kinds import NAME, POSITION, PROGRAM, AWARD

WORD = re.compile(r"[^\W_]+", re.UNICODE)
NEAR_NAME = 120   # a position is searched this many characters around its holder's name
PRIORITY = {NAME: 0, POSITION: 1, AWARD: 2, PROGRAM: 3}   # who keeps a character claimed twice


def fold(s: str) -> str:
    s = unicodedata.normalize("NFKD", s)
    return "".join(c for c in s if not unicodedata.combining(c)).lower()


def words(s: str) -> list[tuple[str, int, int]]:
    """(folded word, start, end) for each word of ``s``."""
    return [(fold(m.group()), m.start(), m.end()) for m in WORD.finditer(s)]


def _runs(gold: list[str], text: list[tuple[str, int, int]]) -> list[tuple[int, int, int]]:
    """Every maximal run (length, first text word, first gold word) shared by the two word lists."""
    runs, prev = [], {}
    for i, (w, _, _) in enumerate(text):
        cur = {}
        for j, g in enumerate(gold):
            if g == w:
                cur[j] = prev.get(j - 1, 0) + 1
        for j, n in prev.items():
            if cur.get(j + 1, 0) <= n:      # the run ending at (i-1, j) stops here
                runs.append((n, i - n, j - n + 1))
        prev = cur
    runs.extend((n, len(text) - n, j - n + 1) for j, n in prev.items())
    return runs


def find(item: str, text: str, twords: list[tuple[str, int, int]]) -> tuple[str, list[tuple[int, int]]]:
    """(tier, character spans): every exact occurrence, else every occurrence of the longest core run."""
    gold = [w for w, _, _ in words(item)]
    if not gold:
        return "empty", []
    runs = _runs(gold, twords)
    exact = [(twords[i][1], twords[i + n - 1][2]) for n, i, _ in runs if n == len(gold)]
    if exact:
        return "exact", exact
    best = max((n for n, _, _ in runs), default=0)
    if best >= 2 or (best == 1 and len(gold) == 1 and len(gold[0]) >= 4):
        return "core", [(twords[i][1], twords[i + n - 1][2]) for n, i, _ in runs if n == best]
    return "scattered", []


def align(doc: dict) -> tuple[list[tuple[int, int, str]], Counter]:
    """Labelled character spans of one gold article, without overlaps, and a tally of
    (field, tier) for its items (tier "shared" when all its spans
    belong to another item of the same field, e.g. placings of one competition written as one
    phrase, "overlap" when to an item of another field)."""
    text = doc["text"]
    twords = words(text)
    spans: list[tuple[int, int, str]] = []
    tally: Counter = Counter()
    items: list[tuple[str, str, list[tuple[int, int]]]] = []
    for o in doc.get("officials") or []:
        tier, found = find(o["name"], text, twords)
        tally["officials", tier] += 1
        items.append((NAME, tier, found))
        if not o.get("position"):
            tally["positions", "empty"] += 1
            continue
        ptier, pfound = find(o["position"], text, twords)
        # Only the occurrence nearest to one of the holder's mentions.
        near = [(min(abs(ps - s) for s, _ in found), ps, pe) for ps, pe in pfound
                if any(abs(ps - s) <= NEAR_NAME or abs(pe - e) <= NEAR_NAME for s, e in found)]
        if pfound and not near:
            ptier = "far"
        tally["positions", ptier] += 1
        items.append((POSITION, ptier, [min(near)[1:]] if near else []))
    for field, label in (("programs", PROGRAM), ("awards", AWARD)):
        for p in doc.get(field) or []:
            tier, found = find(p, text, twords)
            tally[field, tier] += 1
            items.append((label, tier, found))
    taken = [None] * len(text)
    # Exact items claim their text before cores do ("Lomba X" must not eat "juara ketiga Lomba X 2024").
    order = sorted(items, key=lambda it: (PRIORITY[it[0]], it[1] != "exact", -max((e - s for s, e in it[2]), default=0)))
    for label, tier, found in order:
        kept = 0
        for s, e in found:
            if all(t is None for t in taken[s:e]):
                taken[s:e] = [label] * (e - s)
                spans.append((s, e, label))
                kept += 1
        if found and not kept:
            field = {NAME: "officials", POSITION: "positions", PROGRAM: "programs", AWARD: "awards"}[label]
            owners = {taken[i] for s, e in found for i in range(s, e)} - {None}
            tally[field, tier] -= 1
            tally[field, "shared" if owners == {label} else "overlap"] += 1
    return sorted(spans), tally


def load_gold(folder: Path) -> list[dict]:
    return [json.loads(p.read_text(encoding="utf-8")) for p in sorted(Path(folder).glob("*.json"))]


def main(argv=None) -> None:
    argv = sys.argv[1:] if argv is None else argv
    if len(argv) != 1 or not Path(argv[0]).is_dir():
        sys.exit("usage: python -m pipelines.nlp.align GOLD_DIR")
    total: Counter = Counter()
    for doc in load_gold(Path(argv[0])):
        total.update(align(doc)[1])
    tiers = ("exact", "core", "scattered", "far", "shared", "overlap", "empty")
    print(f"{'field':10s} {'items':>5s} " + " ".join(f"{t:>9s}" for t in tiers) + "  unaligned")
    for field in ("officials", "positions", "programs", "awards"):
        row = [total[field, t] for t in tiers]
        unaligned = sum(row[2:])
        print(f"{field:10s} {sum(row):5d} " + " ".join(f"{n:9d}" for n in row) + f"  {unaligned} ({unaligned / max(sum(row), 1):.0%})")


if __name__ == "__main__":
    main()
