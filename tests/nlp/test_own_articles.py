"""Precision beyond the dev set: short press releases written for these tests (invented people,
real places) in the InfoPublik style, with the officials and dates they state."""
import json
from pathlib import Path

import pytest

from pipelines.nlp import extract_many

ARTICLES = json.loads((Path(__file__).parent / "data" / "articles.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def results():
    return dict(zip([a["id"] for a in ARTICLES], extract_many([a["text"] for a in ARTICLES])))


@pytest.mark.parametrize("article", ARTICLES, ids=[a["id"] for a in ARTICLES])
def test_officials_and_dates(article, results):
    r = results[article["id"]]
    assert sorted((o["name"], o["position"]) for o in r["officials"]) == sorted(map(tuple, article["officials"]))
    assert [d["date"] for d in r["dates"]] == article["dates"]
    for name in article.get("programs", []):
        assert name in [p["name"] for p in r["programs"]]


def test_no_place_or_common_word_is_a_person(results):
    names = {o["name"] for r in results.values() for o in r["officials"]}
    for bad in ("Paringin", "Manado", "Selong", "Sungai Raya", "Serentak", "Dua", "Pekerjaan", "Standardisasi"):
        assert bad not in names
