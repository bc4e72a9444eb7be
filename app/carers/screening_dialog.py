"""Administer a screening instrument to one man: items, live score beside band, licence shown."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from app.drafts import DraftBook, DraftKeeper, ask_before_closing
from app.operations.changes import Changes
from app.operations.screenings import record_screening
from forms.dates import Strictness, parse_date
from forms.instruments import INSTRUMENTS, Instrument
from storage.casefile import CaseFile
from storage.errors import InvalidValue
from storage.ids import PersonId


class ScreeningDialog(QDialog):
    def __init__(
        self, person_id: PersonId, name: str, administered_by: str, parent: QWidget | None = None,
        drafts: DraftBook | None = None,
    ) -> None:
        super().__init__(parent)
        self.person_id = person_id
        self.setWindowTitle(f"Screening — {name}")
        self.resize(640, 600)
        lay = QVBoxLayout(self)
        head = QFormLayout()
        self.instrument = QComboBox()
        self.instrument.setObjectName("instrument")
        for inst in INSTRUMENTS.values():
            self.instrument.addItem(inst.name, inst.key)
        self.on = QLineEdit(dt.date.today().strftime("%d/%m/%Y"))
        self.on.setObjectName("administered_on")
        self.by = QLineEdit(administered_by)
        self.by.setObjectName("administered_by")
        head.addRow("Instrument", self.instrument)
        head.addRow("Date administered", self.on)
        head.addRow("Administered by", self.by)
        lay.addLayout(head)
        self.stem = QLabel()
        self.stem.setWordWrap(True)
        lay.addWidget(self.stem)
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        lay.addWidget(self.scroll, 1)
        self.result = QLabel()
        self.result.setObjectName("result")
        self.result.setStyleSheet("font-weight:bold")
        self.result.setWordWrap(True)
        lay.addWidget(self.result)
        self.licence = QLabel()
        self.licence.setWordWrap(True)
        self.licence.setStyleSheet("color:#555; font-size:11px")
        lay.addWidget(self.licence)
        self.error = QLabel()
        self.error.setStyleSheet("color:#a00000")
        lay.addWidget(self.error)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        lay.addWidget(buttons)
        self.items: dict[str, QComboBox] = {}
        self.instrument.currentIndexChanged.connect(self._build)
        self._build()
        # Answers given are kept as a draft (app/drafts.py) until saved or discarded.
        save = buttons.button(QDialogButtonBox.StandardButton.Save)
        self.keeper = DraftKeeper(self, drafts, "screening", self.draft_state,
                                  self.restore_draft,
                                  inputs=[self.instrument, self.on, self.by, self.scroll, save])
        lay.insertWidget(0, self.keeper.bar)
        self.keeper.bind(str(person_id), f"the screening of {name}")

    def draft_state(self) -> dict[str, Any]:
        return {"instrument": self.instrument.currentData(), "on": self.on.text(),
                "by": self.by.text(),
                "answers": {key: combo.currentIndex() for key, combo in self.items.items()}}

    def restore_draft(self, state: dict[str, Any]) -> None:
        index = self.instrument.findData(state.get("instrument"))
        if index >= 0:
            self.instrument.setCurrentIndex(index)  # rebuilds the items for that instrument
        self.on.setText(state.get("on", ""))
        self.by.setText(state.get("by", ""))
        for key, chosen in state.get("answers", {}).items():
            combo = self.items.get(key)
            if combo is not None and 0 <= int(chosen) < combo.count():
                combo.setCurrentIndex(int(chosen))

    def reject(self) -> None:  # Cancel, Escape, the close button: never a silent discard
        if ask_before_closing(self, self.keeper):
            super().reject()

    @property
    def current(self) -> Instrument:
        return INSTRUMENTS[self.instrument.currentData()]

    def _build(self) -> None:
        inst = self.current
        page = QWidget()
        form = QFormLayout(page)
        self.items = {}
        for n, item in enumerate(inst.items, start=1):
            combo = QComboBox()
            combo.setObjectName(item.key)
            combo.addItem("— not answered —", None)
            for option in item.options:
                combo.addItem(f"{option.label} ({option.score})", option.score)
            combo.currentIndexChanged.connect(self._rescore)
            label = QLabel(f"{n}. {item.text}")
            label.setWordWrap(True)
            label.setBuddy(combo)  # the question is the answer's name for a screen reader
            form.addRow(label, combo)
            self.items[item.key] = combo
        self.scroll.setWidget(page)
        self.stem.setText(inst.stem)
        self.licence.setText(f"{inst.licence} {inst.citation}")
        self._rescore()

    def answers(self) -> dict[str, int | None]:
        return {key: combo.currentData() for key, combo in self.items.items()}

    def _rescore(self) -> None:
        score = self.current.score(self.answers())
        text = score.display()
        if score.alerts:
            text += "\n" + "\n".join(score.alerts)
        self.result.setText(text)

    def action(self) -> Callable[[CaseFile], Changes]:
        """The operation to run, checked: raises InvalidValue with a message for the user."""
        if not self.on.text().strip():
            raise InvalidValue("Give the full date it was administered, e.g. 03/06/2026.")
        try:
            date = parse_date(self.on.text(), Strictness.DAY)
        except InvalidValue as exc:
            raise InvalidValue(f"Date administered: {exc}") from None
        return functools.partial(record_screening, person_id=self.person_id,
                                 instrument=self.current.key, answers=self.answers(),
                                 administered_on=date.earliest(),
                                 administered_by=self.by.text())

    def _accept(self) -> None:
        try:
            self.action()
        except InvalidValue as exc:
            self.error.setText(str(exc))
            return
        self.accept()
