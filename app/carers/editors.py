"""One editor widget per field type, generated from a forms.fields.Field.

Editors hand back *raw* values (text as typed, chosen values); forms.values.check_value does all
parsing and checking, so the GUI, the CLI and imports accept and refuse exactly the same input.
Every editor carries the field key as its objectName so tests and accessibility tools find it;
a second statement about the same field (another source) gets a name such as "key#1" instead.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QApplication,
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

from forms.bounds import Bound, read_stored, when_parts
from forms.fields import Field, FieldType
from storage.dates import PartialDate

T = FieldType


class FieldEditor(QWidget):
    edited = Signal()

    def __init__(self, field: Field, parent: QWidget | None = None, name: str = "") -> None:
        super().__init__(parent)
        self.field = field
        self.name = name or field.key
        self.setObjectName(self.name)

    def set_value(self, value: Any) -> None:
        raise NotImplementedError

    def value(self) -> Any:
        raise NotImplementedError

    # The answer exactly as typed, for a draft of unsaved answers (app/drafts.py): value() is
    # already raw for most editors; set_value() reads *stored* values, so editors whose typed
    # and stored forms differ (dates, ages, lists of them) restore raw text their own way.
    def raw(self) -> Any:
        return self.value()

    def set_raw(self, raw: Any) -> None:
        self.set_value(raw)


# What each part of an editor is, after the field's own label (objectName suffixes).
_PART = {"text": "", "combo": "", "amount": "amount", "unit": "unit",
         "bound": "how exactly it is known", "to": "and", "source": "source",
         "learned": "date learned", "basis": "basis", "status": "status"}


def name_inputs(root: QWidget, label: str) -> None:
    """Give every input under `root` an accessible name from the field's label and the part it
    is ("History › Age at fatherhood: how exactly it is known"), where it has none: a screen
    reader then says which question a box answers, not just "edit text"."""
    for widget in root.findChildren(QWidget):
        if not isinstance(widget, (QLineEdit, QComboBox)) or widget.accessibleName():
            continue
        part = _PART.get(widget.objectName().rsplit(":", 1)[-1])
        if part is None:
            continue
        widget.setAccessibleName(f"{label}: {part}" if part else label)


def _number_text(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return "" if value is None else str(value)


class TextEditor(FieldEditor):
    def __init__(self, field: Field, parent: QWidget | None = None, name: str = "") -> None:
        super().__init__(field, parent, name)
        lay = QHBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        self.line = QLineEdit()
        self.line.setObjectName(f"{self.name}:text")
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

    def raw(self) -> Any:
        return self.line.text()

    def set_raw(self, raw: Any) -> None:
        self.line.setText(raw if isinstance(raw, str) else "")


class ChoiceEditor(FieldEditor):
    def __init__(self, field: Field, parent: QWidget | None = None, name: str = "") -> None:
        super().__init__(field, parent, name)
        lay = QHBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        self.combo = QComboBox()
        self.combo.setObjectName(f"{self.name}:combo")
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
    def __init__(self, field: Field, parent: QWidget | None = None, name: str = "") -> None:
        super().__init__(field, parent, name)
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        self.boxes: dict[str, QCheckBox] = {}
        for n, c in enumerate(field.choices):
            box = QCheckBox(c.label)
            box.setObjectName(f"{self.name}:{c.value}")
            box.clicked.connect(lambda _c: self.edited.emit())
            self.boxes[c.value] = box
            # Two a row: the field then fits a 460 px column of the record (columns.py).
            grid.addWidget(box, n // 2, n % 2)

    def set_value(self, value: Any) -> None:
        chosen = set(value or [])
        for v, box in self.boxes.items():
            box.setChecked(v in chosen)

    def value(self) -> Any:
        return [v for v, box in self.boxes.items() if box.isChecked()]


class QuantityEditor(FieldEditor):
    def __init__(self, field: Field, parent: QWidget | None = None, name: str = "") -> None:
        super().__init__(field, parent, name)
        lay = QHBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        self.amount = QLineEdit()
        self.amount.setObjectName(f"{self.name}:amount")
        self.amount.setMaximumWidth(80)
        self.unit = QComboBox()
        self.unit.setObjectName(f"{self.name}:unit")
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

    def raw(self) -> Any:
        return {"amount": self.amount.text(), "unit": self.unit.currentText()}


class ListEditor(FieldEditor):
    """A repeating group: one framed row of sub-editors per item (e.g. per substance)."""

    items_changed = Signal()  # an item added or removed: its form puts the Tab order right

    def __init__(self, field: Field, parent: QWidget | None = None, name: str = "") -> None:
        super().__init__(field, parent, name)
        self.rows: list[dict[str, FieldEditor]] = []
        self._frames: list[QFrame] = []
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        self.items_box = QVBoxLayout()
        lay.addLayout(self.items_box)
        self.add_button = QPushButton(f"Add {field.item_label}")
        self.add_button.setObjectName(f"{self.name}:add")
        self.add_button.clicked.connect(self._add_clicked)
        lay.addWidget(self.add_button)

    def _add_clicked(self) -> None:
        self.add_item()
        self.edited.emit()
        # The keyboard goes to the new item's first answer: "Add …" sits below the item, so
        # leaving the focus on it made a keyboard user Shift+Tab back through the whole item.
        # Next turn of the event loop: the new frame is not shown (so not focusable) yet.
        frame = self._frames[-1]
        QTimer.singleShot(0, frame, lambda: self._focus_first(frame))

    @staticmethod
    def _focus_first(frame: QFrame) -> None:
        from app.focus_order import stops

        first = next(iter(stops(frame)), None)
        if first is not None:
            first.setFocus(Qt.FocusReason.TabFocusReason)

    def add_item(self, item: dict[str, Any] | None = None) -> dict[str, FieldEditor]:
        n = len(self.rows)
        frame = QFrame()
        frame.setFrameShape(QFrame.Shape.StyledPanel)
        frame.setObjectName(f"{self.name}:item{n}")
        grid = QGridLayout(frame)
        editors: dict[str, FieldEditor] = {}
        # Two parts a row; a set of tick boxes takes a row of its own, so an item never needs
        # more width than the form has (1366 px screens, the record beside the roles).
        row, col = 0, 0
        for sub in self.field.item_fields:
            editor = make_editor(sub)
            editor.setObjectName(f"{self.name}[{n}].{sub.key}")
            name_inputs(editor, f"{self.field.label} {n + 1}: {sub.label}")
            editor.edited.connect(self.edited)
            editors[sub.key] = editor
            if item and sub.key in item:
                editor.set_value(item[sub.key])
            label = QLabel(sub.label + (" *" if sub.required else ""))
            label.setToolTip(sub.help)
            label.setWordWrap(True)
            if sub.help:
                editor.setToolTip(sub.help)
            if sub.type is T.MULTI_CHOICE:
                if col:
                    row, col = row + 1, 0
                grid.addWidget(label, row, 0)
                grid.addWidget(editor, row, 1, 1, 3)
                row += 1
                continue
            grid.addWidget(label, row, col * 2)
            grid.addWidget(editor, row, col * 2 + 1)
            row, col = (row, 1) if col == 0 else (row + 1, 0)
        remove = QPushButton(f"Remove this {self.field.item_label}")
        remove.clicked.connect(lambda: self._remove(frame))
        grid.addWidget(remove, row + (1 if col else 0), 3)
        self.items_box.addWidget(frame)
        self.rows.append(editors)
        self._frames.append(frame)
        self.items_changed.emit()
        return self.rows[-1]

    def tab_stops(self) -> list[QWidget]:
        """Each item's controls in order, then "Add …" (the order on screen)."""
        from app.focus_order import stops

        return [*(w for frame in self._frames for w in stops(frame)), self.add_button]

    def _remove(self, frame: QFrame) -> None:
        index = self._frames.index(frame)
        if frame.isAncestorOf(QApplication.focusWidget()):
            self.add_button.setFocus()  # its "Remove" had the keyboard: not lost with it
        self._frames.pop(index)
        self.rows.pop(index)
        frame.setParent(None)
        frame.deleteLater()
        self.items_changed.emit()
        self.edited.emit()

    def set_value(self, value: Any) -> None:
        for frame in self._frames:
            frame.setParent(None)
            frame.deleteLater()
        self._frames, self.rows = [], []
        for item in value or []:
            self.add_item(item)

    def raw(self) -> Any:
        return [{k: e.raw() for k, e in editors.items()} for editors in self.rows]

    def set_raw(self, raw: Any) -> None:
        self.set_value([])
        for item in raw or []:
            editors = self.add_item()
            for key, value in item.items():
                if key in editors:
                    editors[key].set_raw(value)

    def value(self) -> Any:
        items = []
        for editors in self.rows:
            item = {k: e.value() for k, e in editors.items()}
            items.append({k: v for k, v in item.items() if v not in (None, "", [])})
        return items


