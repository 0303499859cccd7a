"""Positions: [modifier] title [institution / region words], e.g. "Plt Kepala Dinas Kesehatan
Kabupaten Kudus", "Camat Tapin Utara", "Dandim 0733/Kota Semarang"; a unit name of common words
runs up to the comma before its holder ("Kepala Pusat Data dan Informasi X, Dr. Y")."""
from __future__ import annotations

from dataclasses import dataclass, field
from ..lexicon import abbreviates, honorifics, institution_words, modifiers, per_lexicon, place_names, titles
from ..regions import match_region
from .names import has_evidence, name_after, plausible, skip_degrees
from .tokens import Tok, paren_group, words_of_toks
from .words import (CONNECTORS, DIRECTIONS, NAMEWORD, ROMAN, UNIT_NUMBER, is_acronym, is_inst, is_name_word,
                    not_names)

MAX_TITLE = 4
# A lower-case position runs over at most this many institution and region words.
LOWER_UNIT_WINDOW = 8
# A unit name between a title and its holder is at most this many tokens, commas included.
UNIT_NAME_WINDOW = 16
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
# A title right after these words names a building or an election, not a holder:
# "di halaman Kantor Gubernur, Manado", "Pendopo Bupati, Selong", "Pemilihan Kepala Daerah Serentak".
NOT_HOLDER_BEFORE = {"kantor", "gedung", "rumah", "pendopo", "pendapa", "aula", "halaman", "istana", "wisma",
                     "rujab", "rumdin", "jabatan", "dinas", "ruang", "ruangan", "lapangan", "pemilihan",
                     "pilkada", "calon", "cabup", "cawabup", "bakal", "kandidat", "paslon"}
# Lower-case words a lower-case position may run over ("kepala dinas kesehatan kabupaten kudus, dr. X").
# ... but not over words alone that name no unit: "ketua umum, X", "kepala pemerintahan, X".
LOWER_NOT_UNIT = {"umum", "harian", "pemerintahan", "negara", "pusat", "daerah", "utama", "pelaksana",
                  "sementara", "bersama", "nasional", "rakyat"}
LOWER_REGION_KINDS = {"kabupaten", "kota", "provinsi", "kecamatan", "desa", "kelurahan"}


@dataclass
class Position:
    start: int               # token indices
    end: int
    title: str
    kind: str
    org: list[int] = field(default_factory=list)
    soft: list[int] = field(default_factory=list)   # ends over NER-extended tokens, shortest first
    region: object = None


@per_lexicon
def first_words() -> frozenset[str]:
    """Words a position can start with: a cheap test before trying every title length."""
    return frozenset(k[0] for k in titles()) | frozenset(k[0] for k in modifiers())


def match_title(toks: list[Tok], i: int):
    """Longest title at toks[i] -> (end, Title); None past the end (a text ending in "Wakil")."""
    if i >= len(toks) or toks[i].lower not in first_words():
        return None
    table = titles()
    for n in range(min(MAX_TITLE, len(toks) - i), 0, -1):
        key = tuple(t.lower for t in toks[i:i + n])
        if key in table:
            return i + n, table[key]
    return None


def _modifiers_at(toks: list[Tok], j: int) -> tuple[int, list[str]]:
    """"Plt", "Wakil", "Penjabat Sementara (Pjs)" before a title -> (end, canonical forms)."""
    mods = []
    mod_table = modifiers()
    while j < len(toks):
        for n in (2, 1):
            key = tuple(t.lower for t in toks[j:j + n])
            if key in mod_table:
                mods.append(mod_table[key])
                j += n
                if j < len(toks) and toks[j].text == ".":
                    j += 1
                j = paren_group(toks, j, 1) or j     # "Penjabat Sementara (Pjs) Wali Kota"
                break
        else:
            break
    return j, mods


def match_position(toks: list[Tok], i: int) -> Position | None:
    if toks[i].headline or toks[i].lower not in first_words():
        return None
    if i and toks[i - 1].lower in NOT_HOLDER_BEFORE:
        return None
    j, mods = _modifiers_at(toks, i)
    m = match_title(toks, j)
    if m is None:
        return None
    j, title = m
    pos = Position(i, j, " ".join(mods + [title.canonical]), title.kind)
    if not toks[i].text[:1].isupper() and j < len(toks) and toks[j].text.islower():
        return lower_position(toks, pos)
    complement(toks, pos, title.canonical)
    has_org = bool(pos.org or pos.region)
    if title.kind == "generic" and not has_org:
        # "Direktur Pencegahan dan Pengendalian Penyakit Menular Kemenkes, dr. Yusuf ...": a unit
        # name of common words, then the holder with honorifics, degrees or a PER reading.
        unit = unit_then_name(toks, pos.end, set(), strict=True) if toks[i].text[:1].isupper() else None
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


def lower_position(toks: list[Tok], pos: Position) -> Position | None:
    """A position written in lower case (v0.4): "kepala dinas kesehatan kabupaten kudus, dr. X".
    It runs over lower-case institution words and a region after a region-kind word, and counts
    only when a comma and a holder with honorifics, degrees or a PER reading follow."""
    j, n = pos.end, len(toks)
    inst = institution_words()
    while j < n and j < pos.end + LOWER_UNIT_WINDOW:
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
    if not found or not has_evidence(toks, found):
        return None
    if {toks[k].lower for k in pos.org} & PRIVATE:
        return None
    pos.org = [k for k in pos.org if toks[k].lower not in CONNECTORS]
    pos.end = j
    return pos


