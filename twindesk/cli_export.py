"""The command line's export commands: ``export``, ``restore-export`` and ``template``.

Kept apart from ``cli.py`` (which lists them in its COMMANDS and calls
``add_arguments``) so the export options live beside the code that reads them.
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

from sqlmodel import col

from twindesk.core.errors import TwinDeskError
from twindesk.core.i18n import current_language, translate
from twindesk.paths import default_register_path

EXIT_OK = 0
LISTS = {
    "pairings": "pairing",
    "programmes": "programme",
    "exchanges": "exchange",
    "places": "place",
    "contacts": "contact",
}
LISTS.update({v: v for v in list(LISTS.values())})  # the singular works too
TEMPLATES = ("pairings", "exchanges", "programmes", "contacts")
# option -> (Filter attribute, help)
FILTER_OPTIONS = {
    "country": (
        "countries",
        "partner's country or place's country, ISO code (JP); may be repeated",
    ),
    "continent": ("continents", "continent code: AF AN AS EU NA OC SA; may be repeated"),
    "kind": ("kinds", "pairing kind code (sister_city ...); may be repeated"),
    "status": ("statuses", "status code (established, active ...); may be repeated"),
    "level": ("levels", "pairing level code (city, province ...); may be repeated"),
    "field": ("fields", "field of cooperation code (trade, education ...); may be repeated"),
    "type": ("types", "exchange type or place type code; may be repeated"),
    "group": ("groups", "country group code (sco, brics, asean, eu, bri ...); may be repeated"),
}


def _say(code: str, **params: object) -> None:
    print(translate(code, current_language(), **params))


def add_arguments(name: str, p: argparse.ArgumentParser) -> None:
    """The options of the export commands (called by ``cli.build_parser``)."""
    if name == "export":
        p.add_argument(
            "entity",
            metavar="LIST",
            choices=sorted(set(LISTS) | {"all"}),
            help="pairings, programmes, exchanges, places or contacts: that list as a "
            "table shows it; all: the whole register in one .xlsx (restore it "
            "with restore-export)",
        )
        p.add_argument(
            "-o",
            "--output",
            type=Path,
            required=True,
            metavar="FILE",
            help="the file to write: .xlsx, or .csv (UTF-8 with BOM) for a list",
        )
        p.add_argument(
            "--search",
            default="",
            metavar="TEXT",
            help="quick search: English or Chinese name, pinyin or initials",
        )
        for option, (_attr, help_text) in FILTER_OPTIONS.items():
            p.add_argument(
                f"--{option}", action="append", default=[], metavar="CODE", help=help_text
            )
        p.add_argument(
            "--from-year", type=int, metavar="YEAR", help="established / started in or after YEAR"
        )
        p.add_argument(
            "--to-year", type=int, metavar="YEAR", help="established / started in or before YEAR"
        )
        p.add_argument(
            "--pairing",
            type=int,
            metavar="ID",
            help="only the programmes, exchanges or contacts of this pairing",
        )
        p.add_argument(
            "--sort",
            action="append",
            default=[],
            metavar="COLUMN[:desc]",
            help="sort by this column (e.g. established:desc); may be repeated",
        )
        p.add_argument(
            "--columns",
            metavar="A,B,C",
            help="the columns to write, in order (default: all of the list's columns)",
        )
    elif name == "restore-export":
        p.add_argument(
            "file", type=Path, metavar="FILE", help="a workbook written by `twindesk export all`"
        )
    elif name == "template":
        p.add_argument(
            "entity",
            metavar="LIST",
            choices=TEMPLATES + tuple(LISTS[t] for t in TEMPLATES),
            help="pairings, exchanges, programmes or contacts",
        )
        p.add_argument(
            "-o",
            "--output",
            type=Path,
            metavar="FILE",
            help="the .xlsx to write (default: LIST-import-template-LANG.xlsx here)",
        )


def cmd_export(args: argparse.Namespace) -> int:
    from twindesk.core.storage import open_for_reading

    lang = current_language()
    path = args.db or default_register_path()
    if args.entity == "all":
        used = [f"--{o}" for o in FILTER_OPTIONS if getattr(args, o)] + [
            flag
            for flag, value in (
                ("--search", args.search),
                ("--sort", args.sort),
                ("--columns", args.columns),
                ("--from-year", args.from_year),
                ("--to-year", args.to_year),
                ("--pairing", args.pairing),
            )
            if value
        ]
        if used:
            raise TwinDeskError("export.all_no_filters", options=" ".join(used))
        from twindesk.core.spreadsheets.full_export import export_register

        with open_for_reading(path) as register:
            result = export_register(register, args.output, lang=lang)
        _say("export.full_written", path=result.path, rows=result.rows, sheets=result.sheets)
        return EXIT_OK
    from twindesk.core.spreadsheets.export import export_list, sort_keys

    entity = LISTS[args.entity]
    with open_for_reading(path) as register:
        f = _filter(register, entity, args)
        order = sort_keys(entity, [_sort(s) for s in args.sort])
        columns = (
            [c.strip() for c in args.columns.split(",") if c.strip()] if args.columns else None
        )
        result = export_list(
            register, entity, args.output, filter=f, order_by=order, columns=columns, lang=lang
        )
    _say("export.written", path=result.path, rows=result.rows)
    return EXIT_OK


def _sort(text: str) -> tuple[str, bool]:
    key, _, direction = text.partition(":")
    if direction.lower() not in ("", "asc", "desc"):
        raise TwinDeskError("export.unknown_sort", value=text, columns="COLUMN:asc, COLUMN:desc")
    return key.strip(), direction.lower() == "desc"


def _filter(register, entity: str, args: argparse.Namespace):  # noqa: ANN001, ANN202
    """The list's Filter from the options, refusing options and codes the list does not know."""
    from sqlalchemy import select

    from twindesk.core.columns import CONTINENTS, FILTERS, YEAR_FILTERS
    from twindesk.core.models import VOCABULARIES, Country, CountryGroup
    from twindesk.core.queries import Filter

    f = Filter(text=args.search or "")
    offered = dict(FILTERS[entity])  # attribute -> source of its codes
    for option, (attr, _help) in FILTER_OPTIONS.items():
        values = getattr(args, option)
        if not values:
            continue
        if attr not in offered:
            raise TwinDeskError(
                "export.filter_not_offered", option=f"--{option}", entity=f"entity.{entity}s"
            )
        source = offered[attr]
        with register.connect() as conn:
            if source == "country":
                known = set(conn.execute(select(col(Country.code))).scalars())
            elif source == "continent":
                known = set(CONTINENTS)
            elif source == "country_group":
                known = set(conn.execute(select(col(CountryGroup.code))).scalars())
            else:
                known = set(conn.execute(select(col(VOCABULARIES[source].code))).scalars())
        values = [v.upper() if source in ("country", "continent") else v for v in values]
        for value in values:
            if value not in known:
                raise TwinDeskError(
                    "export.unknown_code",
                    value=value,
                    option=f"--{option}",
                    codes=", ".join(sorted(known)[:40]),
                )
        setattr(f, attr, values)
    if args.from_year is not None or args.to_year is not None:
        if entity not in YEAR_FILTERS:
            raise TwinDeskError(
                "export.filter_not_offered",
                option="--from-year/--to-year",
                entity=f"entity.{entity}s",
            )
        f.year_from, f.year_to = args.from_year, args.to_year
    if args.pairing is not None:
        if entity not in ("programme", "exchange", "contact"):
            raise TwinDeskError(
                "export.filter_not_offered", option="--pairing", entity=f"entity.{entity}s"
            )
        f.pairing_id = args.pairing
    return f


