"""Shared text patterns: capitalised phrases, bracketed acronyms, acronym checks."""
from __future__ import annotations

import re

from .lexicon import abbreviates

# A capitalised word (also "eKTP", "SiCantik", "P3KE", "Info.go.id") and a phrase of them,
# joined by spaces or the odd small word ("Ibu Cantik dengan ASI").
WORD = r"(?:[A-Z][\w’'&+-]*|[a-z](?:[a-z]*|-)[A-Z][\w]*|\d+[A-Z][\w]*)"
PHRASE = rf"{WORD}(?:[ \t]+(?:(?:dan|di|ke|untuk|dengan|&)[ \t]+)?{WORD}){{0,7}}"
PHRASE_RX = re.compile(PHRASE)
BRACKET_RX = re.compile(rf"(?P<long>{PHRASE})\s*\((?P<short>[^()\n]{{2,40}})\)")
YEAR_RX = re.compile(r"^\s*(?:tahun\s+)?((?:19|20)\d\d)\b", re.IGNORECASE)


def expand_digits(acronym: str) -> str:
    """"P3KE" -> "PPPKE": a digit repeats the letter before it (common in Indonesian acronyms)."""
    return re.sub(r"([A-Za-z])(\d)", lambda m: m[1] * int(m[2]), acronym)


def is_short_form(short: str, long_words: list[str]) -> bool:
    """"GSS" for "Gerakan Sekolah Sehat", "P3KE", "Bailang"-style syllable blends."""
    short = expand_digits(short.replace(" ", "").replace("-", ""))
    if not short.isalpha():
        return False
    words = [w for w in long_words if w[:1].isalpha()]
    initials = "".join(w[0] for w in words).lower()
    content = "".join(w[0] for w in words if w.lower() not in {"dan", "di", "ke", "untuk", "dengan"}).lower()
    return short.lower() in (initials, content) or abbreviates(short, words)


def trim_small_words(phrase: str) -> str:
    """Drop trailing small words a phrase regex may leave: "Kabupaten Sehat dan" -> "Kabupaten Sehat"."""
    return re.sub(r"(?:\s+(?:dan|di|ke|untuk|dengan|&))+$", "", phrase)


SMALL_WORDS = frozenset({"dan", "di", "ke", "dari", "yang", "untuk", "dengan", "dalam", "pada", "bagi",
                         "atas", "oleh", "serta", "tahun", "raih", "meraih", "tingkat"})


def title_end(text: str) -> int:
    """End offset of a title line opening the text (v0.4): the first line when it is a short
    line of words without a closing full stop, as a page's headline is; else 0."""
    nl = text.find("\n")
    if nl <= 0:
        return 0
    first = text[:nl].rstrip()
    if first.endswith((".", "!", "?", "\"", "”")) or not 2 <= len(first.split()) <= 16:
        return 0
    return nl


def _content_words(name: str) -> set[str]:
    return {w for w in re.findall(r"[a-z0-9]+", name.lower()) if w not in SMALL_WORDS and not w.isdigit()}


def drop_title_repeats(items: list[dict], text: str) -> list[dict]:
    """The headline repeats what the body says in other words ("Raih Top BUMD Awards 2024" above
    "meraih penghargaan Top BUMD Awards 2024"): an item found only in the title line is dropped
    when a body item shares half of its content words (name or acronym)."""
    end = title_end(text)
    if not end or not any(it["start"] < end for it in items):
        return items
    body = [it for it in items if it["start"] >= end]
    keep = []
    for it in items:
        if it["start"] < end:
            words = _content_words(it["name"])
            shared = [len(words & (_content_words(b["name"]) | _content_words(b.get("acronym") or ""))) for b in body]
            if words and any(n * 2 >= len(words) or n >= 3 for n in shared):
                continue
        keep.append(it)
    return keep


def merge_contained(items: list[dict]) -> list[dict]:
    """An award whose content words all recur in a longer one of the same article is the same
    award named shorter ("Kompetisi X" beside "peringkat kedua Kompetisi X"): keep the longer,
    giving it the shorter one's year when it has none."""
    words = [_content_words(it["name"]) for it in items]
    keep = []
    for i, it in enumerate(items):
        longer = [j for j in range(len(items)) if j != i and words[i] and words[i] < words[j]
                  and not (it.get("rank") and it.get("rank") != items[j].get("rank"))]
        if longer:
            other = items[longer[0]]
            if it.get("year") and not other.get("year"):
                other["year"] = it["year"]
                other["name"] = f"{other['name']} {it['year']}"
            continue
        keep.append(it)
    return keep
