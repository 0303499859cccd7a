"""InfoPublik's URL shapes (indonesia.go.id uses the same)."""
from __future__ import annotations

import re
from typing import NamedTuple
from urllib.parse import urlsplit

# /kategori/<category>/<numeric id>/<slug> or /kategori/<category>/<numeric id>/index.html
_ARTICLE_PATH = re.compile(r"^/kategori/(?P<category>[a-z0-9-]+)/(?P<id>\d+)(?:/(?P<slug>[^/]+?))?/?$")


class ArticleURL(NamedTuple):
    category: str
    article_id: int
    slug: str | None


def parse_article_url(url: str) -> ArticleURL | None:
    """The category, numeric id (the natural key) and slug of an article URL, else None."""
    match = _ARTICLE_PATH.match(urlsplit(url).path)
    if not match:
        return None
    slug = match["slug"]
    return ArticleURL(match["category"], int(match["id"]), None if slug == "index.html" else slug)
