import gzip
import sqlite3

import pytest
import sqlite_utils

from pipelines import schema
from pipelines.archive import Archive, article_key, evidence_sentence
from pipelines.regions import gazetteer

BODY = ("Paringin, InfoPublik - Bupati Balangan, Abdul Hadi membuka lomba inovasi. "
        "Lomba diikuti 40 peserta dari 12 perangkat daerah.\n\nAcara berlangsung Selasa (27/2/2024).")


def article(**changes):
    fields = {"url": "https://infopublik.id/kategori/nusantara/812345/index.html",
              "canonical_url": "https://infopublik.id/kategori/nusantara/812345/lomba-inovasi",
              "source": "infopublik.id", "article_id": 812345, "category": "nusantara",
              "title": "Lomba Inovasi Dibuka", "author": "MC KAB BALANGAN", "region_code": "63.11",
              "region": "Kabupaten Balangan", "published_at": "2024-02-27T19:49:00+08:00",
              "updated_at": None, "body": BODY, "tags": ["inovasi"], "views": 12,
              "fetched_at": "2024-02-28T00:00:00+00:00", "content_hash": "h1",
              "field_sources": {"body": "selectors"}}
    return {**fields, **changes}


@pytest.fixture
def archive(tmp_path):
    return Archive(tmp_path / "archive.db")


def test_schema_is_idempotent_and_in_wal_mode(tmp_path):
    path = tmp_path / "archive.db"
    Archive(path).save_article(article())
    again = Archive(path)  # reopening must neither fail nor lose rows
    assert again.db["articles"].count == 1
    assert again.db.journal_mode == "wal"
    assert again.db["regions"].count == len(gazetteer().regions)
    assert again.db["articles"].detect_fts() == "articles_fts"


def test_new_then_unchanged_then_updated(archive):
    assert archive.save_article(article()) == "new"
    assert archive.save_article(article(fetched_at="2024-03-01T00:00:00+00:00")) == "unchanged"
    assert archive.db["articles"].get("infopublik-812345")["fetched_at"] == "2024-03-01T00:00:00+00:00"
    assert archive.save_article(article(title="Lomba Inovasi Resmi Dibuka", content_hash="h2",
                                        updated_at="2024-02-28T08:00:00+08:00")) == "updated"
    row = archive.db["articles"].get("infopublik-812345")
    assert (row["title"], row["updated_at"]) == ("Lomba Inovasi Resmi Dibuka", "2024-02-28T08:00:00+08:00")
    assert archive.db["articles"].count == 1
    versions = list(archive.db.query("select content_hash, updated_at from article_versions order by rowid"))
    assert versions == [{"content_hash": "h1", "updated_at": None},
                        {"content_hash": "h2", "updated_at": "2024-02-28T08:00:00+08:00"}]


def test_an_updated_at_change_alone_counts_as_an_update(archive):
    archive.save_article(article())
    assert archive.save_article(article(updated_at="2024-02-29T10:00:00+08:00")) == "updated"


def test_stored_row_uses_canonical_url_month_and_json_columns(archive):
    archive.save_article(article())
    row = archive.db["articles"].get(article_key("infopublik.id", 812345))
    assert row["url"] == "https://infopublik.id/kategori/nusantara/812345/lomba-inovasi"
    assert row["month"] == "2024-02"
    assert row["tags"] == '["inovasi"]'
    assert row["field_sources"] == '{"body": "selectors"}'


def test_raw_html_is_kept_compressed_and_readable(archive):
    html = ("<html><body>" + "Bupati Balangan " * 500 + "</body></html>").encode()
    archive.save_article(article(), raw_html=html, encoding="utf-8")
    stored = archive.db["article_raw"].get("infopublik-812345")["html_gz"]
    assert len(stored) < len(html) / 10 and gzip.decompress(stored) == html
    assert archive.raw_html("infopublik-812345") == (html, "utf-8", "html")


def test_full_text_search_finds_body_words(archive):
    archive.save_article(article())
    archive.save_article(article(article_id=1, title="Panen Raya Padi", body="Petani Tabalong panen raya.",
                                 content_hash="x"))
    hits = [r["id"] for r in archive.db["articles"].search("inovasi")]
    assert hits == ["infopublik-812345"]


