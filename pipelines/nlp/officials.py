"""Officials: a named person next to a position in a public institution.

A position is [modifier] title [institution / region words]; its holder is the name right after
it ("Bupati Balangan, H. Abdul Hadi, S.Sos"), or, failing that, right before it ("Abdul Hadi
selaku Bupati Balangan"). Mentions of one person are merged, keeping the most complete position.
The statistical NER only arbitrates where the word lists are silent: its ORG/LOC tokens extend
an institution softly (given back if no name follows), its PER tokens stop it.
"""
from __future__ import annotations

import re
from functools import lru_cache
from dataclasses import dataclass, field
from difflib import SequenceMatcher

from spacy.attrs import ENT_TYPE, IDX, IS_SPACE, LOWER, ORTH

from .lexicon import (abbreviates, common_words, degrees, fold_degree, honorifics, institution_words,
                      institutions, lines, modifiers, place_names, titles, words_of)
from .regions import match_region
from .text import text_of

MAX_TITLE = 4
MAX_NAME = 6
DIRECTIONS = {"utara", "selatan", "barat", "timur", "tengah", "raya", "hulu", "hilir", "laut", "darat"}
CONNECTORS = {"dan", "&", "serta"}
BEFORE_LINKS = {"selaku", "sebagai", ",", "("}
AFTER_LINKS = {",", "(", ":", "yakni", "yaitu", "bernama", "–", "-"}
# Institutions that are not public: their staff are not officials.
PRIVATE = {"pt", "cv", "tbk", "yayasan", "universitas", "kelompok", "komunitas", "forum", "paguyuban",
           "lsm", "rt", "rw", "persero", "ormas", "asosiasi", "himpunan", "perkumpulan", "karang"}
# State enterprises written as companies ("PT Telkom Indonesia", "PT PLN (Persero)"): BUMN staff
# are officials by the guideline, so these words lift the PT/Tbk/Persero veto (v0.4).
BUMN_WORDS = {"telkom", "pln", "pertamina", "bri", "bni", "btn", "kai", "pelni", "pelindo", "bulog", "taspen",
              "asabri", "pegadaian", "antam", "inalum", "pindad", "ptpn", "perhutani", "jamkrindo", "askrindo",
              "jasindo", "damri", "asdp", "pgn", "sucofindo", "perumnas", "biofarma", "bsi", "garuda",
              "rakyat", "negara", "tabungan", "marga", "angkasa", "pos", "pusri", "petrokimia", "hutama",
              "waskita", "wika", "adhi", "persero"}
# Words a Title Case headline leaves in lower case.
HEADLINE_SMALL = {"dan", "di", "ke", "dari", "yang", "untuk", "dengan", "dalam", "pada", "bagi", "atas",
                  "oleh", "serta", "hingga", "sebagai", "atau", "akan", "jadi", "ini", "itu", "kepada",
                  "tentang", "terhadap", "melalui", "sejak", "agar", "saat", "usai", "jelang", "lewat"}
# A title right after these words names a building or an election, not a holder:
# "di halaman Kantor Gubernur, Manado", "Pendopo Bupati, Selong", "Pemilihan Kepala Daerah Serentak".
NOT_HOLDER_BEFORE = {"kantor", "gedung", "rumah", "pendopo", "pendapa", "aula", "halaman", "istana", "wisma",
                     "rujab", "rumdin", "jabatan", "dinas", "ruang", "ruangan", "lapangan", "pemilihan",
                     "pilkada", "calon", "cabup", "cawabup", "bakal", "kandidat", "paslon"}
# Derived nouns (pe(N)-/per-/ke- ... -an, -isasi/-asi) are words, not names: "Pekerjaan", "Pemenuhan",
# "Kesehatan", "Imunisasi", "Literasi".
DERIVED_NOUN = re.compile(r"^(?:(?:pe|per|pen|pem|peng|peny|ke)[a-z]{3,}an|[a-z]{3,}(?:isasi|asi|itas|isme))$")
# Titles whose complement is a region (from the gazetteer), never a multi-word unit name.
REGION_HEADS = {"Bupati", "Wakil Bupati", "Wali Kota", "Wakil Wali Kota", "Gubernur", "Wakil Gubernur",
                "Presiden", "Wakil Presiden"}
