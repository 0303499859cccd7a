"""A place per site: selectors for a site whose markup we have learnt, as data, not code.

``sites.yml`` (next to this module) maps a host to CSS selectors (or ``xpath:`` expressions)
for any of title, author, editor, published, body, and ``drop`` for blocks to cut from the
body. An entry applies to the host and its sub-domains ("detik.com" covers finance.detik.com).
Its fields form the "site" layer, which comes before every generic layer: an entry exists
because the generic reading of that site was wrong.

    python -m warta parse --json saved-page.html --url https://finance.detik.com/...   # check an entry
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from urllib.parse import urlsplit

import yaml
from parsel import Selector

from .dates import find_page_date, parse_page_date
from .page import visible_lines

SITES_FILE = Path(__file__).with_name("sites.yml")
FIELDS = ("title", "author", "editor", "published", "body", "drop")


class SiteError(ValueError):
    """A sites.yml entry that cannot be used."""


def load_sites(path: str | Path = SITES_FILE) -> dict[str, dict[str, str]]:
    """Host -> {field: selector}; every problem is reported with its entry."""
    data = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
    sites = data.get("sites") or {}
    problems = []
    for host, entry in sites.items():
        if not isinstance(entry, dict):
            problems.append(f"{host}: must be a mapping of field -> selector")
            continue
        for unknown in sorted(set(entry) - set(FIELDS)):
            problems.append(f"{host}: unknown field {unknown!r} (known: {', '.join(FIELDS)})")
    if problems:
        raise SiteError(f"{path}: " + "; ".join(problems))
    return {host.lower(): entry for host, entry in sites.items()}


@lru_cache(maxsize=1)
def _shipped() -> dict[str, dict[str, str]]:
    return load_sites(SITES_FILE)


def site_entry(url: str, sites: dict[str, dict[str, str]] | None = None) -> dict[str, str] | None:
    """The entry for a page's host or the nearest parent domain that has one."""
    sites = _shipped() if sites is None else sites
    host = (urlsplit(url).hostname or "").lower()
    labels = host.split(".")
    for i in range(len(labels) - 1):
        entry = sites.get(".".join(labels[i:]))
        if entry:
            return entry
    return None


def _select(sel: Selector, selector: str):
    return sel.xpath(selector[6:].strip()) if selector.startswith("xpath:") else sel.css(selector)


def extract_site(sel: Selector, entry: dict[str, str] | None) -> dict:
    """Fields read with a site's own selectors; absent ones are left out."""
    if not entry:
        return {}
    fields: dict = {}
    for name in ("title", "author", "editor"):
        if entry.get(name):
            text = " ".join(" ".join(_select(sel, entry[name]).xpath(".//text()").getall()).split())
            fields[name] = text or None
    if entry.get("published"):
        text = " ".join(" ".join(_select(sel, entry["published"]).xpath(".//text()").getall()).split())
        fields["published_at"] = find_page_date(text) or parse_page_date(text)
    if entry.get("body"):
        drop = {e.root for e in _select(sel, entry["drop"])} if entry.get("drop") else set()
        paragraphs = []
        for element in _select(sel, entry["body"]):
            paragraphs += [line.text for line in visible_lines(element.root, within=True)
                           if not _dropped(line.block, drop)]
        fields["paragraphs"] = paragraphs or None
    return {k: v for k, v in fields.items() if v}


def _dropped(element, drop: set) -> bool:
    while element is not None:
        if element in drop:
            return True
        element = element.getparent()
    return False
