"""What the window shows with no case open: new, open, recent cases, the demo case.

Recent cases are listed by file name only (the folder can name a family, and the screen may
be seen by others in a shared office). The list can be switched off — which also forgets it —
and cleared.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.settings import Settings

_PATH_ROLE = Qt.ItemDataRole.UserRole


class StartScreen(QWidget):
    new_requested = Signal()
    open_requested = Signal()
    demo_requested = Signal()
    recent_chosen = Signal(object)  # Path

    def __init__(self, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.settings = settings
        title = QLabel("Visible")
        title.setStyleSheet("font-size: 22pt; font-weight: 600")
        tagline = QLabel("Encrypted case files that keep every man in a baby's life in view.")
        tagline.setWordWrap(True)

        self.new_button = QPushButton("&New case…")
        self.new_button.setAccessibleName("New case")
        self.open_button = QPushButton("&Open case…")
        self.open_button.setAccessibleName("Open case")
        self.demo_button = QPushButton("Open the &demo case")
        self.demo_button.setAccessibleName("Open the demo case")
        self.demo_button.setToolTip("A fictional family, for training and trying things out.")
        for button, signal in ((self.new_button, self.new_requested),
                               (self.open_button, self.open_requested),
                               (self.demo_button, self.demo_requested)):
            button.setMinimumHeight(36)
            button.clicked.connect(signal)

        self.recent_label = QLabel("&Recent cases")
        self.recent = QListWidget()
        self.recent.setObjectName("recentCases")
        self.recent.setAccessibleName("Recent cases")
        self.recent_label.setBuddy(self.recent)
        self.recent.itemActivated.connect(self._activated)
        self.recent_empty = QLabel("")
        self.recent_empty.setWordWrap(True)
        self.remember = QCheckBox("Re&member recent cases on this computer")
        self.remember.setAccessibleName("Remember recent cases")
        self.remember.setChecked(settings.recent_enabled)
        self.remember.toggled.connect(self._remember_toggled)
        self.clear_button = QPushButton("C&lear list")
        self.clear_button.setAccessibleName("Clear the recent cases list")
        self.clear_button.clicked.connect(self._clear)

        actions = QVBoxLayout()
        for w in (self.new_button, self.open_button, self.demo_button):
            actions.addWidget(w)
        actions.addStretch(1)
        recent = QVBoxLayout()
        recent.addWidget(self.recent_label)
        recent.addWidget(self.recent, 1)
        recent.addWidget(self.recent_empty)
        controls = QHBoxLayout()
        controls.addWidget(self.remember, 1)
        controls.addWidget(self.clear_button)
        recent.addLayout(controls)
        columns = QHBoxLayout()
        columns.addLayout(actions, 1)
        columns.addSpacing(24)
        columns.addLayout(recent, 2)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(48, 36, 48, 36)
        outer.addWidget(title)
        outer.addWidget(tagline)
        outer.addSpacing(18)
        outer.addLayout(columns, 1)
        self.refresh()

    def refresh(self) -> None:
        self.recent.clear()
        enabled = self.settings.recent_enabled
        for path in self.settings.existing_recent():
            item = QListWidgetItem(path.name)
            item.setData(_PATH_ROLE, str(path))
            # The name alone can be ambiguous (every demo is demo.vcase): the folder on hover.
            item.setToolTip(f"{path.name}\nin {path.parent}")
            item.setData(Qt.ItemDataRole.AccessibleDescriptionRole, f"in {path.parent}")
            self.recent.addItem(item)
        if not enabled:
            self.recent_empty.setText("Recent cases are not remembered on this computer.")
        elif self.recent.count() == 0:
            self.recent_empty.setText("No recent cases. Cases you open will be listed here.")
        else:
            self.recent_empty.setText("")
        self.recent.setEnabled(enabled)
        self.clear_button.setEnabled(enabled and self.recent.count() > 0)
        if self.recent.count():
            self.recent.setCurrentRow(0)

    def _activated(self, item: QListWidgetItem) -> None:
        if item.flags() & Qt.ItemFlag.ItemIsEnabled:
            self.recent_chosen.emit(Path(item.data(_PATH_ROLE)))

    def _remember_toggled(self, on: bool) -> None:
        self.settings.recent_enabled = on
        self.refresh()

    def _clear(self) -> None:
        self.settings.clear_recent()
        self.refresh()
