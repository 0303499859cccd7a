"""The ``warta`` command: a thin layer over the crawler, the archive and Datasette.

    warta demo [--db PATH] [--no-serve] [--port N]
    warta crawl SPIDER [-a NAME=VALUE]... [-s NAME=VALUE]... [--db PATH]   (exit statuses: warta/schedule.py)
    warta serve [--db PATH] [--port N]
    warta extract [--jsonl] [--published YYYY-MM-DD] PATH...
    warta parse [--json] [--url URL] FILE|URL...
"""
from __future__ import annotations

import os
import signal
import sys
from pathlib import Path

import click
from rich.console import Console

from pipelines.nlp.cli import extract
from scraper.settings import WARTA_DB_PATH
from warta import __version__

console = Console(stderr=True, soft_wrap=True)  # no wrapping: lines stay greppable in cron mail
# Shipped inside the package (the top-level metadata.yml is a link to it), so an installed warta serves too.
PACKAGED_METADATA = Path(__file__).resolve().parent / "publish" / "metadata.yml"

# Settings that suit a public archive: a slow query gives up rather than hogging the server.
# Suggesting facets runs a GROUP BY per column on every table page (seconds at a million
# articles); any column can still be faceted from its menu. Long bodies are cut in tables.
DATASETTE_SETTINGS = {"sql_time_limit_ms": 3000, "default_page_size": 50,
                      "max_returned_rows": 2000, "facet_time_limit_ms": 500,
                      "suggest_facets": False, "truncate_cells_html": 400}


class BadInput(click.ClickException):
    """One line on stderr and exit status 2, as for any bad argument."""
    exit_code = 2  # EXIT_CONFIG of warta/schedule.py


def _key_values(pairs: tuple[str, ...], option: str) -> dict:
    result = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name:
            raise click.BadParameter(f"expected NAME=VALUE, got {pair!r}", param_hint=option)
        result[name] = value
    return result


def run_crawl(spider: str, spider_args: dict | None = None, settings: dict | None = None) -> tuple[dict, int | None]:
    """Run one spider to the end in this process; return its stats and the signal (SIGINT,
    SIGTERM) that stopped it early, if one did.

    Scrapy's reactor cannot restart, so call this at most once per process.
    """
    os.environ.setdefault("SCRAPY_SETTINGS_MODULE", "scraper.settings")
    from scrapy.crawler import CrawlerProcess
    from scrapy.utils.project import get_project_settings

    class Process(CrawlerProcess):
        signum: int | None = None

        def _signal_shutdown(self, signum, frame):  # Scrapy's graceful-stop handler
            self.signum = self.signum or signum
            super()._signal_shutdown(signum, frame)

    project_settings = get_project_settings()
    project_settings.setdict(settings or {}, priority="cmdline")
    process = Process(project_settings)
    if spider not in process.spider_loader.list():
        known = ", ".join(sorted(process.spider_loader.list()))
        raise click.BadParameter(f"no spider {spider!r}; known spiders: {known}", param_hint="SPIDER")
    spider_cls = process.spider_loader.load(spider)
    if hasattr(spider_cls, "check_arguments"):  # fail before the reactor starts, not inside it
        try:
            spider_cls.check_arguments(**(spider_args or {}))
        except (TypeError, ValueError) as error:
            raise click.BadParameter(str(error), param_hint="-a") from None
    crawler = process.create_crawler(spider)
    process.crawl(crawler, **(spider_args or {}))
    process.start()
    return crawler.stats.get_stats(), process.signum


def crawl_summary(stats: dict) -> str:
    dropped = {k.rsplit("/", 1)[1]: v for k, v in stats.items() if k.startswith("warta/dropped/")}
    stored = {k.rsplit("/", 1)[1]: v for k, v in stats.items() if k.startswith("warta/stored/")}
    parts = [f"{stats.get('response_received_count', 0)} pages fetched",
             "stored " + (", ".join(f"{v} {k}" for k, v in sorted(stored.items())) or "nothing")]
    if dropped:
        parts.append("dropped " + ", ".join(f"{v} {k}" for k, v in sorted(dropped.items())))
    errors = stats.get("log_count/ERROR", 0)
    if errors:
        parts.append(f"{errors} errors")
    return "; ".join(parts)


