"""Small charts drawn on the server as inline SVG: no JavaScript and no network, so they work on
an archive served offline and in a feed reader's preview. Every piece of text is escaped.

    month_bars([("2024-01", 3), ("2024-03", 1)], "articles")   # bars per month, gaps filled
    timeline([{"label": "Budi (Pj)", "start": "2023-05-01", "end": "2024-02-01", "acting": "Pj"}])
"""
from __future__ import annotations

from datetime import date

from markupsafe import Markup, escape


def _months_between(first: str, last: str) -> list[str]:
    """"2023-11", "2024-02" -> ["2023-11", "2023-12", "2024-01", "2024-02"]."""
    year, month = int(first[:4]), int(first[5:7])
    months = []
    while f"{year:04d}-{month:02d}" <= last:
        months.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def month_bars(counts: list[tuple[str, int]], unit: str, height: int = 80) -> Markup:
    """One bar per month (YYYY-MM) from the first month to the last, empty months included, so
    a gap in the reporting shows as a gap. Hover a bar for its month and count.

    Positions are percentages of the chart's width, not a viewBox, so the chart fills a phone
    or a desktop column while its text keeps its size."""
    counts = [(month[:7], n) for month, n in counts if month]
    if not counts:
        return Markup("")
    by_month = dict(counts)
    months = _months_between(min(by_month), max(by_month))
    top = max(by_month.values())
    slots = max(len(months), 8)  # a few months still draw as bars, not as slabs
    slot = 100 / slots
    plot_top, label_space = 16, 16
    parts = [Markup('<svg class="warta-chart" role="img" width="100%" height="{}" style="max-width: {}px">'
                    '<title>{} per month, {} to {}</title>').format(
        plot_top + height + label_space, max(slots * 22, 200), unit, months[0], months[-1])]
    for i, month in enumerate(months):
        n = by_month.get(month, 0)
        h = max(round(height * n / top), 1)
        parts.append(Markup('<rect x="{:.2f}%" y="{}" width="{:.2f}%" height="{}"><title>{}: {} {}</title></rect>').format(
            i * slot, plot_top + height - h, slot * 0.8, h, month, n, unit))
    axis_y = plot_top + height + 13
    parts.append(Markup('<text x="0" y="11" class="warta-axis">most in a month: {}</text>').format(top))
    parts.append(Markup('<text x="0" y="{}" class="warta-axis">{}</text>').format(axis_y, months[0]))
    if len(months) > 1:
        parts.append(Markup('<text x="{:.2f}%" y="{}" text-anchor="end" class="warta-axis">{}</text>').format(
            len(months) * slot, axis_y, months[-1]))
    parts.append(Markup("</svg>"))
    return Markup("").join(parts)


def _day(value: str) -> date:
    return date.fromisoformat(value[:10])


def _short(label: str, limit: int = 48) -> str:
    return label if len(label) <= limit else label[:limit - 1] + "…"


def timeline(spells: list[dict], row_height: int = 34) -> Markup:
    """A tenure timeline: one row per spell (label, start, end as YYYY-MM-DD, acting or None),
    its label above a bar from the first to the last article that reports it; acting posts in
    another colour. The bars are the press's view (first and last seen), not official dates."""
    spells = [s for s in spells if s.get("start") and s.get("end")]
    if not spells:
        return Markup("")
    first = min(_day(s["start"]) for s in spells)
    last = max(_day(s["end"]) for s in spells)
    days = max((last - first).days, 1)

    def x(day: date) -> float:
        return 99 * (day - first).days / days  # the last percent keeps a one-day bar in view

    height = row_height * len(spells) + 20
    parts = [Markup('<svg class="warta-chart warta-timeline" role="img" width="100%" height="{}">'
                    '<title>Reported tenures, {} to {}</title>').format(height, first.isoformat(), last.isoformat())]
    for year in range(first.year + 1, last.year + 1):
        tick = x(date(year, 1, 1))
        parts.append(Markup('<line x1="{:.2f}%" x2="{:.2f}%" y1="0" y2="{}" class="warta-tick"/>'
                            '<text x="{:.2f}%" y="{}" class="warta-axis">{}</text>').format(
            tick, tick, height - 16, tick, height - 4, year))
    for i, spell in enumerate(spells):
        y = i * row_height
        start = x(_day(spell["start"]))
        width = max(x(_day(spell["end"])) - start, 1)
        parts.append(Markup('<text x="{:.2f}%" y="{}" class="warta-label"{}>{}</text>').format(
            min(start, 99), y + 12, Markup(' text-anchor="end"') if start > 60 else "", _short(spell["label"])))
        parts.append(Markup('<rect x="{:.2f}%" y="{}" width="{:.2f}%" height="14" class="{}">'
                            '<title>{}: {} to {}</title></rect>').format(
            start, y + 16, width, "acting" if spell.get("acting") else "held", spell["label"],
            spell["start"], spell["end"]))
    parts.append(Markup('<text x="0" y="{}" class="warta-axis">{}</text>').format(height - 4, first.isoformat()))
    if first != last:
        parts.append(Markup('<text x="100%" y="{}" text-anchor="end" class="warta-axis">{}</text>').format(
            height - 4, last.isoformat()))
    parts.append(Markup("</svg>"))
    return Markup("").join(parts)
