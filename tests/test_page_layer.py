"""What the page shows, rule by rule, on fixture pages written for these tests
(tests/fixtures/pages): titles without the site's name, visible date lines with their zone,
labelled bylines, body ends, charset repair, photo stories, sites.yml entries, `warta parse`."""
import json
import subprocess
import sys

import pytest
from scrapy.selector import Selector

from scraper.parse.charset import decode_html
from scraper.parse.dates import find_page_date
from scraper.parse.page import visible_lines
from scraper.parse.record import article_record
from scraper.parse.sites import SiteError, extract_site, load_sites, site_entry
from scraper.parse.titles import clean_title, site_tokens
from warta_testing import PROJECT_ROOT

FIXTURES = PROJECT_ROOT / "tests" / "fixtures" / "pages"


def record(name, url):
    return article_record((FIXTURES / name).read_bytes(), url, "fixture")


@pytest.fixture(scope="module")
def portal():
    return record("portal-wib.html", "https://www.portalkota.com/kota/2024/03/12/pasar-murah")


@pytest.fixture(scope="module")
def banua():
    return record("berita-wita.html", "https://kabarbanua.co.id/berita/jembatan-desa")


@pytest.mark.parametrize("title, names, url, expected", [
    ("Samsul Arif Tak Beban - Kompas.com", [], "https://bola.kompas.com/read/1", "Samsul Arif Tak Beban"),
    ("Kabar Sulsel: Banjir Surut di Hulu | Kabar Sulsel", ["Kabar Sulsel"], None, "Banjir Surut di Hulu"),
    ("Jalan Tol Dibuka :: Humas Kota Contoh", ["Humas Kota Contoh"], None, "Jalan Tol Dibuka"),
    ("Vaksinasi Digelar | ihram.co.id", [], None, "Vaksinasi Digelar"),
    # a part that does not name the site stays, separators and all
    ("Tri Indonesia: Broadband Dorong Ekosistem - Tekno", [], "https://tekno.liputan6.com/x", "Tri Indonesia: Broadband Dorong Ekosistem - Tekno"),
])
def test_titles_lose_only_the_site_name(title, names, url, expected):
    assert clean_title(title, site_tokens([url], names)) == expected


@pytest.mark.parametrize("line, expected", [
    ("Selasa, 16 Februari 2016 | 14:11 WIB", "2016-02-16T14:11:00+07:00"),
    ("Kamis, 05/11/2015 10:08 WIB", "2015-11-05T10:08:00+07:00"),
    ("By Corry on 16 Feb 2016 at 09:10 WIB", "2016-02-16T09:10:00+07:00"),
    ("Jum'at, 17 Februari 2017 - 13:30 wib", "2017-02-17T13:30:00+07:00"),
    ("Jumat , 17 February 2017, 13:16 WITA", "2017-02-17T13:16:00+08:00"),
    ("Senin, 5 Agu 2024 pukul 08.15 WIT", "2024-08-05T08:15:00+09:00"),
    ("Minggu, 14 Februari 2016 09:15", "2016-02-14T09:15:00"),  # no zone stated: none invented
    ("Terbit 12 Maret 2024", None),  # a date without a time is not a date line
    ("Nomor 31/12/2024 tentang anggaran", None),
])
def test_visible_date_lines(line, expected):
    assert find_page_date(line) == expected


def test_visible_wib_line_beats_a_z_that_is_local_time(portal):
    # meta pubdate "2024-03-12 T09:30:41Z" is WIB wall-clock time stamped as UTC
    assert portal["published_at"] == "2024-03-12T09:30:00+07:00"
    assert portal["field_sources"]["published_at"] == "page"


def test_visible_wita_line_beats_utc_metadata(banua):
    assert banua["published_at"] == "2024-08-05T10:40:00+08:00"


def test_metadata_date_stands_when_the_page_confirms_it():
    a = record("redaksi-oleh.html", "https://wartasehat.com/read/vaksinasi")
    assert a["published_at"] == "2024-02-01T13:05:09+07:00" and a["field_sources"]["published_at"] == "metadata"


def test_headline_is_the_heading_without_site_name_or_section(portal, banua):
    assert portal["title"] == "Pemkot Tegal Buka Pasar Murah Ramadan"
    assert banua["title"] == "Bupati Tabalong Resmikan Jembatan Desa"


def test_bylines_and_credits(portal, banua):
    # the publisher in JSON-LD's author is not a writer; the byline's channel suffix goes
    assert (portal["author"], portal["editor"]) == ("Sri Wahyuni", "Anton Prasetyo")
    assert (banua["author"], banua["editor"]) == ("Rahmat Hidayat", "Siti Aminah")
    a = record("redaksi-oleh.html", "https://wartasehat.com/read/vaksinasi")
    assert a["author"] == "Yohana Siregar"  # not "Jurnalis", the role printed under the name


