import pytest

from pipelines.regions import CITY, PROVINCE, REGENCY, gazetteer


@pytest.mark.parametrize("byline, code, name, kind, province", [
    ("MC KAB BALANGAN", "63.11", "Kabupaten Balangan", REGENCY, "Kalimantan Selatan"),
    ("MC KOTA BANJAR", "32.79", "Kota Banjar", CITY, "Jawa Barat"),
    ("MC PROV JAWA TIMUR", "35", "Provinsi Jawa Timur", PROVINCE, "Jawa Timur"),
    ("MC Kab. Hulu Sungai Utara", "63.08", "Kabupaten Hulu Sungai Utara", REGENCY, "Kalimantan Selatan"),
])
def test_media_centre_bylines_resolve_to_kemendagri_codes(byline, code, name, kind, province):
    region = gazetteer().from_byline(byline)
    assert (region.code, region.display_name, region.kind, region.province) == (code, name, kind, province)


@pytest.mark.parametrize("byline", ["Putri Larasati", "MC KAB ATLANTIS", "MC", ""])
def test_other_bylines_have_no_region(byline):
    assert gazetteer().from_byline(byline) is None


def test_a_name_shared_by_regency_and_city_needs_its_kind():
    g = gazetteer()
    assert g.find("Banjar") is None  # Kabupaten Banjar (Kalsel) and Kota Banjar (Jabar)
    assert g.find("Kota Banjar").code == "32.79"
    assert g.find("Kabupaten Banjar").code == "63.03"


@pytest.mark.parametrize("code, zone", [("63.11", "WITA"), ("35", "WIB"), ("81.71", "WIT"), ("94", "WIT")])
def test_time_zone_follows_the_province(code, zone):
    assert gazetteer().by_code(code).timezone == zone


def test_every_province_and_regency_is_loaded():
    regions = gazetteer().regions
    assert sum(r.kind == PROVINCE for r in regions) == 38
    assert sum(r.kind in (REGENCY, CITY) for r in regions) == 514
