"""Word lists the rules use, read once from pipelines/nlp/data/."""
from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

DATA = Path(__file__).parent / "data"


def lines(name: str) -> list[str]:
    """Non-empty, non-comment lines of a data file."""
    out = []
    for line in (DATA / name).read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            out.append(line.rstrip())
    return out


def words_of(text: str) -> tuple[str, ...]:
    """Lower-cased word tuple used as a lookup key: "Wali Kota" -> ("wali", "kota")."""
    return tuple(w.lower() for w in re.findall(r"[\w'’.-]+|/", text))


@dataclass(frozen=True)
class Title:
    text: str
    kind: str        # "head" or "generic" (needs an institution after it)
    canonical: str


@lru_cache(maxsize=1)
def titles() -> dict[tuple[str, ...], Title]:
    out = {}
    for line in lines("titles.tsv"):
        text, kind, canonical = line.split("\t")
        out[words_of(text)] = Title(text, kind, canonical)
    return out


@lru_cache(maxsize=1)
def modifiers() -> dict[tuple[str, ...], str]:
    """Modifier words -> the short form written in a title ("Pelaksana Tugas" -> "Plt")."""
    short = {"pelaksana tugas": "Plt", "pelaksana harian": "Plh", "penjabat sementara": "Pjs",
             "penjabat": "Pj", "wk.": "Wakil"}
    out = {}
    for m in lines("modifiers.txt"):
        key = words_of(m)
        out[key] = short.get(" ".join(key), m.rstrip("."))
    return out


@lru_cache(maxsize=1)
def honorifics() -> frozenset[str]:
    return frozenset(lines("honorifics.txt"))


def fold_degree(text: str) -> str:
    return re.sub(r"[.\s]", "", text).lower()


@lru_cache(maxsize=1)
def degrees() -> frozenset[str]:
    return frozenset(fold_degree(d) for d in lines("degrees.txt"))


@lru_cache(maxsize=1)
def institution_words() -> frozenset[str]:
    return frozenset(w.lower() for w in lines("institution_words.txt"))


@lru_cache(maxsize=1)
def institutions() -> dict[str, str]:
    """Acronym or short form (lower-cased) -> full institution name."""
    out = {}
    with open(DATA / "institutions.csv", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            out[row["nama"].lower()] = row["nama"]
            for short in filter(None, row["singkatan"].split("|")):
                out[short.lower()] = row["nama"]
    return out


@lru_cache(maxsize=1)
def region_forms() -> dict[tuple[str, ...], tuple[str, str]]:
    """Short forms ("Kaltim", "Inhil") -> (gazetteer name, kind)."""
    out = {}
    for line in lines("regions_extra.tsv"):
        form, name, kind = line.split("\t")
        out[words_of(form)] = (name, kind)
    return out


def abbreviates(short: str, words: list[str]) -> bool:
    """Is ``short`` built from the starts of consecutive ``words``, each used in order?
    "Kobar" ~ Kotawaringin Barat, "Busan" ~ Budi Santoso, "Bailang" ~ Balangan Inovasi Lomba..."""
    short = short.lower()
    words = [w.lower() for w in words if w[:1].isalnum()]
    if len(short) < 3 or len(words) < 2:
        return False

    def fits(s: str, ws: list[str], used: int) -> bool:
        if not s:
            return used >= 2
        if not ws:
            return False
        w = ws[0]
        for n in range(min(len(w), len(s)), 0, -1):
            if s[:n] == w[:n] and fits(s[n:], ws[1:], used + 1):
                return True
        return fits(s, ws[1:], used) if used == 0 else False

    return fits(short, words, 0)


@lru_cache(maxsize=1)
def common_words() -> frozenset[str]:
    """Common words that are never personal names (lower-cased)."""
    return frozenset(w.lower() for w in lines("common_words.txt"))


@lru_cache(maxsize=1)
def place_names() -> frozenset[str]:
    """Kecamatan names plus the gazetteer's regency/city/province names (lower-cased), to reject a
    place read as a person's name."""
    from pipelines.regions import gazetteer
    names = {w.lower() for w in lines("districts.txt")}
    names.update(r.short_name.lower() for r in gazetteer().regions)
    return frozenset(names)
