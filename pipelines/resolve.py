"""Entity resolution across articles: mentions -> people, positions, programs and awards.

The same person is written with and without degrees, in variant spellings and in short
forms; the same program with its long name and its acronym. Merging is conservative: two
mentions of a name join only when something besides the name supports it (the same region,
the region of the article's media centre, or the same institution). Two people who share a
common name in different regions stay two people.

``resolve(mentions)`` is pure (rows in, entity rows out); ``rebuild(db)`` applies it to the
archive in one transaction. Entity ids are slugs of name and region, so links and feeds to a
person survive a rebuild.
"""
from __future__ import annotations

import json
import re
from collections import Counter, defaultdict

from pipelines import faults
from pipelines.schema import transaction

ACTING = re.compile(r"^(?P<acting>Plt\.?|Plh\.?|Pjs\.?|Pj\.?|Penjabat|Pelaksana Tugas|Pelaksana Harian)\s+",
                    re.IGNORECASE)
_ACTING_NAMES = {"plt": "Plt", "plh": "Plh", "pj": "Pj", "pjs": "Pjs", "penjabat": "Pj",
                 "pelaksana tugas": "Plt", "pelaksana harian": "Plh"}
# Spellings of the same given name that Indonesian reporting mixes freely.
_NAME_VARIANTS = {"muhamad": "muhammad", "mohammad": "muhammad", "mohamad": "muhammad",
                  "mochammad": "muhammad", "mochamad": "muhammad", "moh": "muhammad",
                  "moch": "muhammad", "muh": "muhammad", "achmad": "ahmad", "akhmad": "ahmad",
                  "abd": "abdul"}


def name_tokens(name: str | None) -> tuple[str, ...]:
    words = re.findall(r"[^\W\d_]+", (name or "").lower())
    return tuple(_NAME_VARIANTS.get(w, w) for w in words)


def normalise(text: str | None) -> str:
    return " ".join(re.findall(r"\w+", (text or "").lower()))


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "x"


def split_acting(position: str | None) -> tuple[str | None, str]:
    """"Plt Bupati Lampung Selatan" -> ("Plt", "Bupati Lampung Selatan")."""
    position = (position or "").strip()
    match = ACTING.match(position)
    if not match:
        return None, position
    acting = _ACTING_NAMES[match["acting"].lower().rstrip(".")]
    return acting, position[match.end():]


class _UnionFind:
    def __init__(self, items):
        self.parent = {i: i for i in items}

    def find(self, i):
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, a, b):
        a, b = self.find(a), self.find(b)
        if a != b:
            self.parent[max(a, b)] = min(a, b)

    def groups(self):
        result = defaultdict(list)
        for i in self.parent:
            result[self.find(i)].append(i)
        return list(result.values())


def _anchors(m: dict) -> set:
    """What besides the name ties a mention to one person: regions and institution."""
    anchors = {("region", code) for code in (m.get("region_code"), m.get("article_region")) if code}
    if m.get("organization"):
        anchors.add(("org", normalise(m["organization"])))
    return anchors


def _day(m: dict) -> str | None:
    return (m.get("published_at") or "")[:10] or None


def _seen(members: list[dict]) -> dict:
    days = sorted(d for d in (_day(m) for m in members) if d)
    return {"first_seen": days[0] if days else None, "last_seen": days[-1] if days else None,
            "articles": len({m["article_id"] for m in members})}


def _unique_ids(clusters: list[tuple[str, list]]) -> list[tuple[str, list]]:
    """Ids from slugs, with -2, -3 ... where two clusters would share one; numbered in an
    order that does not depend on row ids, so ids survive a reprocess."""
    seen: Counter = Counter()
    result = []
    for base, members in sorted(clusters, key=lambda c: _earliest(c[1])):
        seen[base] += 1
        result.append((base if seen[base] == 1 else f"{base}-{seen[base]}", members))
    return result


