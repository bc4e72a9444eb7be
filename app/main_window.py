"""The main window (minimal for now): the case reference and what the file holds."""

from __future__ import annotations

from PySide6.QtWidgets import QFormLayout, QLabel, QMainWindow, QWidget

from app.commands.info import case_counts
from storage.casefile import CaseFile


class MainWindow(QMainWindow):
    def __init__(self, case: CaseFile) -> None:
        super().__init__()
        self.case = case
        details = case.details()
        self.setWindowTitle(f"{details.reference} — Visible")
        counts = case_counts(case)
        body = QWidget()
        form = QFormLayout(body)
        self.labels: dict[str, QLabel] = {}
        for key, title in (("reference", "Case reference"), ("people", "People"),
                           ("male_carers", "Male carers recorded"),
                           ("chronology_entries", "Chronology entries"),
                           ("schema_version", "File format version")):
            label = QLabel(str(counts[key]))
            label.setObjectName(key)
            self.labels[key] = label
            form.addRow(title, label)
        self.setCentralWidget(body)
        self.statusBar().showMessage(f"{details.protective_marking} · All changes saved")
        self.resize(900, 600)

    def closeEvent(self, event) -> None:  # noqa: N802 - Qt override
        self.case.close()
        super().closeEvent(event)