def test_entities_are_replaced_per_article_with_evidence(archive):
    archive.save_article(article())
    start = BODY.index("Abdul Hadi")
    official = {"name": "Abdul Hadi", "position": "Bupati Balangan", "title": "Bupati",
                "organization": None, "region": "Kabupaten Balangan", "region_code": "63.11",
                "honorifics": ["H."], "start": start, "end": start + len("Abdul Hadi")}
    date_start = BODY.index("Selasa")
    date = {"date": "2024-02-27", "text": "Selasa (27/2/2024)", "start": date_start,
            "end": date_start + len("Selasa (27/2/2024)")}
    archive.replace_entities("infopublik-812345", {"officials": [official], "dates": [date]}, "v1")
    archive.replace_entities("infopublik-812345", {"officials": [official], "dates": [date]}, "v2")
    rows = list(archive.db["mentions"].rows)
    assert len(rows) == 1
    assert rows[0]["entity_type"] == "official" and rows[0]["position"] == "Bupati Balangan"
    assert rows[0]["sentence"] == "Paringin, InfoPublik - Bupati Balangan, Abdul Hadi membuka lomba inovasi."
    assert rows[0]["honorifics"] == '["H."]' and rows[0]["extractor_version"] == "v2"
    assert [r["sentence"] for r in archive.db["dates"].rows] == ["Acara berlangsung Selasa (27/2/2024)."]
    assert archive.db["articles"].get("infopublik-812345")["extractor_version"] == "v2"


def test_mentions_link_to_articles_regions_and_entities(archive):
    fks = {(fk.column, fk.other_table) for fk in archive.db["mentions"].foreign_keys}
    assert fks == {("article_id", "articles"), ("region_code", "regions"), ("person_id", "people"),
                   ("position_id", "positions"), ("program_id", "programs"), ("award_id", "awards")}


def test_stemmed_search_finds_other_word_forms(archive):
    archive.save_article(article(title="Pelayanan Publik Makin Cepat",
                                 body="Pemerintah daerah terus berinovasi dalam pelayanan publik."))
    archive.save_article(article(article_id=2, title="Panen", body="Petani panen padi.", content_hash="x"))
    hits = list(archive.db.query("select articles.id from articles_fts join articles on articles.rowid = "
                                 "articles_fts.rowid where articles_fts match stem_id('inovasi')"))
    assert hits == [{"id": "infopublik-812345"}]


def test_evidence_sentence_is_bounded():
    text = "Kalimat pertama. " + "kata " * 300 + "Abdul Hadi hadir."
    start = text.index("Abdul")
    snippet = evidence_sentence(text, start, start + 10, limit=100)
    assert "Abdul Hadi" in snippet and len(snippet) <= 110


def test_a_failed_write_leaves_the_article_as_it_was(archive):
    """A write that fails half-way (the old mentions already deleted, the new one refused by
    SQLite) is rolled back: the article keeps its mentions, dates and extractor version."""
    archive.save_article(article())
    start, date_start = BODY.index("Abdul Hadi"), BODY.index("Selasa")
    archive.replace_entities("infopublik-812345", {
        "officials": [{"name": "Abdul Hadi", "start": start, "end": start + len("Abdul Hadi")}],
        "dates": [{"date": "2024-02-27", "start": date_start, "end": date_start + len("Selasa (27/2/2024)")}]}, "v1")

    def stored():
        return ([r for t in ("mentions", "dates") for r in archive.db[t].rows],
                archive.db["articles"].get("infopublik-812345")["extractor_version"])

    before = stored()
    assert len(before[0]) == 2 and before[1] == "v1"
    refused = {"officials": [{"name": object(), "start": start, "end": start + 10}], "dates": []}
    with pytest.raises(sqlite3.ProgrammingError):
        archive.replace_entities("infopublik-812345", refused, "v2")
    assert stored() == before
    with pytest.raises(sqlite_utils.db.NotFoundError):  # an article that is not stored
        archive.replace_entities("infopublik-404", {"officials": []}, "v1")
    assert archive.db["articles"].count == 1


@pytest.mark.parametrize("source, expected", [
    ("infopublik.id", "infopublik-7"), ("indonesia.go.id", "indonesia-7"),
    ("kominfo.jatimprov.go.id", "kominfo-jatimprov-7"), ("www.kemkes.go.id", "kemkes-7"),
])
def test_article_keys_are_unique_per_site_and_readable(source, expected):
    assert article_key(source, 7) == expected


def test_views_read_with_names_instead_of_ids(archive):
    from pipelines import resolve
    archive.save_article(article())
    start = BODY.index("Abdul Hadi")
    archive.replace_entities("infopublik-812345", {"officials": [
        {"name": "Abdul Hadi", "position": "Plt Bupati Balangan", "title": "Plt Bupati",
         "region": "Kabupaten Balangan", "region_code": "63.11", "start": start, "end": start + 10}]}, "v1")
    resolve.rebuild(archive.db)
    assert list(archive.db["position_history"].rows) == [{
        "position": "Bupati Balangan", "acting": "Plt", "name": "Abdul Hadi", "region": "Kabupaten Balangan",
        "province": "Kalimantan Selatan", "first_seen": "2024-02-27", "last_seen": "2024-02-27", "articles": 1,
        "person_id": "abdul-hadi-63.11", "position_id": "bupati-balangan-63.11"}]
    (row,) = archive.db["article_officials"].rows
    assert (row["title"], row["name"], row["region"]) == ("Lomba Inovasi Dibuka", "Abdul Hadi", "Kabupaten Balangan")


