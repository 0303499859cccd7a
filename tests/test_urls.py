import pytest

from scraper.parse.urls import ArticleURL, parse_article_url


@pytest.mark.parametrize("url, expected", [
    ("https://infopublik.id/kategori/nusantara/812345/bupati-balangan-paparkan-inovasi",
     ArticleURL("nusantara", 812345, "bupati-balangan-paparkan-inovasi")),
    ("https://infopublik.id/kategori/nasional-sosial-budaya/701313/index.html",
     ArticleURL("nasional-sosial-budaya", 701313, None)),
    ("http://127.0.0.1:8000/kategori/nusantara/5/x?utm_source=feed", ArticleURL("nusantara", 5, "x")),
])
def test_article_urls(url, expected):
    assert parse_article_url(url) == expected


@pytest.mark.parametrize("url", [
    "https://infopublik.id/kategori/nusantara",
    "https://infopublik.id/kategori/nusantara?page=2",
    "https://infopublik.id/tag/inovasi",
    "https://infopublik.id/kategori/nusantara/abc/slug",
])
def test_other_urls_are_not_articles(url):
    assert parse_article_url(url) is None