def _preferred(names) -> str:
    """The most frequent form, the longest on a tie."""
    counts = Counter(names)
    return max(counts, key=lambda n: (counts[n], len(n), n))


def _with_region(name: str, region: str | None) -> str:
    return slug(name) + (f"-{region}" if region else "")


def _region_of(m: dict) -> str | None:
    return m.get("article_region") or m.get("region_code")


def _main_region(members: list[dict]) -> str | None:
    codes = Counter(c for m in members for c in (m.get("region_code"), m.get("article_region")) if c)
    return min(codes, key=lambda c: (-codes[c], c)) if codes else None


def _earliest(members: list[dict]) -> tuple:
    return min(((m.get("published_at") or ""), m["article_id"], m.get("start") or 0) for m in members)


def cluster_people(officials: list[dict]) -> list[list[dict]]:
    """Group official mentions into people (see the module docstring for the rule)."""
    uf = _UnionFind(range(len(officials)))
    keys = [name_tokens(m.get("name")) for m in officials]
    anchors = [_anchors(m) for m in officials]
    by_key = defaultdict(list)
    for i, key in enumerate(keys):
        by_key[key].append(i)
    # Same name, shared anchor.
    for members in by_key.values():
        for a in members:
            for b in members:
                if a < b and anchors[a] & anchors[b]:
                    uf.union(a, b)
    # A shorter written form of a longer name ("Hadi Santoso" / "Abdul Hadi Santoso"), with a
    # shared anchor and the same position: at least two tokens, so a bare surname never merges.
    by_token = defaultdict(set)
    for key in by_key:
        for token in key:
            by_token[token].add(key)
    for key, members in by_key.items():
        if len(key) < 2:
            continue
        supersets = set.intersection(*(by_token[t] for t in key)) - {key}
        for other in supersets:
            for a in members:
                for b in by_key[other]:
                    same_post = split_acting(officials[a].get("position"))[1].lower() == \
                        split_acting(officials[b].get("position"))[1].lower()
                    if anchors[a] & anchors[b] and same_post:
                        uf.union(a, b)
    return [[officials[i] for i in sorted(group)] for group in uf.groups()]


def _position_key(m: dict) -> tuple:
    acting, base = split_acting(m.get("position"))
    title = split_acting(m.get("title"))[1] or base.split(" ")[0]
    if m.get("region_code"):
        return ("region", title.lower(), normalise(m.get("organization")), m["region_code"])
    return ("text", normalise(base))


def resolve(mentions: list[dict]) -> dict:
    """Entity rows and each mention's links, from mention rows joined with their article
    (``published_at`` and ``article_region`` = the article's region code)."""
    officials = [m for m in mentions if m["entity_type"] == "official" and m.get("name")]
    links: dict[int, dict] = defaultdict(dict)

    people = []
    clusters = [(_with_region(_preferred(m["name"] for m in members), _main_region(members)), members)
                for members in cluster_people(officials)]
    for person_id, members in _unique_ids(clusters):
        name = _preferred(m["name"] for m in members)
        people.append({"id": person_id, "name": name,
                       "aliases": json.dumps(sorted({m["name"] for m in members} - {name}), ensure_ascii=False),
                       "region_code": _main_region(members), **_seen(members)})
        for m in members:
            links[m["id"]]["person_id"] = person_id

    by_position = defaultdict(list)
    for m in officials:
        if m.get("position"):
            by_position[_position_key(m)].append(m)
    positions = []
    clusters = [(_with_region(_preferred(split_acting(m["position"])[1] for m in members),
                              members[0].get("region_code")), members)
                for members in by_position.values()]
    for position_id, members in _unique_ids(clusters):
        titles = Counter(split_acting(m.get("title"))[1] for m in members if m.get("title"))
        positions.append({"id": position_id,
                          "label": _preferred(split_acting(m["position"])[1] for m in members),
                          "title": titles.most_common(1)[0][0] if titles else None,
                          "institution": members[0].get("organization"),
                          "region_code": members[0].get("region_code"),
                          "holders": len({links[m["id"]]["person_id"] for m in members})})
        for m in members:
            links[m["id"]]["position_id"] = position_id

    held = defaultdict(list)
    for m in officials:
        if m.get("position"):
            acting = split_acting(m["position"])[0]
            held[(links[m["id"]]["person_id"], links[m["id"]]["position_id"], acting)].append(m)
    person_positions = []
    for (person_id, position_id, acting), members in held.items():
        first = min(members, key=lambda m: (_day(m) or "9999", m["id"]))
        person_positions.append({
            "id": f"{person_id}--{position_id}" + (f"--{acting.lower()}" if acting else ""),
            "person_id": person_id, "position_id": position_id, "acting": acting,
            "position_as_written": max((m["position"] for m in members), key=len),
            "first_article_id": first["article_id"], "evidence": first.get("sentence"),
            **_seen(members)})

    programs = _resolve_named(mentions, "program", links, "program_id", _program_keys)
    awards = _resolve_named(mentions, "award", links, "award_id", _award_keys)
    return {"people": people, "positions": positions, "person_positions": person_positions,
            "programs": programs, "awards": awards, "links": dict(links)}


