"""Publication dates as pages print them, to ISO 8601 with the zone the page states."""
from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone

import dateparser

ZONES = {"WIB": 7, "WITA": 8, "WIT": 9}
_ZONE_RE = re.compile(r"\b(WIB|WITA|WIT)\b")
_DAY_RE = re.compile(r"^\s*(Senin|Selasa|Rabu|Kamis|Jum'?at|Sabtu|Minggu|Ahad)\s*,?\s*", re.I)
# Only absolute dates: pages state them, and the relative-time parser ("2 jam lalu") costs
# more than the rest of the parse and would date an article by the moment it was read.
_SETTINGS = {"DATE_ORDER": "DMY", "PREFER_DAY_OF_MONTH": "first", "REQUIRE_PARTS": ["day", "month", "year"],
             "PARSERS": ["timestamp", "absolute-time"]}


def parse_page_date(text: str | None) -> str | None:
    """"Selasa, 27 Februari 2024 | 19:49 WIB" -> "2024-02-27T19:49:00+07:00".

    ISO strings from metadata keep their own offset. A date with no stated zone and no offset
    stays naive ("2024-02-27T19:49:00"): guessing a zone would invent a fact.
    """
    if not text or not text.strip():
        return None
    text = " ".join(text.split())
    try:  # metadata dates are ISO 8601 already; no need for the general parser
        return datetime.fromisoformat(text.replace("Z", "+00:00")).isoformat()
    except ValueError:
        pass
    zone = _ZONE_RE.search(text)
    cleaned = _DAY_RE.sub("", _ZONE_RE.sub("", text)).replace("|", " ").strip(" ,-")
    parsed = dateparser.parse(cleaned, languages=["id", "en"], settings=_SETTINGS)
    if parsed is None:
        return None
    if zone and parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=timezone(timedelta(hours=ZONES[zone.group(1)])))
    return parsed.isoformat()


def is_before(iso: str, day: str) -> bool:
    """Whether an ISO timestamp falls on a calendar day (its own zone) before ``day`` (YYYY-MM-DD)."""
    return datetime.fromisoformat(iso).date().isoformat() < day
