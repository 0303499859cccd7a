"""Region mentions inside positions ("Bupati Balangan", "Kepala Dinas ... Kabupaten Blora")
linked to the Kemendagri gazetteer in pipelines.regions."""
from __future__ import annotations

from pipelines.regions import CITY, PROVINCE, REGENCY, Region, gazetteer, normalise

from .lexicon import per_lexicon, region_forms

# Words that announce the kind of region that follows, with the tokens of their abbreviations.
KIND_WORDS = {"kabupaten": REGENCY, "kab": REGENCY, "kota": CITY, "provinsi": PROVINCE,
              "prov": PROVINCE, "propinsi": PROVINCE, "kab.": REGENCY, "prov.": PROVINCE}
# The kind of region a head title governs: "Bupati Bogor" is the regency, "Wali Kota Bogor" the city.
TITLE_KIND = {"Bupati": REGENCY, "Wakil Bupati": REGENCY, "Wali Kota": CITY,
              "Wakil Wali Kota": CITY, "Gubernur": PROVINCE, "Wakil Gubernur": PROVINCE}
MAX_WORDS = 4


@per_lexicon
def _index() -> dict[tuple[str, ...], list[tuple[str, str | None]]]:
    """Upper-cased word tuple -> candidate (gazetteer name, kind) pairs."""
    idx: dict[tuple[str, ...], list] = {}
    for r in gazetteer().regions:
        idx.setdefault(tuple(normalise(r.short_name).split()), []).append((r.short_name, r.kind))
    for form, (name, kind) in region_forms().items():
        idx.setdefault(tuple(normalise(" ".join(form)).split()), []).insert(0, (name, kind))
    return idx


def match_region(words: list[str], i: int, title: str | None = None) -> tuple[int, Region | None] | None:
    """Match a region at words[i]: optional kind word, then a gazetteer name (capitalised).
    Returns (end index, region or None when ambiguous), or None when nothing matches."""
    j, kind = i, None
    if j < len(words) and words[j].lower() in KIND_WORDS:
        kind = KIND_WORDS[words[j].lower()]
        j += 1
        if j < len(words) and words[j] == ".":
            j += 1
    idx = _index()
    for n in range(min(MAX_WORDS, len(words) - j), 0, -1):
        span = words[j:j + n]
        if not all(w[:1].isupper() for w in span):
            continue
        cands = idx.get(tuple(normalise(" ".join(span)).split()))
        if cands:
            return j + n, _pick(cands, kind or TITLE_KIND.get(title or ""))
    return None


def _pick(cands: list[tuple[str, str]], kind: str | None) -> Region | None:
    g = gazetteer()
    if kind:
        for name, k in cands:
            if k == kind:
                return g.find(name, kind=k)
        return None
    if len(cands) == 1 or len({(n, k) for n, k in cands}) == 1:
        name, k = cands[0]
        return g.find(name, kind=k)
    return None
