"""The import of one file: open -> layout -> mapping -> validate (plan) -> commit."""

from __future__ import annotations

import re
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING, Any

from twindesk.core.countries import CountryResolver
from twindesk.core.errors import TwinDeskError
from twindesk.core.search import PinyinPrefetch
from twindesk.core.spreadsheets import mapping as mapping_mod
from twindesk.core.spreadsheets.importing.commit import commit_plan, no_gc_pauses
from twindesk.core.spreadsheets.importing.plan import (
    DUPLICATE_ACTIONS,
    TERM_FIELDS,
    Cancelled,
    ImportCancelled,
    ImportOptions,
    ImportResult,
    Plan,
    Progress,
    RowPlan,
)
from twindesk.core.spreadsheets.importing.terms import Terms
from twindesk.core.spreadsheets.importing.validate import RowValidator
from twindesk.core.spreadsheets.layout import Layout, detect_layout
from twindesk.core.spreadsheets.mapping import Mapping, Preset
from twindesk.core.spreadsheets.places import complete_from_gazetteer
from twindesk.core.spreadsheets.reading import SheetData, Workbook, open_workbook
from twindesk.core.spreadsheets.recognition import SAMPLE, ColumnGuess, Recognition, recognise
from twindesk.core.spreadsheets.values import clean_text

if TYPE_CHECKING:
    from twindesk.core.storage import Register

# Fields whose text goes into a search key (a place's names, a record's title or name).
SEARCHED_FIELDS = frozenset(
    (
        "partner",
        "partner_zh",
        "partner_en",
        "partner_native",
        "local",
        "local_zh",
        "local_en",
        "title",
        "title_zh",
        "title_en",
        "venue",
        "name",
        "name_zh",
        "name_en",
        "organisation",
    )
)
RECOGNITION_ROWS = 3 * SAMPLE  # rows read to recognise the columns
_SECTION_NUMBER = re.compile(
    r"^\s*(?:[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十\d]+[）)]|"
    r"\d+[、.．)]|[IVX]+\.)\s*"
)
_PARENTHESES = re.compile(r"[（(][^）)]*[）)]")


