import pytest

from pipelines.search import search_snippet, stem_query, stem_text


def test_stem_text_reduces_affixed_forms():
    assert stem_text("Pemerintah Balangan berinovasi dan meresmikan penghargaan") == \
        "perintah balang inovasi dan resmi harga"


@pytest.mark.parametrize("query, expected", [
    ("berinovasi", '"inovasi"'),
    ("inovasi daerah", '"inovasi" "daerah"'),
    ('"meresmikan jembatan"', '"resmi jembatan"'),
    ("inovasi OR penghargaan", '"inovasi" OR "harga"'),
    ("peringkat ke-20", '"peringkat" "ke" "20"'),
    ("inov*", '"inov"*'),
    ("OR", '"or"'),  # a lone operator is just a word
    ("", '""'),  # no words: an empty phrase, which FTS5 parses and nothing matches
    ('" AND', '"and"'),  # unbalanced quote, lone operator: plain words
    ("*", '""'),
    ("inovasi OR OR daerah NOT", '"inovasi" OR "daerah"'),
])
def test_stem_query_keeps_fts_syntax_safe(query, expected):
    assert stem_query(query) == expected


def test_snippet_marks_every_form_of_the_stem_in_the_best_window():
    body = "Pembukaan acara. " + "kata " * 40 + "Bupati berinovasi, lalu inovasi <b>baru</b> diresmikan."
    snippet = search_snippet(body, "inovasi")
    assert snippet.startswith("… ") and "⟦berinovasi⟧" in snippet and "⟦inovasi⟧" in snippet
    assert "<b>baru</b>" in snippet  # escaping is the page's job (render_cell)


def test_snippet_without_a_match_is_the_opening_and_never_carries_markers():
    assert search_snippet("Satu dua ⟦tiga⟧ empat.", "") == "Satu dua tiga empat."
    assert search_snippet("Satu dua tiga", "lima", words=2) == "Satu dua …"
    assert search_snippet("", "apa") == ""


def test_snippet_prefix_search():
    assert search_snippet("Dinas pertanian dan perikanan", "per*") == "Dinas ⟦pertanian⟧ dan ⟦perikanan⟧"
