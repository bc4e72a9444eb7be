"""The export dialog: same options as `visible export`, a warning, and work off the GUI thread.

It runs the one export job (app/operations/export.py) in its steps: *prepare* reads the case
(snapshot, genogram picture) and checks the options with the same rules as the command line;
*write* builds and writes hundreds of pages to a temporary file on a pool thread through
app.workers.run_in_background, reporting progress through a queued signal and stopping when
Cancel sets a threading.Event; *finish*, back on the GUI thread, records the export in the
case and only then renames the file into place.
"""

from __future__ import annotations

import threading
from pathlib import Path

import shiboken6
from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.export_done import confirm_file_leaving, show_exported
from app.genogram.rendering import render_png
from app.operations import export as job
from app.workers import read_in_background, run_in_background
from exports import leaving
from exports.document import ExportFormat, ExportOptions
from exports.errors import ExportCancelled
from exports.options import checked, resolve_target
from exports.output import MIN_PASSWORD
from exports.progress import Progress
from exports.styles import STYLES, style_spec
from storage.casefile import CaseFile
from storage.errors import CaseError
from storage.export_record import ExportRecord
from storage.exports_store import export_records

__all__ = ["LEAVES_CASE_WARNING", "ExportDialog"]

_SUFFIXES = tuple(f".{f.value}" for f in ExportFormat)

LEAVES_CASE_WARNING = leaving.EXPORT  # the words of the one confirmation

# The case remembers its exports (export_record): the next one starts where the last went.
CHRONOLOGY_STYLES = tuple(STYLES)


def remembered(case: CaseFile) -> ExportRecord | None:
    """The case's last chronology export (its folder, style and format are offered again)."""
    return next((r for r in export_records(case) if r.style in CHRONOLOGY_STYLES), None)


class _ProgressRelay(QObject):
    """Lives on the GUI thread; the worker emits, Qt queues the call to the GUI thread."""

    progressed = Signal(int, int)