@pytest.mark.parametrize("name, expected", [
    ("Johnny Lumentut", "Acara dibuka Sekretaris Daerah, Ir. Johnny Lumentut, M.Si, di halaman Kantor Gubernur."),
    ("Budi", "Kepala Dinas, Dr. H. Budi, M.Si., hadir di Kab. Gowa."),
    ("mengatakan", "Johnny mengatakan hal itu."),
])
def test_evidence_sentences_do_not_break_at_titles_and_degrees(name, expected):
    text = ("Acara dibuka Sekretaris Daerah, Ir. Johnny Lumentut, M.Si, di halaman Kantor Gubernur. "
            "Johnny mengatakan hal itu. Kepala Dinas, Dr. H. Budi, M.Si., hadir di Kab. Gowa. Warga senang.")
    start = text.index(name)
    assert evidence_sentence(text, start, start + len(name)) == expected


def test_an_error_while_storing_an_article_stores_none_of_it(archive):
    """One transaction per article: an error after the row and raw page are written (here a
    mention whose span has no end) rolls all of it back."""
    bad = {"extractor_version": "v1", "officials": [{"name": "Abdul Hadi", "start": 3}]}
    with pytest.raises(KeyError):
        archive.store(article(), raw_html=b"<html></html>", encoding="utf-8", entities=bad)
    assert [archive.db[t].count for t in ("articles", "article_raw", "article_versions", "mentions")] == [0, 0, 0, 0]
    assert not archive.db.conn.in_transaction
    assert archive.store(article(), entities={"extractor_version": "v1"}) == "new"


def test_an_error_during_the_rebuild_keeps_the_old_entities(archive, monkeypatch):
    from pipelines import resolve
    start = BODY.index("Abdul Hadi")
    archive.store(article(), entities={"extractor_version": "v1", "officials": [
        {"name": "Abdul Hadi", "position": "Bupati Balangan", "region_code": "63.11", "start": start, "end": start + 10}]})
    resolve.rebuild(archive.db)
    people = list(archive.db["people"].rows)
    original = archive.db.conn

    class FailingLinks:  # the connection, failing at the last step of the rebuild
        def __getattr__(self, name):
            return getattr(original, name)

        def executemany(self, *args):
            raise RuntimeError("disk full")

    monkeypatch.setattr(archive.db, "conn", FailingLinks())
    with pytest.raises(RuntimeError):
        resolve.rebuild(archive.db)
    monkeypatch.undo()
    assert list(archive.db["people"].rows) == people and people


def test_search_index_holds_title_and_stemmed_text_and_follows_text_changes_only(archive):
    archive.save_article(article())
    db = archive.db
    assert [c.name for c in db["articles_fts"].columns] == ["title", "search_text"]

    def hits(word):
        return [r[0] for r in db.execute("select rowid from articles_fts where articles_fts match stem_id(?)", [word])]

    assert hits("berinovasi") == [1] and hits("peserta") == [1]  # body words, found through search_text
    # a crawl touching fetched_at or reprocess setting extractor_version leaves the index alone
    index = db.execute("select id, block from articles_fts_data").fetchall()
    db.execute("update articles set fetched_at = 'x', extractor_version = 'y'")
    assert db.execute("select id, block from articles_fts_data").fetchall() == index
    archive.save_article(article(body=BODY.replace("lomba inovasi", "pameran batik"), content_hash="h2"))
    assert hits("inovasi") == [1]  # still in the title
    assert hits("peserta") == [1] and hits("batik") == [1] and hits("lomba") == [1]
    archive.save_article(article(title="Pameran Dibuka", body="Pameran batik dibuka.", content_hash="h3"))
    assert hits("inovasi") == [] and hits("peserta") == []


def test_an_index_of_the_older_shape_is_rebuilt_on_upgrade(tmp_path):
    path = tmp_path / "archive.db"
    Archive(path).save_article(article())
    db = sqlite_utils.Database(path)  # as schema version 3 left it: FTS over title, body, search_text
    db["articles"].disable_fts()
    db["articles"].enable_fts(["title", "body", "search_text"], create_triggers=True)
    db.execute("delete from _sqlite_migrations where name = 'm004_search_shape'")
    db.conn.commit()
    reopened = Archive(path)
    steps = len(schema.STEPS)
    assert reopened.upgraded.startswith(f"{path}: upgraded from schema version {steps - 1} to schema version "
                                        f"{steps}, all ") and reopened.upgraded.endswith(" rows kept")
    assert [c.name for c in reopened.db["articles_fts"].columns] == ["title", "search_text"]
    assert reopened.db.execute("select rowid from articles_fts where articles_fts match 'inovasi'").fetchall() == [(1,)]
    assert "after update of" in reopened.db["articles"].triggers_dict["articles_au"]
