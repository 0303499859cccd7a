"""The lookup lemmatizer and the rules that use lemmas instead of listing word forms."""
from pipelines.nlp import load_pipeline
from pipelines.nlp.lemmas import inflected_with_lemma, passive_of


def names(items):
    return [i["name"] for i in items]


def test_pipeline_has_spacy_lookup_lemmatizer():
    nlp = load_pipeline()
    assert "lemmatizer" in nlp.pipe_names and nlp.get_pipe("lemmatizer").mode == "lookup"
    doc = nlp("Warga menerima bantuan dan meraih hadiah.")
    assert [t.lemma_ for t in doc if t.text in ("menerima", "meraih")] == ["terima", "raih"]


def test_derived_passives_have_lemmas():
    nlp = load_pipeline()
    doc = nlp("Aplikasi itu diluncurkan, hadiahnya diterima dan dimenangkan oleh warga.")
    assert {t.text: t.lemma_ for t in doc if t.text.startswith("di")} == {
        "diluncurkan": "luncur", "diterima": "terima", "dimenangkan": "menang"}


def test_passive_of_undoes_the_nasal():
    assert passive_of("menyabet", "sabet") == "disabet"
    assert passive_of("memberikan", "beri") == "diberikan"
    assert passive_of("memperoleh", "oleh") == "diperoleh"
    assert passive_of("mengecat", "cat") == "dicat"


def test_inflected_forms_include_capitalised_not_bare_lemma():
    nlp = load_pipeline()
    doc = nlp("Meluncurkan itu mudah; peluncuran dan luncur berbeda.")
    assert [doc.text[s:e] for s, e in inflected_with_lemma(doc, frozenset({"luncur"}))] == ["Meluncurkan", "peluncuran"]


def test_program_cue_by_lemma_passive_form(run):
    # "diluncurkan" is not in program_cues.txt: it is a cue through its lemma "luncur".
    r = run("Tahun lalu telah diluncurkan Sapa Tani untuk petani di desa-desa.")
    assert names(r["programs"]) == ["Sapa Tani"]
    r = run("Dinas itu akhirnya diluncurkannya Simpel Desa bagi perangkat desa.")
    assert names(r["programs"]) == ["Simpel Desa"]


def test_program_cue_active_and_noun_forms_still_work(run):
    assert names(run("Camat meluncurkan Sapa Tani di balai desa.")["programs"]) == ["Sapa Tani"]
    assert names(run("Acara peluncuran Sapa Tani berlangsung meriah.")["programs"]) == ["Sapa Tani"]


def test_placing_winner_verb_by_lemma(run):
    # "dimenangi" and "diraihnya" were never listed; their lemmas menang / raih are.
    r = run("Juara 1 posyandu terbaik dimenangi Posyandu Mawar dari Desa Sukamaju.")
    assert names(r["awards"]) == ["Juara 1 posyandu terbaik"]
    r = run("Adapun juara 2 kelompok tani teladan diraihnya dengan susah payah.")
    assert names(r["awards"]) == ["juara 2 kelompok tani teladan"]
