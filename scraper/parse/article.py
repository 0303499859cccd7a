"""Article pages to plain dicts: ``parse_article(html, url) -> dict``, no Scrapy needed.

Extraction is layered: a site's own selectors when ``sites.yml`` has an entry for it, then
structured metadata, then InfoPublik's markup, then what the page shows (the headline, the date
and byline lines, the block of prose: ``page.py``), then trafilatura when none found a body.
Each field comes from the first layer that has it, except that the visible headline and a
visible date line with a zone win over metadata that disagrees (``_prefer_what_the_page_shows``);
``field_sources`` records which layer gave each field, so a drop in a layer's share shows that
a site changed.
"""
from __future__ import annotations

import hashlib
import re
import unicodedata
from urllib.parse import urljoin

from parsel import Selector

from pipelines.regions import gazetteer

from .dates import parse_page_date
from .generic import extract_generic
from .infopublik import extract_selectors
from .metadata import extract_metadata
from .page import extract_page
from .sites import extract_site, site_entry
from .titles import clean_title, names_site, site_tokens, text_key
from .urls import parse_article_url

LAYERS = ("site", "metadata", "selectors", "page", "trafilatura")
_DATELINE = re.compile(r"^(?P<city>[A-Z][\w.'’ -]{1,40}?)\s*,\s*(?:InfoPublik\s*)?[-–—]\s*")
# "(MC Balangan/eng/toeb)", "(Antara/Ida)", and reporters' or sources' initials "(fyk/ash)",
# "(FHM)", "[sc]"
_SIGNOFF = re.compile(r"\s*(?P<signoff>\((?:MC|[A-Z][a-z]+)[^()]{0,60}/[^()]{0,60}\)"
                      r"|\([A-Za-z]{2,5}(?:/[A-Za-z]{2,5})*\)|\[[A-Za-z]{2,5}(?:/[A-Za-z]{2,5})*\])\s*$")
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\ufeff\xad"))


def clean_text(text: str) -> str:
    """NFC, no zero-width characters, white space folded."""
    return " ".join(unicodedata.normalize("NFC", text).translate(_INVISIBLE).split())


def content_hash(title: str | None, body: str | None) -> str:
    return hashlib.sha256(f"{title or ''}\n{body or ''}".encode()).hexdigest()


def _split_dateline_signoff(paragraphs: list[str]) -> tuple[str | None, str | None, list[str]]:
    paragraphs = list(paragraphs)
    signoff = None
    if paragraphs:
        match = _SIGNOFF.search(paragraphs[-1])
        if match:
            signoff = match["signoff"]
            paragraphs[-1] = paragraphs[-1][:match.start()].strip()
            if not paragraphs[-1]:
                paragraphs.pop()
    dateline = None
    if paragraphs:
        match = _DATELINE.match(paragraphs[0])
        if match:
            dateline = match["city"].strip()
    return dateline, signoff, paragraphs


def parse_article(html: str, url: str, source: str = "infopublik.id") -> dict:
    """Every field of an article page. Missing values are None; nothing raises on odd pages."""
    sel = Selector(text=html)
    meta = extract_metadata(sel)
    tokens = site_tokens([url, meta.get("canonical_url")], meta.pop("site_names", []))
    if meta.get("title"):
        meta["title"] = clean_title(meta["title"], tokens)
    # The publisher or the site put where a writer's name belongs ("Kompas Cyber Media").
    if meta.get("author") and (names_site(meta["author"], tokens) or not _looks_like_a_name(meta["author"])):
        del meta["author"]
    entry = site_entry(url) or (site_entry(meta["canonical_url"]) if meta.get("canonical_url") else None)
    layers = {"site": extract_site(sel, entry), "metadata": meta, "selectors": extract_selectors(sel),
              "page": extract_page(sel, meta.get("title"), tokens)}
    _prefer_what_the_page_shows(layers)
    if not any(layers[layer].get("paragraphs") for layer in layers):
        layers["trafilatura"] = extract_generic(html, url)
        if layers["trafilatura"].get("title"):
            layers["trafilatura"]["title"] = clean_title(layers["trafilatura"]["title"], tokens)
    return assemble([(layer, layers[layer]) for layer in LAYERS if layer in layers], url, source)


