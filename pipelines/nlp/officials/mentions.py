"""Mentions: each position linked to its holder. The holder is the name right after the position
("Bupati Balangan, H. Abdul Hadi, S.Sos"), or, failing that, right before it ("Abdul Hadi selaku
Bupati Balangan"); an appointment ("X dilantik sebagai Y") names the holder first."""
from __future__ import annotations

from dataclasses import dataclass

from ..lexicon import honorifics
from ..regions import match_region
from .names import (APPOINT_VERBS, Found, has_evidence, name_after, name_before, plausible,
                    skip_degrees)
from .positions import Position, first_words, match_position, unit_then_name, unit_then_person
from .tokens import Tok, words_of_toks
from .words import is_name_word

# Titles whose complement is a region (from the gazetteer), never a multi-word unit name.
REGION_HEADS = {"Bupati", "Wakil Bupati", "Wali Kota", "Wakil Wali Kota", "Gubernur", "Wakil Gubernur",
                "Presiden", "Wakil Presiden"}
# Words after which capitalised words name the team, not its head.
TEAM_WORDS = {"tim", "satgas", "gugus", "pokja", "panitia", "kelompok"}
# An appointed post runs on over at most this many name words to the clause end:
# "X dilantik sebagai Ketua PPK Kecamatan Babat."
APPOINTED_POST_TAIL = 3
# A bracketed position after its holder runs on over at most this many tokens to the bracket:
# "X, S.T (Kabid Aplikasi Informatika, Dinas Kominfo)".
BRACKETED_POST_TAIL = 12
# A holder after "dari daerah pemilihan Y, H. Z" comes within this many tokens of "dari".
ORIGIN_WINDOW = 8
# At most this many words read as a name before a rank are in fact the unit: "Kasat Reskrim AKP X".
UNIT_WORDS_BEFORE_RANK = 2
CLAUSE_ENDS = {".", ",", ";"}
LIST_LINKS = {",", "dan", "serta"}


@dataclass
class Mention:
    name: list[int]
    honorifics: list[str]
    position: Position


def find_mentions(toks: list[Tok]) -> list[Mention]:
    positions = scan_positions(toks)
    used = {k for p in positions for k in range(p.start, min([p.end] + p.soft))}
    mentions, pending = [], []

    def link(pos: Position, found: Found) -> None:
        used.update(found[0])
        mentions.append(Mention(found[0], found[1], pos))

    for pos in positions:
        found = _appointed_holder(toks, pos, used) or _holder_before_bracket(toks, pos, used)
        if found:
            link(pos, found)
            continue
        found = _holder_after(toks, pos, used)
        if not found:
            pending.append(pos)
            continue
        link(pos, found)
        for other in _listed_after(toks, found[0][-1] + 1, used):
            link(pos, other)
    # Names before a position are read last: a name right after an earlier position is that one's.
    for pos in pending:
        found = _holder_before(toks, pos, used)
        if found:
            link(pos, found)
    return sorted(mentions, key=lambda m: m.name[0])


def scan_positions(toks: list[Tok]) -> list[Position]:
    """The positions in reading order, none overlapping."""
    positions, i = [], 0
    starts = first_words()
    while i < len(toks):
        pos = match_position(toks, i) if toks[i].lower in starts else None
        if pos:
            positions.append(pos)
            i = pos.end
        else:
            i += 1
    return positions


def _holder_before(toks: list[Tok], pos: Position, used: set[int]) -> Found | None:
    found = name_before(toks, pos.start, used)
    return found if found and plausible(toks, *found) else None


def _appointed_holder(toks: list[Tok], pos: Position, used: set[int]) -> Found | None:
    """"X dilantik sebagai Y": X holds Y. The post may run on over a few name words to the end of
    the clause ("... sebagai Ketua PPK Kecamatan Babat.")."""
    if pos.start < 2 or toks[pos.start - 1].lower != "sebagai" or toks[pos.start - 2].lower not in APPOINT_VERBS:
        return None
    found = _holder_before(toks, pos, used)
    if not found:
        return None
    k = pos.end
    while k < len(toks) and k < pos.end + APPOINTED_POST_TAIL and is_name_word(toks[k]) and k not in used:
        k += 1
    if k == len(toks) or toks[k].text in CLAUSE_ENDS:
        pos.end = k
    return found


def _holder_before_bracket(toks: list[Tok], pos: Position, used: set[int]) -> Found | None:
    """"H. X, S.Sos (Kabid Y, Dinas Z)": a bracketed position belongs to the name before the
    bracket, and runs to the closing bracket."""
    if not pos.start or toks[pos.start - 1].text != "(":
        return None
    found = _holder_before(toks, pos, used)
    if found:
        words = words_of_toks(toks)
        close = next((k for k in range(pos.end, min(len(toks), pos.end + BRACKETED_POST_TAIL))
                      if toks[k].text in "()" or toks[k].text == "," and match_region(words, k + 1)), None)
        if close is not None and toks[close].text in "),":   # "(Bupati X, Jawa Barat)": the province is an aside
            pos.org += [k for k in range(pos.end, close) if toks[k].text != ","]
            pos.end = close
    return found


