"""Layer 3: generic main-text extraction with trafilatura, for pages the other layers miss."""
from __future__ import annotations

import trafilatura


def extract_generic(html: str, url: str) -> dict:
    doc = trafilatura.bare_extraction(html, url=url, include_comments=False, include_tables=False,
                                      with_metadata=True, favor_precision=True)
    if doc is None:
        return {}
    paragraphs = [p.strip() for p in (doc.text or "").splitlines() if p.strip()]
    fields = {"title": doc.title, "published_at": doc.date, "author": doc.author,
              "paragraphs": paragraphs or None}
    return {k: v for k, v in fields.items() if v}
