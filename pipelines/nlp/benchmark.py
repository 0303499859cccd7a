"""Throughput of the extraction pipeline on generated article-length texts, one core.

    python -m pipelines.nlp.benchmark [--n 1000]

Prints articles/s for rules only, NER only, NER + rules without the learned span tagger, and the
shipped pipeline (everything), and the time each pipeline took to load.
"""
from __future__ import annotations

import argparse
import os
import random
import time

# One core, as the target is stated per core.
os.environ.setdefault("OMP_NUM_THREADS", "1")

TITLES = ["Bupati Sleman", "Kepala Dinas Kesehatan Kabupaten Garut", "Plt Camat Sukasari", "Wakil Ketua DPRD Kota Batu"]
NAMES = ["Sutrisno Hadi", "H. Budi Santoso, S.Sos", "dr. Lestari Handayani, M.Kes", "Agus Salim"]
FILLER = ("Kegiatan ini bertujuan meningkatkan pelayanan publik kepada masyarakat di seluruh wilayah "
          "kecamatan, sekaligus memperkuat koordinasi antarperangkat daerah dalam pelaksanaan program. ")


def article(rng: random.Random) -> str:
    """About 2,000 characters, shaped like a regional press release."""
    parts = [f"Senin, {rng.randint(1, 28)} Maret 2024 - dibaca {rng.randint(10, 900)} kali\n"]
    while sum(map(len, parts)) < 2000:
        parts.append(f"{rng.choice(TITLES)}, {rng.choice(NAMES)}, meluncurkan inovasi Sapa Warga "
                     f"pada Selasa ({rng.randint(1, 28)}/3/2024). " + FILLER * rng.randint(1, 3))
    return "".join(parts)


def rate(nlp, texts: list[str]) -> float:
    start = time.perf_counter()
    for _ in nlp.pipe(texts, batch_size=64):
        pass
    return len(texts) / (time.perf_counter() - start)


def main(argv=None) -> None:
    from . import load_pipeline

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=1000)
    a = ap.parse_args(argv)
    rng = random.Random(0)
    texts = [article(rng) for _ in range(a.n)]
    for label, kw in (("rules only", dict(ner=False)), ("NER only", dict(rules=False)),
                      ("NER+rules", dict(learned=False)), ("shipped", {})):
        start = time.perf_counter()
        nlp = load_pipeline(**kw)
        loaded = time.perf_counter() - start
        rate(nlp, texts[:50])                 # warm up
        print(f"{label:10s} {rate(nlp, texts):8.1f} articles/s  ({a.n} texts, ~{sum(map(len, texts)) // a.n} chars; "
              f"loaded in {loaded:.1f} s)")


if __name__ == "__main__":
    main()
