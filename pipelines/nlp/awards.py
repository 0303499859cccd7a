"""Named awards, predicates and rankings."""
from __future__ import annotations


def awards(doc) -> list[dict]:
    return []
