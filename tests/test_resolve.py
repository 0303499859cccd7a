"""Entity resolution on constructed mentions: what merges, and what must not."""
import json

import pytest

from pipelines.resolve import name_tokens, resolve, split_acting

_ids = iter(range(1, 10_000))


def official(name, position=None, region_code=None, article="a1", day="2024-01-10",
             article_region=None, organization=None, title=None):
    return {"id": next(_ids), "entity_type": "official", "article_id": article, "name": name,
            "position": position, "title": title or (position.split(" ")[0] if position else None),
            "organization": organization, "region_code": region_code, "published_at": f"{day}T09:00:00+07:00",
            "article_region": article_region, "sentence": f"{position}, {name}, hadir."}


def people_of(result):
    return sorted((p["name"], json.loads(p["aliases"]), p["articles"]) for p in result["people"])


def test_same_name_same_region_across_articles_is_one_person():
    result = resolve([official("Arief Rohman", "Bupati Blora", "33.16", "a1", "2023-05-01"),
                      official("Arief Rohman", "Bupati Blora", "33.16", "a2", "2024-02-01")])
    assert people_of(result) == [("Arief Rohman", [], 2)]
    (held,) = result["person_positions"]
    assert (held["first_seen"], held["last_seen"], held["articles"]) == ("2023-05-01", "2024-02-01", 2)


def test_same_common_name_in_different_regions_stays_two_people():
    result = resolve([official("Budi Santoso", "Bupati Tabalong", "63.09", "a1"),
                      official("Budi Santoso", "Kepala Dinas Pertanian Kabupaten Garut", "32.05", "a2",
                               organization="Dinas Pertanian")])
    assert len(result["people"]) == 2
    assert {p["id"] for p in result["people"]} == {"budi-santoso-63.09", "budi-santoso-32.05"}


def test_name_alone_never_merges():
    result = resolve([official("Sri Wahyuni", "Kepala Sekolah", None, "a1"),
                      official("Sri Wahyuni", "Kepala Sekolah", None, "a2")])
    assert len(result["people"]) == 2


def test_media_centre_region_is_supporting_evidence():
    # "Kepala Bappeda" names no region, but both articles come from Kabupaten Sikka's media centre.
    result = resolve([official("Yohanes Da Costa", "Kepala Bappeda", None, "a1", article_region="53.10"),
                      official("Yohanes Da Costa", "Kepala Bappeda", None, "a2", article_region="53.10")])
    assert people_of(result) == [("Yohanes Da Costa", [], 2)]


def test_spelling_variants_and_shorter_forms_merge_with_aliases():
    result = resolve([official("Muhammad Rizal Fahmi", "Wali Kota Ternate", "82.71", "a1"),
                      official("Mohammad Rizal Fahmi", "Wali Kota Ternate", "82.71", "a2"),
                      official("Rizal Fahmi", "Wali Kota Ternate", "82.71", "a3"),
                      official("Muhammad Rizal Fahmi", "Wali Kota Ternate", "82.71", "a4")])
    assert people_of(result) == [("Muhammad Rizal Fahmi", ["Mohammad Rizal Fahmi", "Rizal Fahmi"], 4)]


def test_shorter_form_with_another_post_does_not_merge():
    result = resolve([official("Ahmad Fauzi", "Sekretaris Daerah Kabupaten Balangan", "63.11", "a1"),
                      official("Fauzi", "Kepala Desa Lampihong", "63.11", "a2")])
    assert len(result["people"]) == 2


def test_acting_posts_are_the_same_position_with_acting_kept():
    result = resolve([official("Hendra Wijaya", "Bupati Lampung Selatan", "18.01", "a1", "2021-03-01"),
                      official("Rina Marlina", "Plt Bupati Lampung Selatan", "18.01", "a2", "2023-06-01",
                               title="Plt Bupati"),
                      official("Dedi Kurnia", "Pj Bupati Lampung Selatan", "18.01", "a3", "2024-09-01",
                               title="Pj Bupati")])
    (position,) = result["positions"]
    assert (position["label"], position["title"], position["holders"]) == ("Bupati Lampung Selatan", "Bupati", 3)
    acting = sorted((pp["person_id"], pp["acting"]) for pp in result["person_positions"])
    assert acting == [("dedi-kurnia-18.01", "Pj"), ("hendra-wijaya-18.01", None), ("rina-marlina-18.01", "Plt")]


def test_links_point_each_mention_to_its_entities():
    mentions = [official("Arief Rohman", "Bupati Blora", "33.16", "a1")]
    result = resolve(mentions)
    assert result["links"][mentions[0]["id"]] == {"person_id": "arief-rohman-33.16",
                                                  "position_id": "bupati-blora-33.16"}


def program(name, acronym=None, article="a1", article_region="63.11"):
    return {"id": next(_ids), "entity_type": "program", "article_id": article, "name": name,
            "acronym": acronym, "published_at": "2024-01-01T00:00:00+08:00", "article_region": article_region}


def test_program_long_name_and_acronym_are_one_program():
    result = resolve([program("Lomba Inovasi Daerah Tabalong", "LIDATA", "a1"),
                      program("LIDATA", None, "a2")])
    (row,) = result["programs"]
    assert (row["name"], row["acronym"], row["articles"]) == ("Lomba Inovasi Daerah Tabalong", "LIDATA", 2)


def test_same_program_name_in_two_regions_stays_two():
    result = resolve([program("Kampung Sehat", article_region="63.11"),
                      program("Kampung Sehat", article_region="35.10")])
    assert len(result["programs"]) == 2


def test_awards_keep_year_and_rank():
    award = {"id": next(_ids), "entity_type": "award", "article_id": "a1", "name": "Adipura 2024",
             "year": 2024, "rank": None, "published_at": "2024-03-01", "article_region": "32.71"}
    (row,) = resolve([award])["awards"]
    assert (row["name"], row["year"], row["region_code"]) == ("Adipura 2024", 2024, "32.71")


@pytest.mark.parametrize("position, expected", [
    ("Plt Bupati Lampung Selatan", ("Plt", "Bupati Lampung Selatan")),
    ("Pj. Wali Kota Ambon", ("Pj", "Wali Kota Ambon")),
    ("Penjabat Gubernur Papua Barat", ("Pj", "Gubernur Papua Barat")),
    ("Plh Sekretaris Daerah", ("Plh", "Sekretaris Daerah")),
    ("Bupati Blora", (None, "Bupati Blora")),
])
def test_split_acting(position, expected):
    assert split_acting(position) == expected


def test_name_tokens_fold_spelling_variants():
    assert name_tokens("Moch. Achmad Fauzi") == ("muhammad", "ahmad", "fauzi")
