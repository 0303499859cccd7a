"""The learned layer: a BIO span tagger for official names, positions, programs and awards, and how
its spans combine with the rules' items.

The tagger (spaCy's ``tagger`` factory, component ``warta_tagger``) runs after the rules on the
frozen NER tok2vec's output (``doc.tensor``): its features are that tensor, a small hash embedding of
its own and the rules' candidates as BIO flags, encoded by a CNN (``warta.SpanFeatures.v1``). A tagger
adds ~one softmax per token; a second transition-based NER would cost as much as the NER itself.
"""
from __future__ import annotations

from typing import List

import numpy
from spacy.ml.models.tok2vec import MaxoutWindowEncoder, MultiHashEmbed
from spacy.tokens import Doc, Span
from spacy.util import registry
from thinc.api import Maxout, Model, chain, with_array
from thinc.types import Floats2d

from .awards import PLACING_RX, only_region
from .kinds import AWARD, NAME, POSITION, PROGRAM, SPAN_LABELS
from .text import text_of

FLAG_LABELS = SPAN_LABELS              # one B and one I flag per label, from the rules' items
POSITION_NEAR = 200                    # characters around a name where the rules' position text is looked up
BEFORE_GAP, AFTER_GAP = 4, 6           # tokens allowed between a position and the name after/before it
MODES = ("rules", "model", "union", "filter")
# Words that make a lower-case phrase an award: "juara 1 lomba desa wisata", "predikat kepatuhan tinggi".
AWARD_CUES = {"juara", "terbaik", "penghargaan", "award", "awards", "predikat", "peringkat", "harapan",
              "anugerah", "opini", "piala", "trofi", "tropi", "wtp", "nominasi", "besar", "medali", "emas"}


# ---------------------------------------------------------------- features

def rule_spans(doc: Doc) -> list[tuple[int, int, str]]:
    """Character spans of what the rules found (extensions set by the rule components)."""
    text = text_of(doc)
    out = []
    for o in doc._.get("officials") or []:
        out.append((o["start"], o["end"], NAME))
        pos = _near(text, o.get("position") or "", o["start"])
        if pos:
            out.append((pos, pos + len(o["position"]), POSITION))
    for field, label in (("programs", PROGRAM), ("awards", AWARD)):
        out.extend((it["start"], it["end"], label) for it in doc._.get(field) or [] if "start" in it)
    return out


def _near(text: str, needle: str, at: int) -> int | None:
    """Start of the occurrence of ``needle`` nearest to ``at``, within POSITION_NEAR characters."""
    if not needle:
        return None
    lo = max(0, at - POSITION_NEAR)
    best, i = None, text.find(needle, lo)
    while 0 <= i <= at + POSITION_NEAR:
        if best is None or abs(i - at) < abs(best - at):
            best = i
        i = text.find(needle, i + 1)
    return best


def rule_flags(doc: Doc) -> numpy.ndarray:
    """Per token, B and I flags of the rules' items (kept on the doc: training reads them every epoch)."""
    if "warta_flags" in doc.user_data:
        return doc.user_data["warta_flags"]
    flags = numpy.zeros((len(doc), 2 * len(FLAG_LABELS)), dtype="f")
    for s, e, label in rule_spans(doc):
        span = doc.char_span(s, e, alignment_mode="expand")
        if span is None or not len(span):
            continue
        k = 2 * FLAG_LABELS.index(label)
        flags[span.start, k] = 1
        flags[span.start + 1:span.end, k + 1] = 1
    doc.user_data["warta_flags"] = flags
    return flags


def _doc_features(tensor_width: int, embed: Model | None, width: int) -> Model[List[Doc], List[Floats2d]]:
    """Per token: the frozen tok2vec's doc.tensor, the rule flags and (trainable) a hash embedding."""
    n_flags = 2 * len(FLAG_LABELS)

    def forward(model, docs, is_train):
        ops = model.ops
        fixed = [ops.asarray2f(numpy.hstack([
            doc.tensor if doc.tensor.shape == (len(doc), tensor_width) else numpy.zeros((len(doc), tensor_width), "f"),
            rule_flags(doc)])) for doc in docs]
        if embed is None:
            return fixed, lambda dX: []
        E, bp_embed = embed(docs, is_train)
        fixed_width = n_flags + tensor_width

        def backprop(dX):
            bp_embed([d[:, fixed_width:] for d in dX])
            return []
        return [ops.xp.hstack([f, e]) for f, e in zip(fixed, E)], backprop

    def init(model, X=None, Y=None):
        if embed is not None:
            embed.initialize(X=X)

    layers = [embed] if embed is not None else []
    return Model("warta_doc_features", forward, init=init, layers=layers,
                 dims={"nO": tensor_width + n_flags + (width if embed is not None else 0)})


@registry.architectures("warta.SpanFeatures.v1")
def span_features(tensor_width: int, width: int, embed_rows: List[int], depth: int,
                  window_size: int) -> Model[List[Doc], List[Floats2d]]:
    """Token vectors for the span tagger (``tok2vec`` of spacy.Tagger.v2). ``embed_rows`` empty: no
    embedding of its own, only the tok2vec tensor and the rule flags."""
    embed = (MultiHashEmbed(width=width, attrs=["NORM", "PREFIX", "SUFFIX", "SHAPE"][:len(embed_rows)],
                            rows=list(embed_rows), include_static_vectors=False) if embed_rows else None)
    feats = _doc_features(tensor_width, embed, width)
    encode = chain(Maxout(width, feats.get_dim("nO"), nP=2, dropout=0.0, normalize=True),
                   MaxoutWindowEncoder(width=width, window_size=window_size, maxout_pieces=3, depth=depth))
    model = chain(feats, with_array(encode))
    model.set_dim("nO", width)
    return model


