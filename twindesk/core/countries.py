"""Country names as records write them: "日本", "Japan", "JP", "JPN", "苏联", "Korea, Republic of".

A :class:`CountryResolver` is built once from a register (so aliases a clerk added
count too) and answers ``resolve(text)`` with the country code and how it was found.
Old names (苏联, Yugoslavia, West Germany) resolve, but say so: the importer shows them
as warnings. A text that is not a country, or that names two countries, resolves to
nothing rather than to a guess.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable

from sqlalchemy import select
from sqlalchemy.engine import Connection

from twindesk.core.models import Country, CountryAlias
from twindesk.core.search import normalize_name

# Country names clerks use that pycountry lacks. Added to the register's own names.
EXTRA_NAMES: dict[str, tuple[str, ...]] = {
    "US": ("美利坚合众国", "U.S.", "U.S.A.", "America"),
    "GB": ("England", "Scotland", "Wales", "Northern Ireland", "大不列颠", "英格兰", "苏格兰"),
    "KR": ("南朝鲜", "大韩民国", "Korea (South)"),
    "KP": ("Korea (North)",),
    "RU": ("俄国", "俄罗斯联邦", "Russian Federation"),
    "DE": ("西德", "原联邦德国"),
    "CZ": ("Czechia", "捷克共和国"),
    "NL": ("Holland", "荷兰王国"),
    "VN": ("Viet Nam",),
    "IR": ("Persia",),
    "CN": ("中华人民共和国", "PRC", "P.R. China"),
}

# Aliases that name a state by a name it no longer uses (the alias table does not say).
OLD_NAMES = {normalize_name(t) for t in (
    "West Germany", "联邦德国", "西德", "原联邦德国", "Federal Republic of Germany", "Burma",
    "Ceylon", "Zaire", "扎伊尔", "Persia", "Holland", "Swaziland", "斯威士兰", "汉城",
    "Czech Republic", "捷克共和国", "南朝鲜",
)}

_PARENS = re.compile(r"[（(]([^）)]*)[）)]")


@dataclass(frozen=True)
class CountryMatch:
    code: str
    name_en: str
    name_zh: str
    historic: bool
    successor: str
    old_name: bool  # matched by a historic state or an old name: show a warning
    note: str = ""  # text in brackets that was set aside, e.g. "原联邦德国"

    @property
    def label(self) -> tuple[str, str]:
        return (self.name_en, self.name_zh or self.name_en)


class CountryResolver:
    """Resolve country texts against one register's countries and aliases."""

    def __init__(self, countries: Iterable[dict], aliases: Iterable[tuple[str, str]]) -> None:
        self.countries: dict[str, dict] = {c["code"]: dict(c) for c in countries}
        keys: dict[str, set[str]] = {}
        via_alias: set[str] = set()

        def add(text: str, code: str, alias: bool = False) -> None:
            key = normalize_name(text)
            if key:
                keys.setdefault(key, set()).add(code)
                if alias:
                    via_alias.add(key)

        for code, c in self.countries.items():
            for text in (code, c["alpha3"], c["name_en"], c["name_zh"]):
                add(text, code)
            if c["name_zh"]:
                add(_PARENS.sub("", c["name_zh"]), code)  # 民主德国（东德） -> 民主德国
        for code, alias in aliases:
            if code in self.countries:
                add(alias, code, alias=True)
        for code, names in EXTRA_NAMES.items():
            if code in self.countries:
                for text in names:
                    add(text, code, alias=True)
        # A key naming two countries is not an answer; keep such keys out.
        self._index = {k: next(iter(v)) for k, v in keys.items() if len(v) == 1}
        self._ambiguous = {k for k, v in keys.items() if len(v) > 1}
        self._cache: dict[str, CountryMatch | None] = {}
        self._codes_cache: dict[str, set[str]] = {}

    @classmethod
    def from_connection(cls, conn: Connection) -> "CountryResolver":
        t = Country.__table__
        countries = [dict(r._mapping) for r in conn.execute(
            select(t.c.code, t.c.alpha3, t.c.name_en, t.c.name_zh, t.c.historic, t.c.successor))]
        a = CountryAlias.__table__
        aliases = [(r[0], r[1]) for r in conn.execute(select(a.c.country_code, a.c.alias))]
        return cls(countries, aliases)

    def _match(self, key: str, note: str = "") -> CountryMatch | None:
        code = self._index.get(key)
        if code is None:
            return None
        c = self.countries[code]
        return CountryMatch(code, c["name_en"], c["name_zh"], bool(c["historic"]),
                            c["successor"] or "", bool(c["historic"]) or key in OLD_NAMES, note)

    def resolve(self, text: object) -> CountryMatch | None:
        """The country ``text`` names, or None when it names none (or several)."""
        raw = "" if text is None else str(text)
        if raw in self._cache:
            return self._cache[raw]
        result = self._match(normalize_name(raw))
        if result is None and _PARENS.search(raw):
            # "德国（原联邦德国）": the country outside the brackets, the note inside.
            note = " ".join(_PARENS.findall(raw)).strip()
            outside = _PARENS.sub("", raw)
            result = self._match(normalize_name(outside), note)
            if result is not None:
                inner = self._match(normalize_name(note.removeprefix("原")))
                if inner is not None and inner.code != result.code and not inner.historic:
                    result = None  # the brackets name another country: do not guess
                elif inner is not None and inner.old_name:
                    result = CountryMatch(**{**result.__dict__, "old_name": True})
        self._cache[raw] = result
        return result

    def is_ambiguous(self, text: object) -> bool:
        return normalize_name("" if text is None else str(text)) in self._ambiguous

    def codes_for_matching(self, code: str) -> set[str]:
        """Codes a place in ``code`` may be recorded under: a historic state and its successors."""
        cached = self._codes_cache.get(code)
        if cached is not None:
            return cached
        codes = {code}
        successor = self.countries.get(code, {}).get("successor") or ""
        codes.update(s for s in successor.split() if s)
        codes.update(c for c, row in self.countries.items()
                     if row.get("historic") and code in (row.get("successor") or "").split())
        self._codes_cache[code] = codes
        return codes
