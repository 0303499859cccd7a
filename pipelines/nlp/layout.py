"""The layout of page text, normalised before extraction without moving a character.

Text taken from a web page keeps the page's shapes: a sentence hard-wrapped over several lines
("Kepala Bagian Administrasi\\nPemerintahan Umum Setdakab Sinjai, Yuhadi Samad"), title lines,
bylines with dates and view counts, photo captions, "Baca juga:" links to other stories, and a
last sentence cut short. Every item the extractor finds carries character offsets into the
stored text, so the normaliser is length-preserving: a line break inside a sentence becomes a
space, a related-story line becomes spaces; everything else stays where it is (titles, bylines
and captions only end a sentence, they are never joined to the next line).
"""
from __future__ import annotations

import re

# "Baca juga: ...", "(Baca Juga : ...)", "Lihat juga: ...": links to other stories. People named
# there are not this article's officials (guideline), nor are its programs, awards or dates.
RELATED_LINK = re.compile(r"^[ \t]*[(\[]?[ \t]*(?:baca|lihat|simak)[ \t]+juga\b[^\n]*", re.IGNORECASE | re.MULTILINE)
# Lines that open a list item, a caption or a byline never continue the line before.
ITEM_START = re.compile(r"^\s*(?:[-–—•*·▪►]|\d{1,2}[.)]\s|[a-z][.)]\s|\(?foto\b|ket(?:erangan)?\b)", re.IGNORECASE)
# Bylines: "14:41 WIB - Redaktur: Tobari", "Penulis: X", "dibaca 314 kali", "1.047 Dilihat".
BYLINE = re.compile(r"\b(?:WIB|WITA|WIT)\b|\b(?:admin|redaktur|penulis|editor|reporter|pewarta|diposting|dipublikasikan)\b"
                    r"|\d\s*(?:kali\s+)?(?:dilihat|dibaca|views?)\b|\b(?:dilihat|dibaca)\s*:?\s*\d", re.IGNORECASE)
# Words that cannot end a sentence: a line ending with one runs on (unless it is a headline).
RUNS_ON = {"dan", "atau", "serta", "di", "ke", "dari", "yang", "untuk", "dengan", "oleh", "pada", "bagi",
           "dalam", "kepada", "terhadap", "sebagai", "selaku", "yaitu", "yakni", "adalah", "bahwa", "antara",
           "tentang", "melalui", "para", "sang", "bersama", "beserta", "didampingi", "dinas", "badan", "kepala",
           "ketua", "wakil"}
# A hard-wrapped paragraph: lines of about the same width that stop mid-sentence. Shorter lines are
# labels, list entries or menu items; longer ones are whole paragraphs without a closing stop.
WRAP_MIN, WRAP_MAX = 40, 110
# Words a Title Case headline leaves in lower case.
HEADLINE_SMALL = {"dan", "di", "ke", "dari", "yang", "untuk", "dengan", "dalam", "pada", "bagi", "atas",
                  "oleh", "serta", "hingga", "sebagai", "atau", "akan", "jadi", "ini", "itu", "kepada",
                  "tentang", "terhadap", "melalui", "sejak", "agar", "saat", "usai", "jelang", "lewat"}
WORD = re.compile(r"[A-Za-z][\w’']*")


def is_headline(line: str) -> bool:
    """A line written in Title Case or capitals without a closing full stop or bracket, as
    headlines are ("Penggagas: X, S.T (Kabid Y)" is a list entry)."""
    content = [w for w in WORD.findall(line) if w.lower() not in HEADLINE_SMALL]
    return len(content) >= 4 and all(w[0].isupper() for w in content) and not line.rstrip().endswith((".", ")"))


def normalise_layout(text: str) -> str:
    """``text`` with related-story lines blanked and line breaks inside sentences made spaces;
    same length, every other character in place."""
    if "uga" in text or "UGA" in text:        # a plain scan first: most texts have no such line
        text = RELATED_LINK.sub(lambda m: " " * len(m.group()), text)
    lines = text.split("\n")
    out, continued = [], False
    for i, line in enumerate(lines[:-1]):
        continued = _runs_on(lines, i, continued)
        out += [line, " " if continued else "\n"]
    out.append(lines[-1])
    return "".join(out)


def _runs_on(lines: list[str], i: int, continues: bool) -> bool:
    """Does the sentence of line i go on at the start of line i + 1? (``continues``: line i goes
    on from the line before, so it is no headline even when its words are all capitalised)."""
    line, nxt = lines[i].rstrip(), lines[i + 1].lstrip()
    if not _open(line) or not nxt or ITEM_START.match(nxt) or BYLINE.search(nxt):
        return False
    if nxt[0].islower() or line.endswith(","):
        return True                   # "... terhadap laporan hasil\npemeriksaan laporan keuangan"
    if not continues and is_headline(line):
        return False
    return line.split()[-1].lower() in RUNS_ON or _wrapped(lines, i)


def _open(line: str) -> bool:
    """A line of text that stops without ending its sentence (not a byline, not "0 %")."""
    return bool(line) and (line[-1].isalpha() or line[-1] == ",") and not BYLINE.search(line)


def _wrapped(lines: list[str], i: int) -> bool:
    """Line i is of wrap width, and so is the line before it, or the next line too stops
    mid-sentence: a paragraph hard-wrapped at a fixed width."""
    def wraps(k: int) -> bool:
        line = lines[k].rstrip() if 0 <= k < len(lines) else ""
        return WRAP_MIN <= len(line) <= WRAP_MAX and _open(line) and not ITEM_START.match(line)
    nxt = lines[i + 1].rstrip()
    return wraps(i) and (wraps(i - 1) or _open(nxt) and not ITEM_START.match(nxt))