# Abbreviated given names written with a full stop: "Moh. Rizal", "Abd. Karim".
NAME_ABBREVIATIONS = {"Moh", "Muh", "Moch", "Mhd", "Muhd", "Mochd", "Abd", "Achm", "Ach", "Md"}
PASSIVE = re.compile(r"^Di[a-z]{3,}(?:kan|i)$")
# Words after which capitalised words name the team, not its head.
TEAM_WORDS = {"tim", "satgas", "gugus", "pokja", "panitia", "kelompok"}
# Verbs of appointment before "sebagai": "X, S.T. dilantik sebagai Camat Y" names X the holder.
APPOINT_VERBS = {"dilantik", "diangkat", "ditunjuk", "ditetapkan", "terpilih", "menjabat", "dikukuhkan",
                 "diambil", "resmi"}
# Lower-case words a lower-case position may run over ("kepala dinas kesehatan kabupaten kudus, dr. X").
# ... but not over words alone that name no unit: "ketua umum, X", "kepala pemerintahan, X".
LOWER_NOT_UNIT = {"umum", "harian", "pemerintahan", "negara", "pusat", "daerah", "utama", "pelaksana",
                  "sementara", "bersama", "nasional", "rakyat"}
LOWER_REGION_KINDS = {"kabupaten", "kota", "provinsi", "kecamatan", "desa", "kelurahan"}
UNIT_NUMBER = re.compile(r"^\d{2,5}$")
ROMAN = re.compile(r"^(?:[IVX]{1,4}|[A-H])$")
INITIAL = re.compile(r"^[A-Z]\.?$")
NAMEWORD = re.compile(r"^[A-Z][a-zà-ÿ'’`-]*[a-zà-ÿ]$|^[A-Z]\.?$|^[A-Z][a-z]*['’][A-Z][a-z]+$")


@dataclass(slots=True)
class Tok:
    text: str
    lower: str
    start: int
    end: int
    ent: str
    headline: bool = False


class TokList(list):
    """The tokens of a doc, with their texts listed once (the region matcher wants a word list;
    building it per position cost O(tokens) each time)."""
    _words: list[str] | None = None

    @property
    def words(self) -> list[str]:
        if self._words is None:
            self._words = [t.text for t in self]
        return self._words


@dataclass
class Position:
    start: int               # token indices
    end: int
    title: str
    kind: str
    org: list[int] = field(default_factory=list)
    soft: list[int] = field(default_factory=list)   # ends over NER-extended tokens, shortest first
    region: object = None


@dataclass
class Mention:
    name: list[int]
    honorifics: list[str]
    position: Position


_NOT_NAMES: frozenset[str] = frozenset()


def not_names() -> frozenset[str]:
    global _NOT_NAMES
    if not _NOT_NAMES:
        _NOT_NAMES = frozenset(lines("not_names.txt"))
    return _NOT_NAMES


def toks_of(doc) -> list[Tok]:
    """Non-space tokens with their NER label, flagged when they sit in a Title Case headline."""
    if not len(doc):
        return []
    strings = doc.vocab.strings
    heads = _headline_spans(text_of(doc))
    toks, h, nheads = TokList(), 0, len(heads)
    # One array read instead of a Token object per token (the hot spot of the rules).
    for orth, lower, idx, space, ent in doc.to_array([ORTH, LOWER, IDX, IS_SPACE, ENT_TYPE]).tolist():
        if space:
            continue
        while h < nheads and heads[h][1] <= idx:
            h += 1
        text = strings[orth]
        toks.append(Tok(text, strings[lower], idx, idx + len(text), strings[ent] if ent else "",
                        h < nheads and heads[h][0] <= idx))
    return toks


