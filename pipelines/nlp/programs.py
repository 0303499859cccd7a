"""Named programs, innovations, apps and websites.

Evidence, strongest first: a capitalised name after a cue word ("inovasi Butik Sehat", "program
Beasiswa X (BX)"); a "Long Name (ACRONYM)" pair whose acronym fits the long name; a name that
starts like a program ("Gerakan ...", "Kartu ..."); a website address. Not programs:
institutions, events, regulations, fiscal transfers, awards (see data/not_programs.txt).
"""
from __future__ import annotations

import re
from functools import lru_cache

from .lemmas import inflected_with_lemma, lemma_set
from .lexicon import institution_words, lines, modifiers, per_lexicon, titles, words_of
from .regions import match_region
from .phrases import BRACKET_RX, PHRASE, WORD, drop_title_repeats, is_short_form, trim_small_words
from .text import text_of

URL_RX = re.compile(r"\b(?:https?://)?(?:www\.)?[a-z0-9][a-z0-9-]*(?:\.[a-z0-9-]+)*\.(?:go\.id|id|com|org|net)\b(?:/[^\s)]*)?",
                    re.IGNORECASE)
URL_HINT = re.compile(r"\.(?:id|com|org|net)\b", re.IGNORECASE)   # every URL_RX match has one
# A site is a program only when the text introduces it as one ("melalui laman X", "website X"); bare
# addresses are bylines, datelines, sources and links to other articles.
URL_CUE = re.compile(r"\b(?i:website|situs|laman|portal)\b[^.\n]{0,20}$")
URL_SOURCE = re.compile(r"\b(?i:dikutip|sumber)\b[^.\n]{0,20}$")
LIST_NEXT = re.compile(rf"\s*\([^()\n]{{2,20}}\)\s*(?:,|dan|serta)\s+(?P<name>{PHRASE})\s*\((?P<short>[A-Z][\w -]{{1,20}})\)")
QUOTED = r"[\"“”']([^\"“”'\n]{3,60})[\"“”']"
# "inovasi unggulan yaitu A (..) dan B", "aplikasi tersebut merupakan A, B dan C", "antara lain: A (Dinas X),
# B (Dinas Y), ...": the names of a list introduced by a cue word of the same sentence.
LIST_INTRO = re.compile(r"\b(?i:inovasi|aplikasi|program|layanan|platform)\b[^.\n:;]{0,60}?"
                        r"\b(?i:yaitu|yakni|antara lain|di ?antaranya|merupakan|meliputi|seperti)\b[ \t]*:?[ \t]*")
LIST_ITEM = re.compile(rf"[\"“”]?(?P<name>{WORD}(?:[ \t]+{WORD}){{0,5}})[\"“”]?(?:[ \t]*\([^()\n]{{1,80}}\))?")
LIST_SEP = re.compile(r"[ \t]*(?:,[ \t]*(?:dan|serta)?|dan|serta)[ \t]+")
LIST_ITEMS = 12


@per_lexicon
def _cue_rx() -> re.Pattern:
    cues = "|".join(re.escape(c) for c in lines("program_cues.txt"))
    return re.compile(rf"\b(?i:{cues})\b\s*(?:(?P<quoted>{QUOTED})|(?P<name>{PHRASE}))")


@lru_cache(maxsize=1)
def _after_cue_rx() -> re.Pattern:
    """What follows a cue (the cue regex minus the cue): for cues found by their lemma."""
    return re.compile(rf"\s*(?:(?P<quoted>{QUOTED})|(?P<name>{PHRASE}))")


def _cue_matches(doc, text: str) -> list[re.Match]:
    """Cue words (program_cues.txt) and inflected forms of cue lemmas (program_cue_lemmas.txt),
    each with the quoted or capitalised name after it, in text order."""
    found = [(m.start(), m) for m in _cue_rx().finditer(text)]
    after = _after_cue_rx()
    for start, end in inflected_with_lemma(doc, lemma_set("program_cue_lemmas.txt")):
        if (end == len(text) or not text[end].isalnum()) and not any(s == start for s, _ in found):
            m = after.match(text, end)
            if m:
                found.append((start, m))
    return [m for _, m in sorted(found, key=lambda f: f[0])]


@per_lexicon
def _known_rx() -> re.Pattern:
    """National programs (data/programs.tsv): names in any case, short forms as written."""
    names, shorts = [], []
    for line in lines("programs.tsv"):
        name, _, alts = line.partition("\t")
        names.append(name)
        shorts += [a for a in alts.split("|") if a.strip()]
    alt = lambda forms: "|".join(re.escape(f) for f in sorted(forms, key=len, reverse=True))
    return re.compile(rf"\b(?:(?i:{alt(names)})|{alt(shorts)})\b")


