"""Page layout normalised before extraction (pipelines/nlp/layout.py). All texts written for these tests."""
from pipelines.nlp.layout import is_headline, normalise_layout

WRAPPED = ("Rapat itu dibuka oleh Kepala Bagian Administrasi\n"
           "Pemerintahan Umum Setda Kabupaten Sinjai, Ahmad Fauzi, di Ruang Pola\n"
           "Kantor Bupati Sinjai pada Kamis (22/9/2016) pagi.")


def changed(before: str, after: str) -> list[tuple[int, str, str]]:
    return [(i, a, b) for i, (a, b) in enumerate(zip(before, after)) if a != b]


def test_line_breaks_inside_a_hard_wrapped_sentence_become_spaces():
    out = normalise_layout(WRAPPED)
    assert len(out) == len(WRAPPED)
    assert "\n" not in out
    assert out == WRAPPED.replace("\n", " ")


def test_a_lower_case_line_or_a_line_after_a_comma_continues_the_sentence():
    text = ("Bupati menerima laporan hasil\npemeriksaan keuangan daerah.\n"
            "Hadir Wakil Bupati Garut Siti Aminah,\nKetua DPRD Garut Budi Hartono.")
    out = normalise_layout(text)
    assert out.split("\n") == ["Bupati menerima laporan hasil pemeriksaan keuangan daerah.",
                               "Hadir Wakil Bupati Garut Siti Aminah, Ketua DPRD Garut Budi Hartono."]


def test_titles_bylines_captions_lists_and_paragraphs_keep_their_line_breaks():
    text = ("Pemkab Garut Raih Penghargaan Kabupaten Sehat Tingkat Nasional\n"
            "Oleh Admin - Senin, 4 Maret 2024 | 10:15 WIB - dibaca 314 kali\n"
            "Foto: Bupati Garut Dedi Permana menerima piala di Jakarta\n"
            "Pemerintah Kabupaten Garut menerima tiga penghargaan, yaitu:\n"
            "- Kabupaten Sehat kategori Swasti Saba Wistara\n"
            "- Penghargaan Pembina Posyandu terbaik tingkat provinsi\n"
            "Penghargaan diserahkan di Jakarta\n\n"
            "Dedi berterima kasih kepada warga.")
    assert normalise_layout(text) == text


def test_a_headline_line_is_not_joined_unless_the_line_before_runs_into_it():
    title = "Bupati Garut Resmikan Pasar Desa Sukamaju\nGarut - Bupati Garut Dedi Permana meresmikan pasar."
    assert normalise_layout(title) == title
    # "Pemerintahan Umum Setda Kabupaten Sinjai, Ahmad Fauzi, di Ruang Pola" reads as a headline,
    # but it continues the line before.
    assert is_headline(WRAPPED.split("\n")[1])


def test_related_story_lines_are_blanked_in_place():
    text = ("Bupati Garut Dedi Permana meresmikan pasar.\n"
            "Baca juga: Wali Kota Bandung Yana Mulyana resmikan taman\n"
            "(Baca Juga : Camat Cibatu Asep Sunandar tinjau banjir)\n"
            "Pasar itu dibangun tahun 2023.")
    out = normalise_layout(text)
    assert len(out) == len(text)
    lines = out.split("\n")
    assert lines[0] == "Bupati Garut Dedi Permana meresmikan pasar."
    assert lines[1].strip() == lines[2].strip() == ""
    assert lines[3] == "Pasar itu dibangun tahun 2023."


def test_text_without_layout_shapes_is_unchanged():
    text = "Bupati Sleman Sutrisno Hadi meresmikan pasar desa. Pasar itu dibangun tahun 2023."
    assert normalise_layout(text) == text
    assert normalise_layout("") == ""


def test_a_position_split_over_a_line_break_is_read_whole_and_offsets_point_into_the_input(run):
    (o,) = run(WRAPPED)["officials"]
    assert (o["name"], o["position"]) == ("Ahmad Fauzi", "Kepala Bagian Administrasi Pemerintahan Umum Setda Kabupaten Sinjai")
    assert WRAPPED[o["start"]:o["end"]] == "Ahmad Fauzi"


def test_a_program_name_split_over_a_line_break(run):
    text = ("Pemerintah Kabupaten Sleman meluncurkan aplikasi layanan Sistem Informasi Pelayanan\n"
            "Terpadu Desa (SIPTD) pada\nSenin, 4 Maret 2024, di Pendopo Sleman.")
    result = run(text)
    (p,) = result["programs"]
    assert p["name"] == "Sistem Informasi Pelayanan Terpadu Desa"
    assert text[p["start"]:p["end"]] == "Sistem Informasi Pelayanan\nTerpadu Desa"
    (d,) = result["dates"]
    assert d["date"] == "2024-03-04" and text[d["start"]:d["end"]].startswith("Senin, 4 Maret 2024")


def test_people_in_a_related_story_line_are_not_officials(run):
    text = ("Bupati Garut Dedi Permana menerima penghargaan itu di Jakarta.\n"
            "Baca juga: Wali Kota Bandung Yana Mulyana resmikan taman baru\n"
            "Dedi berterima kasih kepada warga.")
    assert [o["name"] for o in run(text)["officials"]] == ["Dedi Permana"]