def _headline_spans(text: str) -> list[tuple[int, int]]:
    """Lines written in Title Case (headlines): there every verb is capitalised, so a
    capitalised run there is no evidence of a name."""
    spans, pos = [], 0
    for line in text.split("\n"):
        words = re.findall(r"[A-Za-z][\w’']*", line)
        lower = [w for w in words if w.lower() not in HEADLINE_SMALL]
        if len(lower) >= 4 and all(w[0].isupper() for w in lower) and not line.rstrip().endswith("."):
            spans.append((pos, pos + len(line)))
        pos += len(line) + 1
    return spans


def is_acronym(text: str) -> bool:
    """"DPRD", "P2KB", "PMDPPKB", or a known short form ("Dinkes", "Bappeda")."""
    if text.lower() in institutions():
        return True
    caps = sum(c.isupper() for c in text) + sum(c.isdigit() for c in text)
    return 2 <= len(text) <= 10 and caps >= 2 and text.replace("-", "").isalnum() and \
        (text.isupper() or caps >= len(text) - 2)


def is_inst(t: Tok) -> bool:
    return t.lower in institution_words() or is_acronym(t.text)


@lru_cache(maxsize=1)
def first_words() -> frozenset[str]:
    """Words a position can start with: a cheap test before trying every title length."""
    return frozenset(k[0] for k in titles()) | frozenset(k[0] for k in modifiers())


def match_title(toks: list[Tok], i: int):
    """Longest title at toks[i] -> (end, Title)."""
    if toks[i].lower not in first_words():
        return None
    table = titles()
    for n in range(min(MAX_TITLE, len(toks) - i), 0, -1):
        key = tuple(t.lower for t in toks[i:i + n])
        if key in table:
            return i + n, table[key]
    return None


def _paren_group(toks: list[Tok], j: int, max_inner: int = 3) -> int | None:
    """End of "( X )" at j, with 1..max_inner tokens inside, else None."""
    if j >= len(toks) or toks[j].text != "(":
        return None
    for k in range(j + 2, min(j + 2 + max_inner, len(toks))):
        if toks[k].text == ")":
            return k + 1
    return None


def match_position(toks: list[Tok], i: int) -> Position | None:
    if toks[i].headline or toks[i].lower not in first_words():
        return None
    if i and toks[i - 1].lower in NOT_HOLDER_BEFORE:
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
                j = _paren_group(toks, j, 1) or j     # "Penjabat Sementara (Pjs) Wali Kota"
                break
        else:
            break
    m = match_title(toks, j)
    if m is None:
        return None
    j, title = m
    pos = Position(i, j, " ".join(mods + [title.canonical]), title.kind)
    if not toks[i].text[:1].isupper() and j < len(toks) and toks[j].text.islower():
        return _lower_position(toks, pos)
    _complement(toks, pos, title.canonical)
    has_org = bool(pos.org or pos.region)
    if title.kind == "generic" and not has_org:
        # "Direktur Pencegahan dan Pengendalian Penyakit Menular Kemenkes, dr. Yusuf ...": a unit
        # name of common words, then the holder with honorifics, degrees or a PER reading.
        unit = _unit_then_name(toks, pos.end, set(), strict=True) if toks[i].text[:1].isupper() else None
        if unit is None or unit[0] == pos.end:
            return None
        pos.org = [k for k in range(pos.end, unit[0]) if toks[k].text not in ",()"]
        pos.end = unit[0]
        has_org = True
    if not toks[i].text[:1].isupper() and not (has_org and toks[pos.org[0] if pos.org else j].text[:1].isupper()):
        return None   # "kepala Dinas Kesehatan ..." is a position, "kepala desa setempat" is not
    org_words = {toks[k].lower for k in pos.org}
    if org_words & PRIVATE and not org_words & BUMN_WORDS:
        return None
    if "partai" in org_words and not org_words & {"fraksi", "dpr", "dprd", "dpd", "mpr"}:
        return None   # party posts are not public office; a party's faction in a parliament is
    return pos


