import pytest

from scraper.parse.dates import is_before, parse_page_date


@pytest.mark.parametrize("text, expected", [
    ("Selasa, 27 Februari 2024 | 19:49 WIB", "2024-02-27T19:49:00+07:00"),
    ("Rabu, 15 Nopember 2023 | 07:05 WITA", "2023-11-15T07:05:00+08:00"),
    ("Jum'at, 1 Maret 2024 | 19:49 WIT", "2024-03-01T19:49:00+09:00"),
    ("Minggu, 4 Agustus 2024 | 00:15 WIB", "2024-08-04T00:15:00+07:00"),
    ("2024-02-27T19:49:00+09:00", "2024-02-27T19:49:00+09:00"),
    ("27 Februari 2024", "2024-02-27T00:00:00"),  # no zone stated: none invented
])
def test_page_dates_keep_the_zone_the_page_states(text, expected):
    assert parse_page_date(text) == expected


@pytest.mark.parametrize("text", [None, "", "   ", "tanpa tanggal", "Maret 2024", "2024"])
def test_incomplete_dates_give_none(text):
    assert parse_page_date(text) is None


def test_is_before_compares_calendar_days_in_the_pages_zone():
    assert is_before("2024-01-31T23:30:00+09:00", "2024-02-01")
    assert not is_before("2024-02-01T00:10:00+09:00", "2024-02-01")


@pytest.mark.parametrize("kind", ["published", "updated"])
def test_a_blogger_timestamp_gives_the_minute_the_page_hides(kind):
    # Blogger themes show only the day; the hAtom abbr's title holds the minute and zone
    from scraper.parse.article import parse_article
    html = (f"<html><body><h1>Rapat Paripurna Digelar</h1><abbr class='{kind}' title='2024-03-04T10:10:00+08:00'>"
            "4 Maret 2024</abbr>" + "<p>Dewan menggelar rapat paripurna membahas anggaran daerah tahun depan.</p>" * 4
            + "</body></html>")
    assert parse_article(html, "https://kabar.example/2024/03/rapat.html")["published_at"] == "2024-03-04T10:10:00+08:00"
