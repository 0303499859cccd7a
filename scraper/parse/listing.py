"""Category listing pages: the article links on a page, their dates, and the next page."""
from __future__ import annotations

from typing import NamedTuple
from urllib.parse import urljoin

from parsel import Selector

from .dates import parse_page_date
from .urls import parse_article_url


class ListedArticle(NamedTuple):
    url: str
    published_at: str | None


class Listing(NamedTuple):
    articles: list[ListedArticle]
    next_url: str | None


def parse_listing(html: str, url: str) -> Listing:
    sel = Selector(text=html)
    seen: dict[str, str | None] = {}
    for block in sel.css(".list-berita article, .list-berita .item-berita") or [sel]:
        for href in block.css("a::attr(href)").getall():
            link = urljoin(url, href)
            if parse_article_url(link) and link not in seen:
                seen[link] = parse_page_date(" ".join(block.css(".date ::text").getall())) if block is not sel else None
    next_href = (sel.xpath('//link[@rel="next"]/@href').get()
                 or sel.xpath('//a[@rel="next"]/@href').get())
    return Listing([ListedArticle(u, d) for u, d in seen.items()],
                   urljoin(url, next_href) if next_href else None)
