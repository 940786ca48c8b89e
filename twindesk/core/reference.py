"""Reference data every register starts with: countries and the built-in vocabularies.

The data sits in ``db/reference/*.csv`` (``build_countries.py`` there regenerates the
country lists from pycountry). ``load`` adds what a register lacks and never changes
or removes rows a clerk may have edited, so it is safe to run after every upgrade.
"""

from __future__ import annotations

import csv
from functools import lru_cache
from pathlib import Path

from sqlalchemy import column as sa_column
from sqlalchemy import inspect, select
from sqlalchemy import table as sa_table
from sqlalchemy.engine import Connection
from sqlalchemy.sql.expression import TableClause

from twindesk.core.models import VOCABULARIES, Country, CountryAlias
from twindesk.core.search import normalize_name
from twindesk.paths import db_dir


def _rows(name: str) -> list[dict[str, str]]:
    path: Path = db_dir() / "reference" / name
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


@lru_cache(maxsize=1)
def countries() -> list[dict]:
    # search_text comes worked out in the file (build_countries.py): computing it here
    # would load the pinyin dictionaries for every new register.
    return [
        {
            "code": row["code"],
            "alpha3": row["alpha3"],
            "name_en": row["name_en"],
            "name_zh": row["name_zh"],
            "continent": row["continent"],
            "historic": row["historic"] == "1",
            "successor": row["successor"],
            "search_text": row["search_text"],
        }
        for row in _rows("countries.csv")
    ]


@lru_cache(maxsize=1)
def country_aliases() -> list[dict]:
    return [
        {
            "country_code": r["country_code"],
            "alias": r["alias"],
            "normalized": normalize_name(r["alias"]),
        }
        for r in _rows("country_aliases.csv")
    ]


@lru_cache(maxsize=1)
def vocabulary_terms() -> dict[str, list[dict]]:
    terms: dict[str, list[dict]] = {name: [] for name in VOCABULARIES}
    for row in _rows("vocabularies.csv"):
        term = {
            "code": row["code"],
            "label_en": row["label_en"],
            "label_zh": row["label_zh"],
            "sort_order": int(row["sort_order"]),
            "builtin": True,
        }
        if row["vocabulary"] == "pairing_status":
            term["is_current"] = row["is_current"] == "1"
            term["in_force"] = row["in_force"] == "1"
        terms[row["vocabulary"]].append(term)
    return terms


def _insert_missing(conn: Connection, table: TableClause, rows: list[dict], key: str) -> int:
    existing = set(conn.execute(select(table.c[key])).scalars())
    # Only the columns the register has yet: at an older schema revision (before
    # pairing_status.in_force, say) the later migrations fill in the rest.
    present = [c["name"] for c in inspect(conn).get_columns(table.name)]
    if len(present) < len(table.columns):
        table = sa_table(table.name, *map(sa_column, present))
    new = [{k: v for k, v in r.items() if k in present} for r in rows if r[key] not in existing]
    if new:
        conn.execute(table.insert(), new)
    return len(new)


def load(conn: Connection) -> None:
    """Add missing countries, aliases and built-in vocabulary terms; the country groups once."""
    _insert_missing(conn, Country.__table__, countries(), "code")
    table = CountryAlias.__table__
    existing = {tuple(row) for row in conn.execute(select(table.c.country_code, table.c.alias))}
    new = [a for a in country_aliases() if (a["country_code"], a["alias"]) not in existing]
    if new:
        conn.execute(table.insert(), new)
    for name, model in VOCABULARIES.items():
        _insert_missing(conn, model.__table__, vocabulary_terms()[name], "code")
    from twindesk.core import groups  # groups reads the countries loaded above

    groups.seed(conn)
