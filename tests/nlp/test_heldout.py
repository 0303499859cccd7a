"""Held-out set (tests/nlp/heldout, 20 hand-written press-release excerpts annotated per the
evaluation guideline before the pipeline's output was looked at; see docs/extraction.md).

Scores the pipeline with the evaluation's matching rules, re-implemented here so that the test
needs nothing outside the project, and asserts the v0.4 figures as floors so regressions show.
"""
from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path

import pytest

from pipelines.nlp import extract_many

HELDOUT = Path(__file__).parent / "heldout"
HONORIFICS = {"h", "hj", "dr", "drs", "dra", "ir", "prof", "ny", "pak", "bu", "bapak", "ibu", "kh",
              "st", "sh", "se", "mm", "msi", "mpd", "spd", "sos", "ssos", "mh", "mt", "mkes", "skm",
              "mag", "map", "mhum", "skom", "amd", "ap", "s", "m", "hc", "ms", "sstp", "sik", "mhan"}
SMALL = {"dan", "di", "ke", "dari", "untuk", "yang", "the", "of", "and"}

# v0.4 figures on the held-out set minus 0.02 (officials F1, position accuracy, programs F1,
# awards F1, dates F1): (1.0, 1.0, 0.963, 0.957, 1.0) when this test was written.
# v0.5 moved the awards floor to 0.90: the learned layer's extra awards score 0.923 here (one false
# find) but gain 0.038 F1 on 268 real releases, cross-validated (docs/extraction.md).
FLOORS = {"officials": 0.98, "position": 0.98, "programs": 0.94, "awards": 0.90, "dates": 0.98}


def _words(s: str) -> list[str]:
    s = "".join(c for c in unicodedata.normalize("NFKD", s) if not unicodedata.combining(c))
    return re.findall(r"[a-z0-9]+", s.lower())


def _name_tokens(s: str) -> set[str]:
    toks = [t for t in s.split(",")[0].split() if not re.fullmatch(r"(?:[A-Za-z]{1,4}\.)+[A-Za-z]{0,4}\.?", t)]
    return {w for w in _words(" ".join(toks)) if w not in HONORIFICS}


def _jaccard(a, b) -> float:
    a, b = set(a), set(b)
    return len(a & b) / len(a | b) if a | b else 0.0


def name_sim(p: str, g: str) -> float:
    a, b = _name_tokens(p), _name_tokens(g)
    if not a or not b:
        return 0.0
    if a == b:
        return 1.0
    if (a <= b or b <= a) and abs(len(a) - len(b)) <= 2:
        return 0.9
    j = _jaccard(a, b)
    return j if j >= 0.5 else 0.0


def _initials(a: list[str], b: list[str]) -> bool:
    ya, yb = {w for w in a if w.isdigit()}, {w for w in b if w.isdigit()}
    if ya and yb and ya != yb:
        return False
    a, b = [w for w in a if not w.isdigit()], [w for w in b if not w.isdigit()]
    for short, long_ in ((a, b), (b, a)):
        if len(short) == 1 and len(long_) >= 2 and len(short[0]) >= 2:
            if short[0] in ("".join(w[0] for w in long_), "".join(w[0] for w in long_ if w not in SMALL)):
                return True
    return False


def phrase_sim(p: str, g: str) -> float:
    a, b = _words(p), _words(g)
    if not a or not b:
        return 0.0
    sa, sb = " ".join(a), " ".join(b)
    if sa == sb:
        return 1.0
    short, long_ = sorted((sa, sb), key=len)
    if len(short) >= 4 and re.search(r"\b" + re.escape(short) + r"\b", long_):
        return 0.8
    if _initials(a, b):
        return 0.8
    j = _jaccard(a, b)
    return j if j >= 0.5 else 0.0


def greedy(preds: list, golds: list, sim) -> list[tuple[int, int]]:
    pairs = sorted(((sim(p, g), i, j) for i, p in enumerate(preds) for j, g in enumerate(golds)), reverse=True)
    used_p, used_g, out = set(), set(), []
    for s, i, j in pairs:
        if s > 0 and i not in used_p and j not in used_g:
            used_p.add(i), used_g.add(j), out.append((i, j))
    return out


def _f1(tp: int, npred: int, ngold: int) -> float:
    p, r = (tp / npred if npred else 0.0), (tp / ngold if ngold else 0.0)
    return 2 * p * r / (p + r) if p + r else 0.0


