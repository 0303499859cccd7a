"""A journalist's path through the published archive, in headless Chromium (Debian's package,
driven by Playwright with executable_path; `make browser` installs it)."""
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
def server(crawled_db):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    process = subprocess.Popen([sys.executable, "-m", "warta", "serve", "--db", str(crawled_db), "--port", str(port)],
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
def page(tmp_path_factory):
    from playwright.sync_api import sync_playwright
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield browser.new_page()
        browser.close()


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
