import spacy

from pipelines.nlp import ABBREVIATIONS, load_pipeline

SAMPLES = ["anak-anak abal-abal dua-duanya ber-hitung 2023-2024 Rp1.000 USD5 S.Sos, M.Si. Kab. Bandung",
           "(Drs. H. Ali) Jl. Merdeka (12/3/2024) e-KTP TP-PKK Jum'at 5 Ags. 2023 °C. :) http://a.go.id",
           "Wali Kota Malang, Drs. H. Bambang Santoso, M.Si, membuka acara\n\nitu (Kamis, 4/7)."]


def test_fast_tokenizer_gives_spacy_tokens():
    ref = spacy.blank("id")
    for abbr in ABBREVIATIONS:
        ref.tokenizer.add_special_case(abbr, [{"ORTH": abbr}])
    nlp = load_pipeline(ner=False)
    for text in SAMPLES:
        assert [t.text for t in nlp.make_doc(text)] == [t.text for t in ref.make_doc(text)]
        doc = nlp.make_doc(text)
        assert doc.user_data["text"] == doc.text == text
