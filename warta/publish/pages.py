"""The pages a reader meets without SQL: the front page (/) and the program, award, position and
region pages (Datasette row pages with templates in ./templates).

Each page runs a handful of indexed queries with a LIMIT; the front page's aggregates (counts,
officials most mentioned, articles per province) are kept for a few minutes, since only a crawl
changes them and a large archive would otherwise scan per view.
"""
from __future__ import annotations

import json
import time
from datetime import date, timedelta

from datasette.utils.asgi import Response

from warta.publish.charts import month_bars, timeline

# How long the front page's aggregates are reused; a new newest article refreshes them at once.
AGGREGATE_TTL_SECONDS = 300
_aggregates: dict[str, tuple[tuple, float, dict]] = {}
RECENT_DAYS = 30
# A region and everything under it: "63" covers "63" and "63.11" but not "630" ('/' sorts just
# after '.' and before digits), as one range on the region_code index, where LIKE would scan.
IN_REGION = "({col} >= :code and {col} < :code || '/')"


async def _rows(db, sql: str, params=None) -> list[dict]:
    return [dict(r) for r in await db.execute(sql, params or {})]


async def _find_archive(datasette):
    for name, db in datasette.databases.items():
        if name != "_internal" and await db.table_exists("articles"):
            return db
    return None


async def _aggregates_for(db, newest: str, since: str) -> dict:
    key = (newest, since)
    cached = _aggregates.get(db.path)
    if cached and cached[0] == key and time.monotonic() - cached[1] < AGGREGATE_TTL_SECONDS:
        return cached[2]
    counts, recent = {}, {}
    for table in ("articles", "people", "positions", "programs", "awards", "sources"):
        counts[table] = (await db.execute(f"select count(*) from [{table}]")).single_value()
    # From the month's articles (published_at index) to their mentions (article_id index):
    # CROSS JOIN fixes that order and "+" keeps SQLite off the entity_type index, which would
    # read every official mention ever made.
    officials = await _rows(db, """
        select people.id, people.name, count(distinct mentions.article_id) as articles,
               max(articles.published_at) as last_seen, mentions.position, mentions.position_id
        from articles
          cross join mentions on mentions.article_id = articles.id
          join people on people.id = mentions.person_id
        where articles.published_at >= :since and +mentions.entity_type = 'official'
        group by people.id order by articles desc, last_seen desc limit 10""", {"since": since})
    # One count per province over a range of the region_code index: a few times faster than
    # grouping every article by its code's first two digits.
    provinces = await _rows(db, """
        select code, province as name, (select count(*) from articles
          where articles.region_code >= regions.code and articles.region_code < regions.code || '/') as articles
        from regions where kind = 'Provinsi' order by province""")
    for table in ("awards", "programs"):  # no index on last_seen: a sort, so kept with the rest
        recent[table] = await _rows(db, f"""
            select {table}.*, regions.name as region from {table}
              left join regions on regions.code = {table}.region_code
            order by {table}.last_seen desc limit 8""")
    value = {"counts": counts, "officials": officials, "provinces": provinces,
             "recent_awards": recent["awards"], "recent_programs": recent["programs"]}
    _aggregates[db.path] = (key, time.monotonic(), value)
    return value


async def front_page_vars(db) -> dict:
    newest = await _rows(db, """
        select id, title, published_at, region, region_code from articles
        order by published_at desc limit 8""")
    # The newest article's day, unless a page claimed a date in the future.
    today = date.today().isoformat()
    latest = min(newest[0]["published_at"][:10], today) if newest and newest[0]["published_at"] else today
    since = (date.fromisoformat(latest) - timedelta(days=RECENT_DAYS)).isoformat()
    return {"newest": newest, "latest": latest, "since": since, **await _aggregates_for(db, latest, since)}


async def front_page(datasette, request):
    db = await _find_archive(datasette)
    context = {"archive": db.name if db else None, **(await front_page_vars(db) if db else {})}
    return Response.html(await datasette.render_template("warta_front.html", context, request=request))


