"""Page bytes to text when the declared charset may be wrong.

Sites declare one charset and send bytes in another: UTF-8 pages with a leftover
``charset=iso-8859-1`` meta turn every "©" into "Â©". Bytes that decode as strict UTF-8 are
UTF-8 (a Latin-1 page with accents almost never forms valid UTF-8 sequences); otherwise the
declared charset (HTTP header, then the page's meta), and charset-normalizer when nothing is
declared or the declaration cannot decode the bytes.
"""
from __future__ import annotations

import codecs

import charset_normalizer
from w3lib.encoding import html_body_declared_encoding, read_bom


def decode_html(raw: bytes, declared: str | None = None) -> str:
    bom, mark = read_bom(raw)
    if bom:
        return raw[len(mark):].decode(bom, errors="replace")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        pass
    for name in (declared, html_body_declared_encoding(raw)):
        if name and _known(name) and codecs.lookup(name).name != "utf-8":
            try:
                return raw.decode(_browser_name(name))
            except UnicodeDecodeError:
                continue
    best = charset_normalizer.from_bytes(raw).best()
    return str(best) if best is not None else raw.decode("utf-8", errors="replace")


def _known(name: str) -> bool:
    try:
        codecs.lookup(name)
    except LookupError:
        return False
    return True


def _browser_name(name: str) -> str:
    """Browsers read "iso-8859-1" and "us-ascii" as windows-1252 (the WHATWG encoding standard)."""
    return "cp1252" if codecs.lookup(name).name in ("iso8859-1", "ascii") else name
