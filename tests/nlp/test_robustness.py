import json
import subprocess
import sys
from pathlib import Path

from pipelines.nlp import EXTRACTOR_VERSION, extract_many

ROOT = Path(__file__).parents[2]
KEYS = {"officials", "programs", "awards", "dates", "organizations", "places", "money"}


def test_contract_keys_and_order():
    texts = ["", "Bupati Sleman Sutrisno Hadi hadir pada 1 Mei 2024.", "Gubernur Bali Made Wirawan hadir."]
    out = list(extract_many(texts, ["2024-05-02", None, None]))
    assert len(out) == 3 and all(set(r) >= KEYS for r in out)
    assert out[0]["officials"] == [] and out[1]["dates"][0]["date"] == "2024-05-01"
    assert out[2]["officials"][0]["region_code"] == "51"
    assert EXTRACTOR_VERSION


def test_bad_input_gives_empty_results():
    junk = bytes(range(256)).decode("latin-1") * 50
    big = "Bupati Sleman Sutrisno Hadi hadir. " * 150_000      # about 5 MB
    mixed = "The Governor said 你好 ... Bupati Sleman Sutrisno Hadi berkata, مرحبا."
    out = list(extract_many([junk, big, mixed, None]))
    assert out[0]["officials"] == [] and out[3]["officials"] == []
    assert out[1]["officials"][0]["name"] == "Sutrisno Hadi"
    assert out[2]["officials"][0]["name"] == "Sutrisno Hadi"


def test_a_text_ending_in_a_title_modifier_does_not_stop_the_batch():
    """A modifier with no title after it ("... dihadiri Wakil", "oleh Plt.") ran past the tokens
    and raised, losing every article of the batch."""
    texts = ["Acara itu dihadiri Wakil", "Sambutan disampaikan oleh Plt.", "Wakil",
             "Bupati Sleman Sutrisno Hadi hadir bersama Wakil"]
    out = list(extract_many(texts))
    assert [o["officials"] for o in out[:3]] == [[], [], []]
    assert [o["name"] for o in out[3]["officials"]] == ["Sutrisno Hadi"]


def test_cli_jsonl_stdin_and_unreadable_paths(tmp_path):
    good = tmp_path / "a.txt"
    good.write_text("Camat Sukasari Budi Santoso hadir Rabu (3/1).", encoding="utf-8")
    binary = tmp_path / "b.bin"
    binary.write_bytes(b"\x00\x01\x02" * 100)
    cmd = [sys.executable, "-m", "pipelines.nlp", "--jsonl", "--published", "2024-01-05",
           str(good), str(binary), str(tmp_path / "missing.txt"), "-"]
    p = subprocess.run(cmd, input="Lurah Mekar Siti Aminah hadir.", capture_output=True, text=True, cwd=ROOT)
    assert p.returncode == 2  # an input failed; the others are still extracted
    rows = [json.loads(line) for line in p.stdout.splitlines()]
    assert [r["path"] for r in rows] == [str(good), str(binary), str(tmp_path / "missing.txt"), "-"]
    assert list(rows[0])[0] == "path"
    assert rows[0]["dates"][0]["date"] == "2024-01-03"
    assert rows[1]["officials"] == [] and "binary" in p.stderr and "missing.txt" in p.stderr
    assert rows[3]["officials"][0]["name"] == "Siti Aminah"
