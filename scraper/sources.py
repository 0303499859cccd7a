"""The registry of sources (``sources.yml``): which sites Warta crawls, and how.

    sources = load_sources("sources.yml")      # -> {name: Source}; SourceError says what is wrong

Every entry is checked on load, and all problems are reported at once with the entry they
belong to, so a typo never surfaces as a crawl that silently does nothing.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import yaml

from pipelines.regions import gazetteer

KINDS = ("national", "ministry", "agency", "province", "regency", "city")
# Which spider reads each discovery method: a WordPress site falls back to its feed and its
# sitemap on its own, a feed or sitemap source goes to the generic spider.
DISCOVERY = {"wordpress": "wordpress", "feed": "feeds", "sitemap": "feeds"}
POLITENESS_DEFAULTS = {"download_delay": 2.0, "concurrency": 1}
EVERY_DEFAULT_HOURS = 24
_NAME = re.compile(r"^[a-z0-9][a-z0-9-]{1,40}$")
_FIELDS = {"name", "title", "base_url", "kind", "region_code", "discovery", "feed_url",
           "sitemap_url", "politeness", "every_hours", "notes"}


class SourceError(ValueError):
    """A registry that cannot be used; the message lists every problem found."""


@dataclass(frozen=True)
class Source:
    name: str                   # short, stable: also names the JOBDIR and the crawl_runs rows
    title: str
    base_url: str
    kind: str
    region_code: str | None     # Kemendagri code; None for national bodies
    discovery: str              # wordpress | feed | sitemap
    feed_url: str | None = None
    sitemap_url: str | None = None
    download_delay: float = POLITENESS_DEFAULTS["download_delay"]
    concurrency: int = POLITENESS_DEFAULTS["concurrency"]
    every_hours: float = EVERY_DEFAULT_HOURS
    notes: str | None = field(default=None, compare=False)

    @property
    def host(self) -> str:
        """The site's host: what ``articles.source`` holds for this source."""
        return urlsplit(self.base_url).hostname

    @property
    def spider(self) -> str:
        return DISCOVERY[self.discovery]


def _check_url(value, where: str, problems: list[str]) -> str | None:
    if value is None:
        return None
    parts = urlsplit(str(value))
    try:
        port = parts.port
    except ValueError:  # urllib refuses a port outside 0-65535
        port = -1
    if port is not None and not 1 <= port <= 65535:
        problems.append(f"{where}: the port must be 1-65535, got {value!r}")
        return None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        problems.append(f"{where}: must be an http(s) URL, got {value!r}")
        return None
    return str(value).rstrip("/") if where.endswith("base_url") else str(value)


def _check_entry(entry, index: int, problems: list[str]) -> Source | None:
    if not isinstance(entry, dict):
        problems.append(f"sources[{index}]: must be a mapping, got {type(entry).__name__}")
        return None
    label = f"sources[{index}] ({entry.get('name', 'no name')})"
    before = len(problems)
    for unknown in sorted(set(entry) - _FIELDS):
        problems.append(f"{label}: unknown field {unknown!r} (known: {', '.join(sorted(_FIELDS))})")
    for required in ("name", "title", "base_url", "kind", "discovery"):
        if not entry.get(required):
            problems.append(f"{label}: {required} is required")
    name = str(entry.get("name") or "")
    if name and not _NAME.match(name):
        problems.append(f"{label}: name must be lower-case letters, digits and dashes, got {name!r}")
    if entry.get("kind") and entry["kind"] not in KINDS:
        problems.append(f"{label}: kind must be one of {', '.join(KINDS)}, got {entry['kind']!r}")
    if entry.get("discovery") and entry["discovery"] not in DISCOVERY:
        problems.append(f"{label}: discovery must be one of {', '.join(DISCOVERY)}, got {entry['discovery']!r}")
    if entry.get("discovery") == "feed" and not entry.get("feed_url"):
        problems.append(f"{label}: discovery 'feed' needs feed_url")
    base_url = _check_url(entry.get("base_url"), f"{label}: base_url", problems)
    feed_url = _check_url(entry.get("feed_url"), f"{label}: feed_url", problems)
    sitemap_url = _check_url(entry.get("sitemap_url"), f"{label}: sitemap_url", problems)
    code = entry.get("region_code")
    if code is not None and not isinstance(code, str):
        # YAML reads 35.10 as the number 35.1: only a quoted code is unambiguous
        problems.append(f"{label}: region_code must be quoted, e.g. \"35.10\", got {code!r}")
    elif code is not None and gazetteer().by_code(code) is None:
        problems.append(f"{label}: region_code {code!r} is not a Kemendagri province/regency/city code")
    if entry.get("kind") in ("province", "regency", "city") and code is None:
        problems.append(f"{label}: a {entry['kind']} source needs its region_code")
    given = entry.get("politeness") or {}
    if not isinstance(given, dict):
        problems.append(f"{label}: politeness must be a mapping (download_delay: N, concurrency: N), got {given!r}")
        return None
    politeness = {**POLITENESS_DEFAULTS, **given}
    for key in sorted(set(politeness) - set(POLITENESS_DEFAULTS)):
        problems.append(f"{label}: unknown politeness setting {key!r} (known: download_delay, concurrency)")
    try:
        delay, concurrency = float(politeness["download_delay"]), int(politeness["concurrency"])
        every = float(entry.get("every_hours", EVERY_DEFAULT_HOURS))
    except (TypeError, ValueError):
        problems.append(f"{label}: politeness and every_hours must be numbers")
        return None
    if delay < 0 or not 1 <= concurrency <= 8 or every <= 0:
        problems.append(f"{label}: need download_delay >= 0, 1 <= concurrency <= 8, every_hours > 0")
    if len(problems) > before:
        return None
    return Source(name=name, title=str(entry["title"]), base_url=base_url, kind=entry["kind"],
                  region_code=code, discovery=entry["discovery"], feed_url=feed_url,
                  sitemap_url=sitemap_url, download_delay=delay, concurrency=concurrency,
                  every_hours=every, notes=entry.get("notes"))


def parse_sources(data, origin: str = "sources.yml") -> dict[str, Source]:
    """Validated sources from the parsed YAML document, by name."""
    if not isinstance(data, dict) or not isinstance(data.get("sources"), list):
        raise SourceError(f"{origin}: expected a mapping with a 'sources' list")
    problems: list[str] = []
    sources: dict[str, Source] = {}
    hosts: dict[str, str] = {}
    for index, entry in enumerate(data["sources"]):
        source = _check_entry(entry, index, problems)
        if source is None:
            continue
        if source.name in sources:
            problems.append(f"sources[{index}] ({source.name}): name used twice")
        # articles.source is the host, so two entries on one host would mix their runs
        if source.host in hosts:
            problems.append(f"sources[{index}] ({source.name}): host {source.host} already used by {hosts[source.host]}")
        sources[source.name], hosts[source.host] = source, source.name
    if problems:
        raise SourceError(f"{origin}: {len(problems)} problem(s):\n  " + "\n  ".join(problems))
    return sources


def load_sources(path: str | Path) -> dict[str, Source]:
    path = Path(path)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise SourceError(f"{path}: no such file") from None
    except yaml.YAMLError as error:
        raise SourceError(f"{path}: not valid YAML: {error}") from None
    return parse_sources(data, str(path))


def get_source(path: str | Path, name: str) -> Source:
    sources = load_sources(path)
    if name not in sources:
        raise SourceError(f"{path}: no source {name!r}; known: {', '.join(sorted(sources))}")
    return sources[name]
