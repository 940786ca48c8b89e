"""The core's message catalogue (twindesk.core.i18n.MESSAGES) and the code agree: every
message code the code names exists in both languages, and every entry is used somewhere.

Read from the source (ast), not by running it: a code only raised on a rare path counts.
Codes are written out ("storage.locked") or built from a family and a name
(f"field.{name}", f"backup.reason.{match}"); an entry of a family counts as used when its
name appears in the code (a column, an action, a reason, the last part of another code).
"""

from __future__ import annotations

import ast
import functools
import re
from pathlib import Path

import pytest

from twindesk.core.i18n import LANGUAGES, MESSAGES, translate

PACKAGE = Path(__file__).resolve().parents[1] / "twindesk"
CODE = re.compile(r"^[a-z_]+(\.[a-z0-9_-]+)+$")
FAMILY = re.compile(r"^[a-z_]+(\.[a-z0-9_]+)*\.$")
FAMILIES = {code.split(".")[0] for code in MESSAGES}


class Source:
    """What the package's code names: string literals (outside the catalogue itself),
    identifiers, the families of codes built by f-strings, and the codes given to
    translate() and to TwinDeskError and its subclasses."""

    def __init__(self) -> None:
        self.literals: set[str] = set()
        self.names: set[str] = set()
        self.families: set[str] = set()
        self.heads: set[str] = set()  # the constant start of every f-string
        self.raised: dict[str, str] = {}  # code -> where
        trees = {p: ast.parse(p.read_text(encoding="utf-8")) for p in PACKAGE.rglob("*.py")}
        errors = self._error_classes(trees.values())
        for path, tree in trees.items():
            # The catalogue's own codes and texts say nothing about what the code uses.
            catalogue = {
                id(n)
                for node in ast.walk(tree)
                if isinstance(node, ast.Dict) and path.name == "i18n.py"
                for n in ast.walk(node)
            }
            for node in ast.walk(tree):
                self._visit(node, catalogue, errors, f"{path.relative_to(PACKAGE.parent)}")

    @staticmethod
    def _error_classes(trees) -> set[str]:
        bases: dict[str, set[str]] = {}
        for tree in trees:
            for node in ast.walk(tree):
                if isinstance(node, ast.ClassDef):
                    bases[node.name] = {
                        b.id if isinstance(b, ast.Name) else getattr(b, "attr", "")
                        for b in node.bases
                    }
        found = {"TwinDeskError"}
        while grown := {name for name, of in bases.items() if of & found} - found:
            found |= grown
        return found

    def _visit(self, node: ast.AST, catalogue: set[int], errors: set[str], where: str) -> None:
        if id(node) in catalogue:
            return
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            self.literals.add(node.value)
        elif isinstance(node, ast.Name):
            self.names.add(node.id)
        elif isinstance(node, ast.Attribute):
            self.names.add(node.attr)
        elif isinstance(node, (ast.arg, ast.keyword)) and node.arg:
            self.names.add(node.arg)
        elif (
            isinstance(node, ast.JoinedStr)
            and node.values
            and isinstance(node.values[0], ast.Constant)
        ):
            head = node.values[0].value
            self.heads.add(head)
            if FAMILY.match(head):
                self.families.add(head)
        elif isinstance(node, ast.Call) and node.args and isinstance(node.args[0], ast.Constant):
            func = node.func
            name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")
            # i18n.translate, not Qt's QCoreApplication.translate(context, text)
            core = isinstance(func, ast.Name) or getattr(func.value, "id", "") == "i18n"
            if (name == "translate" and core or name in errors) and isinstance(
                node.args[0].value, str
            ):
                self.raised[node.args[0].value] = f"{where}:{node.lineno}"

    @functools.cached_property
    def words(self) -> set[str]:
        return (
            self.literals
            | self.names
            | self.heads
            | {lit.rsplit(".", 1)[-1] for lit in self.literals if CODE.match(lit)}
        )

    def uses(self, code: str) -> bool:
        if code in self.literals:
            return True
        for family in (f for f in self.families if code.startswith(f)):
            name = code[len(family) :]
            # "entity.pairings" from f"entity.{name}s"; "backup.reason.before-upgrade"
            # from f"before-upgrade-{revision}"
            if {name, name.removesuffix("s"), name + "-"} & self.words:
                return True
        return False


@pytest.fixture(scope="module")
def source() -> Source:
    return Source()


def test_every_code_the_code_names_is_in_the_catalogue(source):
    written = {lit for lit in source.literals if CODE.match(lit) and lit.split(".")[0] in FAMILIES}
    assert sorted(written - set(MESSAGES)) == []
    missing = {code: where for code, where in source.raised.items() if code not in MESSAGES}
    assert missing == {}
    assert len(source.raised) > 100  # the scan sees the codes raised and translated


def test_every_catalogue_entry_is_used(source):
    assert [code for code in MESSAGES if not source.uses(code)] == []


def test_every_entry_has_both_languages():
    for code, texts in MESSAGES.items():
        assert len(texts) == len(LANGUAGES) and all(t.strip() for t in texts), code
        fields_ = [set(re.findall(r"\{(\w+)\}", t)) for t in texts]
        assert fields_[0] == fields_[1], code  # the same parameters in both languages


def test_a_removed_or_misspelt_code_is_caught(source, monkeypatch):
    """The checks fail when they should: an entry nothing uses, a code nothing defines."""
    monkeypatch.setitem(MESSAGES, "import.undo.never_said", ("Never said.", "从未使用。"))
    assert not source.uses("import.undo.never_said")
    assert source.uses("field.venue") and source.uses("backup.reason.before-upgrade")
    source.literals.add("storage.lockd")
    try:
        with pytest.raises(AssertionError):
            test_every_code_the_code_names_is_in_the_catalogue(source)
    finally:
        source.literals.discard("storage.lockd")
    assert translate("storage.lockd") == "storage.lockd"  # what the clerk would have seen
