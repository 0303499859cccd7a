"""From a fetched page to the article record Warta stores: the one path every spider and
``warta reprocess --reparse`` take, so a reparse of the stored raw page gives the same row.

    article_record(raw, url, source, kind="html", encoding="utf-8")

``kind`` says what the raw bytes hold, as ``article_raw.kind`` records it: ``html`` (an article
page) or ``wp-json`` (a WordPress REST API post). What the caller knows beyond the page comes in
as data: the site's id for the article (an API post id, a feed guid's ``?p=``, the stored row's),
fields a feed stated (used when the page lacks them) and the source's own region.
"""
from __future__ import annotations

import json

from pipelines.regions import gazetteer

from .article import parse_article
from .charset import decode_html
from .feeds import stable_article_id
from .wordpress import parse_post, post_id

RAW_KINDS = ("html", "wp-json")


def article_record(raw: bytes, url: str, source: str, *, kind: str = "html",
                   encoding: str | None = None, article_id: int | None = None,
                   fallbacks: dict[str, dict] | None = None, region_code: str | None = None) -> dict:
    """The article dict for one fetched page.

    ``fallbacks`` maps a layer name ("feed") to fields that fill what the page did not give;
    ``region_code`` is the source's region, used when the byline names none.
    """
    if kind == "wp-json":
        fields = parse_post(json.loads(raw), source)
    elif kind == "html":
        html = decode_html(raw, encoding)
        fields = parse_article(html, url, source=source)
        fields["article_id"] = (article_id or fields["article_id"] or post_id(html)
                                or stable_article_id(fields.get("canonical_url") or url))
    else:
        raise ValueError(f"unknown raw kind {kind!r}: expected one of {', '.join(RAW_KINDS)}")
    if article_id:
        fields["article_id"] = article_id
    sources = fields["field_sources"]
    for layer, found in (fallbacks or {}).items():
        for name, value in found.items():
            if value and not fields.get(name):
                fields[name], sources[name] = value, layer
    if not fields.get("region_code") and region_code:
        region = gazetteer().by_code(region_code)
        fields.update(region_code=region.code, region=region.display_name, province=region.province)
        sources["region_code"] = "source"
    fields["field_sources"] = dict(sorted(sources.items()))
    return fields