class BoundEditor(FieldEditor):
    """An age or date as it is known: [exactly|before|after|about|between] value [and value].

    The words typed are read too ("since before he was 10"), so the combo is a help, not a
    requirement; forms.bounds does all the reading and checking.
    """

    def __init__(self, field: Field, parent: QWidget | None = None, name: str = "") -> None:
        super().__init__(field, parent, name)
        lay = QHBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        self.bound = QComboBox()
        self.bound.setObjectName(f"{self.name}:bound")
        for b in Bound:
            self.bound.addItem(b.label, b.value)
        self.bound.setToolTip("How exactly it is known: 'before 10' when all that is known is "
                              "that he was under 10.")
        self.line = QLineEdit()
        self.line.setObjectName(f"{self.name}:text")
        self.and_label = QLabel("and")
        self.to = QLineEdit()
        self.to.setObjectName(f"{self.name}:to")
        is_age = field.type is T.AGE
        for line in (self.line, self.to):
            line.setMaximumWidth(70 if is_age else 130)
        self.line.setPlaceholderText("e.g. 14" if is_age else "e.g. May 2018")
        lay.addWidget(self.bound)
        lay.addWidget(self.line)
        lay.addWidget(self.and_label)
        lay.addWidget(self.to)
        if is_age and field.unit:
            lay.addWidget(QLabel(field.unit))
        lay.addStretch(1)
        self._show_to()
        self.bound.currentIndexChanged.connect(lambda _i: self._show_to())
        self.bound.activated.connect(lambda _i: self.edited.emit())
        self.line.textEdited.connect(lambda _t: self.edited.emit())
        self.to.textEdited.connect(lambda _t: self.edited.emit())

    def _show_to(self) -> None:
        between = self.bound.currentData() == Bound.BETWEEN.value
        self.and_label.setVisible(between)
        self.to.setVisible(between)

    def set_value(self, value: Any) -> None:
        if self.field.type is T.WHEN:
            bound, first, second = when_parts(value)
        else:
            found = read_stored(value)
            bound = found.bound if found else Bound.EXACTLY
            first = _number_text(found.value) if found else ""
            second = _number_text(found.to) if found and found.to is not None else ""
        self.bound.setCurrentIndex(self.bound.findData(bound.value))
        self.line.setText(first)
        self.to.setText(second)

    def raw(self) -> Any:
        return {"bound": self.bound.currentData(), "value": self.line.text(),
                "to": self.to.text()}

    def set_raw(self, raw: Any) -> None:
        raw = raw if isinstance(raw, dict) else {}
        index = self.bound.findData(raw.get("bound"))
        self.bound.setCurrentIndex(max(index, 0))
        self.line.setText(str(raw.get("value", "")))
        self.to.setText(str(raw.get("to", "")))

    def value(self) -> Any:
        first = self.line.text().strip()
        if not first:
            return None
        out = {"bound": self.bound.currentData(), "value": first}
        if self.bound.currentData() == Bound.BETWEEN.value:
            out["to"] = self.to.text().strip()
        return out


def make_editor(field: Field, name: str = "") -> FieldEditor:
    match field.type:
        case T.CHOICE | T.YES_NO:
            return ChoiceEditor(field, name=name)
        case T.MULTI_CHOICE:
            return MultiChoiceEditor(field, name=name)
        case T.QUANTITY:
            return QuantityEditor(field, name=name)
        case T.LIST:
            return ListEditor(field, name=name)
        case T.AGE | T.WHEN:
            return BoundEditor(field, name=name)
        case _:
            return TextEditor(field, name=name)