def _lower_position(toks: list[Tok], pos: Position) -> Position | None:
    """A position written in lower case (v0.4): "kepala dinas kesehatan kabupaten kudus, dr. X".
    It runs over lower-case institution words and a region after a region-kind word, and counts
    only when a comma and a holder with honorifics, degrees or a PER reading follow."""
    j, n = pos.end, len(toks)
    inst = institution_words()
    while j < n and j < pos.end + 8:
        t = toks[j]
        if t.lower in LOWER_REGION_KINDS and j + 1 < n and toks[j + 1].text.isalpha():
            pos.org += [j, j + 1]
            j += 2
            if j < n and toks[j].lower in DIRECTIONS:
                pos.org.append(j)
                j += 1
            continue
        if t.text.islower() and t.lower in inst or is_acronym(t.text) or \
                t.lower in CONNECTORS and pos.org and j + 1 < n and toks[j + 1].lower in inst:
            pos.org.append(j)
            j += 1
            continue
        break
    org = {toks[k].lower for k in pos.org}
    if not pos.org or j >= n or toks[j].text != "," or "partai" in org or \
            org <= LOWER_NOT_UNIT:
        return None
    found = name_after(toks, j, set())
    if not found or not (found[1] or any(toks[k].ent == "PER" for k in found[0])):
        return None
    if {toks[k].lower for k in pos.org} & PRIVATE:
        return None
    pos.org = [k for k in pos.org if toks[k].lower not in CONNECTORS]
    pos.end = j
    return pos


def _complement(toks: list[Tok], pos: Position, title: str) -> None:
    """Extend a position over the institution and region words that follow the title."""
    words = toks.words if isinstance(toks, TokList) else [t.text for t in toks]
    j = pos.end
    place_pending = pos.kind == "place"
    while j < len(toks):
        t = toks[j]
        nxt = toks[j + 1] if j + 1 < len(toks) else None
        if t.text in honorifics() or t.headline:
            break
        r = match_region(words, j, title)
        if r:
            pos.region = pos.region or r[1]
            j = pos.end = r[0]
            if j < len(toks) and toks[j].lower in DIRECTIONS and toks[j].text[:1].isupper():
                pos.org.append(j)     # "Camat Tapin Utara": a district named after its regency
                j = pos.end = j + 1
            place_pending = False
            continue
        if nxt and nxt.lower in DIRECTIONS and NAMEWORD.match(t.text) and t.text not in not_names():
            pos.org += [j, j + 1]     # "Camat Arut Utara": an unknown place with a direction
            j = pos.end = j + 2
            place_pending = False
            continue
        if t.lower in CONNECTORS and nxt and nxt.lower in institution_words() and pos.org and pos.org[-1] == j - 1:
            j += 1
            continue
        if t.text == "-" and nxt and pos.org and pos.org[-1] == j - 1 and toks[j - 1].end == t.start \
                and nxt.start == t.end and is_inst(nxt):
            pos.org += [j, j + 1]     # "TP-PKK", split by the tokenizer
            j = pos.end = j + 2
            continue
        if t.text == "/" and nxt:
            m = match_title(toks, j + 1)
            if m:
                j = pos.end = m[0]
                continue
            if pos.org and pos.org[-1] == j - 1 and toks[j - 1].text[:1].isdigit() and \
                    (match_region(words, j + 1, title) or is_inst(nxt)):
                j += 1                # "Kodim 0733/Kota Semarang"
                continue
        if UNIT_NUMBER.match(t.text) and (pos.org and pos.org[-1] == j - 1 and is_inst(toks[j - 1]) or
                                          not pos.org and nxt and nxt.text == "/"):
            pos.org.append(j)         # "Kodim 0733", "Korem 072"
            j = pos.end = j + 1
            continue
        if is_inst(t) and (t.text[:1].isupper() or t.ent in ("ORG", "LOC")):
            pos.org.append(j)
            j = pos.end = j + 1
            continue
        if ROMAN.match(t.text) and pos.org and pos.org[-1] == j - 1:
            pos.org.append(j)
            j = pos.end = j + 1
            continue
        close = _paren_group(toks, j)
        if close and _explains(toks, j + 1, close - 1, pos):
            j = pos.end = close       # "Dinas ... Desa (Dinpermasdes)", "Bupati Indragiri Hilir (Inhil)"
            continue
        if not NAMEWORD.match(t.text) or t.text in not_names():
            break
        if place_pending:
            pos.org.append(j)         # "Camat Sukamaju": the first word names the place
            j = pos.end = j + 1
            place_pending = False
            continue
        if t.ent in ("ORG", "LOC"):
            pos.org.append(j)
            pos.soft.append(j)
            j += 1
            continue
        break
    pos.soft = [k for k in pos.soft if k >= pos.end]
    if pos.soft:
        pos.org = [k for k in pos.org if k < pos.end or k in pos.soft]
        pos.soft = pos.soft + [pos.soft[-1] + 1]
        pos.end = pos.soft[-1]


