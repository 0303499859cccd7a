"""Train the statistical NER (PER/ORG/LOC) on idner-news-2k and write it to pipelines/nlp/model.

    python -m pipelines.nlp.train --data /work/shared/data/ner/idner-news-2k

Reproducible: fixed seed in ner.cfg, gold tokens from the CoNLL files. Prints test-set P/R/F.
The lookup lemmatizer is then added to the model (its table from spacy-lookups-data, see lemmas.py);
``--lemmatizer-only`` adds or rebuilds just that in an existing model, leaving the NER as it is;
``--lexicon-only`` copies the rules' word lists (``data/``) into the model's rule components,
which is what a change to a word list needs before ``load_pipeline`` sees it.
"""
from __future__ import annotations

import argparse
import json
import shutil
import tempfile
from pathlib import Path

import spacy
from spacy.tokens import Doc, DocBin
from spacy.training import Example

HERE = Path(__file__).parent
CONFIG = HERE / "ner.cfg"
MODEL_DIR = HERE / "model"
SENTS_PER_DOC = 8  # a few sentences of context per training doc, like a paragraph


def read_conll(path: Path) -> list[list[tuple[str, str]]]:
    """'token POS tag' lines (CRLF), sentences separated by blank lines."""
    sents, cur = [], []
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.strip().split()
        if not parts:
            if cur:
                sents.append(cur)
            cur = []
            continue
        cur.append((parts[0], parts[-1]))
    if cur:
        sents.append(cur)
    return sents


def to_docs(nlp, sents) -> list[Doc]:
    docs = []
    for i in range(0, len(sents), SENTS_PER_DOC):
        chunk = [tok for s in sents[i:i + SENTS_PER_DOC] for tok in s]
        words = [w for w, _ in chunk]
        docs.append(Doc(nlp.vocab, words=words, ents=[t for _, t in chunk]))
    return docs


def evaluate(model_dir: Path, docs: list[Doc]) -> dict:
    nlp = spacy.load(model_dir)
    examples = [Example(nlp.make_doc(d.text), d) for d in docs]
    scores = nlp.evaluate(examples)
    return {"ents_p": scores["ents_p"], "ents_r": scores["ents_r"], "ents_f": scores["ents_f"],
            "per_type": scores["ents_per_type"]}


def add_lemmatizer(model_dir: Path) -> None:
    """Add spaCy's lookup lemmatizer (mode "lookup") to the model in ``model_dir``, after the NER,
    with its table serialised in ``model_dir/lemmatizer``. The config records how the table was
    made (``[initialize.components.lemmatizer.lookups]``), so ``nlp.initialize()`` rebuilds it."""
    from .lemmas import id_lemma_lookups

    from . import components  # noqa: F401  (a full model lists the warta factories)

    nlp = spacy.load(model_dir, exclude=["lemmatizer"])
    lem = nlp.add_pipe("lemmatizer", config={"mode": "lookup"}, after="ner")
    lem.initialize(lookups=id_lemma_lookups())
    nlp.config["initialize"]["components"]["lemmatizer"] = {"lookups": {"@misc": "warta.id_lemma_lookups.v1"}}
    keep = [p for p in model_dir.iterdir() if p.name in ("test_scores.json", "cv_scores.json")]
    saved = {p.name: p.read_bytes() for p in keep}
    nlp.to_disk(model_dir)
    for name, data in saved.items():
        (model_dir / name).write_bytes(data)


def save_lexicons(model_dir: Path) -> None:
    """Write ``data/``'s word lists into the folder of each rule component of the model in
    ``model_dir`` (what the component's ``from_disk`` reads), leaving every other part as it is."""
    from .components import LEXICON_COMPONENTS
    from .lexicon import packaged

    for name in LEXICON_COMPONENTS:
        packaged().to_dir(model_dir / name)


def main(argv=None) -> None:
    from spacy.cli.train import train

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, help="folder with train.txt, dev.txt, test.txt")
    ap.add_argument("--output", type=Path, default=MODEL_DIR)
    ap.add_argument("--set", action="append", default=[], metavar="KEY=VALUE",
                    help="config override, e.g. components.tok2vec.model.encode.depth=2 (for experiments)")
    ap.add_argument("--lemmatizer-only", action="store_true",
                    help="only add/rebuild the lookup lemmatizer in the existing model")
    ap.add_argument("--lexicon-only", action="store_true",
                    help="only copy the rules' word lists (pipelines/nlp/data) into the existing model")
    a = ap.parse_args(argv)
    if a.lexicon_only:
        save_lexicons(a.output)
        return
    if a.lemmatizer_only:
        add_lemmatizer(a.output)
        return
    if a.data is None:
        ap.error("--data is required")
    overrides = {}
    for kv in a.set:
        key, value = kv.split("=", 1)
        overrides[key] = json.loads(value)

    nlp = spacy.blank("id")
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        splits = {s: to_docs(nlp, read_conll(a.data / f"{s}.txt")) for s in ("train", "dev", "test")}
        for s in ("train", "dev"):
            DocBin(docs=splits[s]).to_disk(tmp / f"{s}.spacy")
        train(CONFIG, tmp / "out", overrides={"paths.train": str(tmp / "train.spacy"),
                                              "paths.dev": str(tmp / "dev.spacy"), **overrides})
        if a.output.exists():
            shutil.rmtree(a.output)
        shutil.copytree(tmp / "out" / "model-best", a.output)
    add_lemmatizer(a.output)
    scores = evaluate(a.output, splits["test"])
    (a.output / "test_scores.json").write_text(json.dumps(scores, indent=1))
    print(json.dumps(scores, indent=1))


if __name__ == "__main__":
    main()
