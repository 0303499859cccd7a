"""Layer 2: InfoPublik's own page markup.

The byline line is parsed as text ("Oleh MC KAB BALANGAN, Selasa, 27 Februari 2024 | 19:49 WIB
- Redaktur: Tobari - 697") rather than by its inner tags, so a change of markup that keeps the
wording still parses.
"""
from __future__ import annotations

import re

from parsel import Selector

_DATE = r"\w+'?\w*,\s*\d{1,2}\s+\w+\s+\d{4}\s*\|\s*\d{1,2}[:.]\d{2}\s*(?:WIB|WITA|WIT)"
_BYLINE_LINE = re.compile(
    rf"^Oleh\s+(?P<author>.+?)(?:,\s*(?P<date>{_DATE}))?\s*-\s*Redaktur\s*:\s*(?P<editor>.+?)"
    r"(?:\s*-\s*(?P<views>[\d.]+))?\s*$")
_TOP_DATE = re.compile(_DATE)


def _text(nodes) -> str:
    nodes = nodes if isinstance(nodes, list) else [nodes]  # a SelectorList or one Selector
    return " ".join(" ".join(t for node in nodes for t in node.root.itertext()).split())


def extract_selectors(sel: Selector) -> dict:
    """Fields found with InfoPublik's selectors; absent ones are left out."""
    article = sel.css(".detail-berita")
    if not article:
        return {}
    fields: dict = {"title": _text(article.css("h1")) or None}
    for line in article.css("p, div, li"):
        match = _BYLINE_LINE.match(_text(line))
        if match:
            fields.update(author=match["author"], published_at=match["date"], editor=match["editor"],
                          views=int(match["views"].replace(".", "")) if match["views"] else None)
            break
    top = _TOP_DATE.search(_text(article.css(".meta-top")))
    fields["displayed_at"] = top.group(0) if top else None
    figure = article.css("figure")
    fields["lead_image_url"] = figure.css("img::attr(src)").get()
    fields["lead_image_caption"] = _text(figure.css("figcaption")).lstrip(": ").strip() or None
    fields["paragraphs"] = [t for t in (_text(p) for p in article.css(".detail-isi p")) if t] or None
    fields["tags"] = [t.strip() for t in article.css(".tags a::text").getall() if t.strip()] or None
    return {k: v for k, v in fields.items() if v}
