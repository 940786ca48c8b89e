"""The command line: ``twindesk`` opens the window; subcommands work headless.

Every subcommand calls the same core the window calls, prints a message in the
clerk's language, and exits 0 on success, 1 when it found problems, 2 when it could
not do its work (bad arguments, a register that cannot be opened).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeGuard

from twindesk import __version__, cli_export, cli_server
from twindesk.core.errors import TwinDeskError
from twindesk.core.i18n import MESSAGES, current_language, default_language, set_language, translate
from twindesk.paths import default_register_path, user_data_dir

if TYPE_CHECKING:
    from twindesk.core.storage.postgres import ServerAddress

EXIT_OK, EXIT_PROBLEMS, EXIT_ERROR = 0, 1, 2


def _say(code: str, **params: object) -> None:
    print(translate(code, current_language(), **params))


def register_location(text: str) -> Path | object:
    """``--db``: a register file, or a register on a PostgreSQL server
    (``postgresql://user@host/database``: a ``storage.postgres.ServerAddress``)."""
    if text.split("://", 1)[0] in ("postgresql", "postgresql+psycopg", "postgres"):
        from twindesk.core.storage.postgres import address

        return address(text)
    return Path(text)


def on_server(path: object) -> TypeGuard[ServerAddress]:
    return getattr(path, "is_server", False)


def cmd_init(args: argparse.Namespace) -> int:
    from twindesk.core.storage import open_register

    path = args.db or default_register_path()
    existed = None if on_server(path) else path.exists() and path.stat().st_size > 0
    with open_register(path, create=True, verify=True) as register:
        existed = not register.created if existed is None else existed
    _say("cli.init_existing" if existed else "cli.init_created", path=path)
    return EXIT_OK


def cmd_demo(args: argparse.Namespace) -> int:
    from twindesk.core.demo import create_demo_register

    path = args.db or user_data_dir() / "demo.sqlite3"
    if on_server(path):
        if not _clear_server_register(path, args.replace):
            _say("cli.demo_exists", path=path)
            return EXIT_ERROR
    elif path.exists() and path.stat().st_size > 0:
        if not args.replace:
            _say("cli.demo_exists", path=path)
            return EXIT_ERROR
        path.unlink()
        for suffix in ("-wal", "-shm"):
            Path(str(path) + suffix).unlink(missing_ok=True)
    with create_demo_register(path) as register:
        from twindesk.core import queries

        with register.connect() as conn:
            counts = {
                e: queries.count(conn, e) for e in ("pairing", "programme", "exchange", "contact")
            }
    _say("cli.demo_created", path=path, **counts)
    return EXIT_OK


def _clear_server_register(path: ServerAddress, replace: bool) -> bool:
    """Whether the demo may be built in the server database at ``path``: an empty one,
    or a register that ``--replace`` empties (its tables only) first."""
    from twindesk.core.storage import open_register, postgres

    with open_register(path, create=True) as register:
        if register.created:
            return True
        if not replace:
            return False
        with register.connect(write=True) as conn:
            postgres.drop_register(conn)
    return True


def cmd_check(args: argparse.Namespace) -> int:
    from twindesk.core import queries
    from twindesk.core.check import check_register
    from twindesk.core.storage import open_for_reading

    path = args.db or default_register_path()
    server_checked: list[tuple[str, str]] = []
    with open_for_reading(path) as register:
        findings = check_register(register, server_checked)
        with register.connect() as conn:
            counts = {
                "pairings": queries.count(conn, "pairing"),
                "exchanges": queries.count(conn, "exchange"),
            }
    for finding in findings:
        print(finding.message(current_language()))
    for what in server_checked:  # a register on a server: what its own checks covered
        _say("check.server_checked", what=what)
    if findings:
        _say("check.problems", path=path, count=len(findings))
        return EXIT_PROBLEMS
    _say("check.ok", path=path, **counts)
    return EXIT_OK


def cmd_import(args: argparse.Namespace) -> int:
    import getpass

    from twindesk.core.spreadsheets.importing import ImportOptions, SpreadsheetImport
    from twindesk.core.spreadsheets.layout import sheet_title, title_place
    from twindesk.core.spreadsheets.mapping import save_preset
    from twindesk.core.spreadsheets.reading import ImportFileError, require_data_rows
    from twindesk.core.storage import open_register

    lang = current_language()
    path = args.db or default_register_path()
    local = int(args.local) if args.local and args.local.isdigit() else args.local
    dayfirst = (
        {}
        if args.dayfirst is None
        else {
            f: args.dayfirst == "day"
            for f in ("established", "ended", "source_checked", "dates", "start", "end")
        }
    )
    try:
        operator = getpass.getuser()
    except Exception:  # no user name in this environment
        operator = ""
    with (
        open_register(path, create=True, verify=True) as register,
        SpreadsheetImport(register, args.file) as imp,
    ):
        require_data_rows(imp.workbook, args.sheet)  # at once, not after the layout's seconds
        header_height = args.header_rows
        header_row = None
        if args.first_row is not None:  # 1-based, as the sheet shows it; the header is above
            header_row = max(0, args.first_row - 1 - (header_height or 1))
            header_height = header_height or 1
        layout = imp.layout(args.sheet, header_row=header_row, header_height=header_height)
        if local is None and not args.both_sides and not args.mapping:
            local = _own_place_as_local(imp, layout, args)
        sure, mapping = _read_columns(imp, layout, args, lang)
        if not sure:
            return EXIT_ERROR
        if (
            mapping.target == "pairing"
            and local is None
            and not args.both_sides
            and not args.mapping  # a saved preset brings its local side
            and not mapping.names_local_side()
        ):  # said once, not on every row; the sheet's title may name the place
            _say("import.local.missing_cli")
            title = sheet_title(imp.workbook.sheet(layout.sheet), layout)
            if title_place(title):
                _say("import.local.title", title=title, place=title_place(title))
            elif title:
                _say("import.local.title_only", title=title)
            return EXIT_ERROR
        options = ImportOptions(
            sheet=args.sheet,
            header_row=layout.header_rows[0] if layout.header_rows else None,
            header_height=len(layout.header_rows) or None,
            # A preset brings its own options (the local side) too.
            mapping=None if args.mapping else mapping,
            preset=args.mapping,
            derived=list(layout.derived),
            target=mapping.target,
            unmapped=args.unmapped,
            local=local,
            default_kind=args.kind,
            on_duplicate=args.on_duplicate,
            dayfirst=dayfirst,
            create_local=args.create_local,
            create_places=args.create_places,
        )
        plan = imp.validate(options)
        if not plan.rows:  # titles, headers, blank rows and footers, but no data
            raise ImportFileError("import.file.no_rows", name=plan.file_name, sheet=plan.sheet)
        for line in plan.problem_lines(lang, warnings=args.verbose):
            print(line)
        for question in plan.questions:
            _say("import.question", text=question.prompt(lang))
        counts = plan.counts()
        _say("import.summary", file=plan.file_name, sheet=plan.sheet, **counts)
        unknown = [q for q in plan.questions if q.kind == "new_place"]
        if unknown:  # never made unasked: the clerk says --create-places, or fixes the names
            _say("import.places_to_resolve", count=len(unknown))
            if not args.dry_run:
                return EXIT_ERROR
        if args.rejected and counts["reject"]:
            from twindesk.core.spreadsheets.rejected import save_rejected  # openpyxl: only then

            save_rejected(plan, args.rejected, lang=lang)
            _say("import.rejected_saved", path=args.rejected)
        if args.dry_run:
            _say("import.dry_run")
        else:
            result = imp.commit(plan, operator=operator)
            if result.batch_id is None:
                _say("import.nothing_written")
            else:
                _say("import.committed", batch=result.batch_id)
            if args.save_preset:
                with register.connect(write=True) as conn:
                    save_preset(
                        conn,
                        args.save_preset,
                        plan.layout.headers,
                        plan.mapping,
                        {"local": args.local, "default_kind": args.kind},
                    )
    return EXIT_PROBLEMS if counts["reject"] else EXIT_OK


def _own_place_as_local(imp, layout, args: argparse.Namespace) -> int | None:  # noqa: ANN001
    """The register's own place (set on the welcome screen) as the local side of a list
    that names only the partners, said on the screen; None when the file names its local
    side itself, or the register has no own place."""
    from twindesk.core.places import own_place

    own = own_place(imp.register)
    if own is None or imp.recognise(layout, args.target).mapping.names_local_side():
        return None
    with imp.register.read() as s:
        from twindesk.core.models import Place

        place = s.get(Place, own)
        name = place.name_zh or place.name_en
    args.local = str(own)  # recognition reads a lone City column as the partner from here
    _say("import.local.own", place=name, id=own)
    return own


def _read_columns(imp, layout, args: argparse.Namespace, lang: str):  # noqa: ANN001, ANN202
    """The mapping to import with, and whether it is sure enough to use.

    A saved preset, or the clerk's own --map for every doubtful column, is sure; a guess
    below the recognition's confidence is printed with the options that fix it, and
    nothing is imported (exit 2): never a silent guess.
    """
    from twindesk.core.errors import TwinDeskError
    from twindesk.core.spreadsheets import mapping as mapping_mod
    from twindesk.core.spreadsheets.layout import column_letter

    if args.mapping:
        with imp.register.connect() as conn:
            mapping = mapping_mod.load_preset(conn, args.mapping).apply(layout.headers)
        return True, mapping
    local_given = args.local is not None
    if imp.preset_for(layout) is not None and not args.target:
        return True, imp.suggest_mapping(layout, local_given=local_given)
    recognition = imp.recognise(layout, args.target, local_given=local_given)
    mapping = recognition.mapping
    fields = mapping_mod.TARGET_FIELDS[mapping.target]
    told: set[int] = set()
    for item in args.map:
        column, sep, name = item.rpartition("=")
        column, name = column.strip(), name.strip()
        name = {"none": None, "-": None}.get(name, name)
        if (
            not sep
            or not column
            or (name is not None and name not in (*fields, mapping_mod.IGNORE))
        ):
            raise TwinDeskError("import.map.bad", value=item, fields=", ".join(fields))
        col = _column_index(column, layout.headers, column_letter)
        if col is None:
            raise TwinDeskError("import.map.no_column", value=item)
        if name is None:
            mapping.columns.pop(col, None)
        else:
            mapping.columns[col] = name
        told.add(col)
    doubtful = [c for c in recognition.doubtful_columns() if c not in told]
    missing = [" / ".join(group) for group in mapping_mod.missing_groups(mapping)]
    if args.both_sides and not mapping.names_local_side():
        missing.append("local")
    sure = not doubtful and not missing
    if args.dry_run or args.verbose or not sure:
        _say("import.recognition.header", file=imp.path.name, sheet=layout.sheet)
        by_col = {g.column: g for g in recognition.columns}
        for col in range(layout.width):
            guess = by_col.get(col)
            name = mapping.columns.get(col)
            if guess is None and name is None:
                continue
            reason = translate(
                "import.reason.header"
                if col in told
                else f"import.reason.{guess.reason}"
                if guess
                else "import.reason.split_date",
                lang,
                share=f"{round((guess.share if guess else 1) * 100)}%",
            )
            _say(
                "import.recognition.line",
                column=layout.column_label(col),
                field=mapping_mod.field_label(name, lang),
                reason=reason,
                confidence=f"{guess.confidence:.0%}" if guess and col not in told else "100%",
                doubt=translate("import.recognition.doubt", lang) if col in doubtful else "",
            )
    if sure:
        return True, mapping
    for field_name in missing:
        _say("import.recognition.missing", field=field_name)
    col = (
        doubtful[0]
        if doubtful
        else next(
            (c for c in range(layout.width) if c not in mapping.columns and layout.headers[c]), 0
        )
    )
    header = (
        layout.headers[col]
        if col < len(layout.headers) and layout.headers[col]
        else column_letter(col)
    )
    example = f'--map "{header}={mapping.columns.get(col) or "partner"}"'
    if "local" in missing or any(m.startswith("partner") for m in missing):
        example += " --local PLACE" if not args.both_sides else ""
    print(
        translate("import.recognition.unsure", lang, example=example, fields=", ".join(fields)),
        file=sys.stderr,
    )
    return False, mapping


def _column_index(column: str, headers: list[str], letter) -> int | None:  # noqa: ANN001
    from twindesk.core.spreadsheets.mapping import header_key

    key = header_key(column)
    for col, head in enumerate(headers):
        if head and (head == column or header_key(head) == key):
            return col
    for col in range(len(headers)):
        if letter(col) == column.upper():
            return col
    return None


def cmd_report(args: argparse.Namespace) -> int:
    from twindesk.core import reports
    from twindesk.core.storage import open_for_reading

    lang = current_language()
    path = args.db or default_register_path()
    kind = args.report
    names = {
        "annual": "annual-report-{year}",
        "dossier": "dossier-{pairing}",
        "expiring": "expiring-{months}-months",
        "exchanges": "exchanges-{start}-{end}",
        "countries": "pairings-by-country",
    }
    fmt = getattr(args, "format", "pdf")
    out = args.output or Path.cwd() / f"{names[kind].format(**vars(args))}-{lang}.{fmt}"
    common: dict[str, Any] = {
        "lang": lang,
        "office": args.office or _office_from_settings(),
        "out": out,
    }
    with open_for_reading(path) as register:
        if kind == "annual":
            style = args.style or ("official" if lang == "zh" else "plain")
            if style == "official" and fmt == "pdf":  # say which faces stand in, before the work
                for line in reports.font_substitutions(lang):
                    print(line, file=sys.stderr)
            sections = [s.strip() for part in args.sections for s in part.split(",") if s.strip()]
            result = reports.build_annual_report(
                register,
                year=args.year,
                undated_in_force=args.undated == "count",
                document_number=args.document_number,
                signature=args.signature,
                provenance=args.provenance,
                by_signing_country=args.by_signing_country,
                style=style,
                edition=args.edition,
                sections=sections or None,
                top=args.top,
                format=fmt,
                **common,
            )
        elif kind == "dossier":
            result = reports.build_dossier(register, args.pairing, **common)
        elif kind == "expiring":
            result = reports.build_expiring_list(register, months=args.months, **common)
        elif kind == "exchanges":
            result = reports.build_exchange_list(register, start=args.start, end=args.end, **common)
        else:
            result = reports.build_country_list(register, countries=args.country, **common)
    if result.missing:
        print(
            translate("report.missing_glyphs", current_language(), chars=" ".join(result.missing)),
            file=sys.stderr,
        )
    if fmt == "docx":
        _say("cli.docx_written", path=result.path)
    else:
        _say(
            "cli.report_written_one" if result.pages == 1 else "cli.report_written",
            path=result.path,
            pages=result.pages,
        )
    return EXIT_OK


def _office_from_settings() -> str:
    """The office name the clerk gave in the window's Settings (the issuing unit)."""
    from PySide6.QtCore import QSettings

    from twindesk.paths import APP_NAME

    return str(QSettings(APP_NAME, APP_NAME).value("office_name", "") or "").strip()


def _add_report_arguments(parser: argparse.ArgumentParser, common: argparse.ArgumentParser) -> None:
    from datetime import date

    out = argparse.ArgumentParser(add_help=False, parents=[common])
    out.add_argument(
        "-o",
        "--output",
        type=Path,
        default=None,
        help="PDF file to write (default: a descriptive name in the current folder)",
    )
    out.add_argument(
        "--office",
        "--issuer",
        dest="office",
        default="",
        help="the issuing unit on the cover and in the footers (default: the office "
        "name in Settings)",
    )
    kinds = parser.add_subparsers(dest="report", metavar="REPORT", required=True)
    p = kinds.add_parser("annual", parents=[out], help="annual report on one year's work")
    p.add_argument(
        "--year", type=int, default=date.today().year - 1, help="the year (default: last year)"
    )
    p.add_argument(
        "--undated",
        choices=("count", "exclude"),
        default="count",
        help="pairings without a date of establishment: count them as in force in "
        "every year (default) or leave them out; the report says how many",
    )
    p.add_argument(
        "--document-number",
        "--doc-number",
        dest="document_number",
        default="",
        metavar="TEXT",
        help="document number for the cover (文号)",
    )
    # Literal choices: importing the report code here would slow every command's start.
    p.add_argument(
        "--style",
        choices=("official", "plain"),
        default=None,
        help="official: the 公文 layout (Song title, Hei headings, Fangsong body, GB/T "
        "9704 margins, — 3 — page numbers); plain (default for English)",
    )
    p.add_argument(
        "--edition",
        choices=("full", "summary"),
        default="full",
        help="summary: no register appendix and long tables cut to --top rows",
    )
    p.add_argument(
        "--sections",
        action="append",
        default=[],
        metavar="ID[,ID...]",
        help="only these sections, in report order, e.g. summary,new,exchanges "
        "(an unknown id lists them all); may be repeated",
    )
    p.add_argument(
        "--top",
        type=int,
        default=None,
        metavar="N",
        help="rows kept of a long table: the N largest, or the first N of a list "
        "(summary edition: 10)",
    )
    p.add_argument(
        "--format",
        choices=("pdf", "docx"),
        default="pdf",
        help="docx: the same report as an editable Word document",
    )
    p.add_argument("--signature", action="store_true", help="add a signature block")
    p.add_argument(
        "--by-signing-country",
        action="store_true",
        help="also count the pairings by the country they were signed in "
        "(the Soviet Union, Yugoslavia), beside today's countries",
    )
    p.add_argument(
        "--provenance",
        action="store_true",
        help="name TwinDesk and the register file on the cover and in the footers",
    )
    p = kinds.add_parser("dossier", parents=[out], help="everything about one pairing")
    p.add_argument("pairing", type=int, metavar="PAIRING", help="the pairing's number (id)")
    p = kinds.add_parser("expiring", parents=[out], help="programmes ending in the next months")
    p.add_argument("--months", type=int, default=6, help="how many months ahead (default: 6)")
    p = kinds.add_parser("exchanges", parents=[out], help="exchanges in a date range")
    p.add_argument(
        "--from", dest="start", required=True, type=date.fromisoformat, help="first day, YYYY-MM-DD"
    )
    p.add_argument(
        "--to", dest="end", required=True, type=date.fromisoformat, help="last day, YYYY-MM-DD"
    )
    p = kinds.add_parser("countries", parents=[out], help="pairings by country")
    p.add_argument(
        "--country",
        action="append",
        default=[],
        metavar="CODE",
        help="only this country (ISO code); may be repeated",
    )


def cmd_export_calendar(args: argparse.Namespace) -> int:
    from datetime import date

    from twindesk.core.anniversaries import write_calendar
    from twindesk.core.storage import open_for_reading

    first = args.year or date.today().year
    last = first + args.years - 1
    with open_for_reading(args.db or default_register_path()) as register:
        with register.connect() as conn:
            result = write_calendar(
                conn,
                args.file,
                first_year=first,
                last_year=last,
                lang=current_language(),
                register_name=register.name,
            )
    _say(
        "cli.calendar_written",
        path=result.path,
        anniversaries=result.anniversaries,
        programmes=result.programmes,
        first=first,
        last=last,
    )
    if result.year_only:
        _say("cli.calendar_year_only", count=result.year_only)
    return EXIT_OK


def cmd_backup(args: argparse.Namespace) -> int:
    from twindesk.core import backups
    from twindesk.core.storage import open_register

    path = args.db or default_register_path()
    if on_server(path):
        return _backup_server(path, args)
    if args.output is not None or args.format != "auto":
        raise TwinDeskError("backup.server_only", options="--output, --format")
    if args.list:
        return _list_backups(path)
    # Opening first refuses a missing, foreign or damaged file with its own message.
    with open_register(path, verify=True) as register:
        made = backups.backup_before(register, "manual")
    assert made is not None  # a register file, opened for writing
    _say("backup.made", path=path, backup=made.path)
    return EXIT_OK


def _list_backups(path: Path) -> int:
    from twindesk.core import backups

    found = backups.list_backups(path)
    folder = backups.folder_for(path)
    if not found:
        _say("backup.none", path=path, folder=folder)
        return EXIT_PROBLEMS
    _say("backup.list_header", path=path, folder=folder)
    for b in found:
        reason = backups.reason_label(b.reason, current_language())
        print(
            f"  {b.path.name}  {b.made_at:%Y-%m-%d %H:%M:%S}  {b.size / 1048576:.1f} MB  {reason}"
        )
    return EXIT_OK


def cmd_restore(args: argparse.Namespace) -> int:
    from twindesk.core import backups

    path = args.db or default_register_path()
    if on_server(path):
        return _restore_server(path, args)
    if args.list:
        return _list_backups(path)
    if args.backup is None and not args.latest:
        _say("backup.choose")
        return EXIT_ERROR
    if args.backup is None:
        found = backups.list_backups(path)
        if not found:
            _say("backup.none", path=path, folder=backups.folder_for(path))
            return EXIT_ERROR
        source = found[0].path
    else:
        source = args.backup
    safety = backups.restore(source, path)
    _say("backup.restored", path=path, backup=source)
    if safety is not None:
        _say("backup.kept", backup=safety.path)
    return EXIT_OK


def cmd_copy(args: argparse.Namespace) -> int:
    from twindesk.core.storage import migrations
    from twindesk.core.transfer import copy_register

    lang = current_language()
    meter = _Meter()
    try:
        result = copy_register(args.source, args.target, progress=meter)
    except KeyboardInterrupt:
        meter.end()
        print(translate("copy.cancelled", lang, path=args.target), file=sys.stderr)
        return EXIT_ERROR
    meter.end()
    if result.upgraded:
        _say("copy.upgraded", old=result.revision, new=migrations.head_revision())
    _say(
        "copy.done",
        source=result.source,
        target=result.target,
        rows=f"{result.rows:,}",
        tables=len(result.tables),
        seconds=f"{result.seconds:.1f}",
    )
    return EXIT_OK


def cmd_merge(args: argparse.Namespace) -> int:
    import getpass

    from twindesk.core.merging import merge_registers
    from twindesk.core.storage import open_register

    lang = current_language()
    pick = 1 if lang == "zh" else 0
    answers = {}
    for item in args.answer:
        key, sep, value = item.partition("=")
        if not sep:
            raise TwinDeskError("merge.bad_answer", key=item, value="")
        answers[key.strip()] = value.strip().lower()
    try:
        operator = getpass.getuser()
    except Exception:  # no user name in this environment
        operator = ""
    with open_register(args.target, create=True) as register:
        result = merge_registers(
            register,
            args.sources,
            answers=answers,
            dry_run=args.dry_run,
            operator=operator,
            progress=lambda name, n, total: print(f"[{n}/{total}] {name}", file=sys.stderr),
        )
    _say("merge.header", sources=", ".join(result.sources), target=result.target)
    tables = sorted(set(result.added) | set(result.joined))
    for table in tables:
        _say(
            "merge.line",
            table=table,
            added=f"{result.added.get(table, 0):,}",
            joined=f"{result.joined.get(table, 0):,}",
        )
    if result.places_joined:
        _say("merge.places_joined", count=len(result.places_joined))
        for line in result.places_joined:
            print(f"  {line[pick]}")
    if result.conflicts:
        _say("merge.conflicts", count=len(result.conflicts))
        for line in result.conflicts:
            print(f"  {line[pick]}")
    if result.questions:
        _say("merge.questions", count=len(result.questions), waiting=result.waiting)
        for question in result.questions:
            print(f"  {question.prompt(lang)}")
    if args.dry_run:
        _say("merge.dry_run")
        return EXIT_PROBLEMS if result.questions else EXIT_OK
    if result.questions:
        print(translate("merge.refused_questions", lang), file=sys.stderr)
        return EXIT_PROBLEMS
    if not result.written:
        _say("merge.nothing", sources=", ".join(result.sources))
        return EXIT_OK
    if result.backup is not None:
        _say("merge.backup", backup=result.backup)
    _say("merge.done", batch=result.batch_id)
    return EXIT_OK


class _Meter:
    """Progress on stderr: one line rewritten in place on a terminal, a line per table
    (and every few seconds) otherwise."""

    def __init__(self) -> None:
        import time

        self.clock = time.monotonic
        self.tty = sys.stderr.isatty()
        self.last = 0.0
        self.table = ""
        self.dirty = False

    def __call__(self, table: str, done: int, total: int) -> None:
        now = self.clock()
        new_table = table != self.table
        if not (new_table or done == total or now - self.last >= (0.2 if self.tty else 5)):
            return
        self.table, self.last = table, now
        line = translate(
            "copy.progress", current_language(), table=table, done=f"{done:,}", total=f"{total:,}"
        )
        if self.tty:
            print("\r\033[K" + line, end="", file=sys.stderr, flush=True)
            self.dirty = True
        elif done == total or (done and not new_table):  # a table's end, or every 5 s
            print(line, file=sys.stderr, flush=True)

    def end(self) -> None:
        if self.dirty:
            print(file=sys.stderr, flush=True)
            self.dirty = False


def _backup_server(path: ServerAddress, args: argparse.Namespace) -> int:
    """``backup --db postgresql://…``: pg_dump, or the full export (core.server_backups)."""
    from twindesk.core import server_backups
    from twindesk.core.storage import open_register

    if args.list:
        return _list_server_backups(path)
    with open_register(path, read_only=True) as register:
        made = server_backups.backup_server(register, args.output, method=args.format)
    _say(
        "server_backup.made",
        path=path,
        backup=made.path,
        kind=f"server_backup.kind.{made.kind}",
    )
    return EXIT_OK


def _list_server_backups(path: ServerAddress) -> int:
    from twindesk.core import server_backups

    found = server_backups.list_backups(path)
    folder = server_backups.folder_for(path)
    if not found:
        _say("backup.none", path=path, folder=folder)
        return EXIT_PROBLEMS
    _say("server_backup.list_header", path=path, folder=folder)
    for b in found:
        print(
            f"  {b.path.name}  {b.made_at:%Y-%m-%d %H:%M:%S}  {b.size / 1048576:.1f} MB  {b.kind}"
        )
    return EXIT_OK


def _restore_server(path: ServerAddress, args: argparse.Namespace) -> int:
    """``restore BACKUP --db postgresql://…``: a pg_dump file with pg_restore, a full
    export with restore-export's code, into an empty database."""
    from twindesk.core import server_backups

    if args.list:
        return _list_server_backups(path)
    source = args.backup
    if source is None and args.latest:
        found = server_backups.list_backups(path)
        if not found:
            _say("backup.none", path=path, folder=server_backups.folder_for(path))
            return EXIT_ERROR
        source = found[0].path
    if source is None:
        _say("backup.choose")
        return EXIT_ERROR
    server_backups.restore_server(source, path)
    _say("server_backup.restored", path=path, backup=source)
    return EXIT_OK


def cmd_gui(args: argparse.Namespace) -> int:
    from twindesk.ui.app import run

    return run(
        args.db,
        argv=sys.argv[:1],
        smoke=getattr(args, "smoke", None),
        lang=getattr(args, "lang", None),
    )


COMMANDS: dict[str, tuple[Callable[[argparse.Namespace], int], str]] = {
    "init": (cmd_init, "create a register (or migrate an existing one)"),
    "demo": (cmd_demo, "build the demo register from the seed articles"),
    "check": (cmd_check, "check the register's integrity and rules"),
    "report": (cmd_report, "write a PDF report: annual, dossier, expiring, exchanges, countries"),
    "import": (cmd_import, "import a spreadsheet (.xlsx .xlsm .xls .ods .csv)"),
    "backup": (cmd_backup, "back up the register now (or --list its backups)"),
    "restore": (cmd_restore, "put a backup in place of the register (what it replaces is kept)"),
    "export-calendar": (
        cmd_export_calendar,
        "write round anniversaries (逢五逢十) and programme ends to an iCalendar (.ics) file",
    ),
    "copy": (
        cmd_copy,
        "copy a whole register into a new file or an empty database (a file to a "
        "PostgreSQL server, back, or server to server), verified row by row",
    ),
    "merge": (
        cmd_merge,
        "merge registers (a province's cities') into one: the same place and the same "
        "pairing once, everything else carried along; all or nothing, undoable as an import",
    ),
    **cli_export.COMMANDS,  # export, restore-export, template
    **cli_server.COMMANDS,  # server setup, server grant
}


def build_parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--db",
        type=register_location,
        default=argparse.SUPPRESS,
        help=f"register file (default: {default_register_path()}), or a register "
        "on a PostgreSQL server: postgresql://user@host/database",
    )
    common.add_argument(
        "--lang",
        choices=("en", "zh"),
        default=argparse.SUPPRESS,
        help="language of messages (default: from the system locale)",
    )
    parser = argparse.ArgumentParser(
        prog="twindesk",
        parents=[common],
        description="TwinDesk: a register of sister-city (friendship city) relationships. "
        "Without a command, opens the window.",
    )
    parser.add_argument("--version", action="version", version=f"TwinDesk {__version__}")
    # Checking a build: open the window, save a picture of it to PNG, exit (ui/smoke.py).
    parser.add_argument("--smoke", type=Path, metavar="PNG", help=argparse.SUPPRESS)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, (_func, help_text) in COMMANDS.items():
        p = sub.add_parser(name, parents=[common], help=help_text, description=help_text)
        cli_export.add_arguments(name, p)
        cli_server.add_arguments(name, p)
        if name == "demo":
            p.add_argument(
                "--replace", action="store_true", help="replace an existing file at that path"
            )
        if name == "report":
            _add_report_arguments(p, common)
        if name == "export-calendar":
            p.add_argument("file", type=Path, metavar="FILE.ics", help="the calendar file to write")
            p.add_argument("--year", type=int, help="the first year (default: this year)")
            p.add_argument(
                "--years",
                type=int,
                default=2,
                choices=range(1, 11),
                metavar="N",
                help="how many years from the first (default: 2, this year and next)",
            )
        if name == "copy":
            p.add_argument(
                "source",
                type=register_location,
                metavar="SOURCE",
                help="the register to copy: a file, or postgresql://user@host/database",
            )
            p.add_argument(
                "target",
                type=register_location,
                metavar="TARGET",
                help="a new file, or an empty database (postgresql://user@host/database)",
            )
        if name == "merge":
            p.add_argument(
                "target",
                type=register_location,
                metavar="TARGET",
                help="the register to merge into (made when it does not exist yet)",
            )
            p.add_argument(
                "sources",
                type=register_location,
                nargs="+",
                metavar="SOURCE",
                help="the registers to merge into it, files or postgresql://… (only read)",
            )
            p.add_argument(
                "--dry-run",
                action="store_true",
                help="list what would be merged, the places joined, differences and "
                "questions; write nothing",
            )
            p.add_argument(
                "--answer",
                action="append",
                default=[],
                metavar="KEY=ID|new",
                help="answer a question the merge asked, e.g. 1:place:17=42 (the register's "
                "place #42) or 1:place:17=new (a place of its own); may be repeated",
            )
        if name in ("backup", "restore"):
            p.add_argument("--list", action="store_true", help="list the register's backups")
        if name == "backup":
            p.add_argument(
                "-o",
                "--output",
                type=Path,
                metavar="FILE",
                help="a register on a server: the file to write (default: its backup folder)",
            )
            p.add_argument(
                "--format",
                choices=("auto", "dump", "export"),
                default="auto",
                help="a register on a server: dump (pg_dump --format=custom), export "
                "(TwinDesk's full export, .xlsx), or auto (default: pg_dump when found)",
            )
        if name == "restore":
            p.add_argument(
                "backup", nargs="?", type=Path, metavar="BACKUP", help="the backup file to restore"
            )
            p.add_argument("--latest", action="store_true", help="restore the newest backup")
        if name == "import":
            p.add_argument("file", type=Path, metavar="FILE", help="the spreadsheet to import")
            p.add_argument("--sheet", help="sheet to import (default: the first)")
            p.add_argument("--mapping", metavar="PRESET", help="use a saved mapping preset")
            p.add_argument(
                "--save-preset", metavar="NAME", help="save the mapping used as a preset"
            )
            p.add_argument("--dry-run", action="store_true", help="check and report; write nothing")
            p.add_argument(
                "--local",
                metavar="PLACE",
                help="the local side for the whole file: a place id or name",
            )
            p.add_argument(
                "--create-local",
                action="store_true",
                help="create the --local place when the register has none of that name",
            )
            p.add_argument(
                "--create-places",
                action="store_true",
                help="create the places that neither the register nor the gazetteer "
                "knows (without it they are listed, and nothing is imported)",
            )
            p.add_argument("--kind", default="sister_city", help="kind when the file gives none")
            p.add_argument(
                "--target",
                choices=("pairing", "exchange", "programme", "contact"),
                help="what the rows are (default: guessed from the headers)",
            )
            p.add_argument(
                "--on-duplicate",
                choices=("skip", "update", "keep"),
                default="skip",
                help="what to do with a row that duplicates another or the register",
            )
            p.add_argument(
                "--unmapped",
                choices=("notes", "ignore"),
                help="keep unmapped columns in the notes, or ignore them",
            )
            p.add_argument(
                "--dayfirst",
                choices=("day", "month"),
                default=None,
                help="for dates like 03/04/2000 that the columns do not settle",
            )
            p.add_argument(
                "--rejected",
                type=Path,
                metavar="XLSX",
                help="save rejected rows with the reason to this .xlsx",
            )
            p.add_argument("--verbose", action="store_true", help="print warnings too")
            p.add_argument(
                "--map",
                action="append",
                default=[],
                metavar="COLUMN=FIELD",
                help='say what a column holds, by header text or letter: "Twinned with=partner", '
                '"C=established", "D=ignore" (repeatable)',
            )
            p.add_argument(
                "--header-rows",
                type=int,
                choices=(1, 2),
                metavar="N",
                help="the header has N rows (default: detected)",
            )
            p.add_argument(
                "--first-row",
                type=int,
                metavar="N",
                help="the first data row, counted as the spreadsheet shows it (default: detected)",
            )
            p.add_argument(
                "--both-sides",
                action="store_true",
                help="every row names both places (no local side for the whole file)",
            )
    return parser