async def _months(db, where: str, params: dict) -> list[tuple[str, int]]:
    """Articles per month among the articles that mention an entity (``where`` on mentions)."""
    # The (id, published_at) index gives each article's date without reading the article: at a
    # million articles the busiest program's 127,000 took 370 ms through the rows, 150 ms so.
    return [(r["month"], r["n"]) for r in await db.execute(f"""
        select substr(articles.published_at, 1, 7) as month, count(distinct articles.id) as n
        from mentions join articles indexed by idx_articles_id_published_at on articles.id = mentions.article_id
        where {where} group by 1 order by 1""", params)]


async def _mentioning_articles(db, where: str, params: dict) -> list[dict]:
    """The newest 100 articles that mention an entity (``where`` on mentions, whose index leads
    with the entity's id and then article_id). For an entity in over 2% of the archive the
    newest articles are walked until 100 are its own, else its mentions are read and sorted
    (the other branch gets LIMIT 0, evaluated once: a constant WHERE term was not)."""
    return await _rows(db, f"""
        with entity as (select count(*) * 50 > (select max(rowid) from articles) as busy from mentions where {where})
        select * from (
          select articles.id, articles.title, articles.published_at,
                 (select min(mentions.sentence) from mentions
                  where {where} and mentions.article_id = articles.id) as sentence
          from articles
          where exists (select 1 from mentions where {where} and mentions.article_id = articles.id)
          order by articles.published_at desc limit (select 100 * busy from entity))
        union all
        select * from (
          select articles.id, articles.title, articles.published_at, min(mentions.sentence) as sentence
          from mentions join articles on articles.id = mentions.article_id
          where {where}
          group by articles.id order by articles.published_at desc limit (select 100 * not busy from entity))""", params)


def tenure_timeline(rows: list[dict], label: str):
    """person_positions rows as a timeline, each labelled by ``label`` and its acting prefix."""
    return timeline([{"label": r[label] + (f" ({r['acting']})" if r["acting"] else ""), "start": r["first_seen"],
                      "end": r["last_seen"], "acting": r["acting"]} for r in rows])


def other_names(row: dict) -> list[str]:
    """The row's aliases (a JSON list) other than the name and acronym it already shows."""
    shown = {row.get("name"), row.get("acronym")}
    return [alias for alias in json.loads(row.get("aliases") or "[]") if alias not in shown]


async def _entity(db, table: str, entity_id: str) -> dict | None:
    """One program, award or position row, with the name of its region."""
    rows = await _rows(db, f"""
        select {table}.*, regions.name as region from {table}
          left join regions on regions.code = {table}.region_code where {table}.id = :id""", {"id": entity_id})
    return rows[0] if rows else None


async def program_vars(db, program_id: str) -> dict:
    program = await _entity(db, "programs", program_id)
    if not program:
        return {}
    where, params = "mentions.program_id = :id", {"id": program_id}
    program["other_names"] = other_names(program)
    return {"entity": program,
            "chart": month_bars(await _months(db, where, params), "articles"),
            "entity_articles": await _mentioning_articles(db, where, params)}


async def award_vars(db, award_id: str) -> dict:
    award = await _entity(db, "awards", award_id)
    if not award:
        return {}
    where, params = "mentions.award_id = :id", {"id": award_id}
    others = await _rows(db, """
        select id, name, year, rank, last_seen from awards
        where region_code = :code and id != :id order by last_seen desc limit 20""",
                         {"code": award["region_code"], "id": award_id}) if award["region_code"] else []
    return {"entity": award,
            "chart": month_bars(await _months(db, where, params), "articles"),
            "entity_articles": await _mentioning_articles(db, where, params), "other_awards": others}


