"""Sample regional newsrooms beside InfoPublik, served on 127.0.0.1 for the source spiders'
tests (and the incremental benchmark): they live with the tests, not in the package.

One ``NewsSite`` class covers the kinds ``sources.yml`` knows, by its options:

- a WordPress site: ``/wp-json/wp/v2/posts`` (``_embed``, ``after``, ``modified_after``, paging
  with ``X-WP-Total``/``X-WP-TotalPages``; ``api=403`` or ``404`` switches it off as security
  plugins do), ``/feed/`` (the latest ten posts) and its sitemaps;
- a feed-only site (``feed="rss"`` or ``"atom"``, ``sitemap=False``, Indonesian dates in the
  feed with ``feed_dates="id"``);
- a sitemap-only site (``feed=None``): a sitemap index named in robots.txt, monthly post
  sitemaps with ``lastmod``, and a sitemap of section listings that are not articles.

Every page answers conditional requests (ETag, Last-Modified -> 304). ``faults`` makes chosen
paths misbehave, one behaviour per request, the last one repeating: "429" (with Retry-After),
"500", "timeout" (answers after ``slow_seconds``), "redirect-loop", "truncate" (fewer bytes than
Content-Length says), "broken-xml" (the body cut mid-way, for feeds), "gzip" (Content-Encoding: gzip) and "ok". ``page_delay`` slows every article
page down, so a test can kill a crawl half-way. ``redesigned`` serves article pages that lost
their metadata, byline and date line, as after a theme change nobody told us about.

The articles are the sample site's own (``articles.json``), on WordPress-style paths.
"""
from __future__ import annotations

import gzip
import hashlib
import html
import json
import threading
import time
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from email.utils import format_datetime, parsedate_to_datetime
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from urllib.parse import parse_qs, urlsplit
from xml.sax.saxutils import escape

import yaml
from jinja2 import Environment, FileSystemLoader, select_autoescape

from warta.samplesite.server import LocalServer, SampleSite, format_page_date

# Sitemaps of section pages change rarely: a fixed date keeps the second crawl quiet.
PAGES_LASTMOD = "2023-01-01T00:00:00+07:00"


@dataclass
class Reply:
    status: int
    body: bytes = b""
    ctype: str = "text/html; charset=utf-8"
    headers: dict = field(default_factory=dict)
    delay: float = 0.0
    truncate: bool = False


def _utc(iso: str) -> datetime:
    return datetime.fromisoformat(iso).astimezone(timezone.utc)


def indonesian_date(iso: str) -> str:
    """"2024-08-05T10:00:00+07:00" -> "05 Agustus 2024 10:00 WIB", as hand-made feeds write it."""
    day, rest = format_page_date(iso).split(", ", 1)[1].split(" ", 1)
    return f"{int(day):02d} {rest.replace(' |', '')}"