def warn_if_on_network(args: argparse.Namespace) -> None:
    """Say on stderr when the register a subcommand works on lies on a network drive.

    Every subcommand works on ``--db`` or the default register (``demo``: its own
    default), so this is said once here, before the work: a "locked" or "damaged" error
    the share then causes comes after the warning that explains it.
    """
    from twindesk.core.storage import sqlite as sqlite_seam

    path = getattr(args, "db", None) or (
        user_data_dir() / "demo.sqlite3" if args.command == "demo" else default_register_path()
    )
    if args.command in ("copy", "merge"):  # the register written is the one named
        path = args.target
    if on_server(path):
        return
    fstype = sqlite_seam.network_filesystem(path)
    if fstype:
        lang = current_language()
        print(
            translate(
                "cli.warning",
                lang,
                text=translate("storage.on_network", lang, path=path, fstype=fstype),
            ),
            file=sys.stderr,
        )


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    args.db = getattr(args, "db", None)
    set_language(getattr(args, "lang", None) or default_language())
    func = COMMANDS[args.command][0] if args.command else cmd_gui
    if args.command:  # the window starts its own log (ui/app.py run)
        from twindesk import start_up_done
        from twindesk.logs import start_logging

        start_up_done()  # the window says so once it is shown

        start_logging(args.command)
    try:
        if args.command:  # the window shows its own warning (ui/app.py)
            warn_if_on_network(args)
        return func(args)
    except TwinDeskError as err:
        print(err.message(current_language()), file=sys.stderr)
        # A register that cannot be used: say the way out (restore, init, close the other).
        hint = f"hint.{err.code.removeprefix('storage.')}"
        if err.code.startswith("storage.") and hint in MESSAGES:
            print(translate(hint, current_language(), **err.params), file=sys.stderr)
        return EXIT_ERROR
    except Exception:  # a bug: keep its traceback in the log (the window logs its own)
        if args.command:
            from twindesk.logs import log

            log.exception("Unexpected error in %s", args.command)
        raise


if __name__ == "__main__":
    sys.exit(main())
