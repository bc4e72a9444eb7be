"""Edit → Preferences: one read path (load) and one write path (save) over app.settings."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.settings import MAX_COURT_PAGE_LIMIT, MAX_IDLE_MINUTES, MIN_IDLE_MINUTES, Settings


class SettingsDialog(QDialog):
    def __init__(self, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.settings = settings
        self.setWindowTitle("Preferences — Visible")
        self.idle = QSpinBox()
        self.idle.setRange(MIN_IDLE_MINUTES, MAX_IDLE_MINUTES)
        self.idle.setSuffix(" min")
        self.idle.setAccessibleName("Lock after this many idle minutes")
        self.marking = QLineEdit()
        self.marking.setAccessibleName("Protective marking for new cases and documents")
        self.export_folder = QLineEdit()
        self.export_folder.setAccessibleName("Default export folder")
        browse = QPushButton("&Browse…")
        browse.setAccessibleName("Choose the default export folder")
        browse.clicked.connect(self._browse)
        folder_row = QHBoxLayout()
        folder_row.addWidget(self.export_folder, 1)
        folder_row.addWidget(browse)
        self.recent = QCheckBox("Remember recent cases (file names only)")
        self.recent.setAccessibleName("Remember recent cases")
        self.court_pages = QSpinBox()
        self.court_pages.setRange(1, MAX_COURT_PAGE_LIMIT)
        self.court_pages.setSuffix(" pages")
        self.court_pages.setAccessibleName("Warn when a court chronology is longer than this")
        self.court_pages.setToolTip("The court's own directions on length prevail over this.")
        self.author = QLineEdit()
        self.author.setAccessibleName("Your name, as recorded in the audit trail")
        self.author.setPlaceholderText("Your sign-in name is used if this is empty")
        note = QLabel("Preferences are stored for you on this computer. They never contain "
                      "case details.")
        note.setWordWrap(True)
        form = QFormLayout()
        form.addRow("&Lock after idle for", self.idle)
        form.addRow("Protective &marking", self.marking)
        export_label = QLabel("&Export folder")
        export_label.setBuddy(self.export_folder)
        form.addRow(export_label, folder_row)
        form.addRow("", self.recent)
        form.addRow("&Court chronology limit", self.court_pages)
        form.addRow("Your &name", self.author)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addWidget(buttons)
        self.load()

    def load(self) -> None:
        s = self.settings
        self.idle.setValue(s.idle_timeout_minutes)
        self.marking.setText(s.marking_text)
        self.export_folder.setText(s.export_folder)
        self.recent.setChecked(s.recent_enabled)
        self.author.setText(s.author_name)
        self.court_pages.setValue(s.court_page_limit)

    def save(self) -> None:
        s = self.settings
        s.idle_timeout_minutes = self.idle.value()
        s.marking_text = self.marking.text()
        s.export_folder = self.export_folder.text().strip()
        s.recent_enabled = self.recent.isChecked()
        s.author_name = self.author.text()
        s.court_page_limit = self.court_pages.value()
        s.sync()

    def accept(self) -> None:
        self.save()
        super().accept()

    def _browse(self) -> None:
        chosen = QFileDialog.getExistingDirectory(self, "Default export folder",
                                                  self.export_folder.text())
        if chosen:
            self.export_folder.setText(chosen)
