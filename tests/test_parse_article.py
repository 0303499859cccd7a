"""parse_article and parse_listing on sample-site pages, without Scrapy or HTTP."""
import pytest

from scraper.parse.article import parse_article
from scraper.parse.listing import parse_listing
from warta.samplesite.server import PAGE_SIZE, SampleSite

BASE = "https://infopublik.id"


@pytest.fixture(scope="module")
def site():
    site = SampleSite()
    site.base_url = BASE
    return site


def fetch(site, path):
    status, ctype, body = site.route(path, {})
    if status == 503:  # the page that is busy once, as the crawler's retry would see it
        status, ctype, body = site.route(path, {})
    assert status == 200
    # The windows-1252 page declares its charset only in a meta tag, as Scrapy would find it.
    return body.decode("utf-8" if "utf-8" in ctype else "cp1252"), BASE + path


def parsed(site, article_id, index_html=False):
    html, url = fetch(site, site.article_path(site.articles[article_id], index_html))
    return parse_article(html, url)


def test_two_dates_page_from_selectors_alone(site):
    # No JSON-LD and no article:* meta on this page: every field comes from the markup.
    a = parsed(site, 816031)
    assert a["title"] == "Jaga Inflasi, Pemprov Sulut Gelar Operasi Pasar OPTIMA di 15 Kabupaten/Kota"
    assert a["author"] == "MC PROV SULAWESI UTARA"
    assert (a["region_code"], a["region"], a["province"]) == ("71", "Provinsi Sulawesi Utara", "Sulawesi Utara")
    assert a["editor"] == "Meirina Kusuma"
    assert a["views"] == 1395
    assert a["published_at"] == "2024-07-03T14:00:00+08:00"
    assert a["updated_at"] == "2024-07-03T19:40:00+08:00"
    assert a["dateline"] == "Manado"
    assert a["signoff"] == "(MC Prov Sulut/jm/mei)"
    assert a["lead_image_url"] == BASE + "/assets/upload/headline/2024/07/sulut-optima.jpg"
    assert a["lead_image_caption"].startswith("Warga antre membeli beras dan minyak goreng")
    assert a["tags"] == ["inflasi", "operasi pasar", "sulawesi utara", "ekonomi"]
    assert a["body"].startswith("Manado, InfoPublik - Pemerintah Provinsi Sulawesi Utara menggelar")
    assert a["body"].count("\n\n") == 5  # six paragraphs, sign-off split off
    assert not a["body"].endswith(")")
    assert a["extraction_layer"] == "selectors"
    assert a["field_sources"]["published_at"] == "selectors"
    assert a["field_sources"]["updated_at"] == "selectors"
    assert (a["article_id"], a["category"], a["source"]) == (816031, "nusantara", "infopublik.id")


def test_json_ld_wins_over_markup_and_canonical_is_kept(site):
    a = parsed(site, 794402, index_html=True)
    assert a["url"] == BASE + "/kategori/nusantara/794402/index.html"
    assert a["canonical_url"] == (BASE + "/kategori/nusantara/794402/"
                                  "pemkab-balangan-serahkan-beasiswa-gema-balangan-kepada-350-mahasiswa")
    assert (a["published_at"], a["updated_at"]) == ("2023-11-08T10:10:00+08:00", "2023-11-08T13:25:00+08:00")
    assert a["field_sources"]["published_at"] == "metadata"
    assert (a["region_code"], a["region"]) == ("63.11", "Kabupaten Balangan")
    assert (a["editor"], a["views"], a["dateline"]) == ("Tobari", 774, "Paringin")


def test_windows_1252_page_keeps_its_characters(site):
    a = parsed(site, 801012)
    assert a["title"] == "Kemensos Perkuat Lumbung Sosial di 150 Desa Rawan Bencana"
    assert "“" in a["body"] and "\ufffd" not in a["body"]
    assert a["published_at"] == "2024-01-17T13:05:00+07:00"
    assert a["region"] is None  # a reporter's byline names no region


def test_redesigned_page_falls_back_to_json_ld_body(site):
    a = parsed(site, 800118)
    assert a["extraction_layer"] == "metadata"
    assert a["body"].startswith("Masohi, InfoPublik - Pemerintah Kabupaten Maluku Tengah")
    assert a["author"] == "MC KAB MALUKU TENGAH" and a["region_code"] == "81.01"
    assert a["published_at"] == "2024-01-10T12:15:00+09:00"


def test_redesigned_page_without_json_ld_falls_back_to_what_the_page_shows(site):
    a = parsed(site, 788133)
    assert a["extraction_layer"] == "page"
    assert a["body"].startswith("Banyuwangi, InfoPublik - Ribuan warga dan wisatawan")
    assert a["published_at"] == "2023-08-28T19:15:00+07:00"  # from article:published_time
    assert a["dateline"] == "Banyuwangi"


def test_page_without_a_date(site):
    a = parsed(site, 700101)
    assert a["published_at"] is None and a["updated_at"] is None
    assert a["title"] == "Pemkab Sinjai Gelar Rapat Koordinasi Pengendalian Inflasi"
    assert (a["region_code"], a["editor"], a["views"]) == ("73.07", "Rahmat Hidayat", 54)


def test_page_with_an_empty_body(site):
    a = parsed(site, 700102)
    assert a["body"] is None
    assert a["published_at"] == "2024-05-14T10:05:00+08:00"


def test_every_sample_article_round_trips(site):
    """What the site was written from is what the parser recovers, for every normal page."""
    quirky = set(site.quirks["fallback_layout_ids"]) | {a["id"] for a in site.quirks["extra_articles"]}
    for article in site.articles.values():
        if article["id"] in quirky:
            continue
        a = parsed(site, article["id"])
        expected_body = "\n\n".join([f"{article['dateline']}, InfoPublik - {article['paragraphs'][0]}",
                                     *article["paragraphs"][1:]])
        assert (a["title"], a["author"], a["editor"], a["views"]) == (
            article["title"], article["byline"], article["editor"], article["views"])
        assert (a["published_at"], a["updated_at"]) == (article["published"], article["updated"])
        assert (a["dateline"], a["signoff"], a["tags"]) == (article["dateline"], article["signoff"], article["tags"])
        assert a["lead_image_caption"] == article["caption"]
        assert a["body"] == expected_body
        assert a["extraction_layer"] == "selectors"


def test_listing_page_links_dates_and_next_page(site):
    html, url = fetch(site, "/kategori/nusantara")
    listing = parse_listing(html, url)
    assert len(listing.articles) == PAGE_SIZE      # a full first page: the category has more
    assert listing.next_url == BASE + "/kategori/nusantara?page=2"
    # extras first (a dead link and a robots-forbidden one), then newest first
    assert [a.url for a in listing.articles[:2]] == [
        BASE + "/kategori/nusantara/999999/berita-yang-sudah-dihapus",
        BASE + "/kategori/internal/800001/draf-siaran-pers"]
    dates = [a.published_at for a in listing.articles if a.published_at]
    assert dates == sorted(dates, reverse=True) and dates[0] == "2024-11-11T15:10:00+09:00"


def test_last_listing_page_has_no_next(site):
    html, url = fetch(site, "/kategori/nasional-ekonomi-bisnis")
    listing = parse_listing(html, url)
    in_category = [a for a in site.articles.values() if a["category"] == "nasional-ekonomi-bisnis"]
    assert len(in_category) < PAGE_SIZE           # one page holds them all
    assert len(listing.articles) == len(in_category) and listing.next_url is None
