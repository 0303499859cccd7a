from pipelines.nlp.dates import find_dates


def dates(text, published=None):
    return [d["date"] for d in find_dates(text, published)]


def test_numeric_is_day_month_year():
    assert dates("Rapat digelar Kamis (4/7/2024) di aula.") == ["2024-07-04"]


def test_month_names_and_old_spelling():
    assert dates("Senin, 3 Pebruari 2020 dan 15 Nopember 2021") == ["2020-02-03", "2021-11-15"]


def test_span_is_evidence():
    text = "Sejak 1 Agustus 2022 layanan dibuka."
    d = find_dates(text)[0]
    assert text[d["start"]:d["end"]] == "1 Agustus 2022"


def test_range_gives_both_ends():
    assert dates("Pameran 12-14 Juni 2023") == ["2023-06-12", "2023-06-14"]
    assert dates("30 Desember 2023 s.d. 2 Januari 2024") == ["2023-12-30", "2024-01-02"]
    assert dates("pada 28 Desember hingga 3 Januari 2025") == ["2024-12-28", "2025-01-03"]


def test_yearless_needs_publication_date():
    assert dates("Pada 8 Maret lalu warga berkumpul.") == []
    assert dates("Pada 8 Maret lalu warga berkumpul.", "2022-03-20") == ["2022-03-08"]
    assert dates("Jumat (30/12) malam", "2023-01-02") == ["2022-12-30"]


def test_byline_date_resolves_yearless_dates():
    assert dates("Selasa, 9 Mei 2023\nKegiatan pada Senin (8/5) berjalan lancar.") == ["2023-05-09", "2023-05-08"]


def test_wrong_looking_dates_kept_as_written():
    assert dates("Senin (31/6/2021)") == ["2021-06-31"]


def test_no_dates_in_numbers_and_years():
    assert dates("Anggaran Rp 1.250.000 untuk 3.400 warga pada tahun 2024 dan Mei 2023.") == []


def test_text_and_span_cover_a_preceding_weekday():
    text = "Rapat digelar Selasa (27/2/2024) di aula kantor."
    d = find_dates(text)[0]
    assert (d["date"], d["text"]) == ("2024-02-27", "Selasa (27/2/2024)")
    assert text[d["start"]:d["end"]] == d["text"]
    text = "Jakarta, Rabu, 15 Nopember 2023 - Warga berkumpul."
    d = find_dates(text)[0]
    assert (d["date"], d["text"]) == ("2023-11-15", "Rabu, 15 Nopember 2023")
    assert text[d["start"]:d["end"]] == d["text"]


def test_span_without_weekday_is_the_date_alone():
    text = "Kegiatan (27/2/2024) dan sejak Senin lalu, 3 Maret 2024 dibuka."
    assert [d["text"] for d in find_dates(text)] == ["27/2/2024", "3 Maret 2024"]


def test_weekday_span_keeps_range_values():
    text = "Pameran Sabtu (12-14 Juni 2023) di alun-alun."
    ds = find_dates(text)
    assert [d["date"] for d in ds] == ["2023-06-12", "2023-06-14"]
    assert {d["text"] for d in ds} == {"Sabtu (12-14 Juni 2023)"}