def test_body_ends(portal, banua):
    paragraphs = portal["body"].split("\n\n")
    # the dateline fragment joins its paragraph; the caption after the image is not text
    assert paragraphs[0].startswith("Tegal - Pemerintah Kota Tegal membuka pasar murah")
    assert not any("Harga Cabai" in p or "Baca juga" in p for p in paragraphs)  # related links
    assert paragraphs[-1].endswith("menurut jadwal yang dibagikan dinas.")  # initials, credits, copyright cut
    assert portal["signoff"] == "(sri/ton)"
    body = banua["body"].split("\n\n")
    assert body[0].startswith("Tabalong, Kabar Banua - Bupati Tabalong")
    # contacts and the release's own "Sumber:" stay; the editor and tag lines go
    assert body[-3:] == ["KONTAK: humas@tabalongkab.go.id", "http://tabalongkab.go.id/",
                         "Sumber: Pemerintah Kabupaten Tabalong"]


def test_writer_in_bold_capitals_closing_the_text():
    a = record("redaksi-oleh.html", "https://wartasehat.com/read/vaksinasi")
    assert a["body"].endswith("kata kepala dinas.") and a["body"].startswith("MEDAN - Dinas Kesehatan")


def test_photo_story_keeps_its_captions_as_body():
    a = record("galeri-foto.html", "https://galeri.daerah.id/foto/perahu-hias")
    assert a["body"].count("\n\n") == 2 and a["body"].startswith("Perahu nelayan yang dihias")
    assert (a["author"], a["published_at"]) == ("Dimas Pratama", "2024-08-09T16:20:00+09:00")


def test_charset_declared_wrong_is_repaired(portal):
    assert "perdagangan © sebagai" in portal["body"] and "Â" not in portal["body"]
    cp1252 = '<html><head><meta charset="windows-1252"></head><body><p>“Kopi” Rp 5.000 – murah</p></body></html>'
    assert "“Kopi” Rp 5.000 – murah" in decode_html(cp1252.encode("cp1252"))
    assert "“Kopi”" in decode_html(cp1252.encode("cp1252"), "iso-8859-1")  # browsers read latin-1 as cp1252


def test_a_site_entry_reads_what_the_generic_layers_miss(tmp_path):
    from parsel import Selector
    sites = tmp_path / "sites.yml"
    sites.write_text("sites:\n  contoh.go.id:\n    body: '.naskah'\n    drop: '.promo'\n"
                     "    author: 'xpath: //span[@class=\"nama\"]'\n", encoding="utf-8")
    entry = site_entry("https://berita.contoh.go.id/a/1", load_sites(sites))
    assert entry["body"] == ".naskah" and site_entry("https://lain.go.id/", load_sites(sites)) is None
    page = Selector(text='<body><span class="nama">Ani</span><div class="naskah"><p>Satu.</p>'
                         '<p class="promo">Iklan</p><p>Dua.</p></div></body>')
    assert extract_site(page, entry) == {"author": "Ani", "paragraphs": ["Satu.", "Dua."]}
    sites.write_text("sites:\n  contoh.go.id:\n    judul: h1\n", encoding="utf-8")
    with pytest.raises(SiteError, match="unknown field 'judul'"):
        load_sites(sites)


def test_shipped_site_entries_select_on_a_page():
    """load_sites has checked the fields; here every shipped selector must be one parsel can run."""
    sites = load_sites()
    assert sites, "sites.yml ships no entry"
    page = Selector(text="<html><body><p>x</p></body></html>")
    for host, entry in sites.items():
        assert entry and "." in host, host
        extract_site(page, entry)       # raises on a selector that does not parse


def test_warta_parse_prints_the_record_with_field_sources():
    page = FIXTURES / "berita-wita.html"
    run = subprocess.run([sys.executable, "-m", "warta", "parse", "--json", str(page),
                          "--url", "https://kabarbanua.co.id/berita/jembatan-desa"],
                         capture_output=True, text=True, cwd=PROJECT_ROOT, timeout=120)
    assert run.returncode == 0, run.stderr
    out = json.loads(run.stdout)
    assert out["title"] == "Bupati Tabalong Resmikan Jembatan Desa" and out["field_sources"]["title"] == "page"
    listing = subprocess.run([sys.executable, "-m", "warta", "parse", str(page)], capture_output=True,
                             text=True, cwd=PROJECT_ROOT, timeout=120)
    assert "published_at" in listing.stdout and "[page]" in listing.stdout
    missing = subprocess.run([sys.executable, "-m", "warta", "parse", str(page) + ".none"],
                             capture_output=True, text=True, cwd=PROJECT_ROOT, timeout=120)
    assert missing.returncode == 1 and "No such file" in missing.stderr


