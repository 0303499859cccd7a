"""Named awards, predicates and placings, with year and rank when the text gives them.

"Adipura 2022" (a known award + year), "predikat Kota Peduli HAM", "Kota Terbaik Kedua",
"juara 1 lomba X 2023 kategori Y" (a placing in the competition the text names before it),
"Anugerah Parahita Ekapraya (APE) tingkat Utama tahun 2022".
"""
from __future__ import annotations

import re
from .lemmas import inflected_with_lemma, lemma_set
from .lexicon import lines, per_lexicon
from .phrases import PHRASE, YEAR_RX, drop_title_repeats, merge_contained, trim_small_words
from .regions import match_region
from .text import text_of

RANK = (r"(?i:ke-?\s?\d{1,3}|\d{1,3}|I{1,3}|IV|V|pertama|kedua|ketiga|keempat|kelima|satu|dua|tiga|"
        r"empat|lima|harapan(?:\s+(?:I{1,3}|\d|satu|dua|tiga))?|utama|favorit|terbaik)")
PLACING_RX = re.compile(rf"\b(?P<kind>juara|peringkat|ranking|rangking)\s+(?P<rank>{RANK})\b", re.IGNORECASE)
# A competition named by its head word; not "penilaian oleh tim juri", "lomba tersebut ...".
COMPETITION_RX = re.compile(r"\b(?:lomba|kompetisi|sayembara|kejuaraan|penilaian)\s+"
                            r"(?!(?:oleh|tersebut|ini|itu|yang|dan|akan|telah|sudah|meliputi|dilakukan|dengan|ke|ini)\b)[\w ]{3,80}?"
                            r"(?=\s*(?:tahun\s+\d{4}|\d{4}|[,.;:()\n]|\s+(?:yaitu|yakni|adalah|diraih|kategori|tingkat|di|pada|yang)\b))",
                            re.IGNORECASE)
# "kategori X" / "kelompok X" (a group of one competition's entrants) stated before a placing.
CATEGORY_RX = re.compile(r"\b(?:kategori|kelompok)\s+[\w ]{3,60}?(?=\s*(?:[,.;:()\n]|\s+(?:yaitu|yakni|diraih|adalah|juara)\b))",
                         re.IGNORECASE)
PREDICATE_RX = re.compile(r"\b(?:predikat|penghargaan|anugerah|gelar|sebagai)\s+(?P<name>[A-Z][\w-]*(?:\s+[A-Z][\w-]*){0,5})")
SUPERLATIVE_RX = re.compile(r"\b(?P<kind>Provinsi|Kabupaten|Kota|Desa|Kelurahan|Kecamatan|Daerah|Pemda)?\s*"
                            r"(?P<sup>Terbaik|Terinovatif|Sangat Inovatif|Ter[a-z]{4,})"
                            rf"(?:\s+(?P<rank>{RANK}))?\b")
# ter- words that describe a place, not an honour: "Daerah Tertinggal", "Desa Terpencil".
NOT_SUPERLATIVE = {"tertinggal", "terpencil", "terluar", "terdepan", "terdampak", "tertentu", "terkait",
                   "terpadu", "terbuka", "terjangkau", "tertib", "terakhir", "terdekat", "terisolir",
                   "terpilih", "tersebut", "terbesar", "terendah", "tertinggi", "terlama"}
# "mendapat penghargaan sebagai X", "dinobatkan sebagai X": "sebagai" names an honour after these words
# earlier in the same sentence.
HONOUR_BEFORE_RX = re.compile(r"\b(?i:penghargaan|anugerah|dinobatkan|menobatkan|gelar)\b[^.\n]*$")
AWARD_WORD_RX = re.compile(r"(?P<name>(?:[A-Z][\w-]*\s+){1,3}Awards?)\b")
STRICT_PHRASE = r"[A-Z][\w-]*(?:\s+[A-Z][\w-]*){0,5}"
QUALIFIER_RX = re.compile(r"^\s*((?:tingkat|kategori|predikat|klaster|level)\s+[A-Z][\w]*(?:\s+[A-Z][\w]*)?)")


