"""Cross-validated scores of the extractor on annotated articles, folds grouped by host, scored with
the evaluation's own ``score.py``; rules only / model only / combined from the same runs.

    python -m pipelines.nlp.cv --gold ../shared/data/train-gold [--folds 5] [--curve 25,50,75] [--out F.json]
    python -m pipelines.nlp.cv --gold ../shared/eval/dev --model pipelines/nlp/model   # score one model

With ``--model`` nothing is trained: the given model is scored on ``--gold`` (e.g. the dev set).
Otherwise each fold's tagger is trained on the other folds (``train_spans.train``, same seed and
epochs as ``make model``) and scores the held-out hosts; ``--curve`` repeats that on 25/50/75% of
each fold's training hosts (chosen with a fixed seed) for a learning curve.
"""
from __future__ import annotations

import argparse
import datetime as dt
import importlib.util
import json
import random
import sys
import time
from collections import defaultdict
from pathlib import Path

from . import clean_text
from .align import load_gold
from .kinds import FIELDS, SPANS_KEY, empty_result
from .learned import MODES, combine, model_items

SEED = 0


def folds_by_host(golds: list[dict], k: int, seed: int = SEED) -> list[list[int]]:
    """k lists of article indices; all articles of a host in one fold, folds of similar size."""
    by_host: dict[str, list[int]] = defaultdict(list)
    for i, g in enumerate(golds):
        by_host[g.get("source") or g["id"]].append(i)
    hosts = sorted(by_host)
    random.Random(seed).shuffle(hosts)
    hosts.sort(key=lambda h: -len(by_host[h]))       # stable: big hosts first, ties in shuffled order
    folds: list[list[int]] = [[] for _ in range(k)]
    for h in hosts:
        min(folds, key=len).extend(by_host[h])
    return [sorted(f) for f in folds]


def score_module(gold_dir: Path):
    """The evaluation's score.py as a module (../../eval/score.py from a gold folder of ../shared)."""
    for path in (gold_dir.parent / "score.py", gold_dir.parent.parent / "eval" / "score.py"):
        if path.exists():
            spec = importlib.util.spec_from_file_location("warta_eval_score", path)
            mod = importlib.util.module_from_spec(spec)
            spec.loader.exec_module(mod)
            return mod
    sys.exit(f"cv: no score.py next to {gold_dir} (expected ../shared/eval/score.py)")


def predict(nlp, golds: list[dict]) -> dict[str, list[dict]]:
    """Result dicts per combination mode, and per the modes the model's config chooses ("shipped"),
    from one pass of the pipeline."""
    combiner = nlp.get_pipe("warta_combine")
    kept, combiner.modes = combiner.modes, {}       # the rules' own items stay on the doc
    out: dict[str, list[dict]] = {m: [] for m in (*MODES, "shipped")}
    try:
        for doc in nlp.pipe(nlp.make_doc(clean_text(g["text"])) for g in golds):
            rules = {f: doc._.get(f) or [] for f in FIELDS}
            found = model_items(doc, list(doc.spans[SPANS_KEY]))
            for mode in out:
                res = empty_result()
                res.update({f: combine(f, rules[f], found.get(f, []), kept.get(f, "rules") if mode == "shipped" else mode)
                            for f in FIELDS})
                out[mode].append(res)
    finally:
        combiner.modes = kept
    return out


def table(scores: dict[str, dict]) -> str:
    head = f"{'mode':8s} {'off P':>6s} {'off R':>6s} {'off F':>6s} {'pos':>6s} {'prog F':>6s} {'awd F':>6s} {'date F':>6s} {'macro':>6s}"
    rows = [head]
    for mode, r in scores.items():
        o = r["officials"]
        rows.append(f"{mode:8s} {o['precision']:6.3f} {o['recall']:6.3f} {o['f1']:6.3f} {r['position_accuracy']:6.3f} "
                    f"{r['programs']['f1']:6.3f} {r['awards']['f1']:6.3f} {r['dates']['f1']:6.3f} {r['macro_f1']:6.3f}")
    return "\n".join(rows)


