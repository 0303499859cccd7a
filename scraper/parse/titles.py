"""Headlines without the site's name: "Samsul Arif Tak Beban - Kompas.com" -> "Samsul Arif Tak Beban".

The site's name is learnt from the page (og:site_name, the publisher, application-name) and
from the host, never from a list of sites: a part of the title cut off by a separator
(" - ", " | ", " :: ", or "Name: " at the start) is dropped when it names the site.
"""
from __future__ import annotations

import re
from urllib.parse import urlsplit

_SEPARATORS = re.compile(r"\s+(?:\||-|–|—|::|»|·)\s+")
_PREFIX = re.compile(r"^(?P<name>[^:]{2,40}):\s+")
_DOMAIN = re.compile(r"\b[\w-]+\.(?:com|net|org|id|co\.id|go\.id|or\.id|ac\.id|tv|news)\b", re.I)
_GENERIC_HOST_LABELS = {"www", "m", "mobile", "amp", "news", "berita", "com", "co", "go", "id", "net", "org",
                        "or", "ac", "web", "sch", "my", "desa", "tv"}


def text_key(text: str) -> str:
    """Lower-case letters and digits only: how two spellings of one text are compared."""
    return re.sub(r"\W+", "", text.lower())


def site_tokens(urls: list[str | None], names: list[str | None]) -> tuple[str, ...]:
    """Lower-case words that name the site: the registered name of its hosts ("kompas" in
    bola.kompas.com; sub-domains are sections) and the words of its stated names."""
    tokens = set()
    for url in urls:
        host = (urlsplit(url).hostname or "") if url else ""
        labels = [label for label in host.lower().split(".") if label not in _GENERIC_HOST_LABELS]
        if labels:
            tokens.add(labels[-1])
    for name in names:
        for word in re.findall(r"[\w.]+", (name or "").lower()):
            word = word.split(".")[0]
            if len(word) >= 4 and word not in ("online", "news", "berita", "portal", "media", "official"):
                tokens.add(word)
    return tuple(sorted(t for t in tokens if len(t) >= 3))


def names_site(part: str, tokens: tuple[str, ...]) -> bool:
    key = text_key(part)
    return bool(_DOMAIN.search(part)) or any(token in key for token in tokens) and len(part.split()) <= 5


def clean_title(title: str | None, tokens: tuple[str, ...]) -> str | None:
    """The title without leading or trailing parts that name the site."""
    if not title:
        return None
    title = " ".join(title.split())
    prefix = _PREFIX.match(title)
    if prefix and names_site(prefix["name"], tokens):
        title = title[prefix.end():]
    parts = _SEPARATORS.split(title)
    seps = _SEPARATORS.findall(title)
    while len(parts) > 1 and names_site(parts[-1], tokens):
        parts.pop()
        seps.pop()
    while len(parts) > 1 and names_site(parts[0], tokens):
        parts.pop(0)
        seps.pop(0)
    return "".join(p + s for p, s in zip(parts, seps + [""])).strip() or None


def same_text(line: str, title: str) -> bool:
    """Whether a line of the page is the headline ``title``: the same words, or the title with a
    kicker ("FOTO: ...", "In Picture: ...") or the title the line is a separated part of."""
    a, b = text_key(line), text_key(title)
    if not a or not b:
        return False
    if a == b:
        return True
    if len(a) > len(b):  # a kicker before the headline on the page
        return a.endswith(b) and len(a) - len(b) <= 20 and ":" in line
    # "Musik - Bikin Gaduh ...": the metadata title holds a section before the headline
    return any(text_key(part) == a for part in _SEPARATORS.split(title)) and len(a) > 15
