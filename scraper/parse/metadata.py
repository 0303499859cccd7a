"""Layer 1: structured metadata (JSON-LD, OpenGraph, ``article:*`` meta).

Publishers fill these for search engines and social cards, so they survive redesigns
better than page markup does.
"""
from __future__ import annotations

import json

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


def _meta(sel: Selector, prop: str) -> str | None:
    value = sel.xpath(f'//meta[@property="{prop}" or @name="{prop}"]/@content').get()
    return value.strip() if value and value.strip() else None


def _time(sel: Selector, kind: str) -> str | None:
    """Microdata and the ``<time class="entry-date published" datetime=...>`` WordPress themes print."""
    value = (sel.xpath(f'//*[@itemprop="date{kind.title()}"]/@content | //*[@itemprop="date{kind.title()}"]/@datetime').get()
             or sel.xpath(f'//time[contains(concat(" ", normalize-space(@class), " "), " {kind} ")]/@datetime').get())
    return value.strip() if value and value.strip() else None


def site_names(sel: Selector) -> list[str]:
    """What the page calls its site: og:site_name, application-name, the JSON-LD publisher."""
    publisher = _jsonld_article(sel).get("publisher")
    return [name for name in (_meta(sel, "og:site_name"), _meta(sel, "application-name"),
                              _name(publisher)) if isinstance(name, str) and name]


def extract_metadata(sel: Selector) -> dict:
    """Fields found in structured metadata; absent ones are left out."""
    ld = _jsonld_article(sel)
    keywords = ld.get("keywords")
    if isinstance(keywords, str):
        keywords = [k.strip() for k in keywords.split(",") if k.strip()]
    image = _as_list(ld.get("image"))
    image = image[0] if image else None
    body = ld.get("articleBody")
    fields = {
        "title": ld.get("headline") or _meta(sel, "og:title") or _meta(sel, "title")
        or sel.xpath("normalize-space(//head/title)").get(),
        "published_at": ld.get("datePublished") or _meta(sel, "article:published_time") or _time(sel, "published"),
        "updated_at": ld.get("dateModified") or _meta(sel, "article:modified_time"),
        "author": _name(ld.get("author")),
        "lead_image_url": (image.get("url") if isinstance(image, dict) else image) or _meta(sel, "og:image"),
        "tags": keywords or sel.xpath('//meta[@property="article:tag"]/@content').getall() or None,
        "canonical_url": sel.xpath('//link[@rel="canonical"]/@href').get() or _meta(sel, "og:url"),
        "paragraphs": [p.strip() for p in body.splitlines() if p.strip()] if isinstance(body, str) else None,
    }
    return {k: v for k, v in fields.items() if v}
