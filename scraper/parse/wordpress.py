"""WordPress REST API posts (``/wp-json/wp/v2/posts?_embed``) to article dicts, no Scrapy needed.

The API gives what the other layers have to guess: the post id (the natural key), both dates
with the site's offset, the author and the featured image. The post's HTML body is read here;
everything after that (dateline, sign-off, region, hash) is ``article.assemble``'s.
"""
from __future__ import annotations

import html as html_lib
import re
from datetime import datetime
from urllib.parse import parse_qs, urlsplit

from parsel import Selector

from .article import assemble, clean_text

LAYER = "wp-api"
_BLOCKS = "//p | //h2 | //h3 | //h4 | //li | //blockquote[not(.//p)]"
_SHORTLINK = re.compile(r"[?&]p=(\d+)")
_POSTID_CLASS = re.compile(r"\bpostid-(\d+)\b")


def _text(rendered: str | None) -> str | None:
    if not rendered:
        return None
    return clean_text(html_lib.unescape(" ".join(Selector(text=f"<div>{rendered}</div>").xpath("//text()").getall()))) or None


def _paragraphs(rendered: str | None) -> list[str]:
    if not rendered:
        return []
    sel = Selector(text=f"<div>{rendered}</div>")
    blocks = [" ".join(b.xpath(".//text()").getall()) for b in sel.xpath(_BLOCKS)]
    return [t for t in (clean_text(b) for b in blocks) if t]


def _with_offset(local: str | None, gmt: str | None) -> str | None:
    """WordPress gives the site's wall-clock time and UTC apart: their difference is the zone."""
    if not local:
        return None
    try:
        when = datetime.fromisoformat(local)
        if not gmt:
            return when.isoformat()
        offset = when - datetime.fromisoformat(gmt)
    except ValueError:
        return None
    minutes = round(offset.total_seconds() / 60)
    sign, minutes = ("+" if minutes >= 0 else "-"), abs(minutes)
    return f"{when.isoformat()}{sign}{minutes // 60:02d}:{minutes % 60:02d}"


def _embedded_terms(post: dict, taxonomy: str) -> list[dict]:
    groups = (post.get("_embedded") or {}).get("wp:term") or []
    return [t for group in groups if isinstance(group, list) for t in group
            if isinstance(t, dict) and t.get("taxonomy") == taxonomy]


def parse_post(post: dict, source: str) -> dict:
    """One post of ``/wp/v2/posts?_embed`` as an article dict (the same keys as parse_article)."""
    embedded = post.get("_embedded") or {}
    authors = [a for a in embedded.get("author") or [] if isinstance(a, dict) and a.get("name")]
    media = [m for m in embedded.get("wp:featuredmedia") or [] if isinstance(m, dict) and m.get("source_url")]
    categories = _embedded_terms(post, "category")
    fields = {
        "article_id": post.get("id"),
        "title": _text((post.get("title") or {}).get("rendered")),
        "published_at": _with_offset(post.get("date"), post.get("date_gmt")),
        "updated_at": _with_offset(post.get("modified"), post.get("modified_gmt")),
        "author": authors[0]["name"] if authors else None,
        "paragraphs": _paragraphs((post.get("content") or {}).get("rendered")),
        "lead_image_url": media[0]["source_url"] if media else None,
        "lead_image_caption": _text((media[0].get("caption") or {}).get("rendered")) if media else None,
        "tags": [t["name"] for t in _embedded_terms(post, "post_tag") if t.get("name")],
        "category": categories[0].get("slug") if categories else None,
        "canonical_url": post.get("link"),
    }
    return assemble([(LAYER, {k: v for k, v in fields.items() if v})], post.get("link") or "", source)


def post_id(html: str | None = None, guid: str | None = None) -> int | None:
    """The WordPress post id from a feed item's guid (``?p=123``) or a page's shortlink or
    ``postid-123`` body class; None when the page does not say."""
    if guid:
        match = _SHORTLINK.search(guid)
        if match:
            return int(match.group(1))
    if html:
        sel = Selector(text=html)
        shortlink = sel.xpath('//link[@rel="shortlink"]/@href').get()
        query = parse_qs(urlsplit(shortlink).query) if shortlink else {}
        if query.get("p", [""])[0].isdigit():
            return int(query["p"][0])
        match = _POSTID_CLASS.search(sel.xpath("//body/@class").get() or "")
        if match:
            return int(match.group(1))
    return None


def total_pages(header: bytes | str | None) -> int:
    """``X-WP-TotalPages`` as a number; a missing or odd header means one page."""
    if isinstance(header, bytes):
        header = header.decode("latin-1")
    return int(header) if header and header.strip().isdigit() else 1
