"""The window asks the core; it builds and runs no SQL of its own (issue #14).

Every query the interface needs is a function of the core (``core.queries``,
``core.groups``...), where it is tested without Qt and shared with the command line.
This reads the source of every module under ``twindesk/ui`` (their own code, the
imports inside functions included) for the two ways SQL gets written there: importing
SQLAlchemy's or SQLModel's query constructs, and running statements on a connection
or session.
"""

from __future__ import annotations

import ast
from pathlib import Path

import twindesk.ui

UI = Path(twindesk.ui.__file__).parent
SQL_PACKAGES = ("sqlalchemy", "sqlmodel")
# What the interface may take from those packages: naming a server register to connect
# to (the Connect dialog), which is not a query.
ALLOWED = {
    ("sqlalchemy.engine", "URL"),
    ("sqlalchemy.engine", "make_url"),
    ("sqlalchemy.engine.url", "URL"),
    ("sqlalchemy.engine.url", "make_url"),
}
# Methods that run a statement, or read what one returned.
RUNS_SQL = {
    "execute",
    "executemany",
    "exec_driver_sql",
    "scalars",
    "scalar",
    "scalar_one",
    "scalar_one_or_none",
    "query",
}


def sql_in(source: str) -> list[str]:
    """Each place in ``source`` that imports a query construct or runs a statement."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [
                f"line {node.lineno}: import {a.name}"
                for a in node.names
                if a.name.split(".")[0] in SQL_PACKAGES
            ]
        elif isinstance(node, ast.ImportFrom) and node.module:
            if node.module.split(".")[0] in SQL_PACKAGES:
                found += [
                    f"line {node.lineno}: from {node.module} import {a.name}"
                    for a in node.names
                    if (node.module, a.name) not in ALLOWED
                ]
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr in RUNS_SQL
        ):
            found.append(f"line {node.lineno}: .{node.func.attr}(…)")
    return found


def test_no_module_of_the_interface_builds_or_runs_sql():
    modules = sorted(UI.rglob("*.py"))
    assert len(modules) > 30  # the whole package was read, dialogs/ and import_wizard/ too
    found = {
        str(path.relative_to(UI)): hits
        for path in modules
        if (hits := sql_in(path.read_text(encoding="utf-8")))
    }
    assert found == {}, "ask twindesk.core (e.g. core.queries) instead of writing SQL here"


def test_the_check_finds_what_the_interface_used_to_hold():
    # What the merge dialog and the pairing view once did themselves.
    before = (
        "from sqlalchemy import func, or_, select\n"
        "def summary(register, place_id):\n"
        "    from sqlmodel import col\n"
        "    with register.read() as s:\n"
        "        return s.execute(select(func.count())).scalar_one()\n"
    )
    assert sql_in(before) == [
        "line 1: from sqlalchemy import func",
        "line 1: from sqlalchemy import or_",
        "line 1: from sqlalchemy import select",
        "line 3: from sqlmodel import col",
        "line 5: .scalar_one(…)",
        "line 5: .execute(…)",
    ]
    # Naming a server, and Qt's own exec(), are not SQL.
    assert sql_in("from sqlalchemy.engine import URL\ndialog.exec()\nmenu.exec(pos)\n") == []
