"""Indonesian stemming for full-text search, so "inovasi" also finds "berinovasi".

SQLite's porter tokenizer is English-only. Instead each article keeps a ``search_text``
column holding its stemmed title and body (PySastrawi), indexed by FTS beside the raw title,
and queries go through the ``stem_id()`` SQL function, which never gives FTS5 a query it
cannot parse; ``search_snippet()`` highlights the stemmed matches in the shown rows' bodies:

    select search_snippet(body, 'berinovasi') from articles where rowid in (
      select rowid from articles_fts where articles_fts match stem_id('berinovasi')
      order by rank limit 20)
"""
from __future__ import annotations

import re
import sqlite3
from bisect import bisect_left
from functools import lru_cache
from itertools import islice

_OPERATORS = {"AND", "OR", "NOT"}
_QUERY_TOKEN = re.compile(r'"|\w+\*?')
_WORD = re.compile(r"\w+")
# A query with no words: a valid FTS5 query (an empty phrase) that matches nothing.
NO_WORDS = '""'
SNIPPET_START, SNIPPET_END = "⟦", "⟧"


@lru_cache(maxsize=1)
def _stemmer():
    from Sastrawi.Stemmer.StemmerFactory import StemmerFactory
    return StemmerFactory().create_stemmer()


def stem_text(text: str | None) -> str:
    """Lower-cased, punctuation-free, stemmed: "Bupati meresmikan inovasi" -> "bupati resmi inovasi"."""
    return _stemmer().stem(text) if text else ""


def stem_query(query: str | None) -> str:
    """A user's search as an FTS5 query over stemmed text, whatever was typed.

    Each word becomes a quoted stem (quoting keeps FTS5 from reading "-" or ":" as syntax);
    "phrases" stay phrases, AND/OR/NOT between words stay operators and a trailing * stays a
    prefix search. Anything else (an unbalanced quote, a lone operator or *) is read as plain
    words, and a query without words is ``NO_WORDS``.
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
            if parts[-1] not in _OPERATORS:
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
    return " ".join(parts) or NO_WORDS


@lru_cache(maxsize=100_000)
def _stem_word(word: str) -> str:
    return stem_text(word) or word.lower()


def search_snippet(body: str | None, query: str | None, words: int = 24) -> str:
    """The ``words``-word stretch of ``body`` with the most matches of ``query``, each match
    (a word whose stem the query asks for) between SNIPPET_START and SNIPPET_END.

    Computed in Python for the rows a page shows, so FTS only ranks; without a match (an
    empty query, a title-only hit) it is the body's opening words.
    """
    body = (body or "").replace(SNIPPET_START, "").replace(SNIPPET_END, "")
    terms = [t for t in _QUERY_TOKEN.findall(query or "") if t != '"' and t.rstrip("*") not in _OPERATORS]
    stems = {_stem_word(t) for t in terms if not t.endswith("*")}
    # a prefix matched the title as written or the stemmed text: either form of a word may hit
    prefixes = tuple({f(t.rstrip("*")) for t in terms if t.endswith("*") for f in (str.lower, _stem_word)})
    texts = _WORD.findall(body)
    if not texts:
        return ""
    # stem each distinct word once; a body repeats most of its words
    matching = {w for w in set(texts) if _stem_word(w) in stems or prefixes and (
        _stem_word(w).startswith(prefixes) or w.lower().startswith(prefixes))} if terms else set()
    hits = [i for i, w in enumerate(texts) if w in matching]
    # the window that holds the most hits, starting a little before one; the earliest on a tie
    best = max((max(0, h - 3) for h in hits), default=0,
               key=lambda s: (bisect_left(hits, s + words) - bisect_left(hits, s), -s))
    tokens = list(islice(_WORD.finditer(body), best + words))  # offsets up to the window's end
    stop = len(tokens)
    out, cursor = [], tokens[best].start()
    for i in range(best, stop):
        out.append(body[cursor:tokens[i].start()])
        out.append(f"{SNIPPET_START}{texts[i]}{SNIPPET_END}" if texts[i] in matching else texts[i])
        cursor = tokens[i].end()
    if stop == len(texts):
        out.append(body[cursor:])  # the closing punctuation
    text = " ".join("".join(out).split())
    return ("… " if best else "") + text + (" …" if stop < len(texts) else "")


def register_sql_functions(conn: sqlite3.Connection) -> None:
    """Make ``stem_id(text)`` and ``search_snippet(body, query)`` available to SQL on this
    connection (Datasette, notebooks)."""
    conn.create_function("stem_id", 1, stem_query, deterministic=True)
    conn.create_function("search_snippet", 2, search_snippet, deterministic=True)
