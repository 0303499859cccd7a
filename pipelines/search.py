"""Indonesian stemming for full-text search, so "inovasi" also finds "berinovasi".

SQLite's porter tokenizer is English-only. Instead each article keeps a ``search_text``
column holding its stemmed title and body (PySastrawi), indexed by FTS beside the raw text,
and queries go through the ``stem_id()`` SQL function:

    select * from articles_fts where articles_fts match stem_id('berinovasi')
"""
from __future__ import annotations

import re
import sqlite3
from functools import lru_cache

_OPERATORS = {"AND", "OR", "NOT"}
_QUERY_TOKEN = re.compile(r'"|\w+\*?')


@lru_cache(maxsize=1)
def _stemmer():
    from Sastrawi.Stemmer.StemmerFactory import StemmerFactory
    return StemmerFactory().create_stemmer()


def stem_text(text: str | None) -> str:
    """Lower-cased, punctuation-free, stemmed: "Bupati meresmikan inovasi" -> "bupati resmi inovasi"."""
    return _stemmer().stem(text) if text else ""


def stem_query(query: str | None) -> str:
    """A user's search as an FTS5 query over stemmed text.

    Each word becomes a quoted stem (quoting keeps FTS5 from reading "-" or ":" as syntax);
    "phrases" stay phrases, AND/OR/NOT stay operators and a trailing * stays a prefix search.
    """
    parts: list[str] = []
    phrase: list[str] | None = None
    for token in _QUERY_TOKEN.findall(query or ""):
        if token == '"':
            if phrase is None:
                phrase = []
            else:
                if phrase:
                    parts.append('"' + " ".join(phrase) + '"')
                phrase = None
            continue
        prefix = token.endswith("*")
        word = token.rstrip("*")
        if phrase is None and word in _OPERATORS and parts:
            parts.append(word)
            continue
        stem = stem_text(word) or word.lower()
        if phrase is not None:
            phrase.append(stem)
        else:
            parts.append(f'"{stem}"' + ("*" if prefix else ""))
    if phrase:
        parts.append('"' + " ".join(phrase) + '"')
    while parts and parts[-1] in _OPERATORS:
        parts.pop()
    return " ".join(parts)


def register_sql_functions(conn: sqlite3.Connection) -> None:
    """Make ``stem_id(text)`` available to SQL on this connection (Datasette, notebooks)."""
    conn.create_function("stem_id", 1, stem_query, deterministic=True)
