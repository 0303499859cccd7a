"""Every example in the README answers: each archive URL returns rows on the crawled sample
archive (the demo archive), the SQL example matches, and `warta extract` prints what is shown."""
import asyncio
import json
import re
import shlex
import subprocess
import sys

import pytest
import yaml
from datasette.app import Datasette

from warta.cli import DATASETTE_SETTINGS
from warta_testing import PROJECT_ROOT

README = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")
URLS = sorted(set(re.findall(r"`(/archive/[^`\s]+)`", README)))
SQL_EXAMPLES = re.findall(r"`(select [^`]+)`", README)


@pytest.fixture(scope="module")
def datasette(crawled_db):
    metadata = yaml.safe_load((PROJECT_ROOT / "metadata.yml").read_text())
    return Datasette([str(crawled_db)], metadata=metadata, settings=dict(DATASETTE_SETTINGS))


def get(ds, path: str):
    response = asyncio.run(ds.client.get(path))
    assert response.status_code == 200, (path, response.text[:300])
    return response


def test_the_readme_has_examples_to_check():
    assert len(URLS) >= 12 and SQL_EXAMPLES


@pytest.mark.parametrize("url", URLS)
def test_every_readme_url_returns_rows(datasette, url):
    path, _, query = url.partition("?")
    rows = get(datasette, f"{path}.json?{query}&_shape=array").json()
    assert rows, f"{url} returns no rows on the demo archive"
    get(datasette, url)  # and its page renders


def test_readme_sql_example_matches(datasette):
    for sql in SQL_EXAMPLES:
        rows = get(datasette, "/archive.json?" + f"_shape=array&sql={sql}".replace(" ", "+")).json()
        assert rows, sql


def test_readme_front_page_address_is_served(datasette):
    assert "http://127.0.0.1:8001/ " in README and "docs/front-page.png" in README
    assert (PROJECT_ROOT / "docs" / "front-page.png").stat().st_size > 10_000
    assert 'class="warta-search"' in get(datasette, "/").text


def test_readme_extract_example_prints_what_it_shows():
    command, shown = re.search(r"\$ (echo .+ \| warta extract [^\n]+)\n(.+?)\n```", README, re.S).groups()
    text = shlex.split(command.split(" | ")[0])[1]
    result = subprocess.run([sys.executable, "-m", "warta", "extract", "--jsonl", "-"], input=text + "\n",
                            capture_output=True, text=True, cwd=PROJECT_ROOT, timeout=300, check=True)
    printed = json.loads(result.stdout)
    expected = json.loads(" ".join(shown.split("\n")).replace(", ...}", "}"))  # wrapped, and cut short
    assert {key: printed[key] for key in expected} == expected
