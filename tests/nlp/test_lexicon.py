"""The rule components hold their word lists as spaCy components hold data: read in
``initialize``, saved with the model and read back from it (invented text)."""
import shutil

import pytest
import spacy

from pipelines.nlp import MODEL_DIR, components  # noqa: F401  (registers the factories)
from pipelines.nlp.components import LEXICON_COMPONENTS, initialize_rules
from pipelines.nlp.lexicon import DATA, Lexicon, lines, packaged, using

TEXT = "Syahbandar Sukma Wijaya membuka acara itu di pelabuhan."
NEW_TITLE = "Syahbandar\thead\tSyahbandar\n"    # a title data/titles.tsv does not have


def _officials(nlp) -> list[tuple[str, str]]:
    doc = nlp(TEXT)
    return [(o["name"], o["title"]) for o in doc._.officials]


def _rules_only(model=MODEL_DIR):
    return spacy.load(model, exclude=["tok2vec", "ner", "warta_tagger", "warta_combine"])


def test_the_shipped_model_carries_the_word_lists_of_data():
    """A change to pipelines/nlp/data/ must reach the model: python -m pipelines.nlp.train --lexicon-only."""
    nlp = _rules_only()
    for name in LEXICON_COMPONENTS:
        assert nlp.get_pipe(name).lexicon == packaged(), \
            f"{name}'s word lists differ from pipelines/nlp/data: run python -m pipelines.nlp.train --lexicon-only"


def test_a_component_reads_the_lists_saved_in_its_model_folder(tmp_path):
    model = tmp_path / "model"
    shutil.copytree(MODEL_DIR, model)
    assert _officials(_rules_only(model)) == []
    titles = model / "warta_officials" / "titles.tsv"
    titles.write_text(titles.read_text(encoding="utf-8") + NEW_TITLE, encoding="utf-8")
    assert _officials(_rules_only(model)) == [("Sukma Wijaya", "Syahbandar")]


def test_initialize_reads_a_given_folder_and_to_disk_round_trips(tmp_path):
    nlp = _rules_only()
    edited = tmp_path / "data"
    shutil.copytree(DATA, edited)
    (edited / "titles.tsv").write_text(NEW_TITLE, encoding="utf-8")
    initialize_rules(nlp, data_dir=str(edited))
    assert _officials(nlp) == [("Sukma Wijaya", "Syahbandar")]
    nlp.get_pipe("warta_officials").to_disk(tmp_path / "saved")
    assert Lexicon.from_dir(tmp_path / "saved").lines("titles.tsv") == [NEW_TITLE.strip()]


def test_a_component_without_word_lists_says_so():
    nlp = spacy.blank("id")
    pipe = nlp.add_pipe("warta_officials")
    with pytest.raises(ValueError, match="no word lists"):
        nlp("Bupati Lembah Hijau Sukma Wijaya")
    pipe.initialize()
    assert nlp("Bupati Sukma Wijaya")._.officials is not None


def test_a_missing_lexicon_folder_is_a_clear_error(tmp_path):
    with pytest.raises(FileNotFoundError, match="no word lists"):
        Lexicon.from_dir(tmp_path / "nowhere")


def test_derived_lists_are_cached_per_lexicon():
    from pipelines.nlp.lexicon import titles

    own = Lexicon({"titles.tsv": "Kepala Balai\tgeneric\tKepala Balai\n"})
    with using(own):
        assert list(titles()) == [("kepala", "balai")]
        assert lines("titles.tsv") == ["Kepala Balai\tgeneric\tKepala Balai"]
    assert len(titles()) > 1 and ("kepala", "balai") not in titles()
    with pytest.raises(KeyError, match="not in this lexicon"):
        own.lines("honorifics.txt")
