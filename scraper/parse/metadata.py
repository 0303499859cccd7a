"""Layer 1: structured metadata (JSON-LD, OpenGraph, ``article:*`` meta).

Publishers fill these for search engines and social cards, so they survive redesigns
better than page markup does.
"""
from __future__ import annotations

import json
import re

from parsel import Selector

_ARTICLE_TYPES = {"NewsArticle", "Article", "ReportageNewsArticle", "BlogPosting"}


def _jsonld_article(sel: Selector) -> dict:
    for raw in sel.xpath('//script[@type="application/ld+json"]/text()').getall():
        try:
            data = json.loads(raw)
        except ValueError:
            continue  # broken JSON-LD is common; the other layers still apply
        nodes = data if isinstance(data, list) else data.get("@graph", [data])
        for node in nodes:
            if isinstance(node, dict) and set(_as_list(node.get("@type"))) & _ARTICLE_TYPES:
                return node
    return {}


def _as_list(value) -> list:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _name(value) -> str | None:
    value = _as_list(value)[0] if _as_list(value) else None
    if isinstance(value, dict):
        return value.get("name")
    return value


def _metas(sel: Selector) -> dict[str, list[str]]:
    """Every <meta property|name=... content=...> in one pass: property or name -> contents."""
    found: dict[str, list[str]] = {}
    for meta in sel.root.iter("meta"):
        content = (meta.get("content") or "").strip()
        for key in {meta.get("property"), meta.get("name")} - {None}:
            if content:
                found.setdefault(key, []).append(content)
    return found


def _meta(metas: dict[str, list[str]], prop: str) -> str | None:
    values = metas.get(prop)
    return values[0] if values else None


def _time(sel: Selector, kind: str) -> str | None:
    """Microdata and the ``<time class="entry-date published" datetime=...>`` WordPress themes print."""
    value = (sel.xpath(f'//*[@itemprop="date{kind.title()}"]/@content | //*[@itemprop="date{kind.title()}"]/@datetime').get()
             or sel.xpath(f'//time[contains(concat(" ", normalize-space(@class), " "), " {kind} ")]/@datetime').get())
    return value.strip() if value and value.strip() else None


def _hatom_time(sel: Selector) -> str | None:
    """Blogger's post timestamp, the hAtom ``<abbr class="published|updated" title=ISO>``: the
    page shows only the day, the title holds the minute and zone."""
    for kind in ("published", "updated"):
        value = sel.xpath(f'//abbr[contains(concat(" ", normalize-space(@class), " "), " {kind} ")]/@title').get()
        if value and re.match(r"\d{4}-\d\d-\d\dT\d\d:\d\d", value.strip()):
            return value.strip()
    return None


def extract_metadata(sel: Selector) -> dict:
    """Fields found in structured metadata; absent ones are left out. ``site_names`` holds
    what the page calls its site (og:site_name, application-name, the JSON-LD publisher)."""
    ld = _jsonld_article(sel)
    metas = _metas(sel)
    keywords = ld.get("keywords")
    if isinstance(keywords, str):
        keywords = [k.strip() for k in keywords.split(",") if k.strip()]
    image = _as_list(ld.get("image"))
    image = image[0] if image else None
    body = ld.get("articleBody")
    fields = {
        "title": ld.get("headline") or _meta(metas, "og:title") or _meta(metas, "title")
        or sel.xpath("normalize-space(//head/title)").get(),
        "published_at": ld.get("datePublished") or _meta(metas, "article:published_time") or _time(sel, "published")
        or _hatom_time(sel),
        "updated_at": ld.get("dateModified") or _meta(metas, "article:modified_time"),
        "author": _name(ld.get("author")),
        "lead_image_url": (image.get("url") if isinstance(image, dict) else image) or _meta(metas, "og:image"),
        "tags": keywords or metas.get("article:tag"),
        "canonical_url": sel.xpath('//link[@rel="canonical"]/@href').get() or _meta(metas, "og:url"),
        "paragraphs": [p.strip() for p in body.splitlines() if p.strip()] if isinstance(body, str) else None,
        "site_names": [name for name in (_meta(metas, "og:site_name"), _meta(metas, "application-name"),
                                         _name(ld.get("publisher"))) if isinstance(name, str) and name],
    }
    return {k: v for k, v in fields.items() if v}
