"""Country names as records write them: "日本", "Japan", "JP", "JPN", "苏联", "Korea, Republic of".

A :class:`CountryResolver` is built once from a register (so aliases a clerk added
count too) and answers ``resolve(text)`` with the country code and how it was found.
Old names (苏联, Yugoslavia, West Germany) resolve, but say so: the importer shows them
as warnings. "Region, country" forms ("Ohio, United States", "Wales, United Kingdom")
resolve to the country, or to the territory when the region is one ("Réunion, France"
is RE). Places that are not states ("Northern Cyprus") resolve to the state ISO 3166
counts them in, with a caveat the importer shows. A text that is not a country, that is
a misspelling ("Grece"), or that names two countries, resolves to nothing rather than
to a guess.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, replace

from sqlalchemy import select
from sqlalchemy.engine import Connection

from twindesk.core.models import Country, CountryAlias
from twindesk.core.search import normalize_name

# Country names clerks use that pycountry lacks. Added to the register's own names.
# "Korea, Rep.", "Gambia, The", "St. Lucia": the names of World Bank tables, which
# offices copy country columns from.
EXTRA_NAMES: dict[str, tuple[str, ...]] = {
    "US": ("美利坚合众国", "U.S.", "U.S.A.", "America"),
    "GB": ("England", "Scotland", "Wales", "Northern Ireland", "大不列颠", "英格兰", "苏格兰"),
    "KR": ("南朝鲜", "大韩民国", "Korea (South)", "Korea, Rep.", "Korea, South"),
    "KP": ("Korea (North)", "Korea, Dem. People's Rep.", "Korea, Dem. Rep.", "Korea, North"),
    "RU": ("俄国", "俄罗斯联邦", "Russian Federation"),
    "DE": ("西德", "原联邦德国"),
    "CZ": ("Czechia", "捷克共和国"),
    "NL": ("Holland", "荷兰王国"),
    "VN": ("Viet Nam",),
    "IR": ("Persia", "Iran, Islamic Rep."),
    "CN": ("中华人民共和国", "PRC", "P.R. China"),
    "EG": ("Egypt, Arab Rep.",),
    "VE": ("Venezuela, RB",),
    "YE": ("Yemen, Rep.",),
    "GM": ("Gambia, The",),
    "BS": ("Bahamas, The",),
    "CD": ("Congo, Dem. Rep.",),
    "CG": ("Congo, Rep.",),
    "FM": ("Micronesia, Fed. Sts.",),
    "LC": ("St. Lucia",),
    "KN": ("St. Kitts and Nevis",),
    "VC": ("St. Vincent and the Grenadines",),
    "PS": ("West Bank and Gaza",),
}

# Aliases that name a state by a name it no longer uses (the alias table does not say).
OLD_NAMES = {
    normalize_name(t)
    for t in (
        "West Germany",
        "联邦德国",
        "西德",
        "原联邦德国",
        "Federal Republic of Germany",
        "Burma",
        "Ceylon",
        "Zaire",
        "扎伊尔",
        "Persia",
        "Holland",
        "Swaziland",
        "斯威士兰",
        "汉城",
        "Czech Republic",
        "捷克共和国",
        "南朝鲜",
        "Moldavia",
        "摩尔达维亚",
    )
}

# Misspellings earlier reference data shipped as aliases ("Grece" for Greece). Registers
# created then still hold them; they are not names, so they resolve to nothing.
RETIRED_ALIASES = {normalize_name(t) for t in ("Grece", "Kazakhstah")}

# Places named like countries that are not states in ISO 3166 (nor for the UN or China):
# recorded as the state ISO counts them in, with a caveat to check. Refusing them would
# only make the clerk retype the state's name and lose what the file said; the caveat
# keeps it visible.
NOT_STATES: dict[str, tuple[str, ...]] = {
    "CY": (
        "Northern Cyprus",
        "North Cyprus",
        "Turkish Republic of Northern Cyprus",
        "TRNC",
        "北塞浦路斯",
        "北塞浦路斯土耳其共和国",
    ),
    "MD": ("Transnistria", "Pridnestrovie", "德涅斯特河沿岸"),
    "GE": ("Abkhazia", "South Ossetia", "阿布哈兹", "南奥塞梯"),
    "SO": ("Somaliland", "索马里兰"),
    "AZ": ("Nagorno-Karabakh", "Artsakh", "纳戈尔诺-卡拉巴赫"),
}
_NOT_STATE_KEYS = {normalize_name(t): code for code, names in NOT_STATES.items() for t in names}

# Territories with their own ISO code, by the state they belong to: in "Réunion, France"
# the territory is the more precise answer (RE), not a contradiction.
SOVEREIGN: dict[str, str] = {
    t: state
    for state, territories in {
        "FR": "GF GP MQ RE YT PM BL MF NC PF WF TF",
        "GB": "GG JE IM GI BM KY VG TC MS AI FK SH IO PN GS",
        "US": "PR GU VI AS MP UM",
        "NL": "AW CW SX BQ",
        "DK": "FO GL",
        "NO": "SJ BV",
        "FI": "AX",
        "AU": "CX CC NF HM",
        "NZ": "CK NU TK",
        "CN": "HK MO TW",
    }.items()
    for t in territories.split()
}

# Regions named like another country, in "region, country" forms: Georgia (US state),
# Luxembourg (Belgian province), Niger (Nigerian state), Macedonia (Greek region),
# Moldavia (Romanian region), Azerbaijan (Iranian provinces). Any other region that
# names a different country makes the text name two countries: not resolved.
REGION_HOMONYMS = {
    (normalize_name(region), code)
    for region, code in (
        ("Georgia", "US"),
        ("Luxembourg", "BE"),
        ("Niger", "NG"),
        ("Macedonia", "GR"),
        ("Moldavia", "RO"),
        ("Azerbaijan", "IR"),
    )
}
_COMMAS = re.compile(r"\s*[,，]\s*")

_FORMER = re.compile(r"^(?:[前原]|(?:the\s+)?(?:former|ex)(?:\s+|-))", re.IGNORECASE)
_PARENS = re.compile(r"[（(]([^）)]*)[）)]")


@dataclass(frozen=True)
class CountryMatch:
    code: str
    name_en: str
    name_zh: str
    historic: bool
    successor: str
    old_name: bool  # matched by a historic state or an old name: show a warning
    note: str = ""  # text set aside: in brackets ("原联邦德国"), or a region ("Ohio")
    caveat: str = ""  # a message code the importer shows as a warning (not a state...)

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
        for code, c in self.countries.items():
            # 民主德国（东德） -> 民主德国; but 缅甸（1989年前） is no second 缅甸: a name
            # without its note that another country bears is that country's.
            bare = normalize_name(_PARENS.sub("", c["name_zh"] or ""))
            if bare and keys.get(bare, {code}) == {code}:
                add(bare, code)
        for code, alias in aliases:
            if code in self.countries and normalize_name(alias) not in RETIRED_ALIASES:
                add(alias, code, alias=True)
        for code, names in EXTRA_NAMES.items():
            if code in self.countries:
                for text in names:
                    add(text, code, alias=True)
        # A key naming two countries is not an answer; keep such keys out.
        self._index = {k: next(iter(v)) for k, v in keys.items() if len(v) == 1}
        self._ambiguous = {k for k, v in keys.items() if len(v) > 1}
        for key, code in _NOT_STATE_KEYS.items():
            if code in self.countries and key not in keys:
                self._index[key] = code
        self._cache: dict[str, CountryMatch | None] = {}
        self._codes_cache: dict[str, set[str]] = {}
        self.not_in_register: set[str] = set()  # shipped countries the register lacks

    @classmethod
    def from_connection(cls, conn: Connection) -> CountryResolver:
        """The register's countries and aliases, and the ones this version ships.

        Reference data reaches a register when it is created or its schema upgraded; a
        newer TwinDesk may know names (and Kosovo, XK) that the register does not hold
        yet. Those count too; ``not_in_register`` lists the countries a commit must add
        before it records a place in one.
        """
        from twindesk.core import reference

        t = Country.__table__
        countries = [
            dict(r._mapping)
            for r in conn.execute(
                select(t.c.code, t.c.alpha3, t.c.name_en, t.c.name_zh, t.c.historic, t.c.successor)
            )
        ]
        a = CountryAlias.__table__
        aliases = [(r[0], r[1]) for r in conn.execute(select(a.c.country_code, a.c.alias))]
        known = {c["code"] for c in countries}
        shipped = [c for c in reference.countries() if c["code"] not in known]
        countries += [
            {k: c[k] for k in ("code", "alpha3", "name_en", "name_zh", "historic", "successor")}
            for c in shipped
        ]
        have = set(aliases)
        aliases += [
            (r["country_code"], r["alias"])
            for r in reference.country_aliases()
            if (r["country_code"], r["alias"]) not in have
        ]
        resolver = cls(countries, aliases)
        resolver.not_in_register = {c["code"] for c in shipped}
        return resolver

    def _match(self, key: str, note: str = "") -> CountryMatch | None:
        code = self._index.get(key)
        if code is None:
            return None
        c = self.countries[code]
        caveat = "import.value.country_not_a_state" if key in _NOT_STATE_KEYS else ""
        return CountryMatch(
            code,
            c["name_en"],
            c["name_zh"],
            bool(c["historic"]),
            c["successor"] or "",
            bool(c["historic"]) or key in OLD_NAMES,
            note,
            caveat,
        )

    def resolve(self, text: object) -> CountryMatch | None:
        """The country ``text`` names, or None when it names none (or several)."""
        raw = "" if text is None else str(text)
        if raw in self._cache:
            return self._cache[raw]
        result = self._match(normalize_name(raw))
        if result is None and _FORMER.match(raw.strip()):
            # "前苏联", "原南斯拉夫", "former Yugoslavia", "ex-USSR": only a state that no
            # longer exists can be "former" (a "former Japan" names nothing).
            former = self._match(normalize_name(_FORMER.sub("", raw.strip())))
            result = former if former is not None and former.historic else None
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
        if result is None and ("," in raw or "，" in raw):
            result = self._region_form(raw)
        self._cache[raw] = result
        return result

    def _region_form(self, raw: str) -> CountryMatch | None:
        """ "Ohio, United States" -> US; "Réunion, France" -> RE; "France, Germany" -> None.

        The last part names the country; the parts before it are regions (set aside as
        the match's note), unless one names a country: its own territory is the answer,
        a region known to share a country's name is passed over, anything else means
        the text names two countries.
        """
        parts = [p for p in _COMMAS.split(raw.strip()) if p]
        if len(parts) < 2:
            return None
        country = self.resolve(parts[-1])
        if country is None:
            return None
        result = country
        for head in parts[:-1]:
            key = normalize_name(head)
            if len(key) <= 3 and head.isascii():
                continue  # "IL", "CA", "GA": a state's abbreviation, not a country's code
            inner = self._match(key)
            if inner is None or inner.code == country.code:
                continue
            if SOVEREIGN.get(inner.code) == country.code:
                result = inner
            elif (key, country.code) not in REGION_HOMONYMS:
                self._ambiguous.add(normalize_name(raw))
                return None
        return replace(result, note=", ".join(parts[:-1]))

    def is_ambiguous(self, text: object) -> bool:
        text = "" if text is None else str(text)
        if "," in text or "，" in text:
            self.resolve(text)  # a region form naming two countries is found by resolving it
        return normalize_name(text) in self._ambiguous

    def codes_for_matching(self, code: str) -> set[str]:
        """Codes a place in ``code`` may be recorded under: a historic state and its successors."""
        cached = self._codes_cache.get(code)
        if cached is not None:
            return cached
        codes = {code}
        successor = self.countries.get(code, {}).get("successor") or ""
        codes.update(s for s in successor.split() if s)
        codes.update(
            c
            for c, row in self.countries.items()
            if row.get("historic") and code in (row.get("successor") or "").split()
        )
        self._codes_cache[code] = codes
        return codes