class SpreadsheetImport:
    """One file being imported into one register."""

    def __init__(self, register: Register, path: Path | str) -> None:
        self.register = register
        self.path = Path(path)
        self.workbook: Workbook = open_workbook(self.path)
        self.recognition: Recognition | None = None  # the last guess, when no preset decided
        self._pinyin: PinyinPrefetch | None = None  # the last validation's names, for commit

    @property
    def sheet_names(self) -> list[str]:
        return list(self.workbook.sheet_names)

    def close(self) -> None:
        self._forget_pinyin()
        self.workbook.close()

    def _forget_pinyin(self) -> None:
        if self._pinyin is not None:
            self._pinyin.close()
            self._pinyin = None

    def __enter__(self) -> SpreadsheetImport:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    # -- steps a wizard shows -------------------------------------------------------
    def layout(
        self,
        sheet: str | None = None,
        *,
        header_row: int | None = None,
        header_height: int | None = None,
    ) -> Layout:
        return detect_layout(
            self.workbook.sheet(sheet), header_row=header_row, header_height=header_height
        )

    def preset_for(self, layout: Layout) -> Preset | None:
        """A saved preset made for these exact headers, or None."""
        with self.register.connect() as conn:
            return mapping_mod.find_preset(conn, layout.headers)

    def suggest_mapping(
        self, layout: Layout, target: str | None = None, *, local_given: bool = False
    ) -> Mapping:
        """The mapping to start from: a preset for these headers, else the recognised one."""
        preset = self.preset_for(layout)
        if preset is not None and (target is None or preset.target == target):
            return preset.apply(layout.headers)
        return self.recognise(layout, target, local_given=local_given).mapping

    def recognise(
        self, layout: Layout, target: str | None = None, *, local_given: bool = False
    ) -> Recognition:
        """Which column holds what, from headers and content, with reasons and confidence."""
        sheet = self.workbook.sheet(layout.sheet)
        rows = [cells for _, cells in islice(layout.data_rows(sheet), RECOGNITION_ROWS)]
        with self.register.connect() as conn:
            resolver = CountryResolver.from_connection(conn)

        def is_country(text: str) -> str | None:
            match = resolver.resolve(text)
            return match.code if match else None

        self.recognition = recognise(
            layout, rows, target, is_country=is_country, local_given=local_given
        )
        self._section_kinds(layout, sheet, self.recognition)
        return self.recognition

    def _section_kinds(self, layout: Layout, sheet: SheetData, recognition: Recognition) -> None:
        """Section headings that give the kind of the rows under them ("一、友好城市（共11个）",
        "二、友好交流城市"), when no column does: read as a column of their own."""
        mapping = recognition.mapping
        if mapping.target != "pairing" or "kind" in mapping.columns.values():
            return
        known = next((d for d in layout.derived if d.headings), None)
        if known is None:
            with self.register.connect() as conn:
                terms = Terms(conn, "kind")
            headings = {}
            for i in range(layout.data_start, layout.data_end):
                texts = {clean_text(c) for c in sheet.rows[i] if c is not None and clean_text(c)}
                if len(texts) == 1:
                    heading = _SECTION_NUMBER.sub("", next(iter(texts)))
                    heading = _PARENTHESES.sub("", heading).strip()
                    if terms.resolve(heading):
                        headings[i] = heading
            if not headings:
                return
            known = layout.add_derived([], "(section headings)", "kind", headings)
        mapping.columns[known.column] = "kind"
        recognition.columns.append(
            ColumnGuess(known.column, known.header, "kind", "section_heading", 1.0, 0.9)
        )

    def preview_rows(self, layout: Layout, limit: int = 50) -> list[tuple[int, list[Any]]]:
        sheet = self.workbook.sheet(layout.sheet)
        out = []
        for i, cells in layout.data_rows(sheet):
            out.append((i + 1, cells))
            if len(out) >= limit:
                break
        return out

    def column_examples(self, layout: Layout, count: int = 3, scan: int = 2000) -> list[list[Any]]:
        """Up to ``count`` different values of each column, from the first ``scan`` data rows
        that have one: a column empty in the first rows still shows what it holds."""
        examples: list[list[Any]] = [[] for _ in range(layout.width)]
        for n, (_i, cells) in enumerate(layout.data_rows(self.workbook.sheet(layout.sheet))):
            if n >= scan or all(len(e) >= count for e in examples):
                break
            for col, value in enumerate(cells[: layout.width]):
                if (
                    value is not None
                    and str(value).strip()
                    and len(examples[col]) < count
                    and value not in examples[col]
                ):
                    examples[col].append(value)
        return examples

    def _resolve_mapping(self, layout: Layout, options: ImportOptions) -> Mapping:
        for d in options.derived:  # the wizard's layout had them; this fresh one needs them too
            if all(
                (known.sources, known.headings) != (d.sources, d.headings)
                for known in layout.derived
            ):
                layout.add_derived(d.sources, d.header, d.field, d.headings)
        if options.mapping is not None:
            m = options.mapping
        elif options.preset:
            with self.register.connect() as conn:
                preset = mapping_mod.load_preset(conn, options.preset)
            m = preset.apply(layout.headers)
            for key, value in preset.options.items():
                if hasattr(options, key) and key not in ("mapping", "preset", "sheet"):
                    if getattr(options, key) in (
                        None,
                        ImportOptions.__dataclass_fields__[key].default,
                    ):
                        setattr(options, key, value)
        else:
            m = self.suggest_mapping(layout, options.target, local_given=options.local is not None)
        if options.target and m.target != options.target:
            m = self.recognise(
                layout, options.target, local_given=options.local is not None
            ).mapping
        if options.unmapped:
            m = Mapping(m.target, dict(m.columns), options.unmapped)
        return m

    # -- validate -------------------------------------------------------------------
    def validate(
        self,
        options: ImportOptions | None = None,
        *,
        progress: Progress | None = None,
        cancelled: Cancelled | None = None,
    ) -> Plan:
        """Check every row and plan what commit will do. Writes nothing."""
        options = options or ImportOptions()
        if options.on_duplicate not in DUPLICATE_ACTIONS:
            raise TwinDeskError("import.bad_duplicate_action", value=options.on_duplicate)
        sheet_name = options.sheet or self.workbook.sheet_names[0]
        with no_gc_pauses():  # a sheet of 100,000 rows is as many lists, none of them garbage
            sheet = self.workbook.sheet(sheet_name)
        layout = detect_layout(
            sheet, header_row=options.header_row, header_height=options.header_height
        )
        mapping = self._resolve_mapping(layout, options)
        with self.register.connect() as conn, no_gc_pauses():
            ctx = RowValidator(conn, sheet_name, layout, mapping, options)
            rows = list(layout.data_rows(sheet))
            self._prefetch_pinyin(mapping, rows)
            ctx.prepare(rows)
            total = len(rows)
            plans: list[RowPlan] = []
            for n, (i, cells) in enumerate(rows):
                if n % 500 == 0:
                    if cancelled is not None and cancelled():
                        raise ImportCancelled()
                    if progress is not None:
                        progress(n, total)
                plans.append(ctx.build_row(i + 1, cells))
            complete_from_gazetteer(ctx.places.new, ctx.places)
            ctx.join_same_places(plans)
            ctx.ask_about_new_places(plans)
            ctx.finish(plans)
        if progress is not None:
            progress(total, total)
        used = {i for i, _ in rows}
        skipped = [i + 1 for i in range(layout.data_start, len(sheet.rows)) if i not in used]
        return Plan(
            file_name=self.path.name,
            sha256=self.workbook.sha256,
            sheet=sheet_name,
            target=mapping.target,
            layout=layout,
            mapping=mapping,
            options=options,
            rows=plans,
            questions=list(ctx.questions.values()),
            new_places=ctx.places.new,
            places=ctx.places,
            local_ref=ctx.local_ref,
            skipped_rows=skipped,
            term_labels={
                name: ctx.terms[vocab].labels
                for name, vocab in TERM_FIELDS.get(mapping.target, {}).items()
            },
        )

    def _prefetch_pinyin(self, mapping: Mapping, rows: list[tuple[int, list[Any]]]) -> None:
        """Start the pinyin of the names and titles the search keys are made of, in a
        second process while this one validates (see search.PinyinPrefetch)."""
        self._forget_pinyin()
        cols = [c for c, name in mapping.columns.items() if name in SEARCHED_FIELDS]
        if cols:
            self._pinyin = PinyinPrefetch(
                (
                    cells[c]
                    for _, cells in rows
                    for c in cols
                    if c < len(cells) and cells[c].__class__ is str
                ),
                prepare=clean_text,
            )

    # -- commit ---------------------------------------------------------------------
    def commit(
        self,
        plan: Plan,
        *,
        operator: str = "",
        dry_run: bool = False,
        progress: Progress | None = None,
        cancelled: Cancelled | None = None,
    ) -> ImportResult:
        """Write the plan in one transaction; all or nothing."""
        if self._pinyin is not None and not dry_run:
            self._pinyin.use()
        try:
            return commit_plan(
                self.register,
                plan,
                operator=operator,
                dry_run=dry_run,
                progress=progress,
                cancelled=cancelled,
            )
        finally:
            if not dry_run:
                self._forget_pinyin()
