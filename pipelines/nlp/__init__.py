"""Warta's Indonesian information extraction: officials, programs, awards and dates.

    from pipelines.nlp import extract, extract_many
    extract("Bupati Balangan Abdul Hadi ...", published="2024-02-27")
"""
from __future__ import annotations

from functools import lru_cache
from itertools import repeat
from pathlib import Path
from typing import Iterable, Iterator

from .kinds import COMPONENTS, FIELDS, LEARNED, NER_FIELDS, empty_result  # noqa: F401  (empty_result is API)
from .layout import normalise_layout

EXTRACTOR_VERSION = "0.7.0"
MODEL_DIR = Path(__file__).parent / "model"
MAX_CHARS = 200_000        # longer texts are cut: a press release is a few KB
# Abbreviations the blank tokenizer would split ("Kab." -> "Kab", "."), breaking rule matches.
ABBREVIATIONS = ("Kab.", "Kec.", "Kel.", "Prov.", "Jl.", "Ir.", "Pj.", "Plt.", "Plh.", "Pjs.",
                 "Hj.", "Ny.", "Tn.", "Sdr.", "Bpk.", "Ds.", "No.", "dr.", "drg.", "Dra.", "Drs.")


@lru_cache(maxsize=2)
def load_pipeline(ner: bool = True, rules: bool = True, model: str | Path | None = None, learned: bool = True):
    """The model as its config.cfg describes it (tok2vec + ner, lookup lemmatizer, the rule
    components, the learned span tagger and the combiner), cached. ``ner=False`` leaves out the
    statistical layers (tok2vec, ner, tagger), ``rules=False`` the lemmatizer, rules and tagger,
    ``learned=False`` the tagger (rules only, as in v0.4); ``model``: another model folder (e.g. one
    trained on a cross-validation fold)."""
    import spacy

    from . import components  # noqa: F401  (registers the factories)

    exclude = (["tok2vec", "ner", *LEARNED] if not ner else []) + \
        (["lemmatizer", *COMPONENTS.values(), *LEARNED] if not rules else []) + ([] if learned else list(LEARNED))
    return prepare(spacy.load(Path(model) if model else MODEL_DIR, exclude=sorted(set(exclude))))


def prepare(nlp):
    """The run-time tokenizer and the shared lemma table on a loaded pipeline."""
    from .lemmas import share_table

    share_table(nlp)
    _fast_tokenizer(nlp)
    return nlp


def _text_keeping_tokenizer():
    from spacy.tokenizer import Tokenizer

    class TextKeepingTokenizer(Tokenizer):
        """Keeps the input string on the doc: spaCy rebuilds doc.text token by token on every access."""
        def __call__(self, text):
            doc = super().__call__(text)
            doc.user_data["text"] = text
            return doc

    return TextKeepingTokenizer


def _fast_tokenizer(nlp) -> None:
    """The same tokens as spaCy's Indonesian tokenizer, several times faster.

    1. spaCy's Indonesian exceptions are ~16,000 one-token special cases ("anak-anak", emoticons)
       that only keep a string whole; but once any special case fires in a doc, spaCy stops
       caching the doc's remaining words (a per-doc flag), so nearly every word is re-split by the
       affix regexes. Those strings are kept whole through ``token_match`` instead (the suffix
       search skips them too, as a special case would), so the word cache keeps working.
    2. The affix regexes are long alternations (currencies, symbols) tried at every position;
       a plain ASCII word can only start with a letter-initial currency ("Rp", "USD") and, when
       all letters, has no suffix or infix: those cases skip the regex.
    3. A larger word cache (real text has more distinct words than the default 10,000)."""
    _TextKeepingTokenizer = _text_keeping_tokenizer()
    tok = nlp.tokenizer
    keep, whole = {}, set(ABBREVIATIONS)
    for string, subtokens in tok.rules.items():
        if len(subtokens) == 1 and set(subtokens[0]) == {65}:    # 65 = ORTH only
            whole.add(string)
        else:
            keep[string] = subtokens
    whole = frozenset(whole)
    prefix_search, suffix_search, infix_finditer = tok.prefix_search, tok.suffix_search, tok.infix_finditer
    # First letters of the prefix patterns that can start with an ASCII letter or digit.
    alnum_first = frozenset(p[0] for p in nlp.Defaults.prefixes if p[:1].isascii() and p[:1].isalnum())

    def prefix(text):
        if text.isascii() and text[:1].isalnum() and text[0] not in alnum_first:
            return None
        return prefix_search(text)

    def suffix(text):
        if text in whole or (text.isascii() and text.isalpha()):
            return None
        return suffix_search(text)

    def infix(text):
        if text.isascii() and text.isalpha():
            return iter(())
        return infix_finditer(text)

    nlp.tokenizer = _TextKeepingTokenizer(nlp.vocab, rules=keep, prefix_search=prefix, suffix_search=suffix,
                              infix_finditer=infix, token_match=whole.__contains__,
                              url_match=tok.url_match, max_cache_size=200_000)


def clean_text(text) -> str:
    """Usable text or "": decodes bytes, drops control characters and binary junk, and normalises
    the page layout (``layout.py``: same length, so offsets still point into the stored text)."""
    if isinstance(text, bytes):
        text = text.decode("utf-8", errors="replace")
    if not isinstance(text, str):
        return ""
    text = text[:MAX_CHARS].replace("\x00", " ")
    text = "".join(c if c.isprintable() or c in "\n\t" else " " for c in text)
    printable = sum(c.isalnum() or c.isspace() or c in ".,;:()-/'\"“”’" for c in text)
    return normalise_layout(text) if text.strip() and printable / len(text) > 0.7 else ""


def extract_many(texts: Iterable[str], published: Iterable[str | None] | str | None = None,
                 batch_size: int = 64, model: str | Path | None = None) -> Iterator[dict]:
    """One result dict per text, in order. ``published``: one date for all, or one per text;
    ``model``: another model folder than the committed one."""
    nlp = load_pipeline(model=model)
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
    for field in FIELDS:
        out[field] = doc._.get(field) or []
    for ent in doc.ents:
        key = NER_FIELDS.get(ent.label_)
        if key:
            out[key].append({"name": ent.text, "start": ent.start_char, "end": ent.end_char})
    return out
