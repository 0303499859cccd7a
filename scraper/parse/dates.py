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
    shown = find_page_date(text, whole=True)
    if shown:  # the shapes pages print, without the general parser's cost
        return shown
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


_MONTHS = {name: number for number, names in enumerate((
    "januari january jan", "februari february pebruari feb peb", "maret march mar", "april apr",
    "mei may", "juni june jun", "juli july jul", "agustus august agu agt aug ags",
    "september sept sep", "oktober october okt oct", "november nopember nov nop",
    "desember december des dec"), start=1) for name in names.split()}
# The date lines pages print: "Selasa, 16 Februari 2016 | 14:11 WIB", "Kamis, 05/11/2015 10:08 WIB",
# "16 Feb 2016 at 09:10 WIB", "Jum'at, 17 Februari 2017 - 13:30 wib", "Jumat , 17 February 2017, 13:16 WIB".
_YEAR = re.compile(r"(?:19|20)\d\d")
_DATE_LINE = re.compile(
    r"\b(?P<day>\d{1,2})(?:\s+|\s*[/.-]\s*)(?P<month>[a-z]{3,9}\.?|\d{1,2})"
    r"(?:\s+|\s*[/.-]\s*)(?P<year>(?:19|20)\d\d)\b"
    r"(?:\s*(?:[,|\-–—]|\bat\b|\bpukul\b|\bpkl\.?|\bjam\b)?\s*(?:[,|\-–—]|\bat\b|\bpukul\b|\bpkl\.?)?\s*"
    r"(?P<hour>\d{1,2})[:.](?P<minute>\d\d)(?::(?P<second>\d\d))?(?:\s*(?P<zone>WIB|WITA|WIT)\b)?)?", re.I)


def find_page_date(text: str, whole: bool = False) -> str | None:
    """The first date with a time in a line of page text, as ISO 8601 with the zone it states
    ("2016-02-16T14:11:00+07:00"; naive when it states none). A date without a time counts only
    when ``whole`` (the line is nothing but the date). Month names in Indonesian or English."""
    if not _YEAR.search(text):  # most lines: no need for the long pattern
        return None
    for match in _DATE_LINE.finditer(text):
        month = match["month"].lower().rstrip(".")
        month = int(month) if month.isdigit() else _MONTHS.get(month)
        if not month or not (match["hour"] or whole):
            continue
        if whole and len(text) > len(match.group()) + 25:
            return None
        try:
            when = datetime(int(match["year"]), month, int(match["day"]), int(match["hour"] or 0),
                            int(match["minute"] or 0))
        except ValueError:
            continue
        zone = match["zone"]
        if zone:
            when = when.replace(tzinfo=timezone(timedelta(hours=ZONES[zone.upper()])))
        return when.isoformat()
    return None
