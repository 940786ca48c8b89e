"""Office lists TwinDesk has never seen, imported with no mapping given.

`tests/data/office-lists/` holds lists made the way other offices make them (by a helper
who did not read the importer, saved by LibreOffice or in the encodings old Chinese
software writes), each with the exact pairings it must give in `expected.json`. Every
file goes through `twindesk import` as a clerk would run it (the local side stated once
with `--local` where the list names only partners), and every pairing is compared field
by field with what landed in the register. Run with `-s` for the accuracy per field.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import aliased

from twindesk import cli
from twindesk.core.models import Pairing, Place
from twindesk.core.storage import open_register

CORPUS = Path(__file__).parent / "data" / "office-lists"
EXPECTED = json.loads((CORPUS / "expected.json").read_text(encoding="utf-8"))
FIELDS = ("local", "partner", "partner country", "kind", "status", "established")
tally: Counter[tuple[str, bool]] = Counter()


def _import(path: Path, db: Path, expected: dict) -> int:
    args = ["import", str(path), "--db", str(db), "--create-places"]
    if expected["local"]:
        local = expected["local"]
        args += ["--local", local["name_zh"] or local["name_en"], "--create-local"]
    return cli.main(args)


def _landed(db: Path) -> list[dict]:
    a, b = aliased(Place), aliased(Place)
    with open_register(db, read_only=True) as register, register.read() as s:
        rows = s.execute(
            select(Pairing, a, b)
            .join(a, Pairing.place_a_id == a.id)
            .join(b, Pairing.place_b_id == b.id)
        ).all()
    return [
        {
            "local": la,
            "partner": pb,
            "kind": p.kind,
            "status": p.status,
            "established": p.established or None,
        }
        for p, la, pb in rows
    ]


def _same(want: str | None, got: str) -> bool:
    """The same name; "天津市" is 天津 (the corpus drops the city suffix some lists add)."""
    return want is None or want == got or want == got.removesuffix("市")


def _names_match(want: dict, place: Place) -> bool:
    return (
        _same(want.get("name_en"), place.name_en)
        and _same(want.get("name_zh"), place.name_zh)
        and want["country"] == place.country_code
    )


def _find(want: dict, landed: list[dict]) -> dict | None:
    """The landed pairing of the same two places, whichever side each was read as."""
    for got in landed:
        for local, partner in ((got["local"], got["partner"]), (got["partner"], got["local"])):
            if _names_match(want["partner"], partner) and _names_match(want["local"], local):
                return got
    return None


@pytest.fixture(scope="module", autouse=True)
def accuracy_per_field():
    """After the files: how many fields the corpus got right, shown with ``pytest -s``."""
    yield
    for field in FIELDS:
        right, wrong = tally[(field, True)], tally[(field, False)]
        if right + wrong:
            print(f"{field:16} {right}/{right + wrong} ({right / (right + wrong):.0%})")


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_office_list_imports_as_expected(name, tmp_path):
    expected = EXPECTED[name]
    db = tmp_path / "register.sqlite3"
    code = _import(CORPUS / name, db, expected)
    landed = _landed(db) if db.exists() else []
    problems = []
    for want in expected["pairings"]:
        got = _find(want, landed)
        tally[("local", got is not None)] += 1
        tally[("partner", got is not None)] += 1
        if got is None:
            problems.append(f"missing: {want['local']} — {want['partner']}")
            continue
        tally[
            (
                "partner country",
                got["partner"].country_code == want["partner"]["country"]
                or got["local"].country_code == want["partner"]["country"],
            )
        ] += 1
        for field in ("kind", "status", "established"):
            ok = got[field] == want[field]
            tally[(field, ok)] += 1
            if not ok:
                problems.append(
                    f"{want['partner']}: {field} {got[field]!r}, expected {want[field]!r}"
                )
    if len(landed) != len(expected["pairings"]):
        problems.append(f"{len(landed)} pairings landed, {len(expected['pairings'])} expected")
    assert code == (1 if expected.get("rows_rejected") else 0), problems
    assert not problems, "\n".join(problems)
