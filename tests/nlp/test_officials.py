from pipelines.nlp import clean_text, load_pipeline, result_of


def officials(run, text):
    return [(o["name"], o["position"]) for o in run(text)["officials"]]


def test_title_before_name_with_region_link(run):
    text = "Bupati Sleman Sutrisno Hadi meresmikan pasar desa."
    (o,) = run(text)["officials"]
    assert (o["name"], o["position"], o["title"]) == ("Sutrisno Hadi", "Bupati Sleman", "Bupati")
    assert (o["region"], o["region_code"]) == ("Kabupaten Sleman", "34.04")
    assert text[o["start"]:o["end"]] == "Sutrisno Hadi"


def test_name_before_title(run):
    assert officials(run, "Menurut Rahmat Wibowo selaku Kepala Dinas Pertanian Kabupaten Kendal, panen naik.") == [
        ("Rahmat Wibowo", "Kepala Dinas Pertanian Kabupaten Kendal")]


def test_honorifics_and_degrees_kept_apart(run):
    (o,) = run("Wali Kota Malang, Drs. H. Bambang Santoso, M.Si, membuka acara itu.")["officials"]
    assert o["name"] == "Bambang Santoso"
    assert o["honorifics"] == ["Drs.", "H.", "M.Si"]
    assert (o["region"], o["region_code"]) == ("Kota Malang", "35.73")


def test_acting_and_interim_titles(run):
    assert officials(run, "Plt Bupati Lampung Selatan Arif Nugroho hadir.") == [
        ("Arif Nugroho", "Plt Bupati Lampung Selatan")]
    assert officials(run, "Pj. Wali Kota Bekasi Tri Wahyudi memimpin apel.") == [
        ("Tri Wahyudi", "Pj. Wali Kota Bekasi")]
    assert officials(run, "Acara dibuka Plh Sekda Kabupaten Blitar, Yudi Santoso.") == [
        ("Yudi Santoso", "Plh Sekda Kabupaten Blitar")]


def test_list_of_officials(run):
    text = "Bupati Garut Dedi Permana dan Wakil Bupati Garut Siti Aminah meninjau lokasi."
    assert officials(run, text) == [("Dedi Permana", "Bupati Garut"), ("Siti Aminah", "Wakil Bupati Garut")]


def test_short_mentions_merge_into_one_official(run):
    text = ("Kepala Dinas Kesehatan Kabupaten Blora, dr. Lestari Handayani, meninjau puskesmas. "
            "Lestari menyebut stok vaksin cukup.")
    assert officials(run, text) == [("Lestari Handayani", "Kepala Dinas Kesehatan Kabupaten Blora")]


def test_dprd_position(run):
    assert officials(run, "Wakil Ketua DPRD Kota Batu, Agus Salim, menerima aspirasi warga.") == [
        ("Agus Salim", "Wakil Ketua DPRD Kota Batu")]


def test_residents_and_company_staff_are_not_officials(run):
    assert officials(run, "Warga bernama Slamet Riyadi mengaku senang. Direktur PT Maju Jaya Budi Hartono hadir.") == []


def test_headline_title_case_is_not_a_name(run):
    text = "Bupati Karo Tinjau Lokasi Banjir Bandang\nBupati Karo Antonius Ginting meninjau lokasi banjir."
    assert officials(run, text) == [("Antonius Ginting", "Bupati Karo")]


def test_building_named_after_a_title_is_a_place(run):
    assert officials(run, "Apel digelar di halaman Kantor Bupati Sleman, Sleman, Senin pagi.") == []
    assert officials(run, "Rapat berlangsung di Rumah Jabatan Gubernur, Kendari, kemarin.") == []


def test_election_is_not_a_holder(run):
    assert officials(run, "Tahapan Pemilihan Bupati Serentak 2024 dimulai pekan ini.") == []


def test_unit_name_between_title_and_holder(run):
    assert officials(run, "Kepala Pusat Data dan Teknologi Informasi Kemnaker, Dr. Hesti Purnamasari, hadir.") == [
        ("Hesti Purnamasari", "Kepala Pusat Data dan Teknologi Informasi Kemnaker")]
    assert officials(run, "Kepala Desa Tanjung Tiga, Rasyid, mengatakan jalan rusak.") == [
        ("Rasyid", "Kepala Desa Tanjung Tiga")]


def test_district_name_is_not_a_person(run):
    assert officials(run, "Bantuan diserahkan Camat, Cibinong, kepada warga.") == []


def test_words_after_a_team_name_the_team(run):
    assert officials(run, "Ketua Tim Percepatan Penurunan Stunting Kabupaten Garut, dr. Asep Hidayat, membuka rapat.") == [
        ("Asep Hidayat", "Ketua Tim Percepatan Penurunan Stunting Kabupaten Garut")]
    assert officials(run, "Laporan ketua Tim Kota Hijau Kab Garut yang baru dibentuk dibahas.") == []


