"""The bundled sample site: InfoPublik-style pages served over real HTTP on 127.0.0.1.

The live sites are out of reach from here, so the demo and the tests crawl this site with the
real spider. Articles come from ``articles.json`` (written for this project, not copied), and
``quirks.json`` adds the awkward pages real sites have: no date, an empty body, a page in a
non-UTF-8 charset, one article under two URLs, a dead link, a path that robots.txt forbids,
a redesigned layout that the site selectors do not know, and an article that first answers
503 with Retry-After (the crawl must back off and retry).

Which page carries which metadata is fixed so tests can predict it:
- JSON-LD (NewsArticle) on articles with an even id,
- ``article:published_time`` / ``article:modified_time`` meta on ids divisible by 3,
- OpenGraph on every page.
"""
from __future__ import annotations

import json
import threading
from datetime import datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib import resources
from urllib.parse import parse_qs, urlsplit

from jinja2 import Environment, PackageLoader, select_autoescape

CATEGORIES = {
    "nusantara": "Nusantara",
    "nasional-sosial-budaya": "Sosial Budaya",
    "nasional-ekonomi-bisnis": "Ekonomi Bisnis",
    "nasional-politik-hukum-dan-keamanan": "Politik Hukum dan Keamanan",
}
PAGE_SIZE = 10
ROBOTS_TXT = "User-agent: *\nDisallow: /kategori/internal/\nDisallow: /admin/\n"

_DAYS = ["Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu"]
_MONTHS = ["Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus",
           "September", "Oktober", "November", "Desember"]
_ZONES = {7: "WIB", 8: "WITA", 9: "WIT"}