def test_warta_parse_reads_a_live_url(sample_site):
    site = sample_site.site
    article = site.articles[816031]
    url = sample_site.base_url + site.article_path(article)
    run = subprocess.run([sys.executable, "-m", "warta", "parse", "--json", url],
                         capture_output=True, text=True, cwd=PROJECT_ROOT, timeout=120)
    assert run.returncode == 0, run.stderr
    out = json.loads(run.stdout)
    assert out["title"] == article["title"] and out["published_at"] == "2024-07-03T14:00:00+08:00"
    assert out["field_sources"]["body"] == "selectors"


def test_a_government_wordpress_page():
    a = record("pemda-wp.html", "https://contohkab.go.id/2024/01/22/musrenbang/")
    assert a["title"] == "Musrenbang Kecamatan Dimulai Pekan Depan"  # not "– Pemerintah Kabupaten Contoh"
    # "admin" is not a writer; the credits line after the text names writer and editor
    assert (a["author"], a["editor"]) == ("Lestari Handayani", "Bambang Sutejo")
    assert a["article_id"] == 2417  # the post id from the body class
    assert a["published_at"] == "2024-01-22T08:12:30+07:00"  # the visible date has no time
    body = a["body"].split("\n\n")
    # breadcrumbs before the text, counters, category and share lines after it are not text
    assert body[0].startswith("Pemerintah Kabupaten Contoh mulai menggelar") and len(body) == 3


def test_a_text_split_by_an_ad_is_read_whole_and_the_sidebar_left_out():
    a = record("teks-terbelah.html", "https://wartatani.id/berita/harga-gabah")
    body = a["body"].split("\n\n")
    assert len(body) == 5 and body[0].startswith("KLATEN - Harga gabah") and body[-1].endswith("kata kepala dinas.")


@pytest.mark.parametrize("line", ["Oleh Putri Larasati 29 September 2024 09:00 WIB",
                                  "Oleh Putri Larasati Senin, 30 September 2024",
                                  "Oleh Putri Larasati | 29/09/2024"])
def test_a_byline_sharing_its_line_with_the_date_gives_the_name(line):
    html = ("<html><head><title>Pasar Murah Dibuka</title></head><body><article>"
            "<h1>Pasar Murah Dibuka</h1><div class='entry-meta'>" + line + "</div>"
            + "<p>Pemerintah kota membuka pasar murah di lapangan kecamatan pada pagi hari ini.</p>" * 4
            + "</article></body></html>")
    fields = article_record(html.encode(), "https://humas.contoh.go.id/2024/09/29/pasar-murah/", "fixture")
    assert (fields["author"], fields["field_sources"]["author"]) == ("Putri Larasati", "page")


def _page(head: str, body: str) -> bytes:
    return (f"<html><head><title>Jembatan Desa Diresmikan</title>{head}</head><body><article>"
            f"<h1>Jembatan Desa Diresmikan</h1><div class='meta'>Senin, 4 Maret 2024 10:15 WIB</div>"
            f"{body}</article></body></html>").encode()


_TEXT = "".join(f"<p>Warga desa kini bisa menyeberang sungai tanpa perahu, kata kepala desa pada paragraf {n}.</p>"
                for n in range(1, 5))
_LD_EDITOR = ('<script type="application/ld+json">{"@type": "NewsArticle", "headline": "Jembatan Desa Diresmikan",'
              ' "author": {"@type": "Person", "name": "Rina Wulandari"}}</script>')


@pytest.mark.parametrize("byline, expected", [("", None), ("<div class='byline'>Oleh Budi Santoso</div>", "Budi Santoso")])
def test_the_editor_put_in_the_structured_author_is_not_the_writer(byline, expected):
    # the JSON-LD author is the name the page credits as "Editor:": the page's writer, or none
    html = _page(_LD_EDITOR, byline + _TEXT + "<div class='credit'>Editor: Rina Wulandari</div>")
    fields = article_record(html, "https://kabarkota.example/berita/jembatan", "fixture")
    assert (fields["author"], fields["editor"]) == (expected, "Rina Wulandari")


def test_a_pull_quote_over_the_text_is_not_its_first_paragraph():
    quote = "<blockquote>Kami tidak perlu lagi menunggu air surut untuk ke pasar.</blockquote>"
    text = _TEXT + '<p>"Kami tidak perlu lagi menunggu air surut untuk ke pasar," ujar seorang warga.</p>'
    body = article_record(_page("", quote + text), "https://kabarkota.example/berita/jembatan", "fixture")["body"]
    assert body.startswith("Warga desa kini bisa") and body.endswith("ujar seorang warga.")


