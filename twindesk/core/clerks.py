"""Several clerks on one register: noticing each other's saves, who is connected, roles.

Engine-neutral: a :class:`ChangesWatcher` comes from ``Register.watch_changes()``, and the
storage seams make it (``storage.sqlite``: ``PRAGMA data_version`` on a connection of its
own; ``storage.postgres``: ``LISTEN twindesk_changes``, which the register's triggers
announce every committed change on, migration 0009). The window polls one about once a
second off the GUI thread and refreshes what changed; nothing here knows of Qt.

What a clerk may do follows the role the database gives the login (``Register.role()``):
a viewer reads, an editor changes records, an administrator also changes the lists
(vocabularies, country groups) and restores backups. A register file on this computer
has no logins: whoever opens it is its administrator.
"""

from __future__ import annotations

import getpass
from typing import Protocol

from twindesk.core import models

# What ``ChangesWatcher.changes`` says when it cannot tell which tables changed (SQLite
# knows only that the file did; a server connection lost and made again may have missed
# notifications).
ALL = "*"
# Among the tables: who is connected changed (a window on a server register opened or
# closed); ``ChangesWatcher.others`` says who is now.
SESSIONS = "session"

VIEWER, EDITOR, ADMIN = "viewer", "editor", "admin"
ROLES = (VIEWER, EDITOR, ADMIN)
# What needs which role: changing records (new, edit, delete, import, undo, merge, report
# texts) an editor; changing the lists everyone's records use, and putting a backup in
# place of the register, an administrator.
EDIT, ADMINISTER = "edit", "administer"
_NEEDS = {EDIT: EDITOR, ADMINISTER: ADMIN}

# Tables whose change concerns the lists of each page (a pairing's row shows its places'
# names, an exchange's its pairings...): any of these changed, the page is read again.
VOCABULARY_TABLES = frozenset(models.VOCABULARY_TABLES)


def may(role: str, what: str) -> bool:
    """Whether a clerk with ``role`` may do ``what`` (EDIT or ADMINISTER)."""
    return ROLES.index(role) >= ROLES.index(_NEEDS[what])


def os_user() -> str:
    """The computer's name for the clerk (the audit trail's database user on SQLite)."""
    try:
        return getpass.getuser()
    except Exception:  # no user name in the environment (a service account...)
        return ""


class ChangesWatcher(Protocol):
    """Tells a window what other clerks saved. Not for use by two threads at once."""

    def changes(self) -> set[str]:
        """The tables changed since the last call by anyone else (``{ALL}``: something
        changed, which is not known); an empty set when nothing did. Quick: the window
        calls it every second."""
        ...

    def others(self) -> list[str] | None:
        """The other TwinDesk sessions on the register, as "user@computer", or None when
        the engine cannot tell (a file: anyone who can reach it may have it open)."""
        ...

    def close(self) -> None: ...