def test_a_name_ends_with_its_line(run):
    # after layout normalisation a line break left in the text is a real boundary
    text = ("Ucapan selamat disampaikan Gubernur Jawa Timur Khofifah Indar Parawansa\n\n"
            "Selepas Sertijab, para pejabat berfoto bersama.")
    assert officials(run, text) == [("Khofifah Indar Parawansa", "Gubernur Jawa Timur")]
    text = "Kegiatan itu dibuka oleh Wakil Bupati Garut\n\nSiti Aminah dan warga menanam pohon."
    assert officials(run, text) == []  # the learned layer's bare 'Wakil' is no position (learned._credible)


def test_officials_listed_as_name_then_bracketed_position(run):
    text = ("Penghargaan diberikan kepada: Drs. H. Sutrisno Hadi (Bupati Sleman); "
            "Hj. Rina Marlina, S.Sos (Wali Kota Malang); Ahmad Yani, M.Si (Bupati Garut).")
    assert officials(run, text) == [("Sutrisno Hadi", "Bupati Sleman"), ("Rina Marlina", "Wali Kota Malang"),
                                    ("Ahmad Yani", "Bupati Garut")]


def test_holder_in_brackets_after_a_unit_name(run):
    text = "Rapat dipimpin Kabid Pemberdayaan Kelembagaan Dinas Sosial Kota Malang (Lestari Wulan, SE) di aula."
    assert officials(run, text) == [("Lestari Wulan", "Kabid Pemberdayaan Kelembagaan Dinas Sosial Kota Malang")]


def test_a_comma_list_of_holders_of_one_post(run):
    text = "Rapat dihadiri Wakil Ketua DPRD Garut, Budi Santoso, Rina Marlina dan Ahmad Yani."
    assert officials(run, text) == [("Budi Santoso", "Wakil Ketua DPRD Garut"), ("Rina Marlina", "Wakil Ketua DPRD Garut"),
                                    ("Ahmad Yani", "Wakil Ketua DPRD Garut")]
    # a list that does not close with "dan" may name people of other posts: the rules take only
    # the first (the learned layer, judging the sentence as a whole, may add the others)
    assert officials(rules_only, "Rapat dihadiri Wakil Ketua DPRD Garut, Budi Santoso, Rina Marlina, warga setempat.") == [
        ("Budi Santoso", "Wakil Ketua DPRD Garut")]


def rules_only(text):
    """What the rule components find, without the learned span tagger (as in v0.4)."""
    nlp = load_pipeline(learned=False)
    return result_of(nlp(clean_text(text)))


def test_list_entries_name_then_bracketed_post_on_their_own_lines(run):
    # all words capitalised, but a line closing with a bracket is a list entry, not a headline
    text = ("Lima inovasi dipaparkan di depan tim penilai.\n"
            "1. SIARSIP - Sistem Arsip Digital Terpadu\n"
            "Penggagas: Yohanes Lake, ST (Sekretaris Dinas Perpustakaan Dan Kearsipan)\n"
            "2. SIPADU - Sistem Pengaduan Warga\n"
            "Penggagas: Maria Ndun, S.Kom (Kabid Aplikasi Informatika, Dinas Kominfo)\n")
    assert officials(run, text) == [("Yohanes Lake", "Sekretaris Dinas Perpustakaan Dan Kearsipan"),
                                    ("Maria Ndun", "Kabid Aplikasi Informatika, Dinas Kominfo")]


def test_holder_straight_after_a_unit_name_without_comma(run):
    assert officials(run, "Penanaman bakau dihadiri Menteri Kelautan dan Perikanan Budi Haryanto serta nelayan.") == [
        ("Budi Haryanto", "Menteri Kelautan dan Perikanan")]
    assert officials(run, "Menurut Dandim 0815/Mjk Letkol Inf Budi Haryanto, karya bakti berjalan lancar.") == [
        ("Budi Haryanto", "Dandim 0815/Mjk")]


def test_capitalised_honorific_dr(run):
    assert officials(run, "Penjabat Bupati Sigi, DR Budi Haryanto menyatakan jembatan itu selesai.") == [
        ("Budi Haryanto", "Penjabat Bupati Sigi")]


def test_document_numbers_and_unit_words_are_not_names(run):
    text = ("Sesuai Keputusan Bupati Nomor 12 Tahun 2024, Kasat Binmas memantau lokasi. "
            "Hadir Kepala Divisi Umum Rendi Saputra dan Para Asisten.")
    assert officials(run, text) == [("Rendi Saputra", "Kepala Divisi Umum")]
