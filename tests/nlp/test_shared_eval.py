"""Dev-set score through score.py (needs ../shared beside the clone)."""
import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[2]
SHARED = ROOT / ".." / "shared"

pytestmark = [pytest.mark.shared,
              pytest.mark.skipif(not SHARED.exists(), reason="../shared (eval data) is not beside the clone")]


def test_dev_set_meets_targets():
    cmd = f"{sys.executable} -m pipelines.nlp --jsonl"
    p = subprocess.run([sys.executable, str(SHARED / "eval" / "score.py"), str(SHARED / "eval" / "dev"), "--cmd", cmd],
                       capture_output=True, text=True, cwd=ROOT)
    assert p.returncode == 0, p.stderr
    r = json.loads(p.stdout)
    assert r["officials"]["f1"] >= 0.9 and r["position_accuracy"] >= 0.85
    assert r["programs"]["f1"] >= 0.75 and r["awards"]["f1"] >= 0.75 and r["dates"]["f1"] >= 0.97
