"""``twindesk server``: roles on a register kept on a PostgreSQL server.

    twindesk server setup --db postgresql://admin@host/register
    twindesk server grant wangfang editor --db postgresql://admin@host/register

``setup`` makes the roles twindesk_viewer, twindesk_editor and twindesk_admin and grants
them their part of the register (storage.postgres.set_up_roles); ``grant`` gives a login
one of them. Both run as the register's owner or a superuser.
"""

from __future__ import annotations

import argparse

from twindesk.core.errors import TwinDeskError
from twindesk.core.i18n import current_language, translate

EXIT_OK = 0
ACTIONS = {
    "setup": "make the roles twindesk_viewer, twindesk_editor and twindesk_admin and grant "
    "them the register's tables",
    "grant": "give a login one of the roles (viewer, editor or admin)",
}


def _say(code: str, **params: object) -> None:
    print(translate(code, current_language(), **params))


def add_arguments(name: str, p: argparse.ArgumentParser) -> None:
    """The options of ``server`` (called by ``cli.build_parser``)."""
    if name != "server":
        return
    p.add_argument(
        "action", choices=sorted(ACTIONS), help="; ".join(f"{k}: {v}" for k, v in ACTIONS.items())
    )
    p.add_argument("user", nargs="?", metavar="USER", help="grant: the login")
    p.add_argument("role", nargs="?", metavar="ROLE", help="grant: viewer, editor or admin")


def cmd_server(args: argparse.Namespace) -> int:
    from twindesk.core.storage import open_register, postgres

    location = args.db
    if not getattr(location, "is_server", False):
        raise TwinDeskError("server.file", path=location or "--db")
    if args.action == "grant" and not (args.user and args.role):
        raise TwinDeskError(
            "server.unknown_role", role=args.role or "", roles="viewer, editor, admin"
        )
    with open_register(location) as register:
        with register.connect(write=True) as conn:
            if args.action == "setup":
                postgres.set_up_roles(conn)
            else:
                made = postgres.grant_role(conn, args.user, args.role)
    if args.action == "setup":
        _say("server.set_up", path=location)
        return EXIT_OK
    if made:
        _say("server.user_made", user=args.user)
    _say("server.granted", user=args.user, role=postgres.role_name(args.role))
    return EXIT_OK


COMMANDS = {
    "server": (
        cmd_server,
        "roles on a PostgreSQL register: server setup; server grant USER viewer|editor|admin",
    ),
}
