"""The case's agency list: the defaults are seeded; users add and rename agencies here."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.operations import agencies as agency_ops
from app.operations.changes import Changes
from app.qt_roles import USER
from app.session import CaseSession
from storage.chronology import Agency
from storage.chronology_store import agencies
from storage.errors import CaseError
from storage.ids import AgencyId


class AgenciesDialog(QDialog):
    def __init__(self, session: CaseSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Agencies")
        self.session = session
        self.list = QListWidget()
        self.name = QLineEdit()
        self.name.setPlaceholderText("Agency name, e.g. Youth offending service")
        self.prefix = QLineEdit()
        self.prefix.setPlaceholderText("Prefix, e.g. YOS")
        self.prefix.setMaxLength(6)
        self.message = QLabel()
        self.message.setStyleSheet("color: #a40000")
        add = QPushButton("Add")
        rename = QPushButton("Save changes to selected")
        add.clicked.connect(self.add_agency)
        rename.clicked.connect(self.rename_selected)
        self.list.currentItemChanged.connect(self._show)
        row = QHBoxLayout()
        row.addWidget(self.name, 3)
        row.addWidget(self.prefix, 1)
        row.addWidget(add)
        row.addWidget(rename)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.list)
        layout.addLayout(row)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        self.reload()

    def reload(self) -> None:
        self.list.clear()
        for agency in agencies(self.session.case):
            item = QListWidgetItem(f"{agency.name}  ({agency.prefix})")
            item.setData(USER, agency.id)
            self.list.addItem(item)

    def _show(self, item: QListWidgetItem | None) -> None:
        if item is None:
            return
        agency = self.session.case.get(Agency, item.data(USER))
        if agency is not None:
            self.name.setText(agency.name)
            self.prefix.setText(agency.prefix)

    def _values(self) -> tuple[str, str] | None:
        name, prefix = self.name.text().strip(), self.prefix.text().strip().upper()
        if not name or not prefix:
            self.message.setText("Give both a name and a short prefix.")
            return None
        return name, prefix

    def add_agency(self) -> None:
        self._apply(agency_ops.add_agency, self.name.text(), self.prefix.text())

    def rename_selected(self) -> None:
        item = self.list.currentItem()
        if item is None:
            self.message.setText("Choose the agency to rename.")
            return
        self._apply(agency_ops.rename_agency, AgencyId(item.data(USER)), self.name.text(),
                    self.prefix.text())

    def _apply(self, op: Callable[..., Changes], *args: object) -> None:
        try:
            self.session.run(op, *args)
        except CaseError as exc:
            self.message.setText(str(exc))
            return
        self.message.setText("")
        self.reload()
