"""The shipped gazetteer: world places with English and Chinese names, found by any name.

A clerk types "Kobe", "神户", "神戸市", "shenhu", "Peking" or "Oita Prefecture" and gets
the place with its English and Chinese name, country, region and coordinates. The data
is ``db/reference/gazetteer.sqlite3`` (built by ``db/reference/build_gazetteer.py`` from
GeoNames, CC BY 4.0, and curated tables); it is opened read-only on first use, never at
import, and queried through an index of folded names, so nothing is held in memory.

- :func:`match` answers a whole name: exact names first, then aliases and old names,
  then names that only agree once an administrative suffix ("Province", "市", "県") is
  dropped; within each, cities before regions, then the most populous first.
- :func:`complete` answers a prefix, for a picker that lists places as the clerk types.

Names are compared by :func:`twindesk.core.search.fold` (case, width, accents, spaces and
hyphens), with "ß" read as "ss". Chinese names are also indexed by their pinyin.
"""

from __future__ import annotations

import re
import sqlite3
import threading
from dataclasses import dataclass
from pathlib import Path

from twindesk.core.search import fold
from twindesk.paths import db_dir

FILE_NAME = "gazetteer.sqlite3"

# How a stored key names its place (the ``how`` column); lower ranks first.
NAME, ALIAS, OLD, STRIPPED = 0, 1, 2, 3

# Administrative suffixes, folded. A name that ends in one is also indexed without it,
# and a query that ends in one is also looked up without it. Latin ones need a stem of
# three letters ("Aiken" keeps its "ken"); Han ones a stem of one character ("堺市"),
# or two for 都/府/道, which also end ordinary names (京都, 北海道).
_LATIN_SUFFIXES = (
    "specialadministrativeregion",
    "autonomousprefecture",
    "autonomousregion",
    "autonomousoblast",
    "autonomousokrug",
    "metropolitancity",
    "specialcity",
    "municipality",
    "prefecture",
    "governorate",
    "voivodeship",
    "province",
    "district",
    "republic",
    "region",
    "county",
    "oblast",
    "state",
    "krai",
    "kray",
    "city",
    "sheng",
    "shi",
    "zizhiqu",
    "gwangyeoksi",
    "teukbyeolsi",
    "ken",
    "to",
    "fu",
)
_LATIN_PREFIXES = ("cityof", "provinceof", "stateof", "prefectureof", "municipalityof")
# Ethnic names in Chinese autonomous units: 延边朝鲜族自治州 is 延边, 广西壮族自治区 广西.
_ETHNIC = (
    "朝鲜|土家|苗|藏|羌|彝|布依|侗|哈尼|壮|傣|白|景颇|傈僳|回|蒙古|柯尔克孜|哈萨克|维吾尔"
    "|满|瑶|黎|畲|土|撒拉|仫佬|毛南|仡佬|水|纳西|拉祜|佤|哈萨克|塔吉克|锡伯|达斡尔|鄂温克"
    "|鄂伦春|裕固|保安|东乡|普米|独龙|怒|阿昌|基诺|布朗|德昂"
)
_HAN_AUTONOMOUS = re.compile(rf"^(.+?)(?:(?:{_ETHNIC})族?)*自治(?:州|区|县|旗|區|縣)$")
_HAN_SUFFIXES = (
    ("特别行政区", 1),
    ("特別行政區", 1),
    ("特别自治市", 1),
    ("特別自治市", 1),
    ("广域市", 1),
    ("廣域市", 1),
    ("特别市", 1),
    ("特別市", 1),
    ("特区", 1),
    ("特區", 1),
    ("自治区", 1),
    ("地区", 2),
    ("地區", 2),
    ("省", 1),
    ("市", 1),
    ("区", 1),
    ("區", 1),
    ("县", 1),
    ("縣", 1),
    ("県", 1),
    ("盟", 2),
    ("都", 2),
    ("府", 2),
    ("道", 2),
    ("州", 3),  # 州: only long names (…斯州 for US states)
)
_HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


def key(text: str) -> str:
    """The folded form names are indexed and looked up by ("Riß" and "RISS" → "riss")."""
    return fold(text).replace("ß", "ss")


def strip_suffix(folded: str) -> str:
    """A folded name without its administrative suffix or prefix, or itself if it has none."""
    # Asked of every name an import creates: a name with no suffix's last character (or
    # no Latin suffix at all, one regular expression says) is answered at once.
    if _HAN.search(folded):
        if "自治" in folded:
            m = _HAN_AUTONOMOUS.match(folded)
            if m:
                return m.group(1)
        if folded[-1:] not in _HAN_LAST:
            return folded
        for suffix, stem in _HAN_SUFFIXES:
            if folded.endswith(suffix) and len(folded) - len(suffix) >= stem:
                return folded[: -len(suffix)]
        return folded
    if folded.startswith(_LATIN_PREFIXES):
        for prefix in _LATIN_PREFIXES:
            if folded.startswith(prefix) and len(folded) - len(prefix) >= 3:
                return folded[len(prefix) :]
    if not _LATIN_END.search(folded):
        return folded
    for suffix in _LATIN_SUFFIXES:
        # 3-letter stems, except for the short romanised suffixes, which need 4
        # ("Kyoto" keeps its "to", "Aomori-ken" loses its "ken").
        stem = 4 if len(suffix) <= 3 else 3
        if folded.endswith(suffix) and len(folded) - len(suffix) >= stem:
            return folded[: -len(suffix)]
    return folded