def _program_keys(m: dict) -> set:
    keys = {("name", normalise(m.get("name")))}
    if m.get("acronym"):
        keys |= {("name", normalise(m["acronym"]))}
    return keys


def _award_keys(m: dict) -> set:
    return {("name", normalise(m.get("name")), m.get("year"))}


def _resolve_named(mentions, entity_type, links, link_column, keys_of) -> list[dict]:
    """Programs and awards: the same name (or acronym) in the same region is one entity."""
    items = [m for m in mentions if m["entity_type"] == entity_type and m.get("name")]
    uf = _UnionFind(range(len(items)))
    first_with_key = {}
    for i, m in enumerate(items):
        for key in keys_of(m):
            scoped = (_region_of(m), key)
            if scoped in first_with_key:
                uf.union(first_with_key[scoped], i)
            else:
                first_with_key[scoped] = i
    clusters = []
    for group in uf.groups():
        members = [items[i] for i in sorted(group)]
        clusters.append((_with_region(_preferred(m["name"] for m in members), _region_of(members[0])), members))
    rows = []
    for entity_id, members in _unique_ids(clusters):
        name = _preferred(m["name"] for m in members)
        row = {"id": entity_id, "name": name, "region_code": _region_of(members[0]), **_seen(members)}
        if entity_type == "program":
            acronyms = [m["acronym"] for m in members if m.get("acronym")]
            row["acronym"] = Counter(acronyms).most_common(1)[0][0] if acronyms else None
            row["aliases"] = json.dumps(sorted({m["name"] for m in members} - {name}), ensure_ascii=False)
        else:
            row["year"] = members[0].get("year")
            row["rank"] = next((m["rank"] for m in members if m.get("rank")), None)
        rows.append(row)
        for m in members:
            links[m["id"]][link_column] = entity_id
    return rows


_MENTIONS_SQL = """
select mentions.*, articles.published_at, articles.region_code as article_region
from mentions join articles on articles.id = mentions.article_id
order by mentions.id
"""


def rebuild(db) -> dict:
    """Recompute every resolved entity from the archive's mentions, in one transaction: an
    interrupted rebuild leaves the previous people, positions and links as they were."""
    result = resolve(list(db.query(_MENTIONS_SQL)))
    links = result.pop("links")
    with transaction(db):
        for table, rows in result.items():
            db[table].delete_where()
            faults.checkpoint(f"rebuild:{table}")
            if rows:
                db[table].insert_all(rows)
        db.conn.executemany(
            "update mentions set person_id = ?, position_id = ?, program_id = ?, award_id = ? where id = ?",
            [(l.get("person_id"), l.get("position_id"), l.get("program_id"), l.get("award_id"), mid)
             for mid, l in links.items()])
        faults.checkpoint("rebuild:links")
    return {table: len(rows) for table, rows in result.items()}
