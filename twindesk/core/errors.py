"""Typed errors with human messages in English and Chinese.

The core never shows anything itself: it raises one of these, and the window or the
command line shows ``err.message(lang)``. Errors are split as in qutebrowser's
``misc/sql.py``: a :class:`TwinDeskError` is a known, expected condition (a rule broken,
a file locked, a register too new) with a message for the clerk; anything else is a bug
and goes to the log with its traceback.
"""

from __future__ import annotations

from typing import Any

from twindesk.core.i18n import current_language, translate


class TwinDeskError(Exception):
    """A known condition with a message for the clerk.

    ``code`` names an entry of ``twindesk.core.i18n.MESSAGES``; ``params`` fill its
    placeholders. ``str(err)`` gives the message in the current core language.
    """

    code = "error.generic"

    def __init__(self, code: str | None = None, **params: Any) -> None:
        self.code = code or self.code
        self.params = params
        super().__init__(self.message("en"))

    def message(self, lang: str | None = None) -> str:
        return translate(self.code, lang or current_language(), **self.params)

    def __str__(self) -> str:
        return self.message()


class ValidationError(TwinDeskError):
    """A rule of the register was broken.

    ``on`` names the form field to mark (kept as ``.field``); the message's ``{field}``
    placeholder defaults to that field's label. When a record breaks several rules, the
    first is raised and ``.problems`` lists them all.
    """

    code = "error.validation"

    def __init__(self, code: str, on: str | None = None, **params: Any) -> None:
        self.field = on
        if on and "field" not in params:
            params["field"] = f"field.{on}"
        self.problems: list[ValidationError] = [self]
        super().__init__(code, **params)


class NotFoundError(TwinDeskError):
    code = "error.not_found"


class ConflictError(TwinDeskError):
    """Someone else changed or removed the record since it was read (optimistic locking).

    ``differences`` lists (field code, the value being saved, the value saved meanwhile)
    so the clerk sees both versions side by side, not just a refusal.
    """

    code = "error.conflict"

    def message(self, lang: str | None = None) -> str:
        lines = [super().message(lang)]
        for field, mine, theirs in self.params.get("differences", ()):
            lines.append(
                translate(
                    "error.conflict.field",
                    lang or current_language(),
                    field=field,
                    mine=mine or "—",
                    theirs=theirs or "—",
                )
            )
        return "\n".join(lines)


class InUseError(TwinDeskError):
    """A record cannot be deleted because others depend on it."""

    code = "error.in_use"


class StorageError(TwinDeskError):
    """The register file cannot be used: missing, locked, damaged, not ours, too new."""

    code = "error.storage"