def _explains(toks: list[Tok], a: int, b: int, pos: Position) -> bool:
    """Is toks[a:b] (inside brackets) a short form of the position: an acronym, a title or
    region, or letters taken from the words before ("Kobar" for "Kotawaringin Barat")?"""
    inner = [t.text for t in toks[a:b]]
    if all(is_acronym(w) or match_title(toks, a + k) for k, w in enumerate(inner)):
        return True
    if match_region(inner, 0) is not None:
        return True
    before = [t.text for t in toks[pos.start:a - 1]]
    return len(inner) == 1 and abbreviates(inner[0], before)


def _is_name_word(t: Tok) -> bool:
    if not NAMEWORD.match(t.text) or t.text in not_names() or t.headline:
        return False
    if t.lower in common_words() or DERIVED_NOUN.match(t.lower):
        return False
    return t.ent == "PER" or t.lower not in institution_words()


def _degree_at(toks: list[Tok], j: int) -> int:
    """Tokens taken by a degree at j ("M.Si", "S." + "Apt."), 0 if none."""
    if j < len(toks) and fold_degree(toks[j].text) in degrees():
        return 1
    if j + 1 < len(toks) and fold_degree(toks[j].text + toks[j + 1].text) in degrees():
        return 2
    return 0


def _honorifics_at(toks: list[Tok], j: int) -> tuple[int, list[str]]:
    hon = []
    while j < len(toks):
        if toks[j].text in honorifics():
            hon.append(toks[j].text)
            j += 1
            if j < len(toks) and toks[j].text == "." and not hon[-1].endswith("."):
                hon[-1] += "."
                j += 1
        elif (close := _paren_group(toks, j, 1)) and hon:
            hon.append(toks[j + 1].text)     # "Dr. (HC)"
            j = close
        else:
            break
    return j, hon


def _name_word_at(toks: list[Tok], j: int) -> bool:
    """A name word in context: also Sasak "Lalu" before a name (not "Lalu Lintas"); not an
    honorific ("Ibu", "Bapak": they precede names) nor a sentence-initial passive verb
    ("Didampingi ..., Presiden ...")."""
    t = toks[j]
    if t.text == "Lalu" and not t.headline and j + 1 < len(toks):
        nxt = toks[j + 1]
        return nxt.lower != "lintas" and bool(NAMEWORD.match(nxt.text)) and nxt.lower not in institution_words()
    if len(t.text) > 2 and t.text in honorifics():
        return False
    if PASSIVE.match(t.text) and (j == 0 or toks[j - 1].text in {".", "\n", "!", "?", "\u201d", '"'}
                                  or toks[j - 1].end < t.start - 1 and "\n" in toks[j - 1].text):
        return False
    return _is_name_word(t)


def name_after(toks: list[Tok], j: int, used: set[int]) -> tuple[list[int], list[str]] | None:
    if j < len(toks) and toks[j].lower in AFTER_LINKS:
        j += 1
    j, hon = _honorifics_at(toks, j)
    name = []
    while j < len(toks) and len(name) < MAX_NAME and j not in used and (
            _name_word_at(toks, j) or (toks[j].text in NAME_ABBREVIATIONS and j + 1 < len(toks) and toks[j + 1].text == ".")):
        name.append(j)
        j += 1
        if (INITIAL.match(toks[name[-1]].text) or toks[name[-1]].text in NAME_ABBREVIATIONS) \
                and j < len(toks) and toks[j].text == ".":
            j += 1
    if not name or all(INITIAL.match(toks[k].text) for k in name):
        return None
    return name, hon + _degrees_after(toks, j)


