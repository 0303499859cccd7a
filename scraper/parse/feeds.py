"""RSS, Atom and sitemaps to plain entries, no Scrapy needed.

Government feeds are often hand-made: Indonesian dates ("05 Agustus 2024"), missing links,
XML cut off half-way. lxml's recovering parser keeps what is readable and ``broken`` says
that something was not, so a crawl reports a damaged feed instead of silently reading less.
"""
from __future__ import annotations

import hashlib
import zlib
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime
from typing import NamedTuple
from urllib.parse import urljoin, urlsplit

from lxml import etree

from .dates import parse_page_date

MAX_XML_BYTES = 50 * 1024 * 1024  # the sitemap protocol's limit, uncompressed: no gzip bomb gets past


class Entry(NamedTuple):
    url: str
    title: str | None = None
    published_at: str | None = None
    updated_at: str | None = None     # <updated> in Atom, <lastmod> in sitemaps
    author: str | None = None
    guid: str | None = None


class Document(NamedTuple):
    kind: str | None                  # rss | atom | sitemapindex | urlset | None (not a feed)
    entries: list[Entry]
    broken: bool                      # the XML had errors; entries hold what was readable
    bad_dates: int = 0                # dates written but unreadable, read as no date


def _comparable(iso: str | None) -> str | None:
    """``iso`` if it can be compared in UTC; None for a date like 9999-12-31T23:59-05:00, which
    lies past datetime.max once in UTC and would raise OverflowError in every comparison."""
    if iso is None:
        return None
    try:
        when = datetime.fromisoformat(iso)
        if when.tzinfo is not None:
            when.astimezone(timezone.utc)
    except (ValueError, OverflowError):
        return None
    return iso


def feed_date(text: str | None) -> str | None:
    """RFC 822 (RSS), ISO 8601 (Atom, sitemaps) or an Indonesian date, as ISO 8601; None when
    there is none or it cannot be read."""
    if not text or not text.strip():
        return None
    try:
        return _comparable(parsedate_to_datetime(text.strip()).isoformat())
    except (TypeError, ValueError, IndexError, OverflowError):
        return _comparable(parse_page_date(text))


class _Dates:
    """feed_date, counting the dates a document wrote but that could not be read."""

    def __init__(self):
        self.bad = 0

    def __call__(self, text: str | None) -> str | None:
        value = feed_date(text)
        if value is None and text and text.strip():
            self.bad += 1
        return value


def _local(node) -> str:
    return etree.QName(node).localname if isinstance(node.tag, str) else ""


def _child_text(node, *names: str) -> str | None:
    for child in node:
        if _local(child) in names and (child.text or "").strip():
            return child.text.strip()
    return None


def _rss_entry(item, base: str, date=feed_date) -> Entry | None:
    guid = _child_text(item, "guid")
    link = _child_text(item, "link") or (guid if guid and guid.startswith("http") else None)
    if not link:
        return None
    return Entry(urljoin(base, link), _child_text(item, "title"),
                 date(_child_text(item, "pubDate", "date")), None,
                 _child_text(item, "creator", "author"), guid)


def _atom_entry(entry, base: str, date=feed_date) -> Entry | None:
    href = None
    for link in entry:
        if _local(link) == "link" and link.get("rel", "alternate") == "alternate" and link.get("href"):
            href = link.get("href")
            break
    if not href:
        return None
    author = next((_child_text(a, "name") for a in entry if _local(a) == "author"), None)
    return Entry(urljoin(base, href), _child_text(entry, "title"),
                 date(_child_text(entry, "published", "issued")),
                 date(_child_text(entry, "updated", "modified")), author, _child_text(entry, "id"))


def _sitemap_entry(node, base: str, date=feed_date) -> Entry | None:
    loc = _child_text(node, "loc")
    if not loc:
        return None
    news = next((n for n in node if _local(n) == "news"), None)
    return Entry(urljoin(base, loc), _child_text(news, "title") if news is not None else None,
                 date(_child_text(news, "publication_date")) if news is not None else None,
                 date(_child_text(node, "lastmod")))


def parse_xml(body: bytes, url: str) -> Document:
    """A feed or sitemap (gzip or not) as its entries, newest information first as the file has it."""
    if body[:2] == b"\x1f\x8b":
        inflate = zlib.decompressobj(16 + zlib.MAX_WBITS)
        try:
            body = inflate.decompress(body, MAX_XML_BYTES)
        except zlib.error:
            return Document(None, [], True)
        if inflate.unconsumed_tail:  # larger than any sitemap may be
            return Document(None, [], True)
    parser = etree.XMLParser(recover=True, resolve_entities=False, no_network=True, huge_tree=False)
    try:
        root = etree.fromstring(body.strip(), parser)
    except etree.XMLSyntaxError:
        root = None
    broken = bool(parser.error_log) or root is None
    if root is None:
        return Document(None, [], True)
    kind = _local(root).lower()
    if kind == "rss" or kind == "rdf":
        items, read, kind = root.iter("{*}item"), _rss_entry, "rss"
    elif kind == "feed":
        items, read, kind = root.iter("{*}entry"), _atom_entry, "atom"
    elif kind == "sitemapindex":
        items, read = root.iter("{*}sitemap"), _sitemap_entry
    elif kind == "urlset":
        items, read = root.iter("{*}url"), _sitemap_entry
    else:
        return Document(None, [], broken)
    dates = _Dates()
    entries = [e for e in (read(node, url, dates) for node in items) if e]
    return Document(kind, entries, broken, dates.bad)


def sitemaps_in_robots(text: str, url: str) -> list[str]:
    """The ``Sitemap:`` lines of a robots.txt."""
    found = []
    for line in text.splitlines():
        name, _, value = line.partition(":")
        if name.strip().lower() == "sitemap" and value.strip():
            found.append(urljoin(url, value.strip()))
    return found


def stable_article_id(url: str) -> int:
    """A number for an article whose site shows none: from its URL, stable across crawls.

    53 bits, so the id stays exact in Datasette's JSON for JavaScript readers; collisions
    within one site are negligible at that size (about 1 in 10^4 for a million articles).
    """
    parts = urlsplit(url)
    key = f"{(parts.hostname or '').lower()}{parts.path.rstrip('/')}?{parts.query}"
    return int.from_bytes(hashlib.sha256(key.encode()).digest()[:8], "big") & (2 ** 53 - 1)