class ExportDialog(QDialog):
    finished_export = Signal(object)  # Path of the written file

    def __init__(self, case: CaseFile, parent: QWidget | None = None,
                 folder: Path | None = None) -> None:
        super().__init__(parent)
        self.case = case
        self.setWindowTitle("Export chronology")
        self._cancel = threading.Event()
        self._relay = _ProgressRelay(self)
        self._relay.progressed.connect(self._on_progress)
        self._running = False
        self.written: Path | None = None
        self.finished_box: QMessageBox | None = None  # "written to …", Open file / folder
        details = case.details()

        self.format = QComboBox()
        self.format.addItem("Word document (.docx)", ExportFormat.DOCX)
        self.format.addItem("PDF (.pdf)", ExportFormat.PDF)
        self.format.addItem("Web page (.html), for publishing and phones", ExportFormat.HTML)
        self.style = QComboBox()
        for spec in STYLES.values():
            self.style.addItem(spec.title, spec.name)
        self.anonymise = QCheckBox("Anonymise for publication (pseudonyms, ages, no addresses)")
        self.all_events = QCheckBox("Every event, not only the two years before proceedings")
        self.household = QCheckBox("Under each key event, who lived with the child that day")
        self.marking = QLineEdit(details.protective_marking or "OFFICIAL-SENSITIVE")
        self.protect = QCheckBox("Protect the file with a password")
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setPlaceholderText(f"at least {MIN_PASSWORD} characters")
        self.confirm = QLineEdit()
        self.confirm.setEchoMode(QLineEdit.EchoMode.Password)
        self.confirm.setPlaceholderText("repeat the password")
        last = remembered(case)
        base = folder or case.path.parent
        if last is not None and Path(last.path).parent.is_dir():
            base = Path(last.path).parent  # this case's own folder for its exports
        safe_ref = "".join(c if c.isalnum() or c in "-_" else "-" for c in details.reference)
        self.path = QLineEdit(str(base / f"{safe_ref}-chronology.docx"))
        self.path.setAccessibleName("Save as")
        browse = QPushButton("Browse…")
        browse.clicked.connect(self._browse)
        path_row = QHBoxLayout()
        self.path.setAccessibleName("Save to (file)")
        path_row.addWidget(self.path)
        path_row.addWidget(browse)

        # Alt+letters for every row: the dialog is worked from the keyboard alone too (found
        # driving an export under Xvfb: only Tab reached the file's name).
        save_as = QLabel("&Save as")
        save_as.setBuddy(self.path)
        form = QFormLayout()
        form.addRow("&Format", self.format)
        form.addRow("St&yle", self.style)
        form.addRow("", self.anonymise)
        form.addRow("", self.all_events)
        form.addRow("", self.household)
        form.addRow("Protective &marking", self.marking)
        form.addRow("", self.protect)
        form.addRow("Pass&word", self.password)
        form.addRow("Re&peat password", self.confirm)
        form.addRow(save_as, path_row)

        self.progress = QProgressBar()
        self.progress.setVisible(False)
        self.status = QLabel("")
        self.status.setWordWrap(True)
        self.buttons = QDialogButtonBox()
        self.export_button = self.buttons.addButton("Export…",
                                                    QDialogButtonBox.ButtonRole.AcceptRole)
        self.cancel_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.export_button.clicked.connect(self._confirm_and_start)
        self.cancel_button.clicked.connect(self._cancel_clicked)

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.progress)
        layout.addWidget(self.status)
        layout.addWidget(self.buttons)

        if last is not None:  # the same style and format as last time, for this case
            self.style.setCurrentIndex(max(0, self.style.findData(last.style)))
            formats = {f.value: f for f in ExportFormat}
            self.format.setCurrentIndex(max(0, self.format.findData(formats.get(last.format))))
            self.anonymise.setChecked(last.anonymised)
            self.path.setText(str(base / f"{safe_ref}-{last.style}-chronology.{last.format}"))
        self.format.currentIndexChanged.connect(self._sync)
        self.style.currentIndexChanged.connect(self._sync)
        self.protect.toggled.connect(self._sync)
        self._sync()

    # Form -------------------------------------------------------------------------------------
    def _sync(self) -> None:
        fmt: ExportFormat = self.format.currentData()
        path = Path(self.path.text())
        if path.suffix.lower() in _SUFFIXES and path.suffix.lower() != f".{fmt}":
            self.path.setText(str(path.with_suffix(f".{fmt}")))
        offered = style_spec(self.style.currentData()).options
        self.all_events.setEnabled("all_events" in offered)
        self.household.setEnabled("household_on_key_events" in offered)
        # HTML has no standard encryption; the job refuses a password for it.
        self.protect.setEnabled(fmt is not ExportFormat.HTML)
        if fmt is ExportFormat.HTML:
            self.protect.setChecked(False)
        for edit in (self.password, self.confirm):
            edit.setEnabled(self.protect.isChecked())

    def _browse(self) -> None:
        fmt: ExportFormat = self.format.currentData()
        name, _ = QFileDialog.getSaveFileName(self, "Export to", self.path.text(),
                                              f"{fmt.upper()} (*.{fmt})")
        if name:
            self.path.setText(name)

    def options(self) -> ExportOptions:
        """The chosen options; raises CaseError with a message for the user when invalid."""
        password = None
        if self.protect.isChecked():
            password = self.password.text()
            if password != self.confirm.text():
                raise CaseError("The two passwords differ; type the same password twice.")
        style = style_spec(self.style.currentData())
        return checked(ExportOptions(format=self.format.currentData(), style=style.name,
                                     anonymise=self.anonymise.isChecked(),
                                     all_events=self.all_events.isChecked()
                                     and "all_events" in style.options,
                                     household_on_key_events=self.household.isChecked()
                                     and "household_on_key_events" in style.options,
                                     password=password, marking=self.marking.text()))

    def target(self) -> Path:
        return resolve_target(Path(self.path.text()), self.format.currentData())[0]

    # Running ----------------------------------------------------------------------------------
    def what(self) -> str:
        """"The court chronology (PDF, anonymised)" — what is about to leave the case."""
        fmt = str(self.format.currentText()).split(" (")[0]
        extra = ", anonymised" if self.anonymise.isChecked() else ""
        return f"The {self.style.currentText().split(' (')[0].lower()} ({fmt}{extra})"

    def confirm_leaving(self) -> bool:
        """The file leaves the encrypted case: the user says so once; Cancel is the default."""
        try:
            path = self.target()
        except CaseError:
            path = Path(self.path.text())
        return confirm_file_leaving(self, self.what(), path, LEAVES_CASE_WARNING)

    def _confirm_and_start(self) -> None:
        try:
            options, path = self.options(), self.target()
        except CaseError as exc:
            self._show_error(str(exc))
            return
        if not self.confirm_leaving():
            return
        self.start(options, path)

    def start(self, options: ExportOptions, path: Path) -> None:
        """Begin the export (tests call this directly). Nothing here waits on the case: the
        snapshot is read and the genogram drawn on a worker (QPainter on a QImage is
        thread-safe; its 300 dpi PNG took 0.3-0.5 s, a freeze on this thread), the document
        is written on a worker, and the export is recorded here when the file is ready."""
        try:
            job.checked_options(options, path)
        except CaseError as exc:
            self._show_error(str(exc))
            return
        self._cancel.clear()
        self._set_running(True)
        self.status.setText("Reading the case…")
        cancel = self._cancel

        def read(reader: CaseFile) -> job.PreparedExport:
            prepared = job.read_case(reader, options, path)
            if cancel.is_set():
                return prepared
            return job.add_genogram(prepared, render_png)

        read_in_background(self.case, read, self._write, self._failed)

    def _write(self, prepared: job.PreparedExport) -> None:
        if not shiboken6.isValid(self):  # closed by a lock meanwhile: nothing more to do
            return
        if self._cancel.is_set():
            self._failed(ExportCancelled("Cancelled; no file was written."))
            return
        relay = self._relay
        progress = Progress(report=lambda done, total: relay.progressed.emit(done, total),
                            cancel=self._cancel)
        self.status.setText("Exporting…")
        run_in_background(lambda: job.write_temporary(prepared, progress),
                          lambda tmp: self._done(prepared, tmp), self._failed)

    def _set_running(self, running: bool) -> None:
        self._running = running
        self.progress.setVisible(running)
        self.progress.setValue(0)
        self.export_button.setEnabled(not running)
        for widget in (self.format, self.style, self.anonymise, self.all_events, self.household,
                       self.marking,
                       self.protect, self.password, self.confirm, self.path):
            widget.setEnabled(not running)
        if not running:
            self._sync()

    def _on_progress(self, done: int, total: int) -> None:
        self.progress.setMaximum(max(total, 1))
        self.progress.setValue(min(done, total))

    def _done(self, prepared: job.PreparedExport, tmp: Path) -> None:
        if not shiboken6.isValid(self):  # closed by a lock meanwhile: never place it unrecorded
            tmp.unlink(missing_ok=True)
            return
        self._set_running(False)
        try:
            result = job.finish(self.case, prepared, tmp)
        except CaseError as exc:
            message = f"Nothing was exported: {exc}"
            self.status.setText(message)
            self._show_error(message)
            return
        written = result.path
        self.written = written
        protected = "password-protected" if prepared.options.password else \
            "not password-protected"
        self.status.setText(f"Wrote {written.name} ({protected}).")
        what = self.what()
        self.finished_export.emit(written)
        self.accept()
        # Told where it went, with the way to it (the dialog itself is closing).
        self.finished_box = show_exported(self.parentWidget(), written, what,
                                          f"The file is {protected}.")

    def _failed(self, exc: BaseException) -> None:
        self._set_running(False)
        if isinstance(exc, ExportCancelled):
            self.status.setText("Cancelled; no file was written.")
        elif isinstance(exc, CaseError):
            self.status.setText(str(exc))
            self._show_error(str(exc))
        else:
            message = f"The export failed unexpectedly ({type(exc).__name__}: {exc}). " \
                      "No file was written; please report this."
            self.status.setText(message)
            self._show_error(message)

    def _cancel_clicked(self) -> None:
        if self._running:
            self._cancel.set()
            self.status.setText("Cancelling…")
        else:
            self.reject()

    def _show_error(self, message: str) -> None:
        box = QMessageBox(QMessageBox.Icon.Warning, "Export", message, parent=self)
        box.setObjectName("export-error")
        box.open()

    def reject(self) -> None:
        if self._running:  # Escape or the window's close button while exporting: cancel first
            self._cancel.set()
            return
        super().reject()