def _degrees_after(toks: list[Tok], j: int) -> list[str]:
    """", S.Sos, M.Si" / ", SE., M.Si." / ", S.Pd M.Si" after a name."""
    out = []
    while j + 1 < len(toks) and toks[j].text == ",":
        n = _degree_at(toks, j + 1)
        if not n:
            break
        j += 1
        while n:
            out.append("".join(t.text for t in toks[j:j + n]))
            j += n
            n = _degree_at(toks, j)
    return out


def name_before(toks: list[Tok], p: int, used: set[int]) -> tuple[list[int], list[str]] | None:
    if p < 2 or toks[p - 1].lower not in BEFORE_LINKS:
        return None
    link = toks[p - 1].lower
    j = p - 2
    if link == "sebagai" and toks[j].lower in APPOINT_VERBS:
        j -= 1                        # "X, S.T. dilantik sebagai Camat ..."
        if j >= 0 and toks[j].text == ",":
            j -= 1
        if j >= 0 and toks[j].text == ".":
            j -= 1
    degs = []
    while j >= 1 and _degree_at(toks, j) == 1 and toks[j - 1].text == ",":
        degs.insert(0, toks[j].text)
        j -= 2
    name = []
    while j >= 0 and len(name) < MAX_NAME and _name_word_at(toks, j) and j not in used:
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
    # "Didampingi Ibu X, Presiden ...", "Bersama X, Bupati ...": X accompanies the holder.
    if link == "," and j >= 0 and (PASSIVE.match(toks[j].text) or toks[j].lower == "bersama"):
        return None
    return name, hon + degs


def find_mentions(toks: list[Tok]) -> list[Mention]:
    positions, i = [], 0
    starts = first_words()
    while i < len(toks):
        pos = match_position(toks, i) if toks[i].lower in starts else None
        if pos:
            positions.append(pos)
            i = pos.end
        else:
            i += 1
    used = {k for p in positions for k in range(p.start, min([p.end] + p.soft))}
    mentions, pending = [], []
    for pos in positions:
        if pos.start >= 2 and toks[pos.start - 1].lower == "sebagai" and toks[pos.start - 2].lower in APPOINT_VERBS:
            found = name_before(toks, pos.start, used)    # "X dilantik sebagai Y": X holds Y
            if found and _plausible(toks, *found):
                k = pos.end                   # the rest of an appointed post: "... Ketua PPK Kecamatan Babat."
                while k < len(toks) and k < pos.end + 3 and _is_name_word(toks[k]) and k not in used:
                    k += 1
                if k == len(toks) or toks[k].text in {".", ",", ";"}:
                    pos.end = k
                used.update(found[0])
                mentions.append(Mention(found[0], found[1], pos))
                continue
        for end in pos.soft or [pos.end]:
            found = name_after(toks, end, used)
            if found and not _plausible(toks, *found):
                found = None
            direct = found is not None and found[0][0] == end
            if direct and not found[1]:
                e = found[0][-1] + 1
                if e < len(toks) and toks[e].text in honorifics() and len(found[0]) <= 2:
                    again = name_after(toks, e, used)     # "Kasat Reskrim AKP X": a rank opens the name
                    if again and again[1] and _plausible(toks, *again):
                        pos.org += found[0]
                        end, found = e, again
            if direct and toks[end - 1].lower in TEAM_WORDS:
                found, direct = None, False   # "Ketua Tim Percepatan X, Y": what follows a team word names the team
            if (found is None or direct) and pos.title not in REGION_HEADS:
                unit = _unit_then_name(toks, end, used, strict=found is not None)
                if unit:
                    end, found = unit
                    pos.org = [k for k in pos.org if k < pos.end] + \
                        [k for k in range(pos.end, end) if toks[k].text not in ",()"]
                    pos.soft = []
            if found is None and end < len(toks) and toks[end].text == "," and pos.kind == "place":
                # "Lurah Tegalsari, Kecamatan Tegalsari, Kota Surabaya, Fitriani ...": regions in
                # apposition, then the holder (with evidence); the position stays "Lurah Tegalsari"
                unit = _unit_then_name(toks, end + 1, used, strict=True)
                if unit:
                    found = unit[1]
            if found is None and end < len(toks) and toks[end].lower == "dari":
                found = _holder_after_origin(toks, end, used)
            if found:
                pos.end = end
                pos.org = [k for k in pos.org if k < end]
                used.update(found[0])
                mentions.append(Mention(found[0], found[1], pos))
                second = _listed_after(toks, found[0][-1] + 1, used)
                if second:
                    used.update(second[0])
                    mentions.append(Mention(second[0], second[1], pos))
                break
        else:
            pending.append(pos)
    for pos in pending:
        found = name_before(toks, pos.start, used)
        if found and _plausible(toks, *found):
            used.update(found[0])
            mentions.append(Mention(found[0], found[1], pos))
    return sorted(mentions, key=lambda m: m.name[0])