_HAN_LAST = frozenset(suffix[-1] for suffix, _stem in _HAN_SUFFIXES)
_LATIN_END = re.compile(f"(?:{'|'.join(_LATIN_SUFFIXES)})$")


@dataclass(frozen=True)
class GazetteerPlace:
    id: str  # GeoNames id for cities ("1859171"), ISO 3166-2 code for regions ("CN-HB")
    kind: str  # "city", "region" (first-level division) or "prefecture" (CN 地区/自治州/盟)
    name_en: str
    name_zh: str | None
    aliases: tuple[str, ...]
    country: str  # ISO 3166-1 alpha-2
    parent: str | None  # the first-level region's English name
    latitude: float | None
    longitude: float | None
    population: int | None
    old_name: bool = False  # the name that matched is one the place no longer uses


_lock = threading.Lock()
_conn: sqlite3.Connection | None = None


def data_path() -> Path:
    return db_dir() / "reference" / FILE_NAME


def _db() -> sqlite3.Connection:
    global _conn
    with _lock:
        if _conn is None:
            uri = data_path().resolve().as_uri() + "?mode=ro&immutable=1"
            # Shared between threads (a picker's worker, the importer): read-only, so safe.
            _conn = sqlite3.connect(uri, uri=True, check_same_thread=False)
        return _conn


_COLUMNS = (
    "p.gid, p.kind, p.name_en, p.name_zh, p.aliases, p.country, p.parent, "
    "p.latitude, p.longitude, p.population"
)


def _place(row: tuple, old: bool) -> GazetteerPlace:
    gid, kind, name_en, name_zh, aliases, country, parent, lat, lon, pop = row
    return GazetteerPlace(
        gid,
        kind,
        name_en,
        name_zh,
        tuple(aliases.split("|")) if aliases else (),
        country,
        parent,
        lat,
        lon,
        pop,
        old,
    )


_LISTED_OUTWEIGHS = 5


def match(name: str, country: str | None = None, *, limit: int = 10) -> list[GazetteerPlace]:
    """Places a whole name may mean, best first; only in ``country`` (alpha-2) if given."""
    q = key(name)
    if not q:
        return []
    lookups = [(q, False)]
    bare = strip_suffix(q)
    if bare != q:
        lookups.append((bare, True))
    if _HAN.search(q):
        # Chinese text is also looked up by its pinyin, which the index holds for
        # places GeoNames names in romanised Chinese only ("kai pu dun").
        from twindesk.core.search import pinyin_forms

        lookups.append((pinyin_forms(bare)[0], True))
    best: dict[int, tuple[int, bool]] = {}  # place → (rank, matched an old name)
    db = _db()
    for k, stripped in lookups:
        sql = "SELECT place, how FROM keys WHERE key = ?"
        for place, how in db.execute(sql, (k,)):
            rank = STRIPPED if stripped else (ALIAS if how == OLD else how)
            candidate = (rank, how == OLD)
            if place not in best or candidate < best[place]:
                best[place] = candidate
    if not best:
        return []
    marks = ",".join("?" * len(best))
    sql = f"SELECT p.id, {_COLUMNS}, p.weight FROM places p WHERE p.id IN ({marks})"
    args: list = list(best)
    if country:
        sql += " AND p.country = ?"
        args.append(country.upper())
    rows = db.execute(sql, args).fetchall()
    # Within a rank, for Chinese text, a place whose Chinese name it is before one that
    # only lists it among its Han alternates (列治文 names Richmond, Canada; Richmond,
    # Virginia only lists it), unless that one is over _LISTED_OUTWEIGHS times as populous
    # (克赖斯特彻奇 names Christchurch, Dorset and is listed by Christchurch, New Zealand,
    # named 基督城 by GeoNames' tagged name); then a city before a region of the same name:
    # "Stockholm", "Lagos" or "Mexico City" typed bare mean the city more often than the
    # county or state.
    han = bool(_HAN.search(q))
    names_it = {r[0]: q == key(r[4] or "") for r in rows} if han else {}
    named = [r[-1] for r in rows if names_it.get(r[0])]
    # (A place of unknown population, a prefecture china_admin.csv adds, keeps its name.)
    outweighs = max(named) * _LISTED_OUTWEIGHS if named and min(named) > 0 else float("inf")

    def listed_only(r: tuple) -> bool:
        return han and not names_it[r[0]] and r[-1] <= outweighs

    rows.sort(key=lambda r: (best[r[0]][0], listed_only(r), r[2] == "region", -r[-1], r[3]))
    return [_place(r[1:-1], best[r[0]][1]) for r in rows[:limit]]