@per_lexicon
def _head_rx() -> re.Pattern:
    heads = "|".join(re.escape(h) for h in lines("program_heads.txt"))
    return re.compile(rf"\b(?:{heads})(?:[ \t]+{PHRASE})")


@per_lexicon
def _excluded() -> tuple[frozenset[tuple[str, ...]], tuple[int, ...]]:
    """Excluded word tuples and their lengths (a name is excluded when it starts with one)."""
    ex = frozenset(words_of(x) for x in lines("not_programs.txt"))
    return ex, tuple(sorted({len(x) for x in ex}))


def _award_words() -> set[str]:
    from .awards import award_names
    return award_names()


def is_program_name(name: str) -> bool:
    ws = words_of(name)
    if not ws or len(name) < 3:
        return False
    excluded, lengths = _excluded()
    if any(ws[:n] in excluded for n in lengths if n <= len(ws)):
        return False
    if ws[0] in institution_words() or ws[:1] in titles() or ws[:2] in titles() or ws[:1] in modifiers():
        return False
    if match_region(name.split(), 0) and match_region(name.split(), 0)[0] == len(name.split()):
        return False
    if " ".join(ws) in _award_words() or ws[-1] in ("award", "awards"):
        return False
    return True


def programs(doc) -> list[dict]:
    text = text_of(doc)
    found: list[dict] = []

    def add(name: str, start: int, acronym: str | None = None) -> None:
        name = trim_small_words(name.strip(" .,;:"))
        if not is_program_name(name) or re.match(r"\s*(?:\([^()]*\)\s*)?Awards?\b", text[start + len(name):]):
            return
        first, _, rest = name.partition(" dan ")
        if rest and (rest.split()[0] == first.split()[0]      # "Beasiswa X dan Beasiswa Y"
                     or " " not in first and first.isupper() and len(first) >= 3 and len(rest.split()) >= 2):   # "SIAKBA dan Sistem X"
            add(first, start)
            add(rest, start + len(first) + 5)
            return
        end = start + len(name)
        for p in found:
            if p["name"].lower() == name.lower() or (p["start"] <= start < p["end"]):
                if acronym and not p["acronym"]:
                    p["acronym"] = acronym
                return
        found.append({"name": name, "acronym": acronym, "start": start, "end": end})

    for m in _brackets(text):
        long_words = m["long"].split()
        # keep only the tail the acronym explains: "meluncurkan Gerakan Sekolah Sehat (GSS)"
        for k in range(len(long_words) - 1):
            tail = long_words[k:]
            if is_short_form(m["short"], tail):
                name = " ".join(tail)
                add(name, m.start("long") + m["long"].rfind(name), m["short"].strip())
                break
    for short, start in _coined_before_expansion(text):
        add(short, start)
    for m in _cue_matches(doc, text):
        if m["quoted"]:
            add(m["quoted"][1:-1], m.start("quoted") + 1)
        else:
            name = m["name"]
            add(name, m.start("name"), _bracket_after(text, m.end("name")))
            _list_after(text, m.end("name"), add)
    for m in LIST_INTRO.finditer(text):
        _list_items(text, m.end(), add)
    for m in _known_rx().finditer(text):
        add(m.group(0), m.start())
    for m in _head_rx().finditer(text):
        add(m.group(0), m.start())
    for m in (URL_RX.finditer(text) if URL_HINT.search(text) else ()):
        before = text[max(0, m.start() - 30):m.start()]
        if URL_CUE.search(before) and not URL_SOURCE.search(before):
            add(m.group(0), m.start())
    for p in found:
        p["acronym"] = p["acronym"] or _short_before(text, p)
    return drop_title_repeats(_prune(text, found), text)


SHORT_BEFORE_RX = re.compile(r"(?:^|(?<=\s))(?P<short>(?:[A-Z][\w-]*|[a-z]+-?[A-Z][\w-]*)(?:[ \t]+[A-Z][\w-]*){0,2})[ \t]*\([ \t]*$")


def _short_before(text: str, p: dict) -> str | None:
    """"SI RAPI (Sistem Informasi Rantai Pasok Ikan)": a name found in brackets whose words the
    name before the bracket abbreviates is that short name's expansion (the text's name for it)."""
    m = SHORT_BEFORE_RX.search(text, max(0, p["start"] - 40), p["start"])
    if not m:
        return None
    return m["short"] if _initials_in_order(m["short"], p["name"].split()) else None


