"""The spaCy pipeline as config.cfg describes it, the learned layer's decoding and combining, and the
cross-validation folds (text and items written for the tests)."""
import spacy
import pytest
from spacy.tokens import Doc

from pipelines.nlp import MODEL_DIR, components, empty_result, extract, load_pipeline  # noqa: F401
from pipelines.nlp.cv import folds_by_host
from pipelines.nlp.kinds import COMPONENTS, FIELDS, RESULT_KEYS
from pipelines.nlp.learned import bio_tags, combine, decode

TEXT = "Bupati Lembah Hijau Sukma Wijaya meluncurkan aplikasi Sapa Desa ."


def test_config_lists_the_pipeline_that_runs():
    nlp = spacy.load(MODEL_DIR)
    assert nlp.pipe_names == ["tok2vec", "ner", "lemmatizer", *COMPONENTS.values(), "warta_tagger", "warta_combine"]
    assert nlp.get_pipe("warta_combine").modes == nlp.config["components"]["warta_combine"]["modes"]
    assert load_pipeline().pipe_names == nlp.pipe_names


def test_result_keys_come_from_the_registry():
    assert set(empty_result()) == set(RESULT_KEYS)
    assert set(extract(TEXT)) == set(RESULT_KEYS)
    assert set(FIELDS) == set(COMPONENTS)


def test_unknown_combine_mode_is_refused():
    nlp = spacy.blank("id")
    with pytest.raises(ValueError, match="warta_combine"):
        nlp.add_pipe("warta_combine", config={"modes": {"programs": "both"}})


def _doc(text=TEXT):
    nlp = spacy.blank("id")
    return nlp.make_doc(text)


def test_bio_tags_then_decode_give_the_spans_back():
    doc = _doc()
    prog = TEXT.index("Sapa Desa")
    spans = [(0, 19, "POSITION"), (20, 32, "NAME"), (prog, prog + 9, "PROGRAM")]
    tags = bio_tags(doc, spans)
    doc = Doc(doc.vocab, words=[t.text for t in doc], spaces=[bool(t.whitespace_) for t in doc], tags=tags)
    assert [(s.text, s.label_) for s in decode(doc)] == [
        ("Bupati Lembah Hijau", "POSITION"), ("Sukma Wijaya", "NAME"), ("Sapa Desa", "PROGRAM")]


def test_decode_starts_a_span_at_a_stray_inside_tag_and_trims_punctuation():
    doc = _doc("Program , Sapa Desa , dimulai")
    doc = Doc(doc.vocab, words=[t.text for t in doc], tags=["O", "I-PROGRAM", "I-PROGRAM", "I-PROGRAM", "I-PROGRAM", "O"])
    assert [s.text for s in decode(doc)] == ["Sapa Desa"]


RULE = {"name": "Sapa Desa", "start": 10, "end": 19}
MODEL_SAME = {"name": "aplikasi Sapa Desa", "start": 1, "end": 19}
MODEL_NEW = {"name": "Kartu Sehat", "start": 40, "end": 51}


@pytest.mark.parametrize("mode, names", [
    ("rules", ["Sapa Desa"]),
    ("model", ["aplikasi Sapa Desa", "Kartu Sehat"]),
    ("union", ["Sapa Desa", "Kartu Sehat"]),
    ("filter", ["Sapa Desa", "Kartu Sehat"]),
])
def test_combine_modes(mode, names):
    got = combine("programs", [RULE], [MODEL_SAME, MODEL_NEW], mode)
    assert [it["name"] for it in got] == names


def test_filter_drops_rule_items_the_model_does_not_mark():
    assert combine("programs", [RULE], [MODEL_NEW], "filter") == [MODEL_NEW]
    assert combine("programs", [RULE], [MODEL_NEW], "union") == [RULE, MODEL_NEW]


def test_combined_officials_are_one_per_person():
    rules = [{"name": "H. Sukma Wijaya", "position": "Bupati Lembah Hijau", "start": 20, "end": 35}]
    model = [{"name": "Sukma Wijaya", "position": "Bupati", "start": 23, "end": 35},
             {"name": "Rina Sari", "position": "Camat Ujung", "start": 60, "end": 69},
             {"name": "Budi", "position": "", "start": 80, "end": 84}]
    got = combine("officials", rules, model, "union")
    assert [(o["name"], o["position"]) for o in got] == [("H. Sukma Wijaya", "Bupati Lembah Hijau"),
                                                         ("Rina Sari", "Camat Ujung")]


def test_folds_keep_each_host_on_one_side():
    golds = [{"id": f"d{i}", "source": f"site{i % 7}.go.id"} for i in range(40)]
    folds = folds_by_host(golds, 5)
    assert sorted(i for f in folds for i in f) == list(range(40))
    hosts = [{golds[i]["source"] for i in f} for f in folds]
    assert all(not (a & b) for n, a in enumerate(hosts) for b in hosts[n + 1:])
    assert max(map(len, folds)) - min(map(len, folds)) <= 6
    assert folds == folds_by_host(golds, 5)


def test_union_adds_no_fragments_and_no_one_word_awards():
    rules = [{"name": "juara 1 lomba desa wisata 2023", "start": 0, "end": 30}]
    model = [{"name": "lomba desa", "start": 50, "end": 60}, {"name": "Antar", "start": 70, "end": 75},
             {"name": "kategori madya", "start": 80, "end": 94}, {"name": "Piala Adipura 2023", "start": 100, "end": 118}]
    assert [i["name"] for i in combine("awards", rules, model, "union")] == [
        "juara 1 lomba desa wisata 2023", "Piala Adipura 2023"]


def test_union_adds_no_bare_modifier_position_region_or_bare_placing():
    model = [{"name": "Rina Sari", "position": "Wakil", "start": 0, "end": 9},
             {"name": "Dodi Pratama", "position": "Plt Camat Ujung", "start": 20, "end": 32}]
    assert [o["name"] for o in combine("officials", [], model, "union")] == ["Dodi Pratama"]
    awards = [{"name": "Kota Sukabumi", "start": 0, "end": 13}, {"name": "Kota Layak Anak 2023", "start": 20, "end": 40},
              {"name": "peringkat kedua", "start": 50, "end": 65}]
    assert [a["name"] for a in combine("awards", [], awards, "union")] == ["Kota Layak Anak 2023"]
