"""Who disputes a chronology entry and what they say instead, with the court wording previewed.

A self-contained widget: the entry editor shows it while "Disputed" is ticked, loads the entry's
disputes into it and takes them back from disputes(). Nothing here writes to the case.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from forms.disputes import neutral_wording
from storage.chronology import Dispute, DisputeParty
from storage.ids import DisputeId, PersonId


class _PartyRow:
    def __init__(self, men: list[tuple[str, PersonId]], on_change: Callable[[], None]) -> None:
        self.party = QComboBox()
        for party in DisputeParty:
            label = party.label
            self.party.addItem(label, party.value)
        self.man = QComboBox()
        self.man.setPlaceholderText("Which man?")
        for name, pid in men:
            self.man.addItem(name, pid)
        self.man.setCurrentIndex(-1)
        self.other = QLineEdit()
        self.other.setPlaceholderText("Who, e.g. the maternal grandmother")
        self.version = QLineEdit()
        self.version.setPlaceholderText("Their version in brief, e.g. he slipped and hit the door")
        self.remove = QPushButton("Remove")
        self.dispute_id: DisputeId | None = None
        self.party.currentIndexChanged.connect(self._show_fields)
        for signal in (
            self.party.currentIndexChanged,
            self.man.currentIndexChanged,
            self.other.textChanged,
            self.version.textChanged,
        ):
            signal.connect(lambda *_args: on_change())
        self._show_fields()

    def widgets(self) -> list[QWidget]:
        return [self.party, self.man, self.other, self.version, self.remove]

    def _show_fields(self) -> None:
        party = self.current_party()
        self.man.setVisible(party is DisputeParty.NAMED_MAN)
        self.other.setVisible(party is DisputeParty.OTHER)

    def current_party(self) -> DisputeParty:
        return DisputeParty(self.party.currentData())

    def load(self, dispute: Dispute) -> None:
        self.dispute_id = dispute.id
        self.party.setCurrentIndex(max(0, self.party.findData(DisputeParty(dispute.party).value)))
        self.man.setCurrentIndex(self.man.findData(dispute.person_id))
        self.other.setText(dispute.party_name)
        self.version.setText(dispute.version)

    def dispute(self) -> Dispute:
        party = self.current_party()
        man = self.man.currentData() if party is DisputeParty.NAMED_MAN else None
        return Dispute(
            party,
            self.version.text().strip(),
            PersonId(man) if man is not None else None,
            self.other.text().strip() if party is DisputeParty.OTHER else "",
            self.dispute_id,
        )


class DisputesEditor(QWidget):
    changed = Signal()

    def __init__(
        self,
        men: list[tuple[str, PersonId]],
        names: dict[PersonId, str],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._men = men
        self._names = names
        self._allegation = ""
        self.rows: list[_PartyRow] = []
        self.grid = QGridLayout()
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.add_button = QPushButton("Add a party who disputes it")
        self.add_button.clicked.connect(lambda: self.add_row())
        self.preview = QLabel()
        self.preview.setWordWrap(True)
        self.preview.setObjectName("dispute_preview")
        self.preview.setToolTip("How the court and review exports will state this entry.")
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addStretch()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(self.grid)
        layout.addLayout(buttons)
        layout.addWidget(self.preview)
        self.changed.connect(self._update_preview)

    def add_row(self, dispute: Dispute | None = None) -> _PartyRow:
        row = _PartyRow(self._men, self.changed.emit)
        if dispute is not None:
            row.load(dispute)
        row.remove.clicked.connect(lambda: self._remove(row))
        index = len(self.rows)
        self.grid.addWidget(row.party, index, 0)
        self.grid.addWidget(row.man, index, 1)
        self.grid.addWidget(row.other, index, 1)
        self.grid.addWidget(row.version, index, 2)
        self.grid.addWidget(row.remove, index, 3)
        self.grid.setColumnStretch(2, 1)
        self.rows.append(row)
        self.changed.emit()
        return row

    def _remove(self, row: _PartyRow) -> None:
        for widget in row.widgets():
            self.grid.removeWidget(widget)
            widget.deleteLater()
        self.rows.remove(row)
        self.changed.emit()

    def load(self, disputes: list[Dispute]) -> None:
        for row in list(self.rows):
            self._remove(row)
        for dispute in disputes:
            self.add_row(dispute)

    def disputes(self) -> list[Dispute]:
        return [row.dispute() for row in self.rows]

    def issues(self) -> list[str]:
        problems = []
        for n, dispute in enumerate(self.disputes(), start=1):
            if dispute.party is DisputeParty.NAMED_MAN and dispute.person_id is None:
                problems.append(f"Disputing party {n}: choose which man.")
            if dispute.party is DisputeParty.OTHER and not dispute.party_name:
                problems.append(f"Disputing party {n}: say who (e.g. the maternal grandmother).")
        return problems

    def set_allegation(self, text: str) -> None:
        self._allegation = text
        self._update_preview()

    def _update_preview(self) -> None:
        if not self._allegation.strip():
            self.preview.setText("")
            return
        wording = neutral_wording(
            self._allegation, self.disputes(), lambda pid: self._names.get(pid, "a man")
        )
        self.preview.setText(f"Court wording: {wording}")
