"""Officials: a named person next to a position in a public institution.

A position is [modifier] title [institution / region words]; its holder is the name right after
it ("Bupati Balangan, H. Abdul Hadi, S.Sos"), or, failing that, right before it ("Abdul Hadi
selaku Bupati Balangan"). Mentions of one person are merged, keeping the most complete position.
The statistical NER only arbitrates: PER stops an institution, ORG/LOC extends it.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from .lexicon import (degrees, fold_degree, honorifics, institution_words, institutions, lines,
                      modifiers, titles, words_of)
from .regions import match_region

MAX_TITLE = 4
MAX_NAME = 6
DIRECTIONS = {"utara", "selatan", "barat", "timur", "tengah", "raya", "hulu", "hilir", "laut", "darat"}
CONNECTORS = {"dan", "&", "serta"}
BEFORE_LINKS = {"selaku", "sebagai", ",", "("}
AFTER_LINKS = {",", "(", ":", "yakni", "yaitu", "bernama", "–", "-"}
# Institutions that are not public: their staff are not officials.
PRIVATE = {"pt", "cv", "tbk", "yayasan", "universitas", "kelompok", "komunitas", "forum", "paguyuban",
           "lsm", "rt", "rw", "persero", "ormas", "asosiasi", "himpunan", "perkumpulan", "karang"}
ROMAN = re.compile(r"^(?:[IVX]{1,4}|[A-H])$")
INITIAL = re.compile(r"^[A-Z]\.?$")
NAMEWORD = re.compile(r"^[A-Z][a-zà-ÿ'’`-]*[a-zà-ÿ]$|^[A-Z]\.?$|^[A-Z][a-z]*['’][A-Z][a-z]+$")


@dataclass
class Tok:
    text: str
    lower: str
    start: int
    end: int
    ent: str


@dataclass
class Position:
    start: int               # token indices
    end: int
    title: str
    kind: str
    org: list[int] = field(default_factory=list)
    region: object = None


@dataclass
class Mention:
    name: list[int]
    honorifics: list[str]
    position: Position


def _not_names() -> frozenset[str]:
    global _NOT_NAMES
    try:
        return _NOT_NAMES
    except NameError:
        _NOT_NAMES = frozenset(lines("not_names.txt"))
        return _NOT_NAMES


def toks_of(doc) -> list[Tok]:
    ent = [""] * len(doc)
    for e in doc.ents:
        for i in range(e.start, e.end):
            ent[i] = e.label_
    return [Tok(t.text, t.lower_, t.idx, t.idx + len(t.text), ent[t.i]) for t in doc]


def is_acronym(text: str) -> bool:
    """"DPRD", "P2KB", "PMDPPKB", or a known short form ("Dinkes", "Bappeda")."""
    if text.lower() in institutions():
        return True
    caps = sum(c.isupper() for c in text)
    return 2 <= len(text) <= 10 and caps >= 2 and text.replace("-", "").isalnum() and \
        (text.isupper() or caps >= len(text) - 2)


def is_inst(t: Tok) -> bool:
    return t.lower in institution_words() or is_acronym(t.text)


def match_title(toks: list[Tok], i: int):
    """Longest title at toks[i] -> (end, Title)."""
    table = titles()
    for n in range(min(MAX_TITLE, len(toks) - i), 0, -1):
        key = tuple(t.lower for t in toks[i:i + n])
        if key in table:
            return i + n, table[key]
    return None


def match_position(toks: list[Tok], i: int) -> Position | None:
    if not toks[i].text[:1].isupper():
        return None
    j, mods = i, []
    mod_table = modifiers()
    while j < len(toks):
        for n in (2, 1):
            key = tuple(t.lower for t in toks[j:j + n])
            if key in mod_table:
                mods.append(mod_table[key])
                j += n
                if j < len(toks) and toks[j].text == ".":
                    j += 1
                if j + 2 < len(toks) and toks[j].text == "(" and toks[j + 2].text == ")":
                    j += 3       # "Penjabat Sementara (Pjs) Wali Kota"
                break
        else:
            break
    m = match_title(toks, j)
    if m is None:
        return None
    j, title = m
    pos = Position(i, j, " ".join(mods + [title.canonical]), title.kind)
    pos.end = _complement(toks, pos, title.canonical)
    if title.kind == "generic" and not pos.org and pos.region is None:
        return None
    if any(toks[k].lower in PRIVATE for k in pos.org):
        return None
    return pos


def _complement(toks: list[Tok], pos: Position, title: str) -> int:
    """Extend a position over the institution and region words that follow the title."""
    words = [t.text for t in toks]
    j = pos.end
    while j < len(toks):
        t = toks[j]
        r = match_region(words, j, title)
        if r:
            end, region = r
            pos.region = pos.region or region
            j = end
            continue
        nxt = toks[j + 1] if j + 1 < len(toks) else None
        if t.lower in CONNECTORS and nxt and nxt.lower in institution_words() and pos.org and pos.org[-1] == j - 1:
            j += 1
            continue
        if t.text == "/" and nxt:
            m = match_title(toks, j + 1)
            if m:
                j = m[0]
                continue
        if is_inst(t) and (t.text[:1].isupper() or t.ent in ("ORG", "LOC")):
            pos.org.append(j)
            j += 1
            continue
        if ROMAN.match(t.text) and pos.org and pos.org[-1] == j - 1:
            pos.org.append(j)
            j += 1
            continue
        if t.ent == "PER" or not t.text[:1].isupper() or t.text in _not_names():
            break
        if t.ent in ("ORG", "LOC"):
            pos.org.append(j)
            j += 1
            continue
        if nxt and nxt.lower in DIRECTIONS and NAMEWORD.match(t.text):
            pos.org += [j, j + 1]
            j += 2
            continue
        break
    return j


def _is_name_word(t: Tok) -> bool:
    if not NAMEWORD.match(t.text) or t.text in _not_names():
        return False
    return t.ent == "PER" or t.lower not in institution_words()


def _is_degree(toks: list[Tok], j: int) -> bool:
    return j < len(toks) and fold_degree(toks[j].text) in degrees()


def name_after(toks: list[Tok], j: int, used: set[int]) -> tuple[list[int], list[str]] | None:
    if j < len(toks) and toks[j].lower in AFTER_LINKS:
        j += 1
    hon = []
    while j < len(toks) and toks[j].text in honorifics():
        hon.append(toks[j].text)
        j += 1
        if j < len(toks) and toks[j].text == "." and hon[-1][-1] != ".":
            hon[-1] += "."
            j += 1
    name = []
    while j < len(toks) and len(name) < MAX_NAME and _is_name_word(toks[j]) and j not in used:
        name.append(j)
        j += 1
        if INITIAL.match(toks[name[-1]].text) and j < len(toks) and toks[j].text == ".":
            j += 1
    if not name or all(INITIAL.match(toks[k].text) for k in name):
        return None
    hon += _degrees_after(toks, j)
    return name, hon


def _degrees_after(toks: list[Tok], j: int) -> list[str]:
    out = []
    while j + 1 < len(toks) and toks[j].text == "," and _is_degree(toks, j + 1):
        out.append(toks[j + 1].text)
        j += 2
    return out


def name_before(toks: list[Tok], p: int, used: set[int]) -> tuple[list[int], list[str]] | None:
    if p < 2 or toks[p - 1].lower not in BEFORE_LINKS:
        return None
    link = toks[p - 1].lower
    j = p - 2
    degs = []
    while j >= 1 and _is_degree(toks, j) and toks[j - 1].text == ",":
        degs.insert(0, toks[j].text)
        j -= 2
    name = []
    while j >= 0 and len(name) < MAX_NAME and _is_name_word(toks[j]) and j not in used:
        name.insert(0, j)
        j -= 1
    if not name or all(INITIAL.match(toks[k].text) for k in name):
        return None
    # Without "selaku"/"sebagai" only the NER can tell a name from a capitalised place or org.
    if link in (",", "(") and not any(toks[k].ent == "PER" for k in name):
        return None
    hon = []
    while j >= 0 and toks[j].text in honorifics():
        hon.insert(0, toks[j].text)
        j -= 1
    return name, hon + degs


def find_mentions(toks: list[Tok]) -> list[Mention]:
    positions, i = [], 0
    while i < len(toks):
        pos = match_position(toks, i)
        if pos:
            positions.append(pos)
            i = pos.end
        else:
            i += 1
    used = {k for p in positions for k in range(p.start, p.end)}
    mentions, pending = [], []
    for pos in positions:
        found = name_after(toks, pos.end, used)
        if found:
            used.update(found[0])
            mentions.append(Mention(found[0], found[1], pos))
        else:
            pending.append(pos)
    for pos in pending:
        found = name_before(toks, pos.start, used)
        if found:
            used.update(found[0])
            mentions.append(Mention(found[0], found[1], pos))
    return sorted(mentions, key=lambda m: m.name[0])


def _span_text(text: str, toks: list[Tok], a: int, b: int) -> str:
    return " ".join(text[toks[a].start:toks[b - 1].end].split())


def officials(doc) -> list[dict]:
    toks = toks_of(doc)
    people: list[dict] = []
    for m in find_mentions(toks):
        name = _span_text(doc.text, toks, m.name[0], m.name[-1] + 1).rstrip(".")
        pos = m.position
        org = [k for k in pos.org]
        item = {
            "name": name,
            "position": _span_text(doc.text, toks, pos.start, pos.end).rstrip(",.("),
            "title": pos.title,
            "organization": _span_text(doc.text, toks, org[0], org[-1] + 1) if org else None,
            "region": pos.region.display_name if pos.region else None,
            "region_code": pos.region.code if pos.region else None,
            "honorifics": m.honorifics,
            "start": toks[m.name[0]].start,
            "end": toks[m.name[-1]].end,
        }
        _merge(people, item)
    return people


def _key(name: str) -> set[str]:
    return {w for w in words_of(name) if len(w.strip(".")) > 1}


def _merge(people: list[dict], item: dict) -> None:
    """One official per person: a later "Hadi" joins an earlier "Abdul Hadi" (or vice versa)."""
    key = _key(item["name"])
    for p in people:
        other = _key(p["name"])
        if key and other and (key <= other or other <= key):
            if len(key) > len(other):
                p.update(name=item["name"], start=item["start"], end=item["end"])
            if len(item["position"].split()) > len(p["position"].split()):
                for k in ("position", "title", "organization", "region", "region_code"):
                    p[k] = item[k]
            p["honorifics"] += [h for h in item["honorifics"] if h not in p["honorifics"]]
            return
    people.append(item)
