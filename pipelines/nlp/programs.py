"""Named programs, innovations and apps."""
from __future__ import annotations


def programs(doc) -> list[dict]:
    return []
