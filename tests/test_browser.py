"""A journalist's path through the published archive, in headless Chromium (Debian's package,
driven by Playwright with executable_path; `make browser` installs it).

The server publishes the crawled sample archive plus one article whose text and entities carry
<script> and onerror markup (the hostile_db fixture): if any page ran it, the title would change."""
import json
import shutil
import socket
import subprocess
import sys
import time
import urllib.request

import pytest

from warta_testing import PROJECT_ROOT

CHROMIUM = shutil.which("chromium")
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed: run `make browser`")
# Flags for a closed network and a root user; background services would only time out here.
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="module")
def server(hostile_db):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    process = subprocess.Popen([sys.executable, "-m", "warta", "serve", "--db", str(hostile_db), "--port", str(port)],
                               cwd=PROJECT_ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(150):
            try:
                urllib.request.urlopen(base + "/-/versions.json")
                break
            except OSError:
                time.sleep(0.2)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    page = browser.new_page()
    yield page
    page.close()


def test_search_open_a_person_and_follow_a_link_to_an_article(server, page):
    page.goto(server + "/archive/search")
    page.fill("input[name=q]", "operasi pasar")
    page.click("input[type=submit]")
    page.wait_for_load_state()
    assert "Jaga Inflasi, Pemprov Sulut" in page.inner_text("table")
    assert page.locator("td mark").count() >= 1  # highlighted snippet

    page.goto(server + "/archive/people?name__contains=Lumentut")
    page.click("text=johnny-lumentut-71")
    page.wait_for_load_state()
    assert "Johnny Lumentut" in page.inner_text("body")
    page.click("a[href*='mentions?person_id=']")
    page.wait_for_load_state()
    page.click("td.col-article_id a")
    page.wait_for_load_state()
    assert page.url.endswith("/archive/articles/infopublik-816031")
    marked = page.locator("mark.entity-official").all_inner_texts()
    assert "Johnny Lumentut" in marked


# The reader's pages, and Datasette's pages a reader reaches from them.
READER_PAGES = {"front": "/", "province": "/archive/regions/63", "regency": "/archive/regions/63~2E11",
                "position": "/archive/positions/bupati-merauke-93~2E01",
                "person": "/archive/people/johnny-lumentut-71",
                "program": "/archive/programs/sawah-rawa-produktif-banua-63~2E08",
                "award": "/archive/awards/innovative-government-award-35",
                "article": "/archive/articles/infopublik-816031"}
OTHER_PAGES = {"search": "/archive/search?q=inovasi", "articles": "/archive/articles"}
WIDTHS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}


def hostile_pages(server: str) -> dict:
    """The pages of the hostile article and of the official, position, program and award in it."""
    pages = {"hostile-article": "/archive/articles/infopublik-999999"}
    for table in ("people", "positions", "programs", "awards"):
        with urllib.request.urlopen(f"{server}/archive/{table}.json?_shape=arrayfirst&id__contains=pwned") as r:
            (row_id,) = json.load(r)
        pages[f"hostile-{table}"] = f"/archive/{table}/" + row_id.replace(".", "~2E")
    return pages


@pytest.mark.parametrize("width", WIDTHS)
def test_pages_render_without_errors_or_injected_scripts(server, browser, width, tmp_path):
    page = browser.new_page(viewport=WIDTHS[width])
    page.set_default_timeout(90_000)  # a loaded 2-core machine draws long pages slowly
    errors = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    for name, path in {**READER_PAGES, **OTHER_PAGES, **hostile_pages(server)}.items():
        response = page.goto(server + path)
        assert response.status == 200, path
        page.screenshot(path=tmp_path / f"{name}-{width}.png", full_page=True)
        assert page.title() != "pwned", f"a scraped script ran on {path}"
        if name in READER_PAGES and width == "phone":
            overflow = page.evaluate("document.documentElement.scrollWidth")
            assert overflow <= WIDTHS[width]["width"], f"{path} is {overflow}px wide on a phone"
    assert errors == []
    assert len(list(tmp_path.glob(f"*-{width}.png"))) == len(READER_PAGES) + len(OTHER_PAGES) + 5
    page.close()


def test_front_page_search_box_works_with_the_keyboard(server, page):
    page.goto(server + "/")
    for _ in range(10):  # the search box is the first thing Tab reaches
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.name") == "q":
            break
    else:
        pytest.fail("Tab never reaches the search box")
    page.keyboard.type("operasi pasar")
    page.keyboard.press("Enter")
    page.wait_for_url("**/archive/search?q=operasi+pasar")
    assert "Jaga Inflasi, Pemprov Sulut" in page.inner_text("table")


def test_every_kind_of_page_is_reachable_from_the_front_page(server, page):
    page.goto(server + "/")
    page.click("a:text-is('Kalimantan Selatan')")
    assert page.inner_text("h1") == "Provinsi Kalimantan Selatan"
    page.click("a:text-is('Kabupaten Balangan')")
    assert page.inner_text("h1") == "Kabupaten Balangan"
    page.click(".warta-table a:text-is('Sekretaris Daerah Kabupaten Balangan')")
    assert page.inner_text("h1") == "Sekretaris Daerah Kabupaten Balangan"
    page.click(".warta-table a[href*='/archive/people/']")
    assert "/archive/people/ahmad-fauzi-63~2E11" in page.url
    page.goto(server + "/")
    page.locator("h2:text-is('Recent awards') + ul a").first.click()
    assert "/archive/awards/" in page.url and page.locator(".warta-entity h1").count() == 1
    page.goto(server + "/")
    page.locator("h2:text-is('Recent programs') + ul a").first.click()
    assert "/archive/programs/" in page.url and page.locator(".warta-entity h1").count() == 1