@per_lexicon
def _gazetteer() -> list[tuple[str, str]]:
    """(form as written, canonical name), longest form first."""
    out = []
    for line in lines("awards.tsv"):
        name, _, shorts = line.partition("\t")
        out.append((name, name))
        out += [(s, name) for s in shorts.split("|") if s.strip()]
    return sorted(out, key=lambda f: -len(f[0]))


@per_lexicon
def award_names() -> frozenset[str]:
    return frozenset(f.lower() for f, _ in _gazetteer())


@per_lexicon
def _gazetteer_rx() -> re.Pattern:
    forms = "|".join(re.escape(f) for f, _ in _gazetteer())
    return re.compile(rf"\b(?P<name>{forms})(?:\s*\((?P<short>[^()]{{2,20}})\))?(?P<award>\s+Awards?)?\b")


def _canonical(form: str) -> str:
    return dict((f.lower(), c) for f, c in _gazetteer()).get(form.lower(), form)


SHORT_BEFORE_YEAR = re.compile(r"\s*\([A-Z][\w-]{1,12}\)(?=\s+(?:tahun\s+)?(?:19|20)\d\d\b)")


def _year_after(text: str, end: int) -> tuple[int | None, int]:
    b = SHORT_BEFORE_YEAR.match(text, end)       # "Innovative Government Award (IGA) 2023"
    if b:
        end = b.end()
    m = YEAR_RX.match(text[end:end + 12])
    return (int(m[1]), end + m.end()) if m else (None, end)


def awards(doc) -> list[dict]:
    text = text_of(doc)
    found: list[dict] = []
    covered: list[tuple[int, int]] = []

    def add(name: str, start: int, end: int, year=None, rank=None, canonical=None) -> None:
        """First evidence wins: a later match overlapping an earlier one is dropped, and a known
        award is listed once (with its year when any mention gives one)."""
        name = " ".join(trim_small_words(name).split())
        if only_region(name):
            return
        if any(s < end and start < e for s, e in covered) or any(a["name"].lower() == name.lower() for a in found):
            return
        covered.append((start, end))
        if canonical:
            same = [a for a in found if a.get("canonical") == canonical]
            if same:
                if year and not same[0]["year"]:
                    same[0].update(name=name, year=year, start=start, end=end)
                return
        found.append({"name": name, "rank": rank, "year": year, "start": start, "end": end,
                      "canonical": canonical})

    for m in _gazetteer_rx().finditer(text):
        name, end = (m["short"] or m["name"]) + (m["award"] or ""), m.end()
        q = QUALIFIER_RX.match(text[end:end + 40])
        if q:
            name, end = f"{name} {q[1]}", end + q.end()
        year, end = _year_after(text, end)
        add(f"{name} {year}" if year else name, m.start(), end, year, canonical=_canonical(m["name"]))
    _placings(text, add, _winner_verbs(doc))
    last_kind = None
    for m in SUPERLATIVE_RX.finditer(text):
        kind = m["kind"] or last_kind
        if not kind or m["sup"].lower() in NOT_SUPERLATIVE:
            continue
        last_kind = kind
        add(" ".join(x for x in (kind, m["sup"], m["rank"]) if x), m.start(), m.end(), rank=m["rank"])
    for m in PREDICATE_RX.finditer(text):
        if m.group(0).lower().startswith("sebagai") and not re.search(r"Ter|Inovatif|Juara", m["name"]) \
                and not HONOUR_BEFORE_RX.search(text, max(0, m.start() - 80), m.start()):
            continue
        year, end = _year_after(text, m.end("name"))
        add(f"{m['name']} {year}" if year else m["name"], m.start("name"), end, year)
    for m in AWARD_WORD_RX.finditer(text):
        year, end = _year_after(text, m.end())
        add(f"{m['name']} {year}" if year else m["name"], m.start(), end, year)
    for a in found:
        del a["canonical"]
    return merge_contained(drop_title_repeats(sorted(found, key=lambda a: a["start"]), text))


def only_region(name: str) -> bool:
    """"Kota Sukabumi", "Kabupaten Sleman": a region's name is where an award went, not the award."""
    words = name.split()
    found = match_region(words, 0)
    return found is not None and found[0] == len(words)


# Words after which the winner is named ("Juara 1 Posyandu terbaik diraih Posyandu X"), besides
# the inflected forms of the lemmas in data/award_verb_lemmas.txt (diraih, dimenangkan, disabet ...).
WINNER_LINKS = {"oleh", "yaitu", "adalah", "jatuh"}     # "Juara I jatuh kepada ..."
TAIL_WORD_RX = re.compile(r"\s+([A-Za-z]+)\b")