class NewsSite:
    def __init__(self, articles: list[dict] | None = None, *, name: str = "Humas Pemerintah Contoh",
                 wordpress: bool = True, api: int = 200, feed: str | None = "rss",
                 feed_dates: str = "rfc822", feed_size: int = 10, sitemap: bool = True,
                 faults: dict[str, list[str]] | None = None, disallow: tuple[str, ...] = ("/wp-admin/",),
                 slow_seconds: float = 3.0, page_delay: float = 0.0, redesigned: bool = False):
        if articles is None:
            articles = [a for a in SampleSite().articles.values() if a["published"]]
        self.posts = {a["id"]: dict(a) for a in articles}
        self.name, self.wordpress, self.api, self.feed = name, wordpress, api, feed
        self.feed_dates, self.feed_size, self.sitemap = feed_dates, feed_size, sitemap
        self.faults = {path: list(behaviours) for path, behaviours in (faults or {}).items()}
        self.disallow, self.slow_seconds, self.page_delay = disallow, slow_seconds, page_delay
        self.redesigned = redesigned
        self.base_url = ""
        self.requests: list[str] = []
        self.extra_pages: dict[str, str] = {}   # path -> HTML (XML for *.xml), for odd pages a test adds
        self._lock = threading.Lock()
        self._env = Environment(loader=FileSystemLoader(Path(__file__).parent / "templates" / "newssite"),
                                autoescape=select_autoescape(["html"]))

    @property
    def storable(self) -> int:
        """How many posts a crawl stores: those with a body (an empty one is dropped)."""
        return sum(1 for a in self.posts.values() if a["paragraphs"])

    @classmethod
    def generate(cls, count: int, **options) -> NewsSite:
        """A site of ``count`` posts made from the sample articles, one a day backwards."""
        samples = [a for a in SampleSite().articles.values() if a["published"] and a["paragraphs"]]
        start = datetime(2024, 9, 30, 9, 0, tzinfo=timezone(timedelta(hours=7)))
        posts = []
        for i in range(count):
            a = dict(samples[i % len(samples)])
            a.update(id=100000 + i, slug=f"{a['slug']}-{i}", updated=None,
                     published=(start - timedelta(days=i)).isoformat(),
                     paragraphs=[f"Siaran pers nomor {i}."] + a["paragraphs"])
            posts.append(a)
        return cls(posts, **options)

    def edit(self, post_id: int, **fields) -> None:
        """Change a post as a newsroom does after publication (its modified time is now)."""
        fields.setdefault("updated", datetime.now(timezone(timedelta(hours=7))).isoformat(timespec="seconds"))
        self.posts[post_id].update(fields)

    # -- paths and times

    def path(self, a: dict) -> str:
        day = datetime.fromisoformat(a["published"])
        return f"/{day:%Y/%m/%d}/{a['slug']}/"

    def url(self, a: dict) -> str:
        return self.base_url + self.path(a)

    @staticmethod
    def modified(a: dict) -> str:
        return a.get("updated") or a["published"]

    def newest_first(self) -> list[dict]:
        return sorted(self.posts.values(), key=lambda a: _utc(a["published"]), reverse=True)

    # -- routing

    def handle(self, path: str, query: dict, headers) -> Reply:
        with self._lock:
            self.requests.append(path + ("?" + "&".join(f"{k}={v[0]}" for k, v in query.items()) if query else ""))
            behaviours = self.faults.get(path)
            fault = (behaviours.pop(0) if len(behaviours) > 1 else behaviours[0]) if behaviours else "ok"
        if fault == "429":
            return Reply(429, b"Too Many Requests", headers={"Retry-After": "1"})
        if fault == "500":
            return Reply(500, b"<html><body>Internal Server Error</body></html>")
        if fault == "redirect-loop":  # path -> path-loop/ -> path -> ...
            target = path[:-len("-loop/")] + "/" if path.endswith("-loop/") else path.rstrip("/") + "-loop/"
            with self._lock:
                self.faults.setdefault(target, ["redirect-loop"])
            return Reply(302, headers={"Location": self.base_url + target})
        reply = self.route(path, query)
        if fault == "timeout":
            reply.delay = self.slow_seconds
        elif fault == "truncate":
            reply.truncate = True
        elif fault == "broken-xml":
            reply.body = reply.body[:len(reply.body) * 2 // 3]
        elif fault == "gzip":
            reply.body = gzip.compress(reply.body)
            reply.headers["Content-Encoding"] = "gzip"
        return self._conditional(reply, headers)

    def route(self, path: str, query: dict) -> Reply:
        if path == "/robots.txt":
            lines = ["User-agent: *"] + [f"Disallow: {p}" for p in self.disallow]
            if self.sitemap:
                lines.append(f"Sitemap: {self.base_url}/sitemap.xml")
            return Reply(200, "\n".join(lines).encode() + b"\n", "text/plain")
        if path == "/wp-json/wp/v2/posts" and self.wordpress:
            return self.api_posts(query)
        if path == "/feed/" and self.feed:
            return self.feed_xml()
        if self.sitemap and path == "/sitemap.xml":
            return self.sitemap_index()
        if self.sitemap and path.startswith("/sitemap-posts-") and path.endswith(".xml"):
            return self.sitemap_posts(path[len("/sitemap-posts-"):-len(".xml")])
        if self.sitemap and path == "/sitemap-pages.xml":
            return self.sitemap_pages()
        if path.startswith("/category/"):
            return self.listing(path)
        if path in self.extra_pages:
            ctype = "application/xml; charset=UTF-8" if path.endswith(".xml") else "text/html; charset=utf-8"
            return Reply(200, self.extra_pages[path].encode(), ctype)
        for a in self.posts.values():
            if self.path(a) == path:
                reply = self.article(a)
                reply.delay = self.page_delay
                return reply
        return Reply(404, b"<html><body><h1>Halaman tidak ditemukan</h1></body></html>")

    def _conditional(self, reply: Reply, headers) -> Reply:
        if reply.status != 200:
            return reply
        etag = '"' + hashlib.sha1(reply.body).hexdigest()[:16] + '"'
        reply.headers.setdefault("ETag", etag)
        if headers.get("If-None-Match") == etag:
            return Reply(304, headers={"ETag": etag})
        since, last = headers.get("If-Modified-Since"), reply.headers.get("Last-Modified")
        if since and last and not headers.get("If-None-Match"):
            try:
                if parsedate_to_datetime(last) <= parsedate_to_datetime(since):
                    return Reply(304, headers={"Last-Modified": last})
            except (TypeError, ValueError):
                pass
        return reply

    # -- pages

    def author(self, a: dict) -> str:
        # Media-centre bylines name their region; a press office's own posts do not.
        return a["byline"] if a["id"] % 2 else "Tim Humas"

    def article(self, a: dict) -> Reply:
        url = self.url(a)
        jsonld = None
        if a["id"] % 2 == 0:
            jsonld = json.dumps({"@context": "https://schema.org", "@type": "NewsArticle",
                                 "headline": a["title"], "datePublished": a["published"],
                                 "dateModified": self.modified(a), "author": {"@type": "Person", "name": self.author(a)}},
                                ensure_ascii=False).replace("</", "<\\/")
        others = [b for b in self.newest_first()[:4] if b["id"] != a["id"]][:3]
        body = self._env.get_template("article.html").render(
            a=a, url=url, base_url=self.base_url, site_name=self.name, wordpress=self.wordpress,
            author=self.author(a), meta_dates=a["id"] % 3 == 0, jsonld=jsonld, redesigned=self.redesigned,
            date_text=indonesian_date(a["published"]), paragraphs=a["paragraphs"] + ([a["signoff"]] if a.get("signoff") else []),
            related=[{"url": self.path(b), "title": b["title"]} for b in others])
        return Reply(200, body.encode(), headers={"Last-Modified": format_datetime(_utc(self.modified(a)), usegmt=True)})

    def listing(self, path: str) -> Reply:
        items = [{"url": self.path(a), "title": a["title"], "summary": (a["paragraphs"] or [""])[0][:160]}
                 for a in self.newest_first()[:10]]
        label = path.strip("/").split("/")[-1].replace("-", " ").title()
        body = self._env.get_template("listing.html").render(label=label, items=items, site_name=self.name)
        return Reply(200, body.encode())

    # -- the WordPress REST API

    def api_posts(self, query: dict) -> Reply:
        if self.api != 200:
            error = {"code": "rest_disabled", "message": "REST API dinonaktifkan.", "data": {"status": self.api}}
            return Reply(self.api, json.dumps(error).encode(), "application/json; charset=UTF-8")
        per_page = int(query.get("per_page", ["10"])[0])
        page = int(query.get("page", ["1"])[0])
        posts = self.newest_first()
        for name, key in (("after", lambda a: a["published"]), ("modified_after", self.modified)):
            if name in query:  # WordPress reads a bare time as the site's; compared in UTC here
                limit = datetime.fromisoformat(query[name][0])
                limit = limit.replace(tzinfo=timezone.utc) if limit.tzinfo is None else limit
                posts = [a for a in posts if _utc(key(a)) > limit]
        pages = max(1, -(-len(posts) // per_page))
        if page > pages:
            error = {"code": "rest_post_invalid_page_number", "data": {"status": 400}}
            return Reply(400, json.dumps(error).encode(), "application/json; charset=UTF-8")
        chunk = posts[(page - 1) * per_page: page * per_page]
        embed = "_embed" in query
        body = json.dumps([self.api_post(a, embed) for a in chunk], ensure_ascii=False).encode()
        return Reply(200, body, "application/json; charset=UTF-8",
                     headers={"X-WP-Total": str(len(posts)), "X-WP-TotalPages": str(pages)})

    def api_post(self, a: dict, embed: bool) -> dict:
        def local_and_gmt(iso):
            when = datetime.fromisoformat(iso)
            return (when.replace(tzinfo=None).isoformat(),
                    when.astimezone(timezone.utc).replace(tzinfo=None).isoformat())
        date, date_gmt = local_and_gmt(a["published"])
        modified, modified_gmt = local_and_gmt(self.modified(a))
        content = "".join(f"<p>{html.escape(p)}</p>\n" for p in a["paragraphs"] + ([a["signoff"]] if a.get("signoff") else []))
        post = {"id": a["id"], "date": date, "date_gmt": date_gmt, "modified": modified,
                "modified_gmt": modified_gmt, "slug": a["slug"], "status": "publish", "type": "post",
                "link": self.url(a), "title": {"rendered": html.escape(a["title"]).replace("&quot;", "&#8221;")},
                "content": {"rendered": content, "protected": False}, "author": a["id"] % 2 + 1,
                "featured_media": 1 if a.get("image") else 0}
        if embed:
            post["_embedded"] = {
                "author": [{"id": a["id"] % 2 + 1, "name": self.author(a)}],
                "wp:term": [[{"id": 1, "name": a["category"], "slug": a["category"], "taxonomy": "category"}],
                            [{"id": 10 + i, "name": t, "slug": t, "taxonomy": "post_tag"} for i, t in enumerate(a["tags"])]]}
            if a.get("image"):
                post["_embedded"]["wp:featuredmedia"] = [{"source_url": self.base_url + a["image"],
                                                          "caption": {"rendered": f"<p>{html.escape(a.get('caption') or '')}</p>"}}]
        return post

    # -- feeds and sitemaps

    def feed_xml(self) -> Reply:
        posts = self.newest_first()[:self.feed_size]
        last = max((_utc(self.modified(a)) for a in posts), default=datetime(2023, 1, 1, tzinfo=timezone.utc))
        date = indonesian_date if self.feed_dates == "id" else (lambda iso: format_datetime(datetime.fromisoformat(iso)))
        if self.feed == "atom":
            entries = "".join(
                f"<entry><title>{escape(a['title'])}</title><link rel=\"alternate\" href=\"{self.url(a)}\"/>"
                f"<id>{self.url(a)}</id><published>{a['published']}</published><updated>{self.modified(a)}</updated>"
                f"<author><name>{escape(self.author(a))}</name></author></entry>\n" for a in posts)
            body = (f'<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom">'
                    f"<title>{escape(self.name)}</title><updated>{last.isoformat()}</updated>\n{entries}</feed>\n")
            ctype = "application/atom+xml; charset=utf-8"
        else:
            items = "".join(
                f"<item><title>{escape(a['title'])}</title><link>{self.url(a)}</link>"
                f"<guid isPermaLink=\"false\">{self.base_url + '/?p=' + str(a['id']) if self.wordpress else self.url(a)}</guid>"
                f"<pubDate>{date(a['published'])}</pubDate><dc:creator><![CDATA[{self.author(a)}]]></dc:creator>"
                f"<description>{escape((a['paragraphs'] or [''])[0][:200])}</description></item>\n" for a in posts)
            body = ('<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0" '
                    'xmlns:dc="http://purl.org/dc/elements/1.1/"><channel>'
                    f"<title>{escape(self.name)}</title><link>{self.base_url}/</link>\n{items}</channel></rss>\n")
            ctype = "application/rss+xml; charset=UTF-8"
        return Reply(200, body.encode(), ctype, headers={"Last-Modified": format_datetime(last, usegmt=True)})

    def _months(self) -> dict[str, list[dict]]:
        months: dict[str, list[dict]] = {}
        for a in self.newest_first():
            months.setdefault(a["published"][:7], []).append(a)
        return months

    def sitemap_index(self) -> Reply:
        rows = [(f"/sitemap-posts-{month}.xml", max(self.modified(a) for a in posts))
                for month, posts in self._months().items()] + [("/sitemap-pages.xml", PAGES_LASTMOD)]
        body = ('<?xml version="1.0" encoding="UTF-8"?>\n<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
                + "".join(f"<sitemap><loc>{self.base_url}{p}</loc><lastmod>{m}</lastmod></sitemap>\n" for p, m in rows)
                + "</sitemapindex>\n")
        return Reply(200, body.encode(), "application/xml; charset=UTF-8")

    def sitemap_posts(self, month: str) -> Reply:
        posts = self._months().get(month)
        if not posts:
            return Reply(404, b"")
        return self._urlset([(self.url(a), self.modified(a)) for a in posts])

    def sitemap_pages(self) -> Reply:
        return self._urlset([(self.base_url + p, PAGES_LASTMOD) for p in ("/category/berita/", "/category/pengumuman/")])

    @staticmethod
    def _urlset(rows: list[tuple[str, str]]) -> Reply:
        body = ('<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
                + "".join(f"<url><loc>{u}</loc><lastmod>{m}</lastmod></url>\n" for u, m in rows) + "</urlset>\n")
        return Reply(200, body.encode(), "application/xml; charset=UTF-8")


class _Handler(BaseHTTPRequestHandler):
    site: NewsSite

    def do_GET(self):
        url = urlsplit(self.path)
        reply = self.site.handle(url.path, parse_qs(url.query), self.headers)
        if reply.delay:
            time.sleep(reply.delay)
        self.send_response(reply.status)
        if reply.body or reply.status == 200:
            self.send_header("Content-Type", reply.ctype)
        for name, value in reply.headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(reply.body) * (2 if reply.truncate else 1)))
        if reply.truncate:
            self.send_header("Connection", "close")
        self.end_headers()
        try:
            self.wfile.write(reply.body[:len(reply.body) // 2] if reply.truncate else reply.body)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the crawler gave up on a slow answer
        if reply.truncate:
            self.close_connection = True

    def log_message(self, format, *args):
        pass


class NewsSiteServer(LocalServer):
    """Serve a :class:`NewsSite` (a default one unless given)."""
    handler = _Handler

    def __init__(self, site: NewsSite | None = None, port: int = 0):
        super().__init__(site or NewsSite(), port)

    def source(self, name: str, discovery: str, **fields) -> dict:
        """A sources.yml entry for this site, crawled at full speed (it is on loopback); a feed
        source reads the site's /feed/ unless ``feed_url`` says otherwise."""
        entry = {"name": name, "title": self.site.name, "base_url": self.base_url, "kind": "province",
                 "region_code": "33", "discovery": discovery,
                 "politeness": {"download_delay": 0, "concurrency": 8}}
        if discovery == "feed":
            entry["feed_url"] = self.base_url + "/feed/"
        return {**entry, **fields}


def write_sources(path, *entries: dict) -> str:
    """Write a sources.yml holding ``entries``; returns its path."""
    Path(path).write_text(yaml.safe_dump({"sources": list(entries)}, allow_unicode=True), encoding="utf-8")
    return str(path)