def _holder_after_origin(toks: list[Tok], j: int, used: set[int]):
    """"Anggota DPRD X dari daerah pemilihan Y, H. Z, S.H.": the holder after a "dari ..." phrase,
    with honorifics, degrees or a PER reading."""
    for k in range(j + 1, min(len(toks), j + 8)):
        if toks[k].text in {".", ";", "\n"} or match_position(toks, k):
            return None
        if toks[k].text == ",":
            found = name_after(toks, k, used)
            if found and (found[1] or any(toks[n].ent == "PER" for n in found[0])) and _plausible(toks, *found):
                return found
            return None
    return None


def _listed_after(toks: list[Tok], j: int, used: set[int]):
    """"Wakil Ketua DPRD, X dan Y.": a second holder of the same post, joined by "dan" and ending
    the clause; it needs honorifics, degrees or a PER reading and no title of its own."""
    k = j
    while k + 1 < len(toks) and toks[k].text == "," and _degree_at(toks, k + 1):
        k += 1 + _degree_at(toks, k + 1)
    if k >= len(toks) or toks[k].lower != "dan" or k + 1 >= len(toks) or match_position(toks, k + 1):
        return None
    found = name_after(toks, k + 1, used)
    if not found or not (found[1] or len(found[0]) >= 2 or any(toks[n].ent == "PER" for n in found[0])):
        return None
    e = found[0][-1] + 1
    while e + 1 < len(toks) and toks[e].text == "," and _degree_at(toks, e + 1):
        e += 1 + _degree_at(toks, e + 1)
    if e < len(toks) and toks[e].text not in {".", ",", ";", ")"}:
        return None
    return found if _plausible(toks, *found) else None


def _plausible(toks: list[Tok], name: list[int], hon: list[str]) -> bool:
    """A place is not a person: a name that is a kecamatan/regency/city name is kept only with
    honorifics or a PER reading ("Paringin", "Sungai Raya", "Manado" after a comma)."""
    if hon or any(toks[k].ent == "PER" for k in name):
        return True
    return " ".join(toks[k].lower for k in name) not in place_names()


