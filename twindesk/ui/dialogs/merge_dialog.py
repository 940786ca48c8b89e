"""Places > Merge places: the clerk picks which of two records of one place to keep.

The dialog shows both records side by side (names, country, coordinates, and how many
pairings, exchanges and contacts name each), the clerk chooses the one to keep, and the
merge runs as one undoable step (``MergeCommand``): Undo puts the other record back with
every link it had, or says why it cannot (a moved record was changed since).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QUndoCommand
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from twindesk.core import operations as ops
from twindesk.core import queries
from twindesk.core.models import Place
from twindesk.core.operations.merge import Merge, merge_places, unmerge
from twindesk.core.storage import Register

if TYPE_CHECKING:
    from twindesk.ui.main_window import MainWindow


def _summary(register: Register, place_id: int) -> tuple[Place, dict[str, int]]:
    with register.read() as s:
        place = ops.get(s, "place", place_id)
        assert isinstance(place, Place)  # a record of "place"
        counts = queries.place_usage(s.connection(), place_id)
        s.expunge(place)
    return place, counts


class MergeDialog(QDialog):
    """Which of two places to keep; the other's links, names and data move to it."""

    def __init__(self, register, ids: list[int], parent: QWidget | None = None) -> None:  # noqa: ANN001
        super().__init__(parent)
        self.setWindowTitle(self.tr("Merge places"))
        self.ids = ids
        self.places = [_summary(register, pid) for pid in ids]
        layout = QVBoxLayout(self)
        intro = QLabel(
            self.tr(
                "These two records will become one place. Choose the record to keep: every pairing, "
                "exchange and contact of the other moves to it, the other's names are kept as "
                "aliases (so they still find it), and what only the other has (a Chinese name, "
                "coordinates) is filled in. Edit > Undo puts it back."
            ),
            self,
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.choice = QButtonGroup(self)
        for i, (place, counts) in enumerate(self.places):
            names = " / ".join(
                n for n in dict.fromkeys((place.name_en, place.name_zh, place.name_native)) if n
            )
            where = f"{place.country_code}, {place.place_type}"
            if place.latitude is not None:
                where += f", {place.latitude:.2f}, {place.longitude:.2f}"
            text = (
                self.tr("Keep %1 (#%2; %3) — pairings: %4, exchanges: %5, contacts: %6")
                .replace("%1", names)
                .replace("%2", str(place.id))
                .replace("%3", where)
                .replace("%4", str(counts["pairings"]))
                .replace("%5", str(counts["exchanges"]))
                .replace("%6", str(counts["contacts"]))
            )
            button = QRadioButton(text, self)
            button.setObjectName(f"keep{i}")
            self.choice.addButton(button, i)
            layout.addWidget(button)
        # The record more of the register hangs on is the likelier one to keep.
        busiest = max(range(len(self.places)), key=lambda i: sum(self.places[i][1].values()))
        self.choice.button(busiest).setChecked(True)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Merge"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def keep_and_gone(self) -> tuple[tuple[int, int], tuple[int, int]]:
        """((kept id, its version), (merged id, its version)) as the clerk saw them."""
        keep = self.choice.checkedId()
        (a, _), (b, _) = self.places[keep], self.places[1 - keep]
        assert a.id is not None and b.id is not None  # places read from the register
        return (a.id, a.version), (b.id, b.version)


class MergeCommand(QUndoCommand):
    """One merge on the window's undo stack: redo merges, undo puts the other place back."""

    def __init__(
        self, window: MainWindow, keep: tuple[int, int], gone: tuple[int, int], label: str
    ) -> None:
        super().__init__(
            QCoreApplication.translate("MergeDialog", "Merge places %1").replace("%1", label)
        )
        self.window, self.keep, self.gone = window, keep, gone
        self.done: Merge | None = None

    def redo(self) -> None:
        def work(session) -> None:  # noqa: ANN001
            # A redo after an undo expects the versions the undo left (another clerk may
            # have changed either place since); the first merge, those the clerk saw.
            versions = (
                (self.keep[1], self.gone[1]) if self.done is None else self.done.undone_versions
            )
            self.done = merge_places(session, self.keep[0], self.gone[0], versions)

        if not self.window.apply(work):
            self.setObsolete(True)  # refused, and said why: no step to undo

    def undo(self) -> None:
        if self.done is None or not self.window.apply(lambda s: unmerge(s, self.done)):
            self.setObsolete(True)


def merge_selected(window: MainWindow, ids: list[int]) -> bool:
    """Ask which of the two selected places to keep, then merge (one undoable step)."""
    from PySide6.QtWidgets import QMessageBox

    if len(ids) != 2:
        QMessageBox.information(
            window,
            QCoreApplication.translate("MergeDialog", "Merge places"),
            QCoreApplication.translate(
                "MergeDialog", "Select the two records of one place to merge (Ctrl+click)."
            ),
        )
        return False
    dialog = MergeDialog(window.register, ids, window)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return False
    keep, gone = dialog.keep_and_gone()
    place = next(p for p, _ in dialog.places if p.id == gone[0])
    label = " / ".join(n for n in dict.fromkeys((place.name_en, place.name_zh)) if n)
    command = MergeCommand(window, keep, gone, label)
    window.undo_stack.push(command)  # runs redo(): the merge itself
    return not command.isObsolete()
