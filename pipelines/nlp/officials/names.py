"""A person's name next to a position: the name words, the honorifics before them and the
degrees after them, read forwards ("Bupati X, H. Abdul Hadi, S.Sos") or backwards
("Abdul Hadi selaku Bupati X")."""
from __future__ import annotations

from ..lexicon import degrees, fold_degree, honorifics, institution_words, place_names
from .tokens import Tok, paren_group
from .words import INITIAL, NAME_ABBREVIATIONS, NAMEWORD, PASSIVE, is_name_word

MAX_NAME = 6
BEFORE_LINKS = {"selaku", "sebagai", ",", "("}
AFTER_LINKS = {",", "(", ":", "yakni", "yaitu", "bernama", "–", "-"}
# Verbs of appointment before "sebagai": "X, S.T. dilantik sebagai Camat Y" names X the holder.
APPOINT_VERBS = {"dilantik", "diangkat", "ditunjuk", "ditetapkan", "terpilih", "menjabat", "dikukuhkan",
                 "diambil", "resmi"}
# Tokens that end a sentence or a quote: a capitalised passive verb after them starts a sentence.
SENTENCE_ENDS = {".", "\n", "!", "?", "\u201d", '"'}

Found = tuple[list[int], list[str]]     # (token indices of the name, honorifics and degrees)


def has_evidence(toks: list[Tok], found: Found) -> bool:
    """Honorifics, degrees or a PER reading: the name is a person's, not a capitalised word."""
    return bool(found[1]) or any(toks[k].ent == "PER" for k in found[0])


def plausible(toks: list[Tok], name: list[int], hon: list[str]) -> bool:
    """A place is not a person: a name that is a kecamatan/regency/city name is kept only with
    honorifics or a PER reading ("Paringin", "Sungai Raya", "Manado" after a comma)."""
    if hon or any(toks[k].ent == "PER" for k in name):
        return True
    return " ".join(toks[k].lower for k in name) not in place_names()


def degree_at(toks: list[Tok], j: int) -> int:
    """Tokens taken by a degree at j ("M.Si", "S." + "Apt."), 0 if none."""
    if j < len(toks) and fold_degree(toks[j].text) in degrees():
        return 1
    if j + 1 < len(toks) and fold_degree(toks[j].text + toks[j + 1].text) in degrees():
        return 2
    return 0


def skip_degrees(toks: list[Tok], j: int) -> int:
    """Past ", S.Sos, M.Si" at j."""
    while j + 1 < len(toks) and toks[j].text == "," and degree_at(toks, j + 1):
        j += 1 + degree_at(toks, j + 1)
    return j


def honorifics_at(toks: list[Tok], j: int) -> tuple[int, list[str]]:
    hon = []
    while j < len(toks):
        if toks[j].text in honorifics():
            hon.append(toks[j].text)
            j += 1
            if j < len(toks) and toks[j].text == "." and not hon[-1].endswith("."):
                hon[-1] += "."
                j += 1
        elif (close := paren_group(toks, j, 1)) and hon:
            hon.append(toks[j + 1].text)     # "Dr. (HC)"
            j = close
        else:
            break
    return j, hon


def name_word_at(toks: list[Tok], j: int) -> bool:
    """A name word in context: also Sasak "Lalu" before a name (not "Lalu Lintas"); not an
    honorific ("Ibu", "Bapak": they precede names) nor a sentence-initial passive verb
    ("Didampingi ..., Presiden ...")."""
    t = toks[j]
    if t.text == "Lalu" and not t.headline and j + 1 < len(toks):
        nxt = toks[j + 1]
        return nxt.lower != "lintas" and bool(NAMEWORD.match(nxt.text)) and nxt.lower not in institution_words()
    if len(t.text) > 2 and t.text in honorifics():
        return False
    if PASSIVE.match(t.text) and (j == 0 or toks[j - 1].text in SENTENCE_ENDS
                                  or toks[j - 1].end < t.start - 1 and "\n" in toks[j - 1].text):
        return False
    return is_name_word(t)


def name_after(toks: list[Tok], j: int, used: set[int]) -> Found | None:
    """The name at j (after a link word and honorifics), on the line j is on."""
    first = j
    if j < len(toks) and toks[j].lower in AFTER_LINKS:
        j += 1
    j, hon = honorifics_at(toks, j)
    name = []
    while j < len(toks) and len(name) < MAX_NAME and j not in used and not (name and toks[j].line_start) and (
            name_word_at(toks, j) or (toks[j].text in NAME_ABBREVIATIONS and j + 1 < len(toks) and toks[j + 1].text == ".")):
        name.append(j)
        j += 1
        if (INITIAL.match(toks[name[-1]].text) or toks[name[-1]].text in NAME_ABBREVIATIONS) \
                and j < len(toks) and toks[j].text == ".":
            j += 1
    if not name or all(INITIAL.match(toks[k].text) for k in name) or \
            any(toks[k].line_start for k in range(first, name[0] + 1)):
        return None
    return name, hon + degrees_after(toks, j)


def degrees_after(toks: list[Tok], j: int) -> list[str]:
    """", S.Sos, M.Si" / ", SE., M.Si." / ", S.Pd M.Si" after a name."""
    out = []
    while j + 1 < len(toks) and toks[j].text == ",":
        n = degree_at(toks, j + 1)
        if not n:
            break
        j += 1
        while n:
            out.append("".join(t.text for t in toks[j:j + n]))
            j += n
            n = degree_at(toks, j)
    return out


def name_before(toks: list[Tok], p: int, used: set[int]) -> Found | None:
    """The name before the link word before the position at p, on the position's line."""
    if p < 2 or toks[p - 1].lower not in BEFORE_LINKS or toks[p].line_start or toks[p - 1].line_start:
        return None
    link = toks[p - 1].lower
    j = p - 2
    if link == "sebagai" and toks[j].lower in APPOINT_VERBS:
        j -= 1                        # "X, S.T. dilantik sebagai Camat ..."
        if j >= 0 and toks[j].text == ",":
            j -= 1
        if j >= 0 and toks[j].text == ".":
            j -= 1
    degs = []
    while j >= 1 and degree_at(toks, j) == 1 and toks[j - 1].text == ",":
        degs.insert(0, toks[j].text)
        j -= 2
    name = []
    while j >= 0 and len(name) < MAX_NAME and name_word_at(toks, j) and j not in used and not toks[j + 1].line_start:
        name.insert(0, j)
        j -= 1
    if not name or all(INITIAL.match(toks[k].text) for k in name):
        return None
    hon = []
    while name and toks[name[0]].text in honorifics():
        hon.append(toks[name.pop(0)].text)     # "H." read backwards as an initial: an honorific
    while j >= 0 and toks[j].text in honorifics():
        hon.insert(0, toks[j].text)
        j -= 1
    if not name:
        return None
    # Without "selaku"/"sebagai" only the NER can tell a name from a capitalised place or org;
    # before a bracketed position, honorifics or degrees also do: "H. X, S.Sos (Bupati Y)".
    if link in (",", "(") and not any(toks[k].ent == "PER" for k in name) and not (link == "(" and (hon or degs)):
        return None
    # "Didampingi Ibu X, Presiden ...", "Bersama X, Bupati ...": X accompanies the holder.
    if link == "," and j >= 0 and (PASSIVE.match(toks[j].text) or toks[j].lower == "bersama"):
        return None
    return name, hon + degs