def _holder_after(toks: list[Tok], pos: Position, used: set[int]) -> Found | None:
    """The holder after the position, tried at each of its possible ends (the NER-extended ones,
    shortest first); the position is cut to the end that found one."""
    for end in pos.soft or [pos.end]:
        end, found = _holder_at(toks, pos, end, used)
        if found:
            pos.end = end
            pos.org = [k for k in pos.org if k < end]
            return found
    return None


def _holder_at(toks: list[Tok], pos: Position, end: int, used: set[int]) -> tuple[int, Found | None]:
    """The holder after a position ending at ``end`` -> (the position's end, the holder or None)."""
    found = name_after(toks, end, used)
    if found and not plausible(toks, *found):
        found = None
    direct = found is not None and found[0][0] == end
    if direct and not found[1]:
        end, found = _rank_opens_name(toks, pos, end, found, used)
    if direct and toks[end - 1].lower in TEAM_WORDS:
        found, direct = None, False   # "Ketua Tim Percepatan X, Y": what follows a team word names the team
    if (found is None or direct) and pos.title not in REGION_HEADS:
        unit = unit_then_name(toks, end, used, strict=found is not None)
        if unit:
            end, found = unit
            pos.org = [k for k in pos.org if k < pos.end] + \
                [k for k in range(pos.end, end) if toks[k].text not in ",()"]
            pos.soft = []
    if found is None and pos.title not in REGION_HEADS and end < len(toks) and toks[end].text not in CLAUSE_ENDS:
        run = unit_then_person(toks, end, used)
        if run:
            pos.org = [k for k in pos.org if k < pos.end] + \
                [k for k in range(pos.end, run[0]) if toks[k].text not in ",()"]
            end, found = run
            pos.soft = []
    if found is None:
        found = _holder_after_regions(toks, pos, end, used) or _holder_after_origin(toks, end, used)
    return end, found


def _rank_opens_name(toks: list[Tok], pos: Position, end: int, found: Found, used: set[int]):
    """"Kasat Reskrim AKP X": a rank after a short bare name opens the real name; the words before
    it belong to the unit. -> (end, holder)"""
    e = found[0][-1] + 1
    if e < len(toks) and toks[e].text in honorifics() and len(found[0]) <= UNIT_WORDS_BEFORE_RANK:
        again = name_after(toks, e, used)
        if again and again[1] and plausible(toks, *again):
            pos.org += found[0]
            return e, again
    return end, found


def _holder_after_regions(toks: list[Tok], pos: Position, end: int, used: set[int]) -> Found | None:
    """"Lurah Tegalsari, Kecamatan Tegalsari, Kota Surabaya, Fitriani ...": regions in apposition,
    then the holder (with evidence); the position stays "Lurah Tegalsari"."""
    if end >= len(toks) or toks[end].text != "," or pos.kind != "place":
        return None
    unit = unit_then_name(toks, end + 1, used, strict=True)
    return unit[1] if unit else None


def _holder_after_origin(toks: list[Tok], j: int, used: set[int]) -> Found | None:
    """"Anggota DPRD X dari daerah pemilihan Y, H. Z, S.H.": the holder after a "dari ..." phrase,
    with honorifics, degrees or a PER reading."""
    if j >= len(toks) or toks[j].lower != "dari":
        return None
    for k in range(j + 1, min(len(toks), j + ORIGIN_WINDOW)):
        if toks[k].text in {".", ";", "\n"} or match_position(toks, k):
            return None
        if toks[k].text == ",":
            found = name_after(toks, k, used)
            if found and has_evidence(toks, found) and plausible(toks, *found):
                return found
            return None
    return None


def _listed_after(toks: list[Tok], j: int, used: set[int]) -> list[Found]:
    """"Wakil Ketua DPRD, X dan Y.", "Analis KI, X, Y dan Z": more holders of the same post, a
    list closed by "dan"/"serta" that ends the clause; each needs honorifics, degrees, a PER
    reading or two name words, and no title of its own."""
    listed = []
    k = skip_degrees(toks, j)
    while k + 1 < len(toks) and toks[k].lower in LIST_LINKS and not match_position(toks, k + 1):
        found = name_after(toks, k + 1, used)
        if not found or not (has_evidence(toks, found) or len(found[0]) >= 2) or not plausible(toks, *found):
            return []
        listed.append(found)
        e = skip_degrees(toks, found[0][-1] + 1)
        if toks[k].lower != ",":
            return listed if e >= len(toks) or toks[e].text in CLAUSE_ENDS | {")"} else []
        k = e
    return []