async def position_vars(db, position_id: str) -> dict:
    position = await _entity(db, "positions", position_id)
    if not position:
        return {}
    holders = await _rows(db, """
        select people.id as person_id, people.name, person_positions.acting,
               person_positions.position_as_written, person_positions.first_seen,
               person_positions.last_seen, person_positions.articles, person_positions.evidence,
               person_positions.first_article_id
        from person_positions join people on people.id = person_positions.person_id
        where person_positions.position_id = :id order by person_positions.first_seen""", {"id": position_id})
    where, params = "mentions.position_id = :id", {"id": position_id}
    return {"entity": position, "holders": holders,
            "timeline": tenure_timeline(holders, "name"), "chart": month_bars(await _months(db, where, params), "articles")}


async def region_vars(db, code: str) -> dict:
    region = await _rows(db, "select * from regions where code = :code", {"code": code})
    if not region:
        return {}
    params = {"code": code}
    in_region = {col: IN_REGION.format(col=col) for col in
                 ("articles.region_code", "positions.region_code", "programs.region_code", "awards.region_code")}
    subregions = await _rows(db, """
        select code, name, kind, (select count(*) from articles where articles.region_code = regions.code) as articles
        from regions where province_code = :code and code != :code order by kind, name""", params)
    # For a region holding over 2% of all positions, the most recently seen holders are walked
    # on the last_seen index (1M articles, busiest province: 120 -> 0.2 ms); for any other its
    # positions are read and sorted, as walking would read every holder (160 ms). The branch not
    # taken gets LIMIT 0.
    columns = """positions.id as position_id, positions.label as position, people.id as person_id, people.name,
               person_positions.acting, person_positions.first_seen, person_positions.last_seen"""
    officials = await _rows(db, f"""
        with share as (select count(*) * 50 > (select max(rowid) from positions) as busy
                       from positions where {in_region["positions.region_code"]})
        select * from (
          select {columns} from person_positions
            cross join positions on positions.id = person_positions.position_id
            join people on people.id = person_positions.person_id
          where {in_region["positions.region_code"]}
          order by person_positions.last_seen desc limit (select 50 * busy from share))
        union all
        select * from (
          select {columns} from positions
            join person_positions on person_positions.position_id = positions.id
            join people on people.id = person_positions.person_id
          where {in_region["positions.region_code"]}
          order by person_positions.last_seen desc limit (select 50 * not busy from share))""", params)
    programs = await _rows(db, f"""
        select id, name, acronym, first_seen, last_seen, articles from programs
        where {in_region["programs.region_code"]} order by last_seen desc limit 50""", params)
    awards = await _rows(db, f"""
        select id, name, year, rank, last_seen from awards
        where {in_region["awards.region_code"]} order by last_seen desc limit 50""", params)
    # Reads only region_code, published_at and rowid: the (region_code, published_at) index
    # answers it without visiting the articles themselves.
    months = [(r["month"], r["n"]) for r in await db.execute(f"""
        select substr(articles.published_at, 1, 7) as month, count(*) as n from articles
        where {in_region["articles.region_code"]} group by 1 order by 1""", params)]
    # The newest 10 of each region in it, read in order from that index, then merged: sorting
    # every article of a busy province took 47 ms of its page at a million articles. A province
    # holds at most 39 regions, far below SQLite's limit of 500 terms in a compound select.
    codes = [r["code"] for r in await _rows(db, f"select code from regions where {IN_REGION.format(col='code')}", params)]
    per_code = " union all ".join(
        f"select * from (select rowid, published_at from articles where region_code = :c{i} "
        "order by published_at desc limit 10)" for i in range(len(codes)))
    newest = await _rows(db, f"""
        select id, title, published_at from articles where rowid in (
          select rowid from ({per_code}) order by published_at desc limit 10)
        order by published_at desc""", {f"c{i}": c for i, c in enumerate(codes)}) if codes else []
    return {"entity": region[0], "subregions": subregions, "officials": officials,
            "programs": programs, "awards": awards, "chart": month_bars(months, "articles"),
            "region_articles": newest}


ENTITY_PAGE_VARS = {"programs": program_vars, "awards": award_vars, "positions": position_vars,
                    "regions": region_vars}