EXPANSION_RX = re.compile(rf"\([ \t]*(?P<long>{PHRASE})[ \t]*\)")
# A coined short name is at most this many words ("SIPADU", "Si Rapi", "Si Mas Tani").
COINED_WORDS = 3


def _coined_before_expansion(text: str):
    """"SIPADU (Sistem Informasi Pangan Desa Unggul)", "Si Rapi (Rantai Pasok Ikan)": a coined name followed by
    the words it abbreviates, in brackets -> (short name, start). The bracketed words must not be
    an institution, plan or other excluded phrase (``is_program_name``)."""
    for m in EXPANSION_RX.finditer(text):
        b = SHORT_BEFORE_RX.search(text, max(0, m.start() - 40), m.start() + 1)
        if not b:
            continue
        short, long_words = b["short"], m["long"].split()
        if len(short.split()) <= COINED_WORDS and len(long_words) >= 2 and short != m["long"] and \
                is_program_name(m["long"]) and _initials_in_order(short, long_words):
            yield short, b.start("short")


SMALL = {"dan", "di", "ke", "untuk", "dengan", "yang", "dalam", "bagi", "of", "for", "the", "and"}


def _initials_in_order(short: str, long_words: list[str]) -> bool:
    """Loosely an acronym of the words: most of their initials occur in it in order
    ("SI RAPI" for "Sistem Informasi Rantai Pasok Ikan", "SIPADU" for "Sistem Informasi Pangan Desa Unggul")."""
    letters = short.replace(" ", "").replace("-", "").lower()
    initials = [w[0].lower() for w in long_words if w[:1].isalpha() and w.lower() not in SMALL]
    if len(initials) < 2 or not letters.isalpha() or letters[0] != initials[0] and letters[0] != "s":
        return False
    pos, hits = 0, 0
    for c in initials:
        k = letters.find(c, pos)
        if k >= 0:
            hits, pos = hits + 1, k + 1
    return hits * 10 >= len(initials) * 6


def _brackets(text: str):
    """BRACKET_RX.finditer(text), searched only next to each "(": the long name is one line of
    words ending right before the bracket (give or take whitespace), so each search starts at
    that line and stops after the closing bracket. Same matches, far less backtracking."""
    last_end, p = 0, text.find("(")
    while p != -1:
        q = p
        while q > last_end and text[q - 1].isspace():
            q -= 1
        start = max(last_end, text.rfind("\n", 0, q) + 1)
        m = BRACKET_RX.search(text, start, min(len(text), p + 42))
        if m and m.start("short") == p + 1:
            yield m
            last_end = m.end()
        p = text.find("(", max(p + 1, last_end))


def _prune(text: str, found: list[dict]) -> list[dict]:
    """Drop names inside the bracketed expansion of another ("Sapa Lansia (Sahabat ... Gerakan
    Lansia Sehat)") and names contained in a longer one ("PKH" in "Program PKH")."""
    brackets = [m.span() for m in re.finditer(r"\([^()]*\)", text)]
    keep = []
    for p in found:
        inside = any(s < p["start"] < e and any(q["end"] <= s and text[q["end"]:s].strip() == "" for q in found)
                     for s, e in brackets)
        longer = any(q is not p and len(q["name"]) > len(p["name"]) and
                     re.search(rf"\b{re.escape(p['name'].lower())}\b", q["name"].lower()) for q in found)
        if not inside and not longer:
            keep.append(p)
    return sorted(keep, key=lambda p: p["start"])


def _list_after(text: str, end: int, add) -> None:
    """"program A (AA) dan B (BB)": the next names of a cue's list, each with its own short form."""
    for _ in range(4):
        m = LIST_NEXT.match(text, end)
        if not m:
            return
        add(m["name"], m.start("name"), m["short"])
        end = m.end("name")


def _list_items(text: str, pos: int, add) -> None:
    """The capitalised names of a list starting at ``pos``, each with its bracketed note skipped,
    up to the first entry that is not a capitalised name."""
    for _ in range(LIST_ITEMS):
        m = LIST_ITEM.match(text, pos)
        if not m:
            return
        add(m["name"], m.start("name"))
        sep = LIST_SEP.match(text, m.end())
        if not sep:
            return
        pos = sep.end()


def _bracket_after(text: str, end: int) -> str | None:
    m = re.match(r"\s*\(([A-Z][\w-]{1,15}(?: [A-Z][\w-]{1,10}){0,2})\)", text[end:end + 30])
    return m[1] if m else None
