"""Warta's Datasette plugin: stemmed search in SQL, highlighted snippets, linked ids, the
article page with the extracted entities marked in the text, and the reader's pages (pages.py):
the front page and a page per person, program, award, position and region.

Registered through the ``datasette`` entry point in setup.cfg; templates are in ./templates.
"""
from __future__ import annotations

import sqlite3
from functools import partial

from datasette import hookimpl
from datasette.database import QueryInterrupted
from datasette.utils import tilde_decode, tilde_encode
from markupsafe import Markup, escape

from pipelines.search import SNIPPET_END, SNIPPET_START, register_sql_functions, stem_text
from warta.publish.facets import REPLACEMENTS
from warta.publish.pages import ENTITY_PAGE_VARS, front_page, other_names, tenure_timeline

# search_snippet() wraps matches in SNIPPET_START/END, and render_cell turns them into <mark>
# after escaping everything else, so scraped text can never inject markup.
# Query-result columns that hold an id of an archive row, and the table it belongs to.
ID_COLUMNS = {"article_id": "articles", "first_article_id": "articles", "person_id": "people",
              "position_id": "positions", "program_id": "programs", "award_id": "awards"}


@hookimpl
def prepare_connection(conn):
    register_sql_functions(conn)


# Datasette 0.65 counts every table for the database page with a 5 ms limit it cannot enforce
# on count(*) (one SQLite step, never interrupted), so at a million articles that page spent
# most of a second counting. As Datasette 1.0 does, a table is counted up to this many rows and
# shown as "Many rows" beyond; the front page and the table pages still give exact counts.
COUNT_LIMIT = 10_000


async def bounded_table_counts(db, limit: int = 10) -> dict[str, int | None]:
    """Datasette's ``Database.table_counts`` for a mutable archive: None above COUNT_LIMIT rows."""
    counts = {}
    for table in await db.table_names():
        try:
            count = (await db.execute(f"select count(*) from (select 1 from [{table}] limit {COUNT_LIMIT + 1})",
                                      custom_time_limit=limit)).single_value()
        except (QueryInterrupted, sqlite3.DatabaseError):
            count = None
        counts[table] = count if count is not None and count <= COUNT_LIMIT else None
    return counts


@hookimpl
def startup(datasette):
    stem_text("pemerintah")  # load the stemmer's dictionary now, not inside a query's time limit
    for db in datasette.databases.values():
        if db.is_mutable:  # an immutable one is counted once, at start-up, by Datasette itself
            db.table_counts = partial(bounded_table_counts, db)


@hookimpl(hookwrapper=True)
def register_facet_classes():
    """Datasette's column and array facets, reading counted facets from facet_counts first."""
    outcome = yield
    outcome.force_result([[REPLACEMENTS.get(c, c) for c in classes] for classes in outcome.get_result()])


@hookimpl
def extra_css_urls(columns, datasette):
    urls = [datasette.urls.static_plugins("warta", "warta.css")]
    # The atom_* columns of a canned query exist only for its Atom feed (datasette-atom).
    if any(c.startswith("atom_") for c in columns or []):
        urls.append(datasette.urls.static_plugins("warta", "feed-columns.css"))
    return urls


@hookimpl
def prepare_jinja2_environment(env):
    env.filters["tilde_encode"] = tilde_encode  # row URLs for ids such as "infopublik-816031"


@hookimpl
def render_cell(value, column, table, database, datasette):
    if not isinstance(value, str):
        return None
    if column == "snippet" and SNIPPET_START in value:
        html = str(escape(value)).replace(SNIPPET_START, "<mark>").replace(SNIPPET_END, "</mark>")
        return Markup(html)
    # Table pages link foreign keys already; canned-query results need it done here.
    if table is None and column in ID_COLUMNS:
        url = datasette.urls.row(database, ID_COLUMNS[column], tilde_encode(value))
        return Markup('<a href="{}">{}</a>').format(url, value)
    return None


def highlight_entities(body: str, spans: list[dict]) -> Markup:
    """The body as HTML with each mention wrapped in <mark>; every piece of text is escaped."""
    parts, cursor = [], 0
    for span in sorted(spans, key=lambda s: (s["start"], -s["end"])):
        start, end = span["start"], span["end"]
        if start is None or end is None or start < cursor or end > len(body):
            continue  # overlapping or out-of-range spans are left unmarked
        parts.append(escape(body[cursor:start]))
        label = span["entity_type"] + (f": {span['position']}" if span.get("position") else "")
        parts.append(Markup('<mark class="entity entity-{}" title="{}">{}</mark>').format(
            span["entity_type"], label, body[start:end]))
        cursor = end
    parts.append(escape(body[cursor:]))
    paragraphs = Markup("".join(str(p) for p in parts)).split("\n\n")
    return Markup("".join(f"<p>{p}</p>" for p in paragraphs))


@hookimpl
def extra_template_vars(template, database, table, view_name, request, datasette):
    if view_name != "row" or table not in PAGE_VARS:
        return {}

    async def page_vars():
        db = datasette.get_database(database)
        return await PAGE_VARS[table](db, tilde_decode(request.url_vars["pks"]))

    return page_vars


async def _article_vars(db, article_id: str) -> dict:
    row = (await db.execute(
        "select title, body, url, source, author, region, published_at, updated_at "
        "from articles where id = ?", [article_id])).first()
    if row is None or not row["body"]:
        return {}
    spans = [dict(r) for r in await db.execute(
        "select entity_type, position, start, end from mentions where article_id = ? "
        "union all select 'date', null, start, end from dates where article_id = ?",
        [article_id, article_id])]
    return {"article": dict(row), "highlighted_body": highlight_entities(row["body"], spans)}


async def _person_vars(db, person_id: str) -> dict:
    """A person's record as a reporter reads it: positions over time, then every article."""
    person = (await db.execute(
        "select people.*, regions.name as region from people "
        "left join regions on regions.code = people.region_code where people.id = ?", [person_id])).first()
    if person is None:
        return {}
    positions = [dict(r) for r in await db.execute(
        "select positions.label as position, person_positions.position_id, person_positions.acting, regions.name as region, "
        "person_positions.first_seen, person_positions.last_seen, person_positions.articles, "
        "person_positions.evidence, person_positions.first_article_id "
        "from person_positions join positions on positions.id = person_positions.position_id "
        "left join regions on regions.code = positions.region_code "
        "where person_positions.person_id = ? order by person_positions.first_seen", [person_id])]
    # The newest page of the person_articles query, which reads only one page even for the
    # busiest official; older pages are that query's, linked from the page.
    query = await db.ds.get_canned_query(db.name, "person_articles", None)
    articles = [dict(r, id=r["article_id"]) for r in await db.execute(
        query["sql"], {"person": person_id, "before": ""})]
    total = (await db.execute("select count(*) from mentions where person_id = ?", [person_id])).single_value()
    return {"person": {**dict(person), "other_names": other_names(dict(person))}, "person_positions": positions,
            "person_articles": articles, "person_articles_total": total,
            "timeline": tenure_timeline(positions, "position")}


PAGE_VARS = {"articles": _article_vars, "people": _person_vars, **ENTITY_PAGE_VARS}


@hookimpl
def register_routes():
    # Matched before Datasette's own routes: "/" becomes the reader's front page (the list of
    # databases stays at /.json and each database at /NAME).
    return [(r"^/$", front_page)]

