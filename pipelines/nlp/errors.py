"""Error classes of cross-validated predictions, counted per field (docs/extraction.md).

    python -m pipelines.nlp.errors ../shared/data/train-gold PREDS.jsonl [MODE]   # PREDS from `cv --preds`

Items are matched as score.py matches them; each miss (gold item not found) and each false find
(predicted item matching no gold item) gets one heuristic class, named by its shape in the text.
"""
from __future__ import annotations

import re
import sys
from collections import Counter
from pathlib import Path

from .align import find, load_gold, words
from .cv import score_module

PRIVATE = re.compile(r"\b(?:PT|CV|Universitas|Yayasan|Tbk|Bank|Komunitas|Ketua RT|Ketua RW)\b")
AWARD_WORDS = {"juara", "terbaik", "penghargaan", "award", "awards", "predikat", "peringkat", "harapan", "opini", "wtp"}


def classify(golds: list[dict], preds: list[dict], sm) -> dict[str, Counter]:
    out = {f: Counter() for f in ("officials", "positions", "programs", "awards")}
    for g, p in zip(golds, preds):
        text = g["text"]
        tw = words(text)
        go, po = g.get("officials") or [], p.get("officials") or []
        m = sm.greedy([o["name"] for o in po], [o["name"] for o in go], sm.name_match)
        got_p, got_g = {i for i, _ in m}, {j for _, j in m}
        for j, o in enumerate(go):
            if j in got_g:
                continue
            tier, _ = find(o.get("position") or "", text, tw)
            gap = re.search(re.escape(o["position"]) + r"\W{0,3}(?:\S+\.?\s){0,2}" + re.escape(o["name"].split()[0]), text) \
                if tier == "exact" else None
            out["officials"]["missed: position then name" if gap else
                             "missed: position written apart from the name" if tier == "exact" else
                             "missed: position not written as one phrase"] += 1
        for i, o in enumerate(po):
            if i in got_p:
                continue
            if len(o["name"].split()) == 1:
                cls = "false: one-word name (fragment or nickname)"
            elif any(set(sm.name_tokens(o["name"])) & set(sm.name_tokens(x["name"])) for x in go):
                cls = "false: name cut or run on (shares words with a gold name)"
            elif PRIVATE.search(o.get("position") or ""):
                cls = "false: not a public post (company, university, RT/RW)"
            elif not (o.get("position") or "").strip():
                cls = "false: no position"
            else:
                cls = "false: person not annotated (no post of theirs in the text)"
            out["officials"][cls] += 1
        for i, j in m:
            pw, gw = set(sm.words(po[i].get("position") or "")), set(sm.words(go[j].get("position") or ""))
            if sm.jaccard(pw, gw) >= 0.5:
                continue
            out["positions"]["no position" if not pw else "too short (part of the gold position)" if pw < gw
                             else "too long (runs past the position)" if gw < pw
                             else "overlapping, not the same" if pw & gw else "a different phrase"] += 1
        for field in ("programs", "awards"):
            gl = g.get(field) or []
            pl = [sm.variants(x) for x in p.get(field) or []]
            m = sm.greedy(pl, gl, sm.best_match)
            got_p, got_g = {i for i, _ in m}, {j for _, j in m}
            for j, item in enumerate(gl):
                if j in got_g:
                    continue
                tier, _ = find(item, text, tw)
                lead = sm.words(item)[:1]
                if field == "awards":
                    cls = ("missed: placing or rank assembled from the sentence" if tier != "exact" and set(sm.words(item)) & AWARD_WORDS
                           else "missed: written as in the text" if tier == "exact" else "missed: assembled from the sentence")
                else:
                    cls = ("missed: lower-case or generic-looking name" if item[:1].islower()
                           else "missed: acronym only" if item.isupper() and len(item.split()) == 1
                           else "missed: capitalised name" if tier == "exact" else "missed: not written as one phrase")
                out[field][cls] += 1
            for i, v in enumerate(pl):
                if i in got_p:
                    continue
                name = v[0]
                other = "awards" if field == "programs" else "programs"
                if any(sm.best_match(v, x) for x in g.get(other) or []):
                    cls = f"false: gold lists it under {other}"
                elif field == "programs" and set(sm.words(name)) & AWARD_WORDS:
                    cls = "false: award or competition words"
                elif any(sm.best_match(v, x) == 0 and set(sm.words(name)) & set(sm.words(x)) for x in gl):
                    cls = "false: boundary (shares words with a gold item)"
                elif name[:1].islower():
                    cls = "false: generic phrase (lower case)"
                else:
                    cls = "false: capitalised phrase that is no " + field[:-1]
                out[field][cls] += 1
    return out


def main(argv=None) -> None:
    import json

    argv = sys.argv[1:] if argv is None else argv
    if len(argv) not in (2, 3):
        sys.exit("usage: python -m pipelines.nlp.errors GOLD_DIR PREDS.jsonl [MODE (default shipped)]")
    mode = argv[2] if len(argv) == 3 else "shipped"
    gold_dir = Path(argv[0])
    golds = load_gold(gold_dir)
    preds = {p["id"]: p for p in map(json.loads, Path(argv[1]).read_text().splitlines())}
    missing = [g["id"] for g in golds if g["id"] not in preds]
    if missing:
        sys.exit(f"errors: no prediction for {len(missing)} articles, e.g. {missing[0]}")
    classes = classify(golds, [preds[g["id"]][mode] for g in golds], score_module(gold_dir))
    for field, counts in classes.items():
        print(f"\n{field} ({sum(counts.values())} errors)")
        for cls, n in counts.most_common(5):
            print(f"  {n:4d}  {cls}")


if __name__ == "__main__":
    main()