def complement(toks: list[Tok], pos: Position, title: str) -> None:
    """Extend a position over the institution and region words that follow the title."""
    words = words_of_toks(toks)
    j = pos.end
    place_pending = pos.kind == "place"
    while j < len(toks):
        t = toks[j]
        nxt = toks[j + 1] if j + 1 < len(toks) else None
        if t.text in honorifics() or t.headline or t.line_start:
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
        close = paren_group(toks, j)
        if close and explains(toks, j + 1, close - 1, pos):
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


def explains(toks: list[Tok], a: int, b: int, pos: Position) -> bool:
    """Is toks[a:b] (inside brackets) a short form of the position: an acronym, a title or
    region, or letters taken from the words before ("Kobar" for "Kotawaringin Barat")?"""
    inner = [t.text for t in toks[a:b]]
    if all(is_acronym(w) or match_title(toks, a + k) for k, w in enumerate(inner)):
        return True
    if match_region(inner, 0) is not None:
        return True
    before = [t.text for t in toks[pos.start:a - 1]]
    return len(inner) == 1 and abbreviates(inner[0], before)


def unit_then_name(toks: list[Tok], j: int, used: set[int], strict: bool):
    """A multi-word unit name between the title and the holder: "Kepala Pusat | Literasi dan
    Perbukuan Kemendikbudristek, | Dr. Arif ...", "Kepala Desa Kuala | Dua, | Jumadi". Walks the
    capitalised run after the title; at each comma, a name that follows is the holder. When the
    word right after the title already read as a name (``strict``), the later name needs evidence
    (honorifics, degrees or a PER reading). Returns (comma index, (name, honorifics)) or None."""
    k, limit = j, min(len(toks), j + UNIT_NAME_WINDOW)
    starts = first_words()
    while k < limit:
        t = toks[k]
        # another title or a full person name (two name-like PER words) inside the run: a list of
        # officials or a name, not one unit name ("Ketua Umum Partai X Anas Urbaningrum, Y ...")
        if t.headline or t.line_start or (t.lower in starts and match_position(toks, k)) or \
                (k + 1 < len(toks) and _person_word(t) and _person_word(toks[k + 1])):
            return None
        if t.text == "," and k == j and k + 1 < limit and toks[k + 1].text[:1].isupper() and \
                not is_name_word(toks[k + 1]) and toks[k + 1].text not in honorifics() and \
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
        if t.text == "(" and k > j and (found := _bracketed_holder(toks, k, used)):
            return k, found           # "Kabid Pelayanan Dinas X Kota Y (Z, SE)"
        close = paren_group(toks, k)
        if close:
            k = close
            continue
        if t.text[:1].isupper() or t.text[:1].isdigit():
            k += 1
            continue
        return None
    return None


# A holder's name written straight after a unit name, with no comma, has at most this many words.
RUN_NAME_WORDS = 4


def unit_then_person(toks: list[Tok], j: int, used: set[int]):
    """A unit name run straight into its holder, no comma between (v0.6): "Menteri Kelautan dan
    Perikanan X serta ...", "Dandim 0815/Mjk Letkol Inf Y, ...". Walks the
    capitalised run after the title to the first two name-like PER words (or a rank/honorific
    before a name); the name must close the run. Returns (name start, (name, honorifics)) or None."""
    k, limit = j, min(len(toks), j + UNIT_NAME_WINDOW)
    starts = first_words()
    while k < limit:
        t = toks[k]
        if t.headline or t.line_start or (k > j and t.lower in starts and match_position(toks, k)):
            return None
        opens = t.text in honorifics() or (k + 1 < len(toks) and _person_word(t) and _person_word(toks[k + 1]))
        if opens and k > j:
            found = name_after(toks, k, used)
            if not found or not 2 <= len(found[0]) + bool(found[1]) or len(found[0]) > RUN_NAME_WORDS:
                return None
            e = skip_degrees(toks, found[0][-1] + 1)
            if e < len(toks) and (toks[e].text[:1].isupper() or toks[e].text[:1].isdigit()):
                return None           # the run goes on: not where the name ends
            return (k, found) if _holder_ok(toks, found, strict=True) else None
        if t.lower in CONNECTORS or t.text in {"/", "-"} or t.text[:1].isupper() or t.text[:1].isdigit():
            k += 1
            continue
        close = paren_group(toks, k)
        if close:
            k = close
            continue
        return None
    return None


def _bracketed_holder(toks: list[Tok], k: int, used: set[int]):
    """A holder in brackets after the unit name, with honorifics or degrees: "(H. Z)", "(Z, S.Sos)"
    (a PER reading is not enough: the NER tags short forms in brackets PER too)."""
    found = name_after(toks, k, used)
    if not found or not found[1] or not _holder_ok(toks, found, strict=True):
        return None
    e = skip_degrees(toks, found[0][-1] + 1)
    return found if e < len(toks) and toks[e].text == ")" else None


def _person_word(t: Tok) -> bool:
    """A PER word that looks like a name (the NER also tags unit and place words PER)."""
    return t.ent == "PER" and is_name_word(t) and t.lower not in place_names()


def _holder_ok(toks: list[Tok], found, strict: bool) -> bool:
    name, hon = found
    if match_position(toks, name[0]) or not plausible(toks, name, hon):
        return False
    if has_evidence(toks, found):
        return True
    if strict:
        return False
    e = name[-1] + 1
    return e >= len(toks) or toks[e].text in {",", ".", "(", ")", ";", ":"} or toks[e].text[:1].islower()