def by_id(gid: str) -> GazetteerPlace | None:
    """The place with this GeoNames id or ISO 3166-2 code (what a clerk picked), or None."""
    row = _db().execute(f"SELECT {_COLUMNS} FROM places p WHERE p.gid = ?", (gid,)).fetchone()
    return _place(row, False) if row else None


def complete(prefix: str, *, limit: int = 20) -> list[GazetteerPlace]:
    """Places with a name or alias starting with ``prefix``, most populous first."""
    p = key(prefix)
    if not p:
        return []
    upper = p[:-1] + chr(ord(p[-1]) + 1)
    # One range scan of the key index (which carries each place's weight, so ranking
    # needs no join); only the few places listed are then read. MIN(how) says whether
    # the place was reached only by an old name.
    sql = (
        "SELECT place, MIN(how) FROM keys WHERE key >= ? AND key < ? AND how < ? "
        "GROUP BY place ORDER BY MAX(weight) DESC, place LIMIT ?"
    )
    db = _db()
    hits = db.execute(sql, (p, upper, STRIPPED, limit)).fetchall()
    out = []
    for place, how in hits:
        row = db.execute(f"SELECT {_COLUMNS} FROM places p WHERE p.id = ?", (place,)).fetchone()
        out.append(_place(row, how == OLD))
    return out


# folded name -> [(how, place)], for the names an import asks about twice (its old
# names, then its new places): the second asking costs a dict lookup. A name with no
# place is the one shared empty tuple (most of an import's new names are in no list).
_hits: dict[str, list[tuple[int, GazetteerPlace]] | tuple] = {}
_NONE: tuple = ()


def _lookup(keys: set[str]) -> dict[str, list[tuple[int, GazetteerPlace]] | tuple]:
    """Every (how, place) each folded name has as a name, alias or old name."""
    hits = _hits
    missing = [k for k in keys if k not in hits]
    if len(hits) + len(missing) > 400_000:
        hits.clear()
        missing = list(keys)
    db = _db()
    for start in range(0, len(missing), 500):
        chunk = missing[start : start + 500]
        marks = ",".join("?" * len(chunk))
        sql = (
            f"SELECT k.key, k.how, {_COLUMNS} FROM keys k JOIN places p ON p.id = k.place "
            f"WHERE k.key IN ({marks}) AND k.how < {STRIPPED}"
        )
        for k, how, *row in db.execute(sql, chunk):
            found = hits.get(k)
            if not isinstance(found, list):  # the first row of this name (none before)
                found = hits[k] = []
            found.append((how, _place(tuple(row), how == OLD)))
        for k in chunk:
            if k not in hits:
                hits[k] = _NONE
    return hits


def exact_many(
    names: list[tuple[str, str]], *, aliases: bool = True
) -> dict[tuple[str, str], list[GazetteerPlace]]:
    """For (name, country) pairs, every place in that country the name names exactly.

    A place's own names count, and with ``aliases`` its aliases and old names too
    ("Kiev" is Kyiv); never a stripped suffix nor pinyin. The caller decides what is
    certain: one place (a city and its county of the same name are two), or one country.
    Names are looked up 500 to a query, and remembered for the next asking.
    """
    wanted = {(name, country): key(name) for name, country in names if name and country}
    hits = _lookup(set(wanted.values()))
    out = {}
    for original, k in wanted.items():
        found = hits[k]
        if not found:
            continue
        country = original[1].upper()
        places = {p.id: p for how, p in found if p.country == country and (aliases or how == NAME)}
        if places:
            out[original] = list(places.values())
    return out


_old_keys: frozenset[str] | None = None


def old_keys() -> frozenset[str]:
    """The folded old names (``key``) the gazetteer knows: a few dozen, held in memory."""
    global _old_keys
    if _old_keys is None:
        _old_keys = frozenset(
            r[0] for r in _db().execute(f"SELECT key FROM keys WHERE how = {OLD}")
        )
    return _old_keys


def old_names(names: list[str]) -> dict[str, list[GazetteerPlace]]:
    """For each name that is an old name of some place ("Peking", "Kiev", "Canton",
    "Bombay"), the places it was the name of, with their present names. The few dozen
    old names are held in memory, so asking about any name costs a set lookup."""
    old = old_keys()
    wanted = {name: k for name in names if name and (k := key(name)) in old}
    if not wanted:
        return {}
    hits = _lookup(set(wanted.values()))
    out = {}
    for name, k in wanted.items():
        places = {p.id: p for how, p in hits[k] if how == OLD}
        if places:
            out[name] = list(places.values())
    return out
