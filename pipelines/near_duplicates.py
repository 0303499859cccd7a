"""Near-duplicates: one press release republished by several sites, linked to its original.

Each stored body gets a 64-bit simhash over its three-word shingles, so a copy with another
dateline, sign-off or an added sentence lands a few bits away (0-5 on the sample articles;
unrelated ones 20 or more). The hash is cut into eight 8-bit bands, each indexed: two hashes
within seven bits of each other share at least one band (pigeonhole), so candidates come from
an index lookup, not a scan of the archive.

Tables (declared in pipelines/schema.py): ``article_fingerprints`` (one row per article) and
``article_duplicates`` (copy -> original, with the bit distance). The original of a group is
its earliest published article; every copy keeps its own row and URL in ``articles``. An article
stored without a fingerprint (a crawl killed between the two writes, or an archive older than
this table) is fingerprinted when the next crawl opens the index.
"""
from __future__ import annotations

import hashlib
import re
from datetime import datetime, timezone

import sqlite_utils

from pipelines.archive import article_key
from pipelines.schema import FINGERPRINT_BANDS as BANDS, open_database, transaction

_WORD = re.compile(r"\w+")


def simhash(text: str, shingle: int = 3) -> int:
    """The 64-bit simhash of ``text``'s word shingles (lower-cased)."""
    words = _WORD.findall(text.lower())
    grams = {" ".join(words[i:i + shingle]) for i in range(max(1, len(words) - shingle + 1))}
    weights = [0] * 64
    for gram in grams:
        value = int.from_bytes(hashlib.blake2b(gram.encode(), digest_size=8).digest(), "big")
        for bit in range(64):
            weights[bit] += 1 if value >> bit & 1 else -1
    return sum(1 << bit for bit in range(64) if weights[bit] > 0)


def distance(a: int, b: int) -> int:
    return (a ^ b).bit_count()


def _signed(value: int) -> int:
    """SQLite integers are signed 64-bit."""
    return value - (1 << 64) if value >= 1 << 63 else value


def bands(value: int) -> list[int]:
    width = 64 // BANDS
    return [value >> (i * width) & ((1 << width) - 1) for i in range(BANDS)]


class NearDuplicates:
    def __init__(self, db: sqlite_utils.Database, max_bits: int = 6):
        self.db, self.max_bits = db, max_bits

    def add_missing(self) -> int:
        """Fingerprint every stored article that has none; returns how many."""
        rows = list(self.db.query(
            "select id, body, published_at from articles where id not in "
            "(select article_id from article_fingerprints) order by rowid"))
        for row in rows:
            self.add(row["id"], row["body"] or "", row["published_at"])
        return len(rows)

    def add(self, article_id: str, body: str, published_at: str | None) -> str | None:
        """Fingerprint an article and (re)link its group; returns its original if it is a copy."""
        value = simhash(body)
        row = {"article_id": article_id, "simhash": _signed(value), "published_at": published_at,
               **{f"band{i}": b for i, b in enumerate(bands(value))}}
        where = " or ".join(f"band{i} = ?" for i in range(BANDS))
        with transaction(self.db):
            self.db["article_fingerprints"].upsert(row, pk="article_id")
            fingerprints = {article_id: (value, published_at)}
            for other in self.db.query(f"select * from article_fingerprints where ({where}) and article_id != ?",
                                       [*bands(value), article_id]):
                other_value = other["simhash"] % (1 << 64)
                if distance(value, other_value) <= self.max_bits:
                    fingerprints[other["article_id"]] = (other_value, other["published_at"])
            if len(fingerprints) == 1:
                return None
            # Bring in the groups the matches already belong to, so a group has one original.
            ids = list(fingerprints)
            marks = ",".join("?" * len(ids))
            linked = {r["original_id"] for r in self.db.query(
                f"select original_id from article_duplicates where article_id in ({marks})", ids)}
            linked |= {r["article_id"] for r in self.db.query(
                f"select article_id from article_duplicates where original_id in ({marks})", ids)}
            for r in self.db.query(f"select * from article_fingerprints where article_id in "
                                   f"({','.join('?' * len(linked))})", list(linked)) if linked else []:
                fingerprints.setdefault(r["article_id"], (r["simhash"] % (1 << 64), r["published_at"]))
            original = min(fingerprints, key=lambda k: (_utc_key(fingerprints[k][1]), k))
            now = datetime.now(timezone.utc).isoformat(timespec="seconds")
            self.db["article_duplicates"].delete_where("article_id = ?", [original])
            self.db["article_duplicates"].upsert_all(
                [{"article_id": k, "original_id": original, "linked_at": now,
                  "distance": distance(v[0], fingerprints[original][0])}
                 for k, v in fingerprints.items() if k != original], pk="article_id")
        return None if original == article_id else original


def _utc_key(published_at: str | None) -> str:
    """Sort key: the UTC instant, so +07:00 and +09:00 times compare right; undated last."""
    if not published_at:
        return "9999"
    when = datetime.fromisoformat(published_at)
    return (when.astimezone(timezone.utc) if when.tzinfo else when.replace(tzinfo=timezone.utc)).isoformat()


class NearDuplicatePipeline:
    """Item pipeline after the store: link each stored article to its original, if it is a copy."""

    def __init__(self, stats, db_path: str, max_bits: int):
        self.stats, self.db_path, self.max_bits = stats, db_path, max_bits
        self.index: NearDuplicates | None = None

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler.stats, crawler.settings.get("WARTA_DB_PATH"),
                   crawler.settings.getint("WARTA_NEAR_DUPLICATE_BITS"))

    def open_spider(self, spider=None):
        self.index = NearDuplicates(open_database(self.db_path), self.max_bits)
        late = self.index.add_missing()
        if late:
            self.stats.set_value("warta/near_duplicates/fingerprinted_late", late)

    def close_spider(self, spider=None):
        self.index.db.close()

    def process_item(self, item, spider=None):
        original = self.index.add(article_key(item["source"], item["article_id"]), item["body"],
                                  item.get("published_at"))
        if original:
            self.stats.inc_value("warta/near_duplicates")
        return item
