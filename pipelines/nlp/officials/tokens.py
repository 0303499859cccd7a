"""The token view the officials rules read: non-space tokens with offsets, NER label and a
headline flag, taken from the Doc in one array read."""
from __future__ import annotations

from dataclasses import dataclass

from spacy.attrs import ENT_TYPE, IDX, IS_SPACE, LOWER, ORTH

from ..layout import is_headline
from ..text import text_of

# At most this many tokens inside a bracketed short form: "(Dinpermasdes)", "(Kadis Dinkes)".
PAREN_INNER = 3


@dataclass(slots=True)
class Tok:
    text: str
    lower: str
    start: int
    end: int
    ent: str
    headline: bool = False
    line_start: bool = False    # first token of a line: the layout left a real break before it


class TokList(list):
    """The tokens of a doc, with their texts listed once (the region matcher wants a word list;
    building it per position cost O(tokens) each time)."""
    _words: list[str] | None = None

    @property
    def words(self) -> list[str]:
        if self._words is None:
            self._words = [t.text for t in self]
        return self._words


def words_of_toks(toks: list[Tok]) -> list[str]:
    return toks.words if isinstance(toks, TokList) else [t.text for t in toks]


def toks_of(doc) -> list[Tok]:
    """Non-space tokens with their NER label, flagged when they sit in a Title Case headline or
    open a line."""
    if not len(doc):
        return []
    strings = doc.vocab.strings
    text = text_of(doc)
    heads = headline_spans(text)
    toks, h, nheads, prev_end = TokList(), 0, len(heads), 0
    # One array read instead of a Token object per token (the hot spot of the rules).
    for orth, lower, idx, space, ent in doc.to_array([ORTH, LOWER, IDX, IS_SPACE, ENT_TYPE]).tolist():
        if space:
            continue
        while h < nheads and heads[h][1] <= idx:
            h += 1
        word = strings[orth]
        toks.append(Tok(word, strings[lower], idx, idx + len(word), strings[ent] if ent else "",
                        h < nheads and heads[h][0] <= idx, text.find("\n", prev_end, idx) >= 0))
        prev_end = idx + len(word)
    return toks


def headline_spans(text: str) -> list[tuple[int, int]]:
    """Lines written in Title Case (headlines): there every verb is capitalised, so a
    capitalised run there is no evidence of a name."""
    spans, pos = [], 0
    for line in text.split("\n"):
        if is_headline(line):
            spans.append((pos, pos + len(line)))
        pos += len(line) + 1
    return spans


def paren_group(toks: list[Tok], j: int, max_inner: int = PAREN_INNER) -> int | None:
    """End of "( X )" at j, with 1..max_inner tokens inside, else None."""
    if j >= len(toks) or toks[j].text != "(":
        return None
    for k in range(j + 2, min(j + 2 + max_inner, len(toks))):
        if toks[k].text == ")":
            return k + 1
    return None
