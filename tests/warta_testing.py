"""Helpers shared by the test modules (a unique name: tests/nlp has a conftest of its own)."""
import os
import subprocess
import sys
from pathlib import Path

from warta.samplesite.server import load_json


PROJECT_ROOT = Path(__file__).resolve().parents[1]
SHARED = PROJECT_ROOT.parent / "shared"

# The sample site's well-formed articles: a crawl stores exactly these (its quirk pages are dropped).
SAMPLE_ARTICLES = len(load_json("articles.json"))

# The sample site is on loopback: crawl it fast. Politeness settings are tested on their own.
FAST = {"DOWNLOAD_DELAY": "0", "AUTOTHROTTLE_ENABLED": "False",
        "CONCURRENT_REQUESTS_PER_DOMAIN": "8", "LOG_LEVEL": "INFO"}
# For tests about crawling rather than extraction: skipping the model load saves seconds a crawl.
FAST_NO_NLP = {**FAST, "WARTA_NLP_ENABLED": "False"}


def crawl(base_url: str, db: Path, *spider_args: str, command=("scrapy", "crawl"),
          spider: str = "infopublik") -> subprocess.CompletedProcess:
    """Run a real crawl in a subprocess (Scrapy's reactor cannot restart in this process)."""
    settings = {**FAST, "WARTA_INFOPUBLIK_BASE_URL": base_url,
                "WARTA_INDONESIAGOID_BASE_URL": base_url, "WARTA_DB_PATH": str(db)}
    args = [sys.executable, "-m", *command, spider]
    for name, value in settings.items():
        args += ["-s", f"{name}={value}"]
    for arg in spider_args:
        args += ["-a", arg]
    result = subprocess.run(args, cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=300,
                            env={**os.environ, "PYTHONPATH": str(PROJECT_ROOT)})
    assert result.returncode == 0, result.stderr[-3000:]
    return result
