"""Shared text patterns: capitalised phrases, bracketed acronyms, acronym checks."""
from __future__ import annotations

import re

from .lexicon import abbreviates

# A capitalised word (also "eKTP", "SiCantik", "P3KE", "Info.go.id") and a phrase of them,
# joined by spaces or the odd small word ("Ibu Cantik dengan ASI").
WORD = r"(?:[A-Z][\w’'&+-]*|[a-z]+[A-Z][\w]*|\d+[A-Z][\w]*)"
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