def _winner_verbs(doc) -> frozenset[int]:
    """Start offsets of the tokens that are inflected forms of the award verb lemmas."""
    return frozenset(s for s, _ in inflected_with_lemma(doc, lemma_set("award_verb_lemmas.txt")))


def _tail(text: str, end: int, verbs: frozenset[int]) -> str | None:
    """The one to four words after a placing that come right before a winner verb or link:
    "Juara 1 | Posyandu terbaik | diraih ..." -> "Posyandu terbaik"."""
    words, pos, limit = [], end, end + 60
    while len(words) < 5:
        m = TAIL_WORD_RX.match(text, pos)
        if not m or m.end() > limit:
            break
        words.append(m)
        pos = m.end()
    if words and (words[0].start(1) in verbs or words[0][1].lower() in WINNER_LINKS
                  or words[0][1].lower() == "di" and len(words) > 1 and words[1][1].lower() in lemma_set("award_verb_lemmas.txt")):
        return None         # "juara 1 diraih oleh X": the placing names nothing itself
    for k in range(1, len(words)):
        w = words[k]
        if w.start(1) in verbs or w[1].lower() in WINNER_LINKS:
            return text[words[0].start(1):words[k - 1].end(1)]
    return None


def _placings(text: str, add, verbs: frozenset[int] = frozenset()) -> None:
    """ "juara 1 ..." placings, named after what follows the placing ("Juara 1 Posyandu terbaik
    diraih ...", "juara pertama lomba X diraih ..."), the placing before it in a series ("Juara 2
    [winner]"), or the competition (and category) the text names before it, or right after an
    earlier placing of the series ("juara pertama lomba X diraih A, juara kedua diraih B")."""
    prev_tail, prev_end = None, -1
    series = None        # (competition named right after an earlier placing, its year, its start)
    for m in PLACING_RX.finditer(text):
        before = text[:m.start()]
        # the competition: "lomba X" before, or an "X Award(s)" named shortly before
        comps = [*COMPETITION_RX.finditer(before), *AWARD_WORD_RX.finditer(text, max(0, m.start() - 600), m.start())]
        comp = max(comps, key=lambda c: c.start(), default=None)
        lead = COMPETITION_RX.match(text, m.end() + len(text[m.end():m.end() + 3]) - len(text[m.end():m.end() + 3].lstrip()))
        if lead:
            year = _year_after(text, lead.end())[0]
            series = (lead.group(0).strip(), year, lead.start())
            name = " ".join(x for x in (m["kind"], m["rank"], series[0], str(year or "")) if x)
            prev_tail, prev_end = None, m.end()
            add(name, m.start(), m.end(), year=year, rank=f"{m['kind']} {m['rank']}")
            continue
        comp_year = _year_after(text, comp.end())[0] if comp else None
        tail = _tail(text, m.end(), verbs)
        if tail and re.match(r"(?i)(?:lomba|kompetisi)\b", tail):
            tail = None
        if tail or prev_tail and m.start() - prev_end < 250:
            prev_tail = tail or prev_tail
            name = " ".join(x for x in (m["kind"], m["rank"], prev_tail, str(comp_year or "")) if x)
        elif series and (not comp or comp.start() < series[2]) and m.start() - series[2] < 400:
            comp_year = series[1]
            name = " ".join(x for x in (m["kind"], m["rank"], series[0], str(comp_year or "")) if x)
        elif comp:
            cat = [k for k in CATEGORY_RX.finditer(text, 0, m.end()) if comp.start() < k.start() < m.start()]
            name = " ".join(x for x in (m["kind"], m["rank"], comp.group(0).strip(), str(comp_year or ""),
                                        cat[-1].group(0) if cat else "") if x)
        else:
            nxt = re.match(rf"\s+(?P<name>{PHRASE})", text[m.end():m.end() + 80])
            if not nxt:
                continue
            name = f"{m['kind']} {m['rank']} {nxt['name']}"
        prev_end = m.end()
        add(name, m.start(), m.end(), year=comp_year, rank=f"{m['kind']} {m['rank']}")
