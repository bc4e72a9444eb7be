"""One editor widget per field type, generated from a forms.fields.Field.

Editors hand back *raw* values (text as typed, chosen values); forms.values.check_value does all
parsing and checking, so the GUI, the CLI and imports accept and refuse exactly the same input.
Every editor carries the field key as its objectName so tests and accessibility tools find it.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from forms.fields import Field, FieldType
from storage.dates import PartialDate

T = FieldType


class FieldEditor(QWidget):
    edited = Signal()

    def __init__(self, field: Field, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.field = field
        self.setObjectName(field.key)

    def set_value(self, value: Any) -> None:
        raise NotImplementedError

    def value(self) -> Any:
        raise NotImplementedError


def _number_text(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return "" if value is None else str(value)


class TextEditor(FieldEditor):
    def __init__(self, field: Field, parent: QWidget | None = None) -> None:
        super().__init__(field, parent)
        lay = QHBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        self.line = QLineEdit()
        self.line.setObjectName(f"{field.key}:text")
        lay.addWidget(self.line)
        if field.unit:
            lay.addWidget(QLabel(field.unit))
        if field.type is T.MONEY_WEEK:
            self.line.setPlaceholderText("£ a week, e.g. 300 or 300-400")
            lay.insertWidget(0, QLabel("£"))
            lay.addWidget(QLabel("a week"))
        elif field.type is T.DATE:
            self.line.setPlaceholderText("e.g. 22/05/2026, May 2026, ?2025")
        self.line.textEdited.connect(lambda _t: self.edited.emit())

    def set_value(self, value: Any) -> None:
        if self.field.type is T.DATE and value:
            self.line.setText(PartialDate.parse_stored(value).display())
        elif self.field.type is T.MONEY_WEEK and isinstance(value, dict):
            self.line.setText(f"{_number_text(value['low'])}-{_number_text(value['high'])}")
        else:
            self.line.setText(_number_text(value) if not isinstance(value, str) else value)

    def value(self) -> Any:
        return self.line.text().strip() or None


class ChoiceEditor(FieldEditor):
    def __init__(self, field: Field, parent: QWidget | None = None) -> None:
        super().__init__(field, parent)
        lay = QHBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        self.combo = QComboBox()
        self.combo.setObjectName(f"{field.key}:combo")
        self.combo.addItem("—", None)
        if field.type is T.YES_NO:
            self.combo.addItem("Yes", "yes")
            self.combo.addItem("No", "no")
        else:
            for c in field.choices:
                self.combo.addItem(c.label, c.value)
        lay.addWidget(self.combo)
        lay.addStretch(1)
        self.combo.activated.connect(lambda _i: self.edited.emit())

    def set_value(self, value: Any) -> None:
        index = self.combo.findData(value)
        self.combo.setCurrentIndex(max(index, 0))

    def value(self) -> Any:
        return self.combo.currentData()


class MultiChoiceEditor(FieldEditor):
    def __init__(self, field: Field, parent: QWidget | None = None) -> None:
        super().__init__(field, parent)
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        self.boxes: dict[str, QCheckBox] = {}
        for n, c in enumerate(field.choices):
            box = QCheckBox(c.label)
            box.setObjectName(f"{field.key}:{c.value}")
            box.clicked.connect(lambda _c: self.edited.emit())
            self.boxes[c.value] = box
            grid.addWidget(box, n // 3, n % 3)

    def set_value(self, value: Any) -> None:
        chosen = set(value or [])
        for v, box in self.boxes.items():
            box.setChecked(v in chosen)

    def value(self) -> Any:
        return [v for v, box in self.boxes.items() if box.isChecked()]


class QuantityEditor(FieldEditor):
    def __init__(self, field: Field, parent: QWidget | None = None) -> None:
        super().__init__(field, parent)
        lay = QHBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        self.amount = QLineEdit()
        self.amount.setObjectName(f"{field.key}:amount")
        self.amount.setMaximumWidth(80)
        self.unit = QComboBox()
        self.unit.setObjectName(f"{field.key}:unit")
        self.unit.addItems(list(field.units))
        lay.addWidget(self.amount)
        lay.addWidget(self.unit)
        lay.addStretch(1)
        self.amount.textEdited.connect(lambda _t: self.edited.emit())
        self.unit.activated.connect(lambda _i: self.edited.emit())

    def set_value(self, value: Any) -> None:
        if isinstance(value, dict):
            self.amount.setText(_number_text(value.get("amount")))
            self.unit.setCurrentText(str(value.get("unit", "")))
        else:
            self.amount.clear()

    def value(self) -> Any:
        text = self.amount.text().strip()
        return {"amount": text, "unit": self.unit.currentText()} if text else None


class ListEditor(FieldEditor):
    """A repeating group: one framed row of sub-editors per item (e.g. per substance)."""

    def __init__(self, field: Field, parent: QWidget | None = None) -> None:
        super().__init__(field, parent)
        self.rows: list[dict[str, FieldEditor]] = []
        self._frames: list[QFrame] = []
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        self.items_box = QVBoxLayout()
        lay.addLayout(self.items_box)
        self.add_button = QPushButton(f"Add {field.item_label}")
        self.add_button.setObjectName(f"{field.key}:add")
        self.add_button.clicked.connect(self._add_clicked)
        lay.addWidget(self.add_button)

    def _add_clicked(self) -> None:
        self.add_item()
        self.edited.emit()

    def add_item(self, item: dict[str, Any] | None = None) -> dict[str, FieldEditor]:
        n = len(self.rows)
        frame = QFrame()
        frame.setFrameShape(QFrame.Shape.StyledPanel)
        frame.setObjectName(f"{self.field.key}:item{n}")
        grid = QGridLayout(frame)
        editors: dict[str, FieldEditor] = {}
        for i, sub in enumerate(self.field.item_fields):
            editor = make_editor(sub)
            editor.setObjectName(f"{self.field.key}[{n}].{sub.key}")
            editor.edited.connect(self.edited)
            editors[sub.key] = editor
            if item and sub.key in item:
                editor.set_value(item[sub.key])
            label = QLabel(sub.label + (" *" if sub.required else ""))
            label.setToolTip(sub.help)
            grid.addWidget(label, i // 2, (i % 2) * 2)
            grid.addWidget(editor, i // 2, (i % 2) * 2 + 1)
        remove = QPushButton(f"Remove this {self.field.item_label}")
        remove.clicked.connect(lambda: self._remove(frame))
        grid.addWidget(remove, (len(self.field.item_fields) + 1) // 2, 3)
        self.items_box.addWidget(frame)
        self.rows.append(editors)
        self._frames.append(frame)
        return self.rows[-1]

    def _remove(self, frame: QFrame) -> None:
        index = self._frames.index(frame)
        self._frames.pop(index)
        self.rows.pop(index)
        frame.setParent(None)
        frame.deleteLater()
        self.edited.emit()

    def set_value(self, value: Any) -> None:
        for frame in self._frames:
            frame.setParent(None)
            frame.deleteLater()
        self._frames, self.rows = [], []
        for item in value or []:
            self.add_item(item)

    def value(self) -> Any:
        items = []
        for editors in self.rows:
            item = {k: e.value() for k, e in editors.items()}
            items.append({k: v for k, v in item.items() if v not in (None, "", [])})
        return items


def make_editor(field: Field) -> FieldEditor:
    match field.type:
        case T.CHOICE | T.YES_NO:
            return ChoiceEditor(field)
        case T.MULTI_CHOICE:
            return MultiChoiceEditor(field)
        case T.QUANTITY:
            return QuantityEditor(field)
        case T.LIST:
            return ListEditor(field)
        case _:
            return TextEditor(field)
