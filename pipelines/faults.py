"""Named points in the archive's writes where the crash tests stop a real process.

With ``WARTA_PAUSE_AT=NAME`` (or ``NAME@N``: the Nth time the point is reached) the process
prints ``WARTA_PAUSED NAME`` on stderr when it gets there and waits, so tests/test_faults.py can
kill -9 it at exactly that moment and check what a rerun finds. Unset, a point costs one dict
lookup. The points are listed in docs/reliability.md.
"""
from __future__ import annotations

import os
import sys
import time
from collections import Counter

_reached: Counter = Counter()


def checkpoint(name: str) -> None:
    wanted = os.environ.get("WARTA_PAUSE_AT")
    if not wanted:
        return
    point, _, nth = wanted.partition("@")
    if point != name:
        return
    _reached[name] += 1
    if _reached[name] == int(nth or 1):
        print(f"WARTA_PAUSED {name}", file=sys.stderr, flush=True)
        time.sleep(3600)
