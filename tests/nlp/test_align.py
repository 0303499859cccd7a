"""Gold strings -> character spans (pipelines.nlp.align), on text written for the test, and on
train-gold when ../shared is beside the clone."""
from collections import Counter
from pathlib import Path

import pytest

from pipelines.nlp.align import align, find, load_gold, words
from pipelines.nlp.kinds import AWARD, NAME, POSITION, PROGRAM

TEXT = ("Bupati Lembah Hijau, H. Sukma Wijaya, meluncurkan aplikasi Sapa Desa di pendopo. "
        "Sapa Desa memudahkan warga. Kabupaten Lembah Hijau meraih juara kedua Lomba Inovasi Daerah "
        "tahun 2024 dan juara ketiga Lomba Inovasi Daerah tahun 2024 kategori desa.")
GOLD = {"text": TEXT,
        "officials": [{"name": "Sukma Wijaya", "position": "Bupati Lembah Hijau"}],
        "programs": ["Sapa Desa"],
        "awards": ["juara 2 Lomba Inovasi Daerah 2024", "juara ketiga Lomba Inovasi Daerah tahun 2024"],
        "dates": []}


def test_exact_items_at_every_occurrence():
    tier, spans = find("Sapa Desa", TEXT, words(TEXT))
    assert tier == "exact"
    assert [TEXT[s:e] for s, e in spans] == ["Sapa Desa", "Sapa Desa"]


def test_award_written_differently_aligns_to_its_core():
    tier, spans = find("juara 2 Lomba Inovasi Daerah 2024", TEXT, words(TEXT))
    assert tier == "core"
    assert {TEXT[s:e] for s, e in spans} == {"Lomba Inovasi Daerah"}


def test_scattered_item_is_reported():
    assert find("Penghargaan Adipura Kencana", TEXT, words(TEXT)) == ("scattered", [])


def test_align_labels_without_overlap():
    spans, tally = align(GOLD)
    got = {(TEXT[s:e], label) for s, e, label in spans}
    assert ("Sukma Wijaya", NAME) in got
    assert ("Bupati Lembah Hijau", POSITION) in got
    assert ("Sapa Desa", PROGRAM) in got
    assert ("juara ketiga Lomba Inovasi Daerah tahun 2024", AWARD) in got
    ends = sorted(spans)
    assert all(a[1] <= b[0] for a, b in zip(ends, ends[1:]))
    assert tally["awards", "exact"] == 1



TRAIN_GOLD = Path(__file__).parents[2] / ".." / "shared" / "data" / "train-gold"


@pytest.mark.shared
@pytest.mark.skipif(not TRAIN_GOLD.exists(), reason="../shared/data/train-gold is not beside the clone")
def test_train_gold_names_and_programs_align():
    tally = Counter()
    for doc in load_gold(TRAIN_GOLD):
        tally.update(align(doc)[1])

    def aligned(field):
        total = sum(n for (f, _), n in tally.items() if f == field)
        return (tally[field, "exact"] + tally[field, "core"]) / total

    assert aligned("officials") == 1.0
    assert aligned("programs") >= 0.95 and aligned("positions") >= 0.95
    assert aligned("awards") >= 0.7
