"""The rules' word lists (pipelines/nlp/data/), held by the rule components as spaCy expects:
read from ``data/`` in ``initialize``, saved with the model by ``to_disk`` and read back by
``from_disk``, so a model folder carries the lists its rules were run with.

Rule code reads the lists through the functions below (``titles()``, ``lines(name)``, ...); they
answer from the lexicon of the component that is running (``using``), or from ``data/`` when rule
code is called outside a pipeline (tests, training scripts). Derived structures are cached per
lexicon (``per_lexicon``), as ``lru_cache`` would for one global list.
"""
from __future__ import annotations

import argparse
import csv
import io
import re
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from functools import lru_cache, wraps
from pathlib import Path
from typing import Callable, Iterator, TypeVar

DATA = Path(__file__).parent / "data"
SUFFIXES = (".txt", ".tsv", ".csv")
T = TypeVar("T")


class Lexicon:
    """The text of each word-list file, by file name."""

    def __init__(self, files: dict[str, str]):
        self.files = files
        self._memo: dict = {}

    @classmethod
    def from_dir(cls, path: str | Path) -> "Lexicon":
        path = Path(path)
        if not path.is_dir():
            raise FileNotFoundError(f"no word lists at {path}: a rule component's folder holds its lexicon "
                                    "(python -m pipelines.nlp.lexicon --save MODEL writes them)")
        return cls({p.name: p.read_text(encoding="utf-8")
                    for p in sorted(path.iterdir()) if p.suffix in SUFFIXES})

    def to_dir(self, path: str | Path) -> None:
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        for stale in path.iterdir():
            if stale.suffix in SUFFIXES and stale.name not in self.files:
                stale.unlink()
        for name, text in self.files.items():
            (path / name).write_text(text, encoding="utf-8")

    def lines(self, name: str) -> list[str]:
        """Non-empty, non-comment lines of one file."""
        try:
            text = self.files[name]
        except KeyError:
            raise KeyError(f"word list {name!r} is not in this lexicon ({len(self.files)} files)") from None
        return [line.rstrip() for line in text.splitlines() if line.strip() and not line.startswith("#")]

    def __eq__(self, other) -> bool:
        return isinstance(other, Lexicon) and self.files == other.files


@lru_cache(maxsize=1)
def packaged() -> Lexicon:
    """The lists in ``data/``: what ``initialize`` reads, and the default outside a pipeline."""
    return Lexicon.from_dir(DATA)


_ACTIVE: ContextVar[Lexicon | None] = ContextVar("warta_lexicon", default=None)


def active() -> Lexicon:
    return _ACTIVE.get() or packaged()


@contextmanager
def using(lexicon: Lexicon) -> Iterator[Lexicon]:
    """Rule code inside the block reads ``lexicon``."""
    token = _ACTIVE.set(lexicon)
    try:
        yield lexicon
    finally:
        _ACTIVE.reset(token)


def per_lexicon(fn: Callable[..., T]) -> Callable[..., T]:
    """Cache ``fn(*args)`` on the active lexicon: built once per lexicon, like ``lru_cache``."""
    @wraps(fn)
    def cached(*args):
        memo = (_ACTIVE.get() or packaged())._memo     # active(), inlined: rules call this ~200 times an article
        try:
            return memo[fn, args]
        except KeyError:
            value = memo[fn, args] = fn(*args)
            return value
    return cached


def lines(name: str) -> list[str]:
    """Non-empty, non-comment lines of a word list of the active lexicon."""
    return active().lines(name)


def words_of(text: str) -> tuple[str, ...]:
    """Lower-cased word tuple used as a lookup key: "Wali Kota" -> ("wali", "kota")."""
    return tuple(w.lower() for w in re.findall(r"[\w'’.-]+|/", text))


@dataclass(frozen=True)
class Title:
    text: str
    kind: str        # "head" or "generic" (needs an institution after it)
    canonical: str


@per_lexicon
def titles() -> dict[tuple[str, ...], Title]:
    out = {}
    for line in lines("titles.tsv"):
        text, kind, canonical = line.split("\t")
        out[words_of(text)] = Title(text, kind, canonical)
    return out


@per_lexicon
def modifiers() -> dict[tuple[str, ...], str]:
    """Modifier words -> the short form written in a title ("Pelaksana Tugas" -> "Plt")."""
    short = {"pelaksana tugas": "Plt", "pelaksana harian": "Plh", "penjabat sementara": "Pjs",
             "penjabat": "Pj", "wk.": "Wakil"}
    out = {}
    for m in lines("modifiers.txt"):
        key = words_of(m)
        out[key] = short.get(" ".join(key), m.rstrip("."))
    return out


@per_lexicon
def honorifics() -> frozenset[str]:
    return frozenset(lines("honorifics.txt"))


def fold_degree(text: str) -> str:
    return re.sub(r"[.\s]", "", text).lower()


@per_lexicon
def degrees() -> frozenset[str]:
    return frozenset(fold_degree(d) for d in lines("degrees.txt"))


@per_lexicon
def institution_words() -> frozenset[str]:
    return frozenset(w.lower() for w in lines("institution_words.txt"))


@per_lexicon
def institutions() -> dict[str, str]:
    """Acronym or short form (lower-cased) -> full institution name."""
    out = {}
    for row in csv.DictReader(io.StringIO(active().files["institutions.csv"])):
        out[row["nama"].lower()] = row["nama"]
        for short in filter(None, row["singkatan"].split("|")):
            out[short.lower()] = row["nama"]
    return out


@per_lexicon
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


@per_lexicon
def common_words() -> frozenset[str]:
    """Common words that are never personal names (lower-cased)."""
    return frozenset(w.lower() for w in lines("common_words.txt"))


@per_lexicon
def place_names() -> frozenset[str]:
    """Kecamatan names plus the gazetteer's regency/city/province names (lower-cased), to reject a
    place read as a person's name."""
    from pipelines.regions import gazetteer
    names = {w.lower() for w in lines("districts.txt")}
    names.update(r.short_name.lower() for r in gazetteer().regions)
    return frozenset(names)