def score(golds: list[dict], preds: list[dict]) -> dict[str, float]:
    tot = {f: [0, 0, 0] for f in ("officials", "programs", "awards", "dates")}
    pos_ok = 0
    for g, p in zip(golds, preds):
        po, seen = [], set()
        for o in p["officials"]:
            k = " ".join(sorted(_name_tokens(o["name"])))
            if k and k not in seen:
                seen.add(k), po.append(o)
        m = greedy([o["name"] for o in po], [o["name"] for o in g["officials"]], name_sim)
        tot["officials"][0] += len(m); tot["officials"][1] += len(po); tot["officials"][2] += len(g["officials"])
        pos_ok += sum(_jaccard(_words(po[i]["position"] or ""), _words(g["officials"][j]["position"])) >= 0.5
                      for i, j in m)
        for f in ("programs", "awards"):
            variants, seen = [], set()
            for x in p[f]:
                v = [s for s in (x["name"], x.get("acronym")) if s]
                if " ".join(_words(v[0])) not in seen:
                    seen.add(" ".join(_words(v[0]))), variants.append(v)
            m = greedy(variants, g[f], lambda v, gl: max(phrase_sim(s, gl) for s in v))
            tot[f][0] += len(m); tot[f][1] += len(variants); tot[f][2] += len(g[f])
        gd, pd = set(g["dates"]), {d["date"][:10] for d in p["dates"]}
        tot["dates"][0] += len(gd & pd); tot["dates"][1] += len(pd); tot["dates"][2] += len(gd)
    out = {f: _f1(*tot[f]) for f in tot}
    out["position"] = pos_ok / tot["officials"][2]
    return out


@pytest.fixture(scope="module")
def heldout_scores() -> dict[str, float]:
    golds = [json.loads(p.read_text(encoding="utf-8")) for p in sorted(HELDOUT.glob("h*.json"))]
    assert len(golds) == 20
    preds = list(extract_many([g["text"] for g in golds]))
    return score(golds, preds)


@pytest.mark.parametrize("field", sorted(FLOORS))
def test_heldout_floor(heldout_scores, field):
    assert heldout_scores[field] >= FLOORS[field], heldout_scores


def test_matching_rules():
    assert name_sim("H. Abdul Hadi, S.Sos", "Abdul Hadi") == 1.0
    assert phrase_sim("IGA 2021", "Innovative Government Award 2021") == 0.8
    assert phrase_sim("Adipura", "Kalpataru") == 0.0


# The v0.4 rules on sentences of their own (not from the held-out texts).
def _officials(text: str) -> list[tuple[str, str]]:
    return [(o["name"], o["position"]) for o in next(extract_many([text]))["officials"]]


def test_rank_after_unit_word():
    assert ("Bagus Priyanto", "Kasat Lantas") in _officials(
        "Kegiatan dipimpin Kasat Lantas AKP Bagus Priyanto di halaman markas.")


def test_unit_number_in_position():
    assert ("Wahyu Nugroho", "Dandim 0812/Lamongan") in _officials(
        "Acara dibuka Dandim 0812/Lamongan Letkol Inf Wahyu Nugroho, S.H. di lapangan desa.")


def test_appointed_as():
    got = _officials("Dalam pelantikan itu, Rudi Hartanto, S.Sos. dilantik sebagai Camat Paciran.")
    assert got == [("Rudi Hartanto", "Camat Paciran")]


def test_lower_case_position_needs_holder_evidence():
    assert ("Tuti Haryani", "kepala dinas sosial kabupaten gresik") in _officials(
        "Hal itu disampaikan kepala dinas sosial kabupaten gresik, Dra. Tuti Haryani, M.Si, kemarin.")
    assert _officials("Menurut ketua umum, Bambang Wiratmo, rapat berjalan lancar.") == []


def test_second_holder_in_list():
    got = _officials("Rapat dihadiri Wakil Ketua DPRD, Yuli Astuti dan Bambang Sutejo.")
    assert [n for n, _ in got] == ["Yuli Astuti", "Bambang Sutejo"]


def test_title_line_repeat_dropped():
    r = next(extract_many(["Kota Madiun Raih Anugerah Parahita Ekapraya\n"
                           "MADIUN - Pemerintah Kota Madiun meraih Anugerah Parahita Ekapraya (APE) 2023 "
                           "kategori Madya di Jakarta."]))
    assert len(r["awards"]) == 1


def test_distinct_placings_not_merged():
    r = next(extract_many(["Pemenang Lomba Desa Wisata Jawa Tengah 2023 diumumkan. Desa Sumberejo meraih "
                           "peringkat pertama, disusul Desa Ngargoyoso di peringkat ke-2 dan Desa Tawangsari "
                           "di peringkat ke-3."]))
    assert len([a for a in r["awards"] if a["name"].lower().startswith("peringkat")]) == 3, r["awards"]


def test_bumn_staff_are_officials():
    assert ("Rini Astuti", "Direktur Utama PT Pertamina") in _officials(
        "Direktur Utama PT Pertamina, Rini Astuti, meninjau SPBU di Semarang.")
    assert _officials("Direktur PT Sinar Abadi Jaya, Rudi Tanoto, meninjau pabrik.") == []
