"""Train the learned span tagger on annotated articles and write the whole pipeline to the model folder.

    python -m pipelines.nlp.train_spans --gold ../shared/data/train-gold [--output pipelines/nlp/model]

The NER (tok2vec + ner, ``train.py``) is kept frozen: the tagger reads its tok2vec output, the
rules' candidates and its own small embedding (``learned.span_features``). Reproducible: fixed seed,
fixed number of epochs, the articles in file order. Training data are the gold strings aligned to
character spans by ``align.py``.
"""
from __future__ import annotations

import argparse
import json
import random
import time
from pathlib import Path

import spacy
from spacy.tokens import Doc
from spacy.training import Example
from spacy.util import fix_random_seed, minibatch
from thinc.api import Adam

from . import MODEL_DIR, clean_text, prepare
from .align import align, load_gold
from .kinds import COMPONENTS, LEARNED
from .learned import bio_tags

SEED = 0
EPOCHS = 12
BATCH = 8
LEARN_RATE = 0.003
TAGGER = LEARNED[0]
TAGGER_CONFIG = {"model": {
    "@architectures": "spacy.Tagger.v2", "nO": None, "normalize": False,
    "tok2vec": {"@architectures": "warta.SpanFeatures.v1", "tensor_width": 64, "width": 64,
                "embed_rows": [2000, 1000, 1000, 1000], "depth": 1, "window_size": 1}}}
# Chosen by measurement (docs/extraction.md): the union wins on the cross-validation for every field,
# but for programs by 0.018 F1 (one run) while it loses 0.09 on the held-out set, so programs stay
# the rules'.
COMBINE = {"officials": "union", "programs": "rules", "awards": "union"}


def base_pipeline(model_dir: Path = MODEL_DIR) -> spacy.Language:
    """The model without its learned components, rules included, tokenizer as at run time."""
    from . import components  # registers the factories

    nlp = spacy.load(model_dir, exclude=list(LEARNED))
    for name in COMPONENTS.values():
        if name not in nlp.pipe_names:
            nlp.add_pipe(name)
    components.initialize_rules(nlp)   # training reads the word lists as data/ has them now
    return nlp


def examples_of(nlp: spacy.Language, golds: list[dict]) -> list[Example]:
    """Predicted docs run through the frozen components once (they never change), gold BIO tags."""
    docs = nlp.pipe(nlp.make_doc(clean_text(g["text"])) for g in golds)
    out = []
    for g, doc in zip(golds, docs):
        spans, _ = align(g)
        ref = Doc(nlp.vocab, words=[t.text for t in doc], spaces=[bool(t.whitespace_) for t in doc],
                  tags=bio_tags(doc, spans))
        out.append(Example(doc, ref))
    return out


def train(golds: list[dict], model_dir: Path = MODEL_DIR, epochs: int = EPOCHS, seed: int = SEED,
          config: dict | None = None, log=print, prepared=None) -> spacy.Language:
    """The base pipeline plus a tagger trained on ``golds`` (and ``warta_combine``). ``prepared``:
    (base pipeline, its examples of ``golds``) to reuse, e.g. across cross-validation folds (the
    learned components already in it are replaced)."""
    fix_random_seed(seed)
    if prepared is None:
        nlp = prepare(base_pipeline(model_dir))
        examples = examples_of(nlp, golds)
    else:
        nlp, examples = prepared
        examples = list(examples)
        for name in LEARNED:
            if name in nlp.pipe_names:
                nlp.remove_pipe(name)
    tagger = nlp.add_pipe("tagger", name=TAGGER, config=config or TAGGER_CONFIG)
    tagger.initialize(lambda: examples, nlp=nlp)
    optimizer = Adam(LEARN_RATE)
    rng = random.Random(seed)
    start = time.perf_counter()
    for epoch in range(epochs):
        rng.shuffle(examples)
        losses: dict = {}
        for batch in minibatch(examples, BATCH):
            tagger.update(batch, drop=0.1, sgd=optimizer, losses=losses)
        if log and (epoch + 1) % 4 == 0:
            log(f"  epoch {epoch + 1}/{epochs}: loss {losses[TAGGER]:.1f} ({time.perf_counter() - start:.0f} s)")
    nlp.add_pipe("warta_combine", config={"modes": COMBINE})
    return nlp


def save(trained: spacy.Language, model_dir: Path, output: Path) -> None:
    """The base model (spaCy's own tokenizer, serialisable) with the rule components and the trained
    learned components, written to ``output``."""
    final = base_pipeline(model_dir)
    final.add_pipe(TAGGER, source=trained)
    final.add_pipe("warta_combine", config={"modes": COMBINE})
    keep = {p.name: p.read_bytes() for p in model_dir.glob("*.json") if p.name != "meta.json"}
    final.to_disk(output)
    for name, data in keep.items():
        (output / name).write_bytes(data)


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--gold", type=Path, required=True, help="folder of gold JSON articles (train-gold)")
    ap.add_argument("--base", type=Path, default=MODEL_DIR, help="model holding the NER (default: the committed one)")
    ap.add_argument("--output", type=Path, default=MODEL_DIR)
    ap.add_argument("--epochs", type=int, default=EPOCHS)
    a = ap.parse_args(argv)
    if not a.gold.is_dir():
        ap.error(f"{a.gold} is not a folder")
    golds = load_gold(a.gold)
    print(f"training the span tagger on {len(golds)} articles, {a.epochs} epochs, seed {SEED}")
    trained = train(golds, a.base, a.epochs)
    save(trained, a.base, a.output)
    print(json.dumps({"written": str(a.output), "pipeline": trained.pipe_names}))


if __name__ == "__main__":
    main()