def find_metadata() -> Path:
    """A metadata.yml in the current folder (a deployment's own), else the one Warta ships."""
    local = Path.cwd() / "metadata.yml"
    return local if local.exists() else PACKAGED_METADATA


def datasette_command(db: Path, port: int) -> list[str]:
    command = [sys.executable, "-m", "datasette", "serve", str(db), "--host", "127.0.0.1",
               "--port", str(port), *_publishing_config(db)]
    for name, value in DATASETTE_SETTINGS.items():
        command += ["--setting", name, str(value)]
    return command


def _publishing_config(db: Path) -> list[str]:
    """--metadata (and --template-dir) for a database named after ``db``'s file.

    metadata.yml and the article page template speak of the database ``archive``; an archive
    in another file gets a copy of both under its own name, so nothing is lost by renaming it.
    """
    metadata = find_metadata()
    if db.stem == "archive":
        return ["--metadata", str(metadata)]
    import tempfile

    import yaml
    from datasette.utils import to_css_class

    config = yaml.safe_load(metadata.read_text(encoding="utf-8"))
    config["databases"] = {db.stem: config["databases"]["archive"]}
    folder = Path(tempfile.mkdtemp(prefix="warta-serve-"))
    (folder / "metadata.yml").write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    for template in (Path(__file__).parent / "publish" / "templates").glob("row-archive-*.html"):
        table = template.stem.removeprefix("row-archive-")
        (folder / f"row-{to_css_class(db.stem)}-{table}.html").write_text(
            f'{{% extends "{template.name}" %}}\n', encoding="utf-8")
    return ["--metadata", str(folder / "metadata.yml"), "--template-dir", str(folder)]


def open_archive(db: Path):
    """The archive at ``db``, upgraded to the current schema if it is older (said in one line);
    a missing, non-SQLite or newer-version file is a one-line error."""
    from pipelines.archive import Archive
    from pipelines.schema import SchemaError

    if not db.exists():
        raise click.ClickException(f"{db} does not exist: run `warta crawl` or `warta demo` first")
    try:
        archive = Archive(db)
    except SchemaError as error:
        raise click.ClickException(str(error)) from None
    if archive.upgraded:
        console.print(archive.upgraded)
    return archive


def _serve(db: Path, port: int) -> None:
    open_archive(db).db.close()  # Datasette reads it as it is: upgrade it first
    console.print(f"[bold]serving[/] {db} with Datasette on http://127.0.0.1:{port}/ (Ctrl-C stops)")
    console.file.flush()
    # Become Datasette, so Ctrl-C, kill and service managers reach the server itself.
    os.execv(sys.executable, datasette_command(db, port))


@click.group()
@click.version_option(__version__)
def cli():
    """Warta: an archive of Indonesian government press releases."""


@cli.command()
@click.argument("spider", required=False)
@click.option("-a", "spider_args", multiple=True, metavar="NAME=VALUE",
              help="Spider argument, as with scrapy crawl: category=..., since=YYYY-MM-DD, max_pages=N.")
