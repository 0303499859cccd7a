"""`scrapy crawl` run by hand checks the archive before crawling (scraper/commands/crawl.py); every
other test crawl goes through the same command (warta_testing.crawl)."""
import os
import subprocess
import sys

from warta_testing import PROJECT_ROOT


def test_scrapy_crawl_on_an_archive_it_cannot_use_is_one_line_and_exit_2(tmp_path):
    notes = tmp_path / "notes.db"
    notes.write_text("meeting notes, not a database\n", encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "scrapy", "crawl", "infopublik", "-s", f"WARTA_DB_PATH={notes}",
         "-s", "WARTA_INFOPUBLIK_BASE_URL=http://127.0.0.1:9/"],
        cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=120,
        env={**os.environ, "PYTHONPATH": str(PROJECT_ROOT)})
    assert result.returncode == 2
    assert f"error: {notes} is not a SQLite database" in result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    assert "Spider opened" not in result.stderr          # nothing was started
    assert notes.read_text(encoding="utf-8") == "meeting notes, not a database\n"
