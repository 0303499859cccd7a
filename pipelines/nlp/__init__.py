"""Warta's Indonesian information extraction: officials, programs, awards and dates.

    from pipelines.nlp import extract, extract_many
    extract("Bupati Balangan Abdul Hadi ...", published="2024-02-27")
"""
from __future__ import annotations

from functools import lru_cache
from itertools import repeat
from pathlib import Path
from typing import Iterable, Iterator

EXTRACTOR_VERSION = "0.1.0"
MODEL_DIR = Path(__file__).parent / "model"
MAX_CHARS = 200_000        # longer texts are cut: a press release is a few KB
COMPONENTS = ("warta_officials", "warta_programs", "warta_awards", "warta_dates")
# Abbreviations the blank tokenizer would split ("Kab." -> "Kab", "."), breaking rule matches.
ABBREVIATIONS = ("Kab.", "Kec.", "Kel.", "Prov.", "Jl.", "Ir.", "Pj.", "Plt.", "Plh.", "Pjs.",
                 "Hj.", "Ny.", "Tn.", "Sdr.", "Bpk.", "Ds.", "No.", "dr.", "drg.", "Dra.", "Drs.")


@lru_cache(maxsize=1)
def load_pipeline(ner: bool = True, rules: bool = True):
    """The committed NER model plus the rule components (cached)."""
    import spacy

    from . import components  # noqa: F401  (registers the factories)

    nlp = spacy.load(MODEL_DIR) if ner else spacy.blank("id")
    for abbr in ABBREVIATIONS:
        nlp.tokenizer.add_special_case(abbr, [{"ORTH": abbr}])
    if rules:
        for name in COMPONENTS:
            nlp.add_pipe(name)
    return nlp


def empty_result() -> dict:
    return {"officials": [], "programs": [], "awards": [], "dates": [],
            "organizations": [], "places": [], "money": []}


def clean_text(text) -> str:
    """Usable text or "": decodes bytes, drops control characters and binary junk."""
    if isinstance(text, bytes):
        text = text.decode("utf-8", errors="replace")
    if not isinstance(text, str):
        return ""
    text = text[:MAX_CHARS].replace("\x00", " ")
    text = "".join(c if c.isprintable() or c in "\n\t" else " " for c in text)
    printable = sum(c.isalnum() or c.isspace() or c in ".,;:()-/'\"“”’" for c in text)
    return text if text.strip() and printable / len(text) > 0.7 else ""


def extract_many(texts: Iterable[str], published: Iterable[str | None] | str | None = None,
                 batch_size: int = 64) -> Iterator[dict]:
    """One result dict per text, in order. ``published``: one date for all, or one per text."""
    nlp = load_pipeline()
    pubs = repeat(published) if published is None or isinstance(published, str) else iter(published)

    def docs():
        for text, pub in zip(texts, pubs):
            doc = nlp.make_doc(clean_text(text))
            doc.user_data["published"] = pub
            yield doc

    for doc in nlp.pipe(docs(), batch_size=batch_size):
        yield result_of(doc)


def extract(text: str, published: str | None = None) -> dict:
    return next(extract_many([text], published))


def result_of(doc) -> dict:
    out = empty_result()
    for field in ("officials", "programs", "awards", "dates"):
        out[field] = doc._.get(field) or []
    for ent in doc.ents:
        key = {"ORG": "organizations", "LOC": "places"}.get(ent.label_)
        if key:
            out[key].append({"name": ent.text, "start": ent.start_char, "end": ent.end_char})
    return out
