"""Layer 3: generic main-text extraction with trafilatura, for pages the other layers miss;
and the check that a page from a sitemap or feed is one article, not a listing."""
from __future__ import annotations

import logging

import trafilatura
from parsel import Selector

# trafilatura warns "discarding data" for every page without text; the crawl already counts
# those as warta/dropped/empty_body, so the warning is noise in cron mail.
logging.getLogger("trafilatura").setLevel(logging.ERROR)


def extract_generic(html: str, url: str) -> dict:
    doc = trafilatura.bare_extraction(html, url=url, include_comments=False, include_tables=False,
                                      with_metadata=True, favor_precision=True)
    if doc is None:
        return {}
    paragraphs = [p.strip() for p in (doc.text or "").splitlines() if p.strip()]
    fields = {"title": doc.title, "published_at": doc.date, "author": doc.author,
              "paragraphs": paragraphs or None}
    return {k: v for k, v in fields.items() if v}


_ARTICLE_OG_TYPES = {"article", "news", "newsarticle"}


def listing_reason(html: str) -> str | None:
    """Why a page found through a sitemap or feed looks like a listing (section, tag or search
    page) rather than one article, or None. Sitemaps list such pages beside articles, and
    trafilatura would read a listing's teasers as a body."""
    sel = Selector(text=html)
    og_type = (sel.xpath('//meta[@property="og:type"]/@content').get() or "").strip().lower()
    if og_type in _ARTICLE_OG_TYPES or sel.xpath('//meta[@property="article:published_time"]'):
        return None
    if len(sel.xpath("//article")) >= 3:
        return "listing_page"
    text = len(" ".join(sel.xpath("//body//text()[not(ancestor::script or ancestor::style)]").getall()).split())
    linked = len(" ".join(sel.xpath("//body//a//text()").getall()).split())
    if text and linked / text > 0.5:
        return "listing_page"
    return None