def cross_validate(golds: list[dict], k: int, fraction: float = 1.0, epochs: int | None = None,
                   log=print) -> dict[str, list]:
    """Predictions of every article by the fold that held it out; scores per mode."""
    from . import prepare
    from .train_spans import EPOCHS, base_pipeline, examples_of, train

    folds = folds_by_host(golds, k)
    base = prepare(base_pipeline())
    examples = examples_of(base, golds)      # the frozen components' output does not depend on the fold
    preds: dict[str, list] = defaultdict(lambda: [None] * len(golds))
    for n, test in enumerate(folds):
        train_idx = [i for f in folds if f is not test for i in f]
        if fraction < 1:
            hosts = sorted({golds[i].get("source") or golds[i]["id"] for i in train_idx})
            random.Random(SEED + n).shuffle(hosts)
            want, chosen, count = fraction * len(train_idx), set(), 0
            for h in hosts:
                if count >= want:
                    break
                chosen.add(h)
                count += sum((golds[i].get("source") or golds[i]["id"]) == h for i in train_idx)
            train_idx = [i for i in train_idx if (golds[i].get("source") or golds[i]["id"]) in chosen]
        start = time.perf_counter()
        log(f"fold {n + 1}/{k}: train {len(train_idx)} articles, test {len(test)}")
        nlp = train([golds[i] for i in train_idx], epochs=epochs or EPOCHS, log=log,
                    prepared=(base, [examples[i] for i in train_idx]))
        for mode, res in predict(nlp, [golds[i] for i in test]).items():
            for i, r in zip(test, res):
                preds[mode][i] = r
        log(f"fold {n + 1}/{k}: done in {time.perf_counter() - start:.0f} s")
    return preds


def rescore(golds: list[dict], path: Path) -> dict[str, list[dict]]:
    """Per mode, the stored rules-only and model-only items combined again, plus "shipped" with the
    modes train_spans.COMBINE gives the committed model."""
    from .train_spans import COMBINE

    stored = {p["id"]: p for p in map(json.loads, path.read_text().splitlines())}
    out: dict[str, list[dict]] = {m: [] for m in (*MODES, "shipped")}
    for g in golds:
        rules, model = stored[g["id"]]["rules"], stored[g["id"]]["model"]
        for mode in out:
            res = dict(rules)
            res.update({f: combine(f, rules[f], model[f], COMBINE.get(f, "rules") if mode == "shipped" else mode)
                        for f in FIELDS})
            out[mode].append(res)
    return out


def show(path: Path) -> None:
    if not path.exists():
        sys.exit(f"cv: {path} not found (make cv writes it)")
    report = json.loads(path.read_text())
    print(f"Stored cross-validation ({report['date']}, {report['articles']} articles, `{report['command']}`):")
    if report.get("note"):
        print(report["note"])
    for pct, scores in report.get("curve", {}).items():
        print(f"\n{report['folds']}-fold by host, {pct}% of the training folds:")
        print(table(scores))


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--gold", type=Path, help="folder of gold JSON articles")
    ap.add_argument("--show", type=Path, metavar="JSON", help="print scores stored by --out, with their date and command")
    ap.add_argument("--rescore", type=Path, metavar="PREDS",
                    help="combine the rules' and the model's items stored by --preds again (current combine code) and score")
    ap.add_argument("--model", type=Path, help="score this model instead of cross-validating")
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--curve", default="100", help="comma-separated percentages of the training folds (default 100)")
    ap.add_argument("--epochs", type=int, help="training epochs (default: as make model)")
    ap.add_argument("--out", type=Path, help="write the scores as JSON here")
    ap.add_argument("--preds", type=Path, help="write the predictions of the 100%% run (per mode) as JSON lines here")
    a = ap.parse_args(argv)
    if a.show:
        show(a.show)
        return
    if a.gold is None or not a.gold.is_dir():
        ap.error(f"{a.gold} is not a folder")
    golds = load_gold(a.gold)
    score = score_module(a.gold).score
    if a.rescore:
        print(table({m: score(golds, p)[0] for m, p in rescore(golds, a.rescore).items()}))
        return
    report = {"date": dt.date.today().isoformat(), "command": "python -m pipelines.nlp.cv " + " ".join(argv or sys.argv[1:]),
              "articles": len(golds)}
    if a.model:
        from . import load_pipeline
        preds = predict(load_pipeline(model=a.model), golds)
        report["scores"] = {m: score(golds, p)[0] for m, p in preds.items()}
        print(table(report["scores"]))
    else:
        runs = [int(p) for p in a.curve.split(",") if p]
        report["folds"], report["curve"] = a.folds, {}
        for pct in runs:
            preds = cross_validate(golds, a.folds, pct / 100, a.epochs, log=lambda m: print(m, file=sys.stderr, flush=True))
            report["curve"][pct] = {m: score(golds, p)[0] for m, p in preds.items()}
            if a.preds and pct == 100:
                a.preds.write_text("".join(json.dumps({"id": g["id"], **{m: preds[m][i] for m in preds}},
                                                      ensure_ascii=False) + "\n" for i, g in enumerate(golds)))
            print(f"\n{a.folds}-fold cross-validation by host, {pct}% of the training folds:")
            print(table(report["curve"][pct]), flush=True)
            if a.out:
                a.out.write_text(json.dumps(report, indent=1))
    if a.out:
        a.out.write_text(json.dumps(report, indent=1))


if __name__ == "__main__":
    main()