@click.option("-s", "settings", multiple=True, metavar="NAME=VALUE", help="Scrapy setting override.")
@click.option("--db", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Archive to write (default: the WARTA_DB_PATH setting, archive.db).")
@click.option("--all", "all_sources", is_flag=True,
              help="Crawl every source in the registry that is due (for cron); exit 1 if one is unhealthy.")
@click.option("--sources", type=click.Path(dir_okay=False, path_type=Path), default=Path("sources.yml"),
              show_default=True, help="The source registry, with --all.")
@click.option("--source", "names", multiple=True, metavar="NAME",
              help="With --all: only these sources (repeatable).")
@click.option("--refresh", is_flag=True, help="Fetch known pages again instead of skipping them.")
@click.option("--since", metavar="YYYY-MM-DD", help="Only articles published or changed since this day.")
@click.option("--force", is_flag=True, help="With --all: crawl sources even if they are not due yet.")
def crawl(spider, spider_args, settings, db, all_sources, sources, names, refresh, since, force):
    """Crawl SPIDER (infopublik, indonesiagoid, wordpress, feeds) into the archive, or with --all
    every due source of sources.yml."""
    from warta.schedule import EXIT_LOCKED, Locked, archive_problem, crawl_all, crawl_lock, exit_status

    overrides = _key_values(settings, "-s")
    if all_sources:
        if spider:
            raise click.UsageError("give SPIDER or --all, not both")
        sys.exit(crawl_all(sources, db or Path("archive.db"), names=list(names) or None,
                           refresh=refresh, since=since, force=force, settings=overrides))
    if not spider:
        raise click.UsageError("SPIDER is required unless --all is given")
    if db:
        overrides["WARTA_DB_PATH"] = str(db)
    db_path = Path(overrides.get("WARTA_DB_PATH") or WARTA_DB_PATH)
    args = _key_values(spider_args, "-a")
    if since:
        args["since"] = since
    if refresh:
        overrides["WARTA_REFRESH"] = "True"
    problem = archive_problem(db_path)
    if problem:
        raise BadInput(problem)
    if db_path.exists():  # refuse an archive of a newer Warta, and upgrade an old one, before crawling
        try:
            open_archive(db_path).db.close()
        except click.ClickException as error:
            raise BadInput(error.message) from None
    try:
        with crawl_lock(db_path):
            stats, signum = run_crawl(spider, args, overrides)
    except Locked as error:
        console.print(str(error), markup=False)
        sys.exit(EXIT_LOCKED)
    status = exit_status(stats, signum)
    line = f"[bold]crawl {spider}[/]: {crawl_summary(stats)}"
    if signum:
        line += f"; interrupted by {signal.Signals(signum).name} (a JOBDIR resumes it)"
    elif "warta/healthy" not in stats:
        line += "; UNHEALTHY: the run could not be recorded (errors above)"
    elif status:
        line += "; UNHEALTHY (problems above)"
    console.print(line)
    sys.exit(status)


@cli.command()
@click.option("--db", type=click.Path(dir_okay=False, path_type=Path), default=Path("archive.db"),
              show_default=True)
@click.option("--port", default=8001, show_default=True)
def serve(db, port):
    """Publish the archive with Datasette and metadata.yml."""
    _serve(db, port)


@cli.command()
@click.option("--db", type=click.Path(dir_okay=False, path_type=Path), default=Path("archive.db"),
              show_default=True)
@click.option("--reparse", is_flag=True, help="Parse the stored raw HTML again before extracting.")
@click.option("--workers", type=click.IntRange(1), default=os.cpu_count() or 1, show_default=True,
              help="Processes running the NLP pipeline (one per core).")
def reprocess(db, reparse, workers):
    """Re-run the current NLP pipeline over every stored article (no network)."""
    import time

    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    from warta.reprocess import reprocess as run

    archive = open_archive(db)
    total = archive.db["articles"].count
    columns = (TextColumn("reprocess"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
    with Progress(*columns, console=console, transient=False) as progress:
        task = progress.add_task("articles", total=total)
        started = time.perf_counter()
        counts = run(archive, reparse=reparse, workers=workers, on_article=lambda _: progress.advance(task))
        rate = counts["articles"] / max(time.perf_counter() - started, 1e-9)
    console.print("[bold]reprocess[/] " + ", ".join(f"{n} {t}" for t, n in counts.items())
                  + f" ({rate:.1f} articles/s with {workers} worker{'s' if workers > 1 else ''})")


@cli.command()
@click.option("--db", type=click.Path(dir_okay=False, path_type=Path), default=Path("archive.db"),
              show_default=True)
@click.option("--no-serve", is_flag=True, help="Stop after the crawl instead of starting Datasette.")
@click.option("--no-nlp", is_flag=True, help="Skip the NLP stage (faster; articles only).")
@click.option("--port", default=8001, show_default=True)
def demo(db, no_serve, no_nlp, port):
    """Crawl the bundled sample site over HTTP into the archive, then serve it."""
    from warta.samplesite.server import SampleSiteServer

    if db.exists():
        open_archive(db).db.close()
    with SampleSiteServer() as server:
        console.print(f"[bold]1/4 sample site[/] on {server.base_url} "
                      f"({len(server.site.articles)} article pages)")
        console.print("[bold]2/4 crawl[/] infopublik spider over HTTP, with extraction and NLP ...")
        stats, _ = run_crawl("infopublik", {}, {
            "WARTA_INFOPUBLIK_BASE_URL": server.base_url, "WARTA_DB_PATH": str(db),
            "DOWNLOAD_DELAY": 0, "AUTOTHROTTLE_ENABLED": False,
            "CONCURRENT_REQUESTS_PER_DOMAIN": 8, "LOG_LEVEL": "WARNING",
            "WARTA_NLP_ENABLED": not no_nlp})
    console.print(f"      {crawl_summary(stats)}")
    db_counts = open_archive(db).db
    counts = {t: db_counts[t].count for t in ("articles", "mentions", "people", "positions", "programs",
                                              "awards", "dates")}
    console.print("[bold]3/4 archive[/] " + str(db) + ": "
                  + ", ".join(f"{n} {t}" for t, n in counts.items()))
    if no_serve:
        console.print("[bold]4/4 done[/] (--no-serve): `warta serve --db " + str(db) + "` publishes it")
        return
    console.print("[bold]4/4 Datasette[/]")
    _serve(db, port)


def _fetch(address: str) -> tuple[bytes, str | None]:
    """A live page's bytes and the charset its Content-Type states."""
    from urllib.request import Request, urlopen

    from scraper.settings import USER_AGENT

    with urlopen(Request(address, headers={"User-Agent": USER_AGENT}), timeout=30) as reply:
        return reply.read(), reply.headers.get_content_charset()


def _show(record: dict) -> str:
    """The record as "field  value  [layer]" lines, the body shortened."""
    sources = record["field_sources"]
    lines = []
    for name, value in record.items():
        if name in ("field_sources", "body") or value in (None, [], ""):
            continue
        layer = sources.get(name) or sources.get(name.removesuffix("_at") + "_at") or ""
        lines.append(f"{name:<20}{value}" + (f"  [{layer}]" if layer else ""))
    body = record.get("body") or ""
    paragraphs = body.split("\n\n") if body else []
    lines.append(f"{'body':<20}{len(paragraphs)} paragraphs, {len(body.split())} words"
                 + (f"  [{sources['body']}]" if "body" in sources else ""))
    for paragraph in paragraphs[:2] + (["..."] if len(paragraphs) > 3 else []) + paragraphs[2:][-1:]:
        lines.append(f"  {paragraph}")
    return "\n".join(lines)


@cli.command()
@click.argument("pages", nargs=-1, required=True, metavar="FILE|URL...")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per page instead of a listing.")
@click.option("--url", help="The address a saved page was fetched from (its site's name, sites.yml entry and id).")
def parse(pages, as_json, url):
    """Print the article record Warta would store for a saved page or a live URL, with the
    layer that gave each field (field_sources). What to run when a new source looks wrong."""
    import json
    from urllib.parse import urlsplit

    from scraper.parse.record import article_record

    failed = False
    for page in pages:
        try:
            if page.startswith(("http://", "https://")):
                raw, encoding = _fetch(page)
                address = url or page
            else:
                raw, encoding = Path(page).read_bytes(), None
                address = url or Path(page).resolve().as_uri()
        except (OSError, ValueError) as error:
            console.print(f"[red]Error:[/] {page}: {error}")
            failed = True
            continue
        record = article_record(raw, address, urlsplit(address).hostname or "local", encoding=encoding)
        if as_json:
            click.echo(json.dumps({"page": page, **record}, ensure_ascii=False))
        else:
            click.echo(f"== {page}\n{_show(record)}\n")
    if failed:
        sys.exit(1)


cli.add_command(extract)
