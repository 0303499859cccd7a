"""Region gazetteer: Indonesia's provinces and regencies/cities with Kemendagri codes.

The data in ``pipelines/data/wilayah`` comes from cahyadsn/wilayah (MIT, see its LICENSE and
SOURCE.txt there). Both the crawler (byline -> region) and the NLP pipeline (position ->
region) use this one lookup.
"""
from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

PROVINCE = "Provinsi"
REGENCY = "Kabupaten"
CITY = "Kota"

# Words that introduce a region in bylines and running text, mapped to the kind they name.
_KIND_WORDS = {
    "KAB": REGENCY, "KABUPATEN": REGENCY,
    "KOTA": CITY, "KOT": CITY,
    "PROV": PROVINCE, "PROVINSI": PROVINCE, "PROPINSI": PROVINCE,
}


@dataclass(frozen=True)
class Region:
    code: str            # Kemendagri code: "63" (province) or "63.11" (regency/city)
    name: str            # official name: "Kabupaten Balangan", "Kota Banjar", "Jawa Timur"
    kind: str            # PROVINCE, REGENCY or CITY
    short_name: str      # name without its kind: "Balangan"
    province_code: str
    province: str

    @property
    def display_name(self) -> str:
        """The name as an article writes it: "Provinsi Jawa Timur", "Kabupaten Balangan"."""
        return f"{PROVINCE} {self.name}" if self.kind == PROVINCE else self.name

    @property
    def timezone(self) -> str:
        """WIB, WITA or WIT, by province (Indonesia's three zones follow province lines)."""
        return _ZONE_BY_PROVINCE.get(self.province_code, "WIB")


# Provinces on WITA (+08:00) and WIT (+09:00); every other province is on WIB (+07:00).
_WITA = {"51", "52", "53", "63", "64", "65", "71", "72", "73", "74", "75", "76"}
_WIT = {"81", "82", "91", "92", "93", "94", "95", "96", "97"}
_ZONE_BY_PROVINCE = {**{c: "WITA" for c in _WITA}, **{c: "WIT" for c in _WIT}}
ZONE_OFFSETS = {"WIB": "+07:00", "WITA": "+08:00", "WIT": "+09:00"}


def normalise(name: str) -> str:
    """Upper-case, punctuation folded to spaces: "Kab. Hulu  Sungai-Utara" -> "KAB HULU SUNGAI UTARA"."""
    return " ".join(re.sub(r"[^0-9A-Za-z]+", " ", name).upper().split())


class Gazetteer:
    """Lookups over the region list; build once with :func:`gazetteer`."""

    def __init__(self, regions: list[Region]):
        self.regions = regions
        self._by_code = {r.code: r for r in regions}
        self._by_kind_name: dict[tuple[str, str], Region] = {}
        self._by_short: dict[str, list[Region]] = {}
        for r in regions:
            self._by_kind_name[(r.kind, normalise(r.short_name))] = r
            self._by_short.setdefault(normalise(r.short_name), []).append(r)

    def by_code(self, code: str) -> Region | None:
        return self._by_code.get(code)

    def find(self, name: str, kind: str | None = None) -> Region | None:
        """Resolve "Kabupaten Balangan", "Kab. Balangan", "Kota Banjar", "Provinsi Jawa Timur"
        or a bare "Balangan". A bare name shared by a regency and a city (or a province) is
        ambiguous and resolves only when ``kind`` says which; otherwise None."""
        words = normalise(name).split()
        if words and words[0] in _KIND_WORDS:
            kind = kind or _KIND_WORDS[words[0]]
            words = words[1:]
        key = " ".join(words)
        if not key:
            return None
        if kind:
            return self._by_kind_name.get((kind, key))
        candidates = self._by_short.get(key, [])
        return candidates[0] if len(candidates) == 1 else None

    def from_byline(self, byline: str) -> Region | None:
        """InfoPublik media-centre bylines: "MC KAB BALANGAN", "MC KOTA BANJAR",
        "MC PROV JAWA TIMUR". Anything else (a reporter's name) gives None."""
        words = normalise(byline).split()
        if len(words) < 3 or words[0] != "MC" or words[1] not in _KIND_WORDS:
            return None
        return self.find(" ".join(words[1:]))


def _read_csv(name: str) -> list[dict]:
    text = resources.files("pipelines").joinpath("data/wilayah", name).read_text(encoding="utf-8")
    return list(csv.DictReader(text.splitlines()))


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    provinces = {row["kode"]: row["nama"] for row in _read_csv("provinces.csv")}
    regions = [Region(code, name, PROVINCE, name, code, name) for code, name in provinces.items()]
    for row in _read_csv("regencies.csv"):
        kind = CITY if row["jenis"] == "Kota" else REGENCY
        regions.append(Region(row["kode"], row["nama"], kind, row["nama_pendek"],
                              row["kode_provinsi"], row["provinsi"]))
    return Gazetteer(regions)