def format_page_date(iso: str) -> str:
    """"2024-02-27T19:49:00+08:00" -> "Selasa, 27 Februari 2024 | 19:49 WITA", as pages show it."""
    dt = datetime.fromisoformat(iso)
    zone = _ZONES[int(dt.utcoffset().total_seconds() // 3600)]
    return (f"{_DAYS[dt.weekday()]}, {dt.day} {_MONTHS[dt.month - 1]} {dt.year} | "
            f"{dt:%H:%M} {zone}")


def load_json(name: str):
    return json.loads(resources.files(__package__).joinpath(name).read_text(encoding="utf-8"))


class SampleSite:
    """The site's content and its routes, independent of the HTTP server.

    ``edit(article_id, **fields)`` changes an article in place, as a newsroom does after
    publication; the re-crawl tests use it.
    """

    def __init__(self, articles: list[dict] | None = None, quirks: dict | None = None):
        self.quirks = quirks if quirks is not None else load_json("quirks.json")
        articles = articles if articles is not None else load_json("articles.json")
        self.articles = {a["id"]: dict(a) for a in articles + self.quirks["extra_articles"]}
        self.base_url = ""
        self.requests: list[str] = []
        self._unavailable = {int(k): n for k, n in self.quirks["unavailable_first"].items()}
        self._env = Environment(loader=PackageLoader(__package__, "templates"),
                                autoescape=select_autoescape(["html"]))

    def edit(self, article_id: int, **fields) -> None:
        self.articles[article_id].update(fields)

    def article_path(self, a: dict, index_html: bool = False) -> str:
        return f"/kategori/{a['category']}/{a['id']}/" + ("index.html" if index_html else a["slug"])

    # -- routes: each returns (status, content type, body bytes)

    def route(self, path: str, query: dict) -> tuple[int, str, bytes]:
        self.requests.append(path)
        parts = [p for p in path.split("/") if p]
        if path == "/robots.txt":
            return 200, "text/plain; charset=utf-8", ROBOTS_TXT.encode()
        if len(parts) == 2 and parts[0] == "kategori" and parts[1] in CATEGORIES:
            page = int(query.get("page", ["1"])[0]) if query.get("page", ["1"])[0].isdigit() else 1
            return self.listing(parts[1], page)
        if len(parts) == 4 and parts[0] == "kategori" and parts[2].isdigit():
            article = self.articles.get(int(parts[2]))
            if article and self._unavailable.get(article["id"], 0) > 0:
                self._unavailable[article["id"]] -= 1
                return 503, "text/html; charset=utf-8", b"<html><body>Server sibuk</body></html>"
            if article and article["category"] == parts[1]:
                return self.article(article)
        return 404, "text/html; charset=utf-8", b"<html><body><h1>404 Halaman tidak ditemukan</h1></body></html>"

    def listing(self, category: str, page: int) -> tuple[int, str, bytes]:
        items = [a for a in self.articles.values() if a["category"] == category]
        items.sort(key=lambda a: a["published"] or "", reverse=True)
        links = [{"url": self.article_path(a), "title": a["title"],
                  "date": format_page_date(a["published"]) if a["published"] else ""}
                 for a in items]
        # Odd links sit at the top of the first page, as "pinned" items do on news sites.
        extra = self.quirks["listing_extras"].get(category, [])
        links = [{"url": e["path"], "title": e["title"], "date": ""} for e in extra] + links
        pages = max(1, -(-len(links) // PAGE_SIZE))
        if page > pages:
            return 404, "text/html; charset=utf-8", b"<html><body>Tidak ada halaman</body></html>"
        start = (page - 1) * PAGE_SIZE
        html = self._env.get_template("listing.html").render(
            category_label=CATEGORIES[category], items=links[start:start + PAGE_SIZE], page=page,
            prev_url=f"/kategori/{category}?page={page - 1}" if page > 1 else None,
            next_url=f"/kategori/{category}?page={page + 1}" if page < pages else None)
        return 200, "text/html; charset=utf-8", html.encode()

    def article(self, a: dict) -> tuple[int, str, bytes]:
        aid = a["id"]
        charset = self.quirks["charsets"].get(str(aid), "utf-8")
        paragraphs = list(a["paragraphs"])
        if paragraphs and a.get("dateline"):
            paragraphs[0] = f"{a['dateline']}, InfoPublik - {paragraphs[0]}"
        canonical = self.base_url + self.article_path(a)
        published_text = format_page_date(a["published"]) if a["published"] else None
        html = self._env.get_template("article.html").render(
            a=a, base_url=self.base_url, canonical=canonical, charset=charset,
            layout="fallback" if aid in self.quirks["fallback_layout_ids"] else "default",
            description=(a["paragraphs"][0][:200] if a["paragraphs"] else a["title"]),
            category_label=CATEGORIES.get(a["category"], a["category"]),
            author_slug=a["byline"].lower().replace(" ", "-"),
            published_text=published_text,
            top_date=format_page_date(a["updated"]) if a.get("updated") else published_text,
            paragraphs=paragraphs, meta_dates=aid % 3 == 0,
            jsonld=self._jsonld(a, canonical, paragraphs) if aid % 2 == 0 else None,
            related=[{"url": self.article_path(r), "title": r["title"]}
                     for r in list(self.articles.values())[:3] if r["id"] != aid])
        # A legacy page: the charset is only in the page's meta tag, not in the header.
        ctype = "text/html" if charset != "utf-8" else "text/html; charset=utf-8"
        return 200, ctype, html.encode(charset, errors="xmlcharrefreplace")

    def _jsonld(self, a: dict, canonical: str, paragraphs: list[str]) -> str:
        data = {"@context": "https://schema.org", "@type": "NewsArticle", "headline": a["title"],
                "mainEntityOfPage": canonical, "author": {"@type": "Organization", "name": a["byline"]},
                "publisher": {"@type": "Organization", "name": "InfoPublik"},
                "keywords": ", ".join(a["tags"])}
        if a["published"]:
            data["datePublished"] = a["published"]
        if a.get("updated"):
            data["dateModified"] = a["updated"]
        if a["image"]:
            data["image"] = self.base_url + a["image"]
        if a["id"] in self.quirks["fallback_layout_ids"]:
            data["articleBody"] = "\n".join(paragraphs)
        # "</" inside a script element would end it early; JSON allows the escaped form.
        return json.dumps(data, ensure_ascii=False).replace("</", "<\\/")


class _Handler(BaseHTTPRequestHandler):
    site: SampleSite

    def do_GET(self):
        url = urlsplit(self.path)
        status, ctype, body = self.site.route(url.path, parse_qs(url.query))
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        if status == 503:
            self.send_header("Retry-After", "1")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format, *args):  # the crawl's own log says what was fetched
        pass


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    # socketserver's backlog of 5 drops connections when a crawl opens eight at once on a
    # busy machine, and the dropped ones time out: a fault the tests did not ask for.
    request_queue_size = 128


class LocalServer:
    """Serve a site object on 127.0.0.1 in a background thread (port 0: any free port).
    Subclasses name the request handler, which finds the site as ``self.site``."""
    handler: type[BaseHTTPRequestHandler]

    def __init__(self, site, port: int = 0):
        self.site = site
        self.httpd = _Server(("127.0.0.1", port), type("Handler", (self.handler,), {"site": site}))
        self.site.base_url = self.base_url
        self._thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def base_url(self) -> str:
        host, port = self.httpd.server_address[:2]
        return f"http://{host}:{port}"

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


class SampleSiteServer(LocalServer):
    """Serve a :class:`SampleSite` (the bundled one by default)."""
    handler = _Handler

    def __init__(self, site: SampleSite | None = None, port: int = 0):
        super().__init__(site or SampleSite(), port)