def _unit_then_name(toks: list[Tok], j: int, used: set[int], strict: bool):
    """A multi-word unit name between the title and the holder: "Kepala Pusat | Literasi dan
    Perbukuan Kemendikbudristek, | Dr. Arif ...", "Kepala Desa Kuala | Dua, | Jumadi". Walks the
    capitalised run after the title; at each comma, a name that follows is the holder. When the
    word right after the title already read as a name (``strict``), the later name needs evidence
    (honorifics, degrees or a PER reading). Returns (comma index, (name, honorifics)) or None."""
    k, limit = j, min(len(toks), j + 16)
    starts = first_words()
    while k < limit:
        t = toks[k]
        # another title or a full person name (two name-like PER words) inside the run: a list of
        # officials or a name, not one unit name ("Ketua Umum Partai X Anas Urbaningrum, Y ...")
        if t.headline or (t.lower in starts and match_position(toks, k)) or \
                (k + 1 < len(toks) and _person_word(t) and _person_word(toks[k + 1])):
            return None
        if t.text == "," and k == j and k + 1 < limit and toks[k + 1].text[:1].isupper() and \
                not _is_name_word(toks[k + 1]) and toks[k + 1].text not in honorifics() and \
                toks[k + 1].lower not in LOWER_REGION_KINDS:
            k += 1                    # "Badan Perencanaan Pembangunan, Riset dan Inovasi Daerah, Ir. X"
            continue
        if t.text == "," and k > j:
            found = name_after(toks, k, used)
            if found and _holder_ok(toks, found, strict):
                return k, found
            k += 1
            continue
        if t.lower in CONNECTORS or t.text == "/":
            k += 1
            continue
        close = _paren_group(toks, k)
        if close:
            k = close
            continue
        if t.text[:1].isupper() or t.text[:1].isdigit():
            k += 1
            continue
        return None
    return None


def _person_word(t: Tok) -> bool:
    """A PER word that looks like a name (the NER also tags unit and place words PER)."""
    return t.ent == "PER" and _is_name_word(t) and t.lower not in place_names()


def _holder_ok(toks: list[Tok], found, strict: bool) -> bool:
    name, hon = found
    a = name[0]
    if match_position(toks, a) or not _plausible(toks, name, hon):
        return False
    if hon or any(toks[k].ent == "PER" for k in name):
        return True
    if strict:
        return False
    e = name[-1] + 1
    return e >= len(toks) or toks[e].text in {",", ".", "(", ")", ";", ":"} or toks[e].text[:1].islower()


def _span_text(text: str, toks: list[Tok], a: int, b: int) -> str:
    return " ".join(text[toks[a].start:toks[b - 1].end].split())


def officials(doc) -> list[dict]:
    toks = toks_of(doc)
    text = text_of(doc)
    people: list[dict] = []
    for m in find_mentions(toks):
        pos = m.position
        item = {
            "name": _span_text(text, toks, m.name[0], m.name[-1] + 1).rstrip("."),
            "position": _span_text(text, toks, pos.start, pos.end).rstrip(",.("),
            "title": pos.title,
            "organization": _span_text(text, toks, pos.org[0], pos.org[-1] + 1) if pos.org else None,
            "region": pos.region.display_name if pos.region else None,
            "region_code": pos.region.code if pos.region else None,
            "honorifics": m.honorifics,
            "start": toks[m.name[0]].start,
            "end": toks[m.name[-1]].end,
        }
        _merge(people, item)
    return people


def _key(name: str) -> list[str]:
    return [w for w in words_of(name) if len(w.strip(".")) > 1]


def same_person(a: str, b: str) -> bool:
    """"Hadi" ~ "Abdul Hadi"; "Busan" ~ "Budi Santoso"; one misspelt word ~ the right one."""
    ka, kb = _key(a), _key(b)
    if not ka or not kb:
        return False
    sa, sb = set(ka), set(kb)
    if sa <= sb or sb <= sa:
        return True
    if len(ka) == 1 and abbreviates(ka[0], kb) or len(kb) == 1 and abbreviates(kb[0], ka):
        return True
    if len(ka) == len(kb) and len(sa - sb) == 1:
        x, y = (sa - sb).pop(), (sb - sa).pop()
        return SequenceMatcher(None, x, y).ratio() >= 0.8
    return False


def _merge(people: list[dict], item: dict) -> None:
    """One official per person per article, with the longest name and most complete position."""
    for p in people:
        if same_person(p["name"], item["name"]):
            if len(_key(item["name"])) > len(_key(p["name"])):
                p.update(name=item["name"], start=item["start"], end=item["end"])
            if (item["position"][:1].isupper(), len(item["position"].split())) > \
                    (p["position"][:1].isupper(), len(p["position"].split())):
                for k in ("position", "title", "organization", "region", "region_code"):
                    p[k] = item[k]
            p["honorifics"] += [h for h in item["honorifics"] if h not in p["honorifics"]]
            return
    people.append(item)
