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


def _search(db, q: str) -> list[int]:
    import yaml

    from warta_testing import PROJECT_ROOT
    sql = yaml.safe_load((PROJECT_ROOT / "metadata.yml").read_text())["databases"]["archive"]["queries"]["search"]["sql"]
    return [db.execute("select rowid from articles where id = ?", [row[0]]).fetchone()[0]
            for row in db.execute(sql, {"q": q}).fetchall()]


def test_search_ranks_within_the_newest_window_holding_enough_matches(tmp_path):
    from pipelines.schema import open_database

    db = open_database(tmp_path / "archive.db")
    n, window = 20_400, 20_000

    def text(i: int, matches: set[int]) -> str:
        # the oldest matches say the phrase many times: they rank first whenever they are looked at
        return "kepala dinas " * (8 if i < 250 else 1) if i in matches else "kata lain"

    def load(matches: set[int]) -> None:
        with db.conn:
            db.execute("delete from articles")
            db.conn.executemany("insert into articles (rowid, id, source, article_id, title, search_text, published_at) "
                                "values (?, ?, 's', ?, 'judul', ?, '2024-01-01')",
                                [(i + 1, f"a{i}", i, text(i, matches)) for i in range(n)])
    old = set(range(250))
    load(old | set(range(n - 250, n)))  # 250 matches among the newest 20,000: only those ranked
    assert len(hits := _search(db, '"kepala dinas"')) == 50 and min(hits) > n - window
    load(old | set(range(n - 100, n)))  # too few there: the next window, holding the old ones
    assert len(hits := _search(db, '"kepala dinas"')) == 50 and max(hits) <= 250
