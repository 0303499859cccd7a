"""Lemmas for the rules: spaCy's lookup lemmatizer with the Indonesian table of spacy-lookups-data.

The pipeline's ``lemmatizer`` component (factory ``lemmatizer``, ``mode = "lookup"``) is part of
the committed model: its table is serialised in ``model/lemmatizer/lookups/``, so spacy-lookups-data
is only needed to rebuild the model (``python -m pipelines.nlp.train --lemmatizer-only``).

The spacy-lookups-data table (36,872 forms) covers meN-, ber-, peN-, ter- and ke-...-an forms but
almost no di- passives ("diluncurkan", "diraih" are missing), the forms press releases use most.
``id_lemma_lookups`` adds them, derived from the active meN- forms the table has: meluncurkan ->
diluncurkan, menerima -> diterima, memberikan -> diberikan, memperoleh -> diperoleh,
menyabet -> disabet (the nasal of meN- undone the way that gives back the table's lemma).

The rules ask about a few lemmas only: ``inflected_with_lemma(doc, {"luncur"})`` finds the tokens
that are inflected forms of them (from the lemmas the component stored, and for a capitalised word,
which the case-sensitive table does not know, from its lower-cased form).
"""
from __future__ import annotations

from spacy.lookups import Lookups, Table
from spacy.util import registry

from .lexicon import lines, per_lexicon

# meN- + stem -> the stem's possible first letters: "meny" + "abet" -> "sabet", "men" + "erima" -> "terima".
_NASALS = (("meny", ("s",)), ("meng", ("", "k")), ("mem", ("", "p")), ("men", ("", "t")), ("me", ("",)))


def passive_of(form: str, lemma: str) -> str | None:
    """The di- passive of an active meN- form whose lemma is ``lemma``, or None."""
    hits = set()
    for prefix, restore in _NASALS:
        if not form.startswith(prefix):
            continue
        rest = form[len(prefix):]
        stems = [r + rest for r in restore]
        if prefix == "meng" and rest.startswith("e"):
            stems.append(rest[1:])               # mengecat -> cat (monosyllabic stems)
        hits.update(s for s in stems if s.startswith(lemma) or s.startswith(("per", "ber")) and s[3:].startswith(lemma))
    return "di" + hits.pop() if len(hits) == 1 else None


@registry.misc("warta.id_lemma_lookups.v1")
def id_lemma_lookups() -> Lookups:
    """spacy-lookups-data's Indonesian ``lemma_lookup`` plus derived di- passives."""
    forms = _package_forms()
    extra = {}
    for form, lemma in forms.items():
        if form.startswith("me") and " " not in form and lemma != form:
            passive = passive_of(form, lemma)
            if passive and passive not in forms:
                extra[passive] = lemma
    for form, lemma in _own_forms().items():
        extra.setdefault(form, lemma)
    lookups = Lookups()
    lookups.add_table("lemma_lookup", {**forms, **extra})
    return lookups


def _package_forms() -> dict[str, str]:
    """The table as ``spacy.lookups.load_lookups("id", ["lemma_lookup"])`` reads it, but with its
    forms as strings (a loaded Table keeps only their hashes)."""
    from spacy.util import load_language_data

    if "id" not in registry.lookups:
        raise ValueError("spacy-lookups-data is not installed: pip install spacy-lookups-data==1.0.5")
    return load_language_data(registry.lookups.get("id")["lemma_lookup"])


def _own_forms() -> dict[str, str]:
    """data/lemma_extra.tsv: forms the table lacks ("form<TAB>lemma")."""
    out = {}
    for line in lines("lemma_extra.tsv"):
        form, lemma = line.split("\t")
        out[form] = lemma
    return out


def _table(vocab) -> Table | None:
    return vocab.lookups.get_table("lemma_lookup", None) if vocab.lookups.has_table("lemma_lookup") else None


def share_table(nlp) -> None:
    """Make the lemmatizer's table reachable from any doc (``doc.vocab.lookups``)."""
    if "lemmatizer" in nlp.pipe_names and not nlp.vocab.lookups.has_table("lemma_lookup"):
        nlp.vocab.lookups.set_table("lemma_lookup", nlp.get_pipe("lemmatizer").lookups.get_table("lemma_lookup"))


@per_lexicon
def lemma_set(name: str) -> frozenset[str]:
    return frozenset(w.lower() for w in lines(name))


def _hash(s: str) -> int:
    from spacy.strings import get_string_id
    return get_string_id(s)


_FORMS: dict[tuple[int, frozenset[str]], tuple] = {}


def _targets(vocab, lemmas: frozenset[str]):
    """(lemma hashes, hashes of the table's inflected forms of those lemmas), cached per table."""
    table = _table(vocab)
    key = (id(table), lemmas)
    if key not in _FORMS:
        import numpy as np
        forms = [k for k, v in table.items() if v in lemmas and _hash(v) != k] if table is not None else []
        _FORMS[key] = (np.array(sorted(_hash(x) for x in lemmas), dtype="uint64"),
                       np.array(sorted(set(forms)), dtype="uint64"))
    return _FORMS[key]


def inflected_with_lemma(doc, lemmas: frozenset[str]) -> list[tuple[int, int]]:
    """(start, end) character offsets of the tokens that are inflected forms of ``lemmas``:
    "diluncurkan", "Meluncurkan", "peluncuran" for {"luncur"}; not the bare lemma itself.
    Vectorised over the doc: the component's lemma column, and the lower-cased form for
    capitalised words (the lookup table is case-sensitive)."""
    import numpy as np
    from spacy.attrs import IDX, LEMMA, LOWER, ORTH

    if not len(doc):
        return []
    lemma_hashes, form_hashes = _targets(doc.vocab, lemmas)
    arr = doc.to_array([LEMMA, LOWER, IDX, ORTH])
    mask = (np.isin(arr[:, 0], lemma_hashes) & (arr[:, 0] != arr[:, 1])) | np.isin(arr[:, 1], form_hashes)
    strings = doc.vocab.strings
    return [(int(idx), int(idx) + len(strings[int(orth)])) for _, _, idx, orth in arr[mask].tolist()]
