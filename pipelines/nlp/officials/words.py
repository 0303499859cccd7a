"""What kind of word a token is: a name word, an institution word or acronym, a direction."""
from __future__ import annotations

import re
from ..lexicon import common_words, institution_words, institutions, lines, per_lexicon
from .tokens import Tok

DIRECTIONS = {"utara", "selatan", "barat", "timur", "tengah", "raya", "hulu", "hilir", "laut", "darat"}
CONNECTORS = {"dan", "&", "serta"}
# Derived nouns (pe(N)-/per-/ke- ... -an, -isasi/-asi) are words, not names: "Pekerjaan", "Pemenuhan",
# "Kesehatan", "Imunisasi", "Literasi".
DERIVED_NOUN = re.compile(r"^(?:(?:pe|per|pen|pem|peng|peny|ke)[a-z]{3,}an|[a-z]{3,}(?:isasi|asi|itas|isme))$")
# Abbreviated given names written with a full stop: "Moh. Rizal", "Abd. Karim".
NAME_ABBREVIATIONS = {"Moh", "Muh", "Moch", "Mhd", "Muhd", "Mochd", "Abd", "Achm", "Ach", "Md"}
PASSIVE = re.compile(r"^Di[a-z]{3,}(?:kan|i)$")
UNIT_NUMBER = re.compile(r"^\d{2,5}$")
ROMAN = re.compile(r"^(?:[IVX]{1,4}|[A-H])$")
INITIAL = re.compile(r"^[A-Z]\.?$")
NAMEWORD = re.compile(r"^[A-Z][a-zà-ÿ'’`-]*[a-zà-ÿ]$|^[A-Z]\.?$|^[A-Z][a-z]*['’][A-Z][a-z]+$")


@per_lexicon
def not_names() -> frozenset[str]:
    return frozenset(lines("not_names.txt"))


def is_acronym(text: str) -> bool:
    """"DPRD", "P2KB", "PMDPPKB", or a known short form ("Dinkes", "Bappeda")."""
    if text.lower() in institutions():
        return True
    caps = sum(c.isupper() for c in text) + sum(c.isdigit() for c in text)
    return 2 <= len(text) <= 10 and caps >= 2 and text.replace("-", "").isalnum() and \
        (text.isupper() or caps >= len(text) - 2)


def is_inst(t: Tok) -> bool:
    return t.lower in institution_words() or is_acronym(t.text)


def is_name_word(t: Tok) -> bool:
    if not NAMEWORD.match(t.text) or t.text in not_names() or t.headline:
        return False
    if t.lower in common_words() or DERIVED_NOUN.match(t.lower):
        return False
    return t.ent == "PER" or t.lower not in institution_words()
