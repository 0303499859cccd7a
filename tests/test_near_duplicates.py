"""Near-duplicates: a release republished by several sites is linked to its original."""
import sqlite_utils

from pipelines.archive import Archive
from pipelines.near_duplicates import NearDuplicates, bands, distance, simhash
from newssite import NewsSite, NewsSiteServer, write_sources
from warta.samplesite.server import SampleSite
from warta.schedule import crawl_all
from warta_testing import FAST_NO_NLP

SETTINGS = FAST_NO_NLP


def bodies():
    return [a["paragraphs"] for a in SampleSite().articles.values() if a["paragraphs"]]


def test_simhash_is_close_for_copies_and_far_for_others():
    first, second = bodies()[:2]
    copy = ["SEMARANG – " + first[0]] + first[1:] + ["Kegiatan ini akan berlanjut tahun depan.", "(Humas/red)"]
    assert distance(simhash("\n".join(first)), simhash("\n".join(copy))) <= 6
    assert distance(simhash("\n".join(first)), simhash("\n".join(second))) >= 15
    value = simhash("\n".join(first))
    assert sum(b << (8 * i) for i, b in enumerate(bands(value))) == value


def test_group_is_linked_to_its_earliest_article(tmp_path):
    db = Archive(tmp_path / "a.db").db  # articles table for the foreign keys
    index = NearDuplicates(db)
    text = "\n".join(bodies()[0])
    assert index.add("kab-a-1", text + "\n(Humas Kab A)", "2024-08-05T10:00:00+07:00") is None
    assert index.add("other-1", "\n".join(bodies()[1]), "2024-08-01T10:00:00+07:00") is None
    assert index.add("prov-1", "SEMARANG - " + text, "2024-08-05T12:00:00+07:00") == "kab-a-1"
    # an earlier copy crawled later becomes the original of the whole group
    assert index.add("kemen-1", text, "2024-08-05T09:30:00+08:00") is None  # 01:30 UTC, the earliest
    links = {r["article_id"]: r["original_id"] for r in db["article_duplicates"].rows}
    assert links == {"kab-a-1": "kemen-1", "prov-1": "kemen-1"}


def test_republished_release_across_two_sites(tmp_path):
    articles = [a for a in SampleSite().articles.values() if a["published"] and a["paragraphs"]][:6]
    original = NewsSite(articles, name="Kementerian Contoh", feed_size=100, sitemap=False, wordpress=False)
    copied = dict(articles[0], id=555001, slug="siaran-ulang", published="2024-12-01T08:00:00+07:00",
                  paragraphs=["JAKARTA – " + articles[0]["paragraphs"][0]] + articles[0]["paragraphs"][1:])
    copies = NewsSite([copied], name="Pemprov Contoh", feed_size=100, sitemap=False, wordpress=False)
    with NewsSiteServer(original) as one, NewsSiteServer(copies) as two:
        # a second host name for the second site, as sources.yml allows one source per host
        copies.base_url = two.base_url.replace("127.0.0.1", "localhost")
        second = two.source("pemprov", "feed", feed_url=copies.base_url + "/feed/", base_url=copies.base_url)
        sources = write_sources(tmp_path / "sources.yml",
                                one.source("kementerian", "feed"), second)
        assert crawl_all(sources, tmp_path / "a.db", settings=SETTINGS) == 0
    db = sqlite_utils.Database(tmp_path / "a.db")
    links = list(db.query("select d.original_id, o.url as original_url, c.url as copy_url from article_duplicates d "
                          "join articles o on o.id = d.original_id join articles c on c.id = d.article_id"))
    assert len(links) == 1
    assert links[0]["original_url"] == one.base_url + original.path(articles[0])
    assert "localhost" in links[0]["copy_url"]  # each source keeps its own URL