def _looks_like_a_name(text: str) -> bool:
    return 0 < len(text.split()) <= 6 and not re.search(r"\d|\bPT\b|;|\.(?:com|id)\b|redaksi|admin", text, re.I)


def _prefer_what_the_page_shows(layers: dict) -> None:
    """The headline and the date line a reader sees win over metadata when they agree with it
    or say more: metadata titles carry kickers and site names, and metadata times are often
    UTC, or a "Z" stamped on local time, or a date without the time."""
    meta, page = layers["metadata"], layers["page"]
    if page.get("title"):
        meta.pop("title", None)
    # CMSs fill the structured author with the desk editor ("author": the name after the page's
    # "Editor:"); the page's own writer credit, or none, is then the truth.
    editor = page.get("editor")
    if editor and meta.get("author") and text_key(meta["author"]) == text_key(editor):
        del meta["author"]
    shown = page.pop("shown_dates", [])
    stated = parse_page_date(meta.get("published_at"))
    if shown and stated:
        # Metadata stands when the page shows its time (same minute, same zone) somewhere near
        # the headline, or when the page shows no zone; otherwise the nearest line wins.
        confirmed = any((d[:16], d[19:]) == (stated[:16], stated[19:]) for d in shown)
        if confirmed or len(shown[0]) == 19:
            page.pop("published_at")
        else:
            meta.pop("published_at")


def assemble(layers: list[tuple[str, dict]], url: str, source: str) -> dict:
    """The article dict from raw fields by layer, first layer first: each field comes from the
    first layer that has it. Other readers (a WordPress API post) feed their own layers here."""
    fields: dict = {}
    sources: dict = {}
    for layer, found in layers:
        for name, value in found.items():
            if name not in fields:
                fields[name], sources[name] = value, layer

    title = clean_text(fields["title"]).removesuffix(" | InfoPublik") if fields.get("title") else None
    # Generic extractors often take the headline as the first paragraph.
    paragraphs = [p for p in (clean_text(p) for p in fields.pop("paragraphs", [])) if p]
    if paragraphs and paragraphs[0] == title:
        paragraphs.pop(0)
    if "paragraphs" in sources:
        sources["body"] = sources.pop("paragraphs")
    dateline, signoff, paragraphs = _split_dateline_signoff(paragraphs)
    published_at = parse_page_date(fields.get("published_at"))
    updated_at = parse_page_date(fields.get("updated_at"))
    # The date at the top of an InfoPublik page is the last update when it differs from the
    # byline's date (the seed article shows both).
    displayed = parse_page_date(fields.pop("displayed_at", None))
    if not updated_at and displayed and published_at and displayed > published_at:
        updated_at, sources["updated_at"] = displayed, sources.pop("displayed_at")
    sources.pop("displayed_at", None)
    # WordPress and many CMSs state a modified time equal to the publication on unedited posts.
    if updated_at and updated_at == published_at:
        updated_at = None
        sources.pop("updated_at", None)

    parsed_url = parse_article_url(url)
    canonical = fields.get("canonical_url")
    author = clean_text(fields["author"]) if fields.get("author") else None
    region = gazetteer().from_byline(author) if author else None
    body = "\n\n".join(paragraphs) or None
    return {
        "url": url,
        "canonical_url": urljoin(url, canonical) if canonical else None,
        "source": source,
        "article_id": parsed_url.article_id if parsed_url else fields.get("article_id"),
        "category": parsed_url.category if parsed_url else fields.get("category"),
        "title": title,
        "author": author,
        "editor": fields.get("editor"),
        "region_code": region.code if region else None,
        "region": region.display_name if region else None,
        "province": region.province if region else None,
        "published_at": published_at,
        "updated_at": updated_at,
        "dateline": dateline,
        "body": body,
        "lead_image_url": urljoin(url, fields["lead_image_url"]) if fields.get("lead_image_url") else None,
        "lead_image_caption": clean_text(fields["lead_image_caption"]) if fields.get("lead_image_caption") else None,
        "tags": fields.get("tags") or [],
        "views": fields.get("views"),
        "signoff": signoff,
        "content_hash": content_hash(title, body),
        "extraction_layer": sources.get("body"),
        "field_sources": {k: v for k, v in sorted(sources.items())},
    }
