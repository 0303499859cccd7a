"""The officials of one article: each mention as a record with character offsets, and mentions
of one person merged, keeping the longest name and the most complete position."""
from __future__ import annotations

from difflib import SequenceMatcher

from ..lexicon import abbreviates, words_of
from ..text import text_of
from .mentions import find_mentions
from .tokens import Tok, toks_of


def officials(doc) -> list[dict]:
    toks = toks_of(doc)
    text = text_of(doc)
    people: list[dict] = []
    for m in find_mentions(toks):
        pos = m.position
        item = {
            "name": _span_text(text, toks, m.name[0], m.name[-1] + 1).rstrip("."),
            "position": _span_text(text, toks, pos.start, pos.end).rstrip(",.("),
            "title": pos.title,
            "organization": _span_text(text, toks, pos.org[0], pos.org[-1] + 1) if pos.org else None,
            "region": pos.region.display_name if pos.region else None,
            "region_code": pos.region.code if pos.region else None,
            "honorifics": m.honorifics,
            "start": toks[m.name[0]].start,
            "end": toks[m.name[-1]].end,
        }
        _merge(people, item)
    return people


def _span_text(text: str, toks: list[Tok], a: int, b: int) -> str:
    return " ".join(text[toks[a].start:toks[b - 1].end].split())


def _key(name: str) -> list[str]:
    return [w for w in words_of(name) if len(w.strip(".")) > 1]


def same_person(a: str, b: str) -> bool:
    """"Hadi" ~ "Abdul Hadi"; "Busan" ~ "Budi Santoso"; one misspelt word ~ the right one."""
    ka, kb = _key(a), _key(b)
    if not ka or not kb:
        return False
    sa, sb = set(ka), set(kb)
    if sa <= sb or sb <= sa:
        return True
    if len(ka) == 1 and abbreviates(ka[0], kb) or len(kb) == 1 and abbreviates(kb[0], ka):
        return True
    if len(ka) == len(kb) and len(sa - sb) == 1:
        x, y = (sa - sb).pop(), (sb - sa).pop()
        return SequenceMatcher(None, x, y).ratio() >= 0.8
    return False


def _merge(people: list[dict], item: dict) -> None:
    """One official per person per article, with the longest name and most complete position."""
    for p in people:
        if same_person(p["name"], item["name"]):
            if len(_key(item["name"])) > len(_key(p["name"])):
                p.update(name=item["name"], start=item["start"], end=item["end"])
            if (item["position"][:1].isupper(), len(item["position"].split())) > \
                    (p["position"][:1].isupper(), len(p["position"].split())):
                for k in ("position", "title", "organization", "region", "region_code"):
                    p[k] = item[k]
            p["honorifics"] += [h for h in item["honorifics"] if h not in p["honorifics"]]
            return
    people.append(item)
