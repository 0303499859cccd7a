def names(items):
    return [(i["name"], i.get("acronym")) if "acronym" in i else i["name"] for i in items]


def test_long_name_and_acronym_linked(run):
    r = run("Pemkab meluncurkan Gerakan Sekolah Sehat Bersama (GSSB) di SD negeri.")
    assert names(r["programs"]) == [("Gerakan Sekolah Sehat Bersama", "GSSB")]


def test_innovation_after_cue_word(run):
    r = run("Puskesmas itu menggagas inovasi Sapa Lansia untuk warga lanjut usia.")
    assert names(r["programs"]) == [("Sapa Lansia", None)]


def test_regulations_funds_and_institutions_are_not_programs(run):
    r = run("Dana Desa (DD) dan Peraturan Daerah (Perda) dibahas Badan Perencanaan Pembangunan Daerah (Bappeda).")
    assert r["programs"] == []


def test_award_with_year_and_placings(run):
    r = run("Kota itu meraih Adipura tahun 2022. Pada lomba desa wisata 2023, juara 1 diraih Desa Sukamaju.")
    assert names(r["awards"]) == ["Adipura 2022", "juara 1 lomba desa wisata 2023"]
    assert r["awards"][1]["rank"] == "juara 1" and r["awards"][1]["year"] == 2023


def test_predicate_rank(run):
    r = run("Kota itu meraih predikat Kota Terbaik Kedua dalam penilaian nasional.")
    assert names(r["awards"]) == ["Kota Terbaik Kedua"]


def test_placings_series_named_after_the_competition(run):
    r = run("Pada Sabtu, juara pertama lomba kebersihan pasar diraih oleh Pasar Anyar; juara kedua diraih "
            "oleh Pasar Baru, sedangkan juara ketiga jatuh kepada Pasar Lama.")
    assert names(r["awards"]) == ["juara pertama lomba kebersihan pasar", "juara kedua lomba kebersihan pasar",
                                  "juara ketiga lomba kebersihan pasar"]


def test_placing_after_an_award_name_and_group(run):
    r = run("Malam Penganugerahan Rimbun Inovasi Award 2024 digelar di pendopo. Untuk kelompok desa juara 1 "
            "di raih oleh Desa Sukaraja, juara 2 dipegang oleh Desa Cikupa.")
    assert names(r["awards"]) == ["juara 1 Penganugerahan Rimbun Inovasi Award 2024 kelompok desa",
                                      "juara 2 Penganugerahan Rimbun Inovasi Award 2024 kelompok desa"]


def test_a_region_alone_is_no_award(run):
    r = run("Kota Sukabumi meraih penghargaan Kota Sukabumi dari panitia.")
    assert r["awards"] == []


def test_coined_name_before_its_expansion(run):
    r = run("Juara pertama diraih SIPADU (Sistem Informasi Pangan Desa Unggul) dari dinas, sedangkan "
            "BPBD (Badan Penanggulangan Bencana Daerah) hadir dalam acara itu.")
    assert [p["name"] for p in r["programs"]] == ["SIPADU"]


def test_planning_documents_are_not_programs(run):
    r = run("Bupati membuka penyusunan Rencana Pembangunan Jangka Menengah Daerah (RPJMD) tahun 2026.")
    assert r["programs"] == []


def test_meeting_words_and_awards_are_not_programs(run):
    r = run("Dinas itu menggelar Focus Group Discussion (FGD) dan menerima Penghargaan Bakti Karya Tirta (PBKT).")
    assert r["programs"] == []


def test_a_site_is_a_program_only_when_introduced_as_one(run):
    r = run("Warga mendaftar melalui laman daftar.sukamakmurkab.go.id. Dikutip dari situs info.rantaukab.go.id, "
            "kegiatan itu selesai.\nSumber: https://berita.rantaukab.go.id/artikel/panen-raya")
    assert names(r["programs"]) == [("daftar.sukamakmurkab.go.id", None)]


def test_names_listed_after_a_cue_and_list_word(run):
    r = run("Inovasi perangkat daerah tersebut antara lain: SITARO (Dinas Sosial), Jaga Kali (Puskesmas Lempong), "
            "dan Kebun Ceria (Kecamatan Ulu). Aplikasi tersebut merupakan Simpeka, Lapor Cepat dan Salira.")
    assert [p["name"] for p in r["programs"]] == ["SITARO", "Jaga Kali", "Kebun Ceria", "Simpeka",
                                                  "Lapor Cepat", "Salira"]


def test_honour_named_after_sebagai(run):
    r = run("Kota Lembah Hijau menerima penghargaan dari gubernur sebagai Kota Ramah Pejalan Kaki. "
            "Wali kota hadir sebagai Ketua Panitia.")
    assert names(r["awards"]) == ["Kota Ramah Pejalan Kaki"]


def test_national_honours_from_the_gazetteer(run):
    r = run("Sebanyak 40 pegawai Kabupaten Lembah Hijau menerima Satyalancana Karya Satya, dan bupati "
            "menerima Manggala Karya Bakti Husada (MKBH) tahun 2024.")
    assert names(r["awards"]) == ["Satyalancana Karya Satya", "Manggala Karya Bakti Husada 2024"]
    assert r["programs"] == []


def test_national_programs_from_the_list(run):
    r = run("Warga Desa Sukamaju menerima bantuan program keluarga harapan dan kartu KIS dari dinas sosial.")
    assert [p["name"] for p in r["programs"]] == ["program keluarga harapan", "KIS"]