def cmd_restore_export(args: argparse.Namespace) -> int:
    from twindesk.core.spreadsheets.full_export import restore_register
    from twindesk.core.storage import open_register

    path = args.db or default_register_path()
    # A register on a server (cli.register_location) is left as an empty register when
    # the restore fails: its one transaction wrote nothing.
    existed = getattr(path, "is_server", False) or path.exists()
    try:
        with open_register(path, create=True) as register:
            result = restore_register(register, args.file)
    except BaseException:
        if not existed:  # the new register made for the restore: nothing in it, leave nothing
            for suffix in ("", "-wal", "-shm"):
                Path(f"{path}{suffix}").unlink(missing_ok=True)
        raise
    _say("restore.done", rows=result.rows, file=args.file, path=path)
    return EXIT_OK


def cmd_template(args: argparse.Namespace) -> int:
    from twindesk.core.spreadsheets.templates import write_template
    from twindesk.core.storage import open_for_reading, open_register

    lang = current_language()
    target = LISTS[args.entity]
    out = args.output or Path.cwd() / f"{target}s-import-template-{lang}.xlsx"
    path = args.db or default_register_path()
    if getattr(path, "is_server", False) or path.exists():  # a server register, or a file
        with open_for_reading(path) as register:  # its own vocabularies in the lists
            write_template(register, target, out, lang=lang)
    else:
        # No register yet: the lists a new register would have.
        with (
            tempfile.TemporaryDirectory(prefix="twindesk-template-") as folder,
            open_register(Path(folder) / "reference.sqlite3", create=True) as register,
        ):
            write_template(register, target, out, lang=lang)
    _say("template.written", path=out)
    return EXIT_OK


COMMANDS = {
    "export": (
        cmd_export,
        "export a list as a table shows it (.xlsx/.csv), or the whole register (all); "
        "--lang sets the language of headers and labels too",
    ),
    "restore-export": (
        cmd_restore_export,
        "restore a whole-register export (`export all`) into a new, empty register",
    ),
    "template": (
        cmd_template,
        "write a blank import template: pairings, exchanges, programmes, contacts",
    ),
}