# ---------------------------------------------------------------- decoding

def bio_tags(doc: Doc, spans: list[tuple[int, int, str]]) -> list[str]:
    """Token BIO tags for labelled character spans (training data)."""
    tags = ["O"] * len(doc)
    for s, e, label in spans:
        span = doc.char_span(s, e, alignment_mode="expand")
        if span is None or not len(span):
            continue
        tags[span.start] = f"B-{label}"
        for i in range(span.start + 1, span.end):
            tags[i] = f"I-{label}"
    return tags


def decode(doc: Doc) -> list[Span]:
    """Spans from the tagger's BIO tags (an I- after another label starts a span)."""
    spans, start, label = [], None, None
    for i, tok in enumerate(doc):
        tag = tok.tag_ or "O"
        kind, _, lab = tag.partition("-")
        if start is not None and (kind != "I" or lab != label):
            spans.append(Span(doc, start, i, label=label))
            start = None
        if kind in ("B", "I") and start is None:
            start, label = i, lab
    if start is not None:
        spans.append(Span(doc, start, len(doc), label=label))
    return [_trim(s) for s in spans if _trim(s) is not None]


def _trim(span: Span) -> Span | None:
    """Without punctuation at either end."""
    a, b = span.start, span.end
    while a < b and span.doc[a].is_punct:
        a += 1
    while b > a and span.doc[b - 1].is_punct and span.doc[b - 1].text not in (")",):
        b -= 1
    return Span(span.doc, a, b, label=span.label_) if b > a else None


# ---------------------------------------------------------------- items from spans

def model_items(doc: Doc, spans: list[Span]) -> dict[str, list[dict]]:
    """The tagger's findings in the result format (same keys as the rules' items)."""
    from .officials import same_person

    out = {"officials": [], "programs": [], "awards": []}
    positions = [s for s in spans if s.label_ == POSITION]
    for s in spans:
        if s.label_ == PROGRAM:
            out["programs"].append({"name": s.text, "acronym": None, "start": s.start_char, "end": s.end_char})
        elif s.label_ == AWARD:
            out["awards"].append({"name": s.text, "rank": None, "year": _year(s.text),
                                  "start": s.start_char, "end": s.end_char})
        elif s.label_ == NAME:
            pos = _position_for(s, positions)
            item = {"name": s.text, "position": pos.text if pos is not None else "", "title": None,
                    "organization": None, "region": None, "region_code": None, "honorifics": [],
                    "start": s.start_char, "end": s.end_char}
            same = next((o for o in out["officials"] if same_person(o["name"], item["name"])), None)
            if same is None:
                out["officials"].append(item)
            elif len(item["position"]) > len(same["position"]):
                same["position"] = item["position"]
    return out


def _year(text: str) -> int | None:
    years = [int(w) for w in text.split() if w.isdigit() and len(w) == 4 and w[:2] in ("19", "20")]
    return years[-1] if years else None


def _position_for(name: Span, positions: list[Span]) -> Span | None:
    """The position right before the name, else right after it, else the nearest in its sentence."""
    before = [p for p in positions if 0 <= name.start - p.end <= BEFORE_GAP]
    if before:
        return max(before, key=lambda p: p.end)
    after = [p for p in positions if 0 <= p.start - name.end <= AFTER_GAP]
    if after:
        return min(after, key=lambda p: p.start)
    return None


# ---------------------------------------------------------------- combining

def _overlaps(a: dict, b: dict) -> bool:
    return a["start"] < b["end"] and b["start"] < a["end"]


def _words(s: str) -> set[str]:
    return {w.lower() for w in s.replace("-", " ").split() if any(c.isalnum() for c in w)}


def _credible(field: str, item: dict, rules: list[dict]) -> bool:
    """A model item the rules missed is added only if it is not a fragment of what the rules have
    (same field) and has 2+ words; officials need a position and capitalised name words, awards a
    year, an award word or capitalised words only."""
    if field == "officials":
        name = item["name"].split()
        return _has_title(item["position"]) and len(name) >= 2 and all(w[:1].isupper() for w in name)
    if field == "awards" and (only_region(item["name"]) or PLACING_RX.fullmatch(item["name"].strip())):
        return False        # "Kota Sukabumi", "peringkat kedua": a region or a bare placing names no award
    words = _words(item["name"])
    if len(words) < 2 or any(words <= _words(r["name"]) for r in rules):
        return False
    return field != "awards" or bool(words & AWARD_CUES) or any(c.isdigit() for c in item["name"]) \
        or all(w[:1].isupper() for w in item["name"].split())


def _has_title(position: str) -> bool:
    """A position that is more than a modifier: not a bare "Wakil" or "Plt"."""
    from .lexicon import modifiers

    mods = {w for key in modifiers() for w in key}
    return any(w.lower().strip(".,") not in mods for w in position.split())


def combine(field: str, rules: list[dict], model: list[dict], mode: str) -> list[dict]:
    """``rules`` or ``model`` alone; ``union``: the rules' items plus the model's credible ones that
    the rules miss; ``filter``: the rules' items the model also marks, plus those credible ones."""
    if mode == "rules" or field == "dates":
        return rules
    if mode == "model":
        return model
    if field == "officials":
        from .officials import same_person
        matched = [r for r in rules if any(same_person(r["name"], m["name"]) for m in model)]
        extra = [m for m in model if not any(same_person(r["name"], m["name"]) for r in rules)]
    else:
        matched = [r for r in rules if any(_overlaps(r, m) for m in model)]
        extra = [m for m in model if not any(_overlaps(r, m) for r in rules)]
    kept = rules if mode == "union" else matched
    return sorted(kept + [m for m in extra if _credible(field, m, rules)], key=lambda it: it["start"])