@pytest.mark.parametrize("line, kept", [("Sumber: KabarKota.example", False), ("Sumber: Humas Pemkab Contoh", True)])
def test_a_source_line_crediting_the_site_is_cut_but_a_release_source_stays(line, kept):
    html = _page('<meta property="og:site_name" content="KabarKota">', _TEXT + f"<p>{line}</p>")
    body = article_record(html, "https://www.kabarkota.example/berita/jembatan", "fixture")["body"]
    assert body.endswith(line) is kept and body.endswith("pada paragraf 4.") is not kept


def test_a_paragraph_after_a_photo_is_text_when_marked_up_like_the_text():
    # Blogger posts: div paragraphs, the first one right after the photo's div; a caption
    # block differs from the paragraphs' markup and is still left out
    para = "<div style='text-align: justify;'>{}</div>"
    photo = "<div style='text-align: justify;'><div class='separator'><img src='/a.jpg'></div><br></div>"
    text = para.format("KOTA - Dinas membuka pendaftaran beasiswa untuk pelajar dari keluarga kurang mampu.") + "".join(
        para.format(f"Pendaftaran dibuka di kantor kecamatan, kata kepala dinas, tahap {n} dari tiga tahap.")
        for n in range(1, 4))
    for first, caption in ((photo, ""), ("<img src='/b.jpg'>", "<div class='keterangan-gambar'>Pelajar mendaftar.</div>")):
        body = article_record(_page("", f"<div class='post-body'>{first}{caption}{text}</div>"),
                              "https://kabarkota.example/2024/03/beasiswa.html", "fixture")["body"]
        assert body.startswith("KOTA - Dinas membuka") and "Pelajar mendaftar" not in body


def test_source_initials_in_brackets_close_the_text_as_its_signoff():
    html = _page("", _TEXT.replace("paragraf 4.</p>", "paragraf 4.[sc]</p>"))
    fields = article_record(html, "https://kabarkota.example/berita/jembatan", "fixture")
    assert fields["body"].endswith("pada paragraf 4.") and fields["signoff"] == "[sc]"


def test_a_lead_sentence_typed_into_the_texts_parent_is_its_start():
    rest = "<br><br>".join(f"Petugas mendata warga yang terdampak banjir di kelurahan, kata lurah, bagian {n}." for n in range(1, 5))
    text = ("<div id='isi'>SEMARANG - Banjir merendam tiga kelurahan sejak Senin malam setelah hujan deras turun."
            f"<div><br>{rest}</div></div>")
    body = article_record(_page("", text), "https://kabarkota.example/berita/banjir", "fixture")["body"]
    assert body.startswith("SEMARANG - Banjir merendam") and body.endswith("bagian 4.")


def test_text_styled_hidden_is_not_shown():
    # microdata kept in hidden spans beside the headline is not the text's first line
    text = "".join(f"Warga desa kini bisa menyeberang sungai tanpa perahu, kata kepala desa, bagian {n}.<br><br>"
                   for n in range(1, 5))
    article = ("<div itemscope itemtype='http://schema.org/NewsArticle'><h1>Jembatan Desa Diresmikan</h1>"
               "<div class='tanggal'>Senin, 4 Maret 2024 10:15 WIB</div>"
               "<span itemprop='keywords' style='display: none'>jembatan, desa, sungai, perahu, warga desa</span>"
               f"<div id='isi'>KOTA - Jembatan desa diresmikan bupati pada Senin pagi.<br><br>{text}</div></div>")
    html = f"<html><head><title>Jembatan Desa Diresmikan</title></head><body>{article}</body></html>"
    shown = [line.text for line in visible_lines(Selector(text=html).root)]
    assert not any("jembatan, desa" in text for text in shown) and "Senin, 4 Maret 2024 10:15 WIB" in shown
    body = article_record(html.encode(), "https://kabarkota.example/berita/jembatan", "fixture")["body"]
    assert body.startswith("KOTA - Jembatan desa") and "jembatan, desa" not in body


def test_a_promo_for_an_embedded_video_is_not_the_texts_end():
    video = '<p>Simak Video "Jembatan Baru di Desa"</p><a href="/video/1">[Video]</a><br><strong>(rw/bs)</strong>'
    fields = article_record(_page("", _TEXT + video), "https://kabarkota.example/berita/jembatan", "fixture")
    assert fields["body"].endswith("pada paragraf 4.") and "Simak Video" not in fields["body"]


@pytest.mark.parametrize("credit", ["<div class='credit'>Penulis : Kontributor Kota Contoh, Rina Wulandari</div>",
                                    "<div class='byline'>Laporan Wartawan KabarKota.example, Rina Wulandari</div>"])
def test_a_role_and_place_before_the_writers_name_are_not_the_name(credit):
    fields = article_record(_page("", credit + _TEXT), "https://kabarkota.example/berita/jembatan", "fixture")
    assert fields["author"] == "Rina Wulandari"
