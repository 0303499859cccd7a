import pytest

from pipelines.search import stem_query, stem_text


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
