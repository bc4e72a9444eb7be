"""Uncaught exceptions: tell the user plainly, log where it happened, never log case data.

An exception's message and its local variables can hold anything the user typed (a name, an
address, a chronology entry), so the log records only the exception *type* and the code
locations it passed through (file, line, function) — enough for a developer to find the bug,
nothing about the family. The same goes for hard crashes: faulthandler writes only code
locations. Every edit is committed as its own transaction (a failed one is rolled back), so
the case on disk is intact whatever happened in the window.

A CaseError that escapes a slot is not a bug report: it is a message written for the user
(a full disk, a file changed on disk), so it is shown as it is, without the crash wording.
"""

from __future__ import annotations

import datetime as dt
import faulthandler
import logging
import logging.handlers
import os
import sys
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType

from storage.errors import CaseError
from storage.heads import config_dir

LOG_NAME = "visible.log"
FAULT_NAME = "visible-fault.log"


def log_dir() -> Path:
    return config_dir() / "logs"


def log_path() -> Path:
    return log_dir() / LOG_NAME


@dataclass(slots=True)
class CrashReport:
    """What the dialog and the log say about an uncaught exception."""

    kind: str  # exception type name, e.g. "KeyError"
    where: str  # innermost code location in Visible, e.g. "app/panels/x.py:42 in refresh"
    frames: list[str]
    user_message: str | None  # set for CaseError: a message meant for the user


def _short_file(filename: str) -> str:
    # Keep the path from the package down ("app/panels/x.py"); drop the user's folders.
    parts = Path(filename).parts
    for anchor in ("app", "storage", "forms", "exports", "resources", "site-packages"):
        if anchor in parts:
            i = len(parts) - 1 - parts[::-1].index(anchor)
            return "/".join(parts[i:])
    return Path(filename).name


def describe(exc_type: type[BaseException], exc: BaseException | None,
             tb: TracebackType | None) -> CrashReport:
    frames = [f"{_short_file(f.filename)}:{f.lineno} in {f.name}"
              for f in traceback.extract_tb(tb)]
    ours = [f for f in frames if f.split("/")[0] in ("app", "storage", "forms", "exports")]
    where = (ours or frames or ["(unknown location)"])[-1]
    user_message = str(exc) if isinstance(exc, CaseError) else None
    return CrashReport(exc_type.__name__, where, frames, user_message)


def setup_logging() -> Path:
    """Rotating log in the per-user log folder, plus faulthandler for hard crashes."""
    folder = log_dir()
    folder.mkdir(parents=True, exist_ok=True)
    root = logging.getLogger()
    target = str(folder / LOG_NAME)
    for h in [h for h in root.handlers if getattr(h, "_visible", False)]:
        if getattr(h, "baseFilename", "") == os.path.abspath(target):
            break
        root.removeHandler(h)  # the config folder moved (tests): follow it
        h.close()
    else:
        handler = logging.handlers.RotatingFileHandler(target, maxBytes=512_000, backupCount=3,
                                                       encoding="utf-8")
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        handler._visible = True  # type: ignore[attr-defined]
        root.addHandler(handler)
        root.setLevel(logging.INFO)
    if not faulthandler.is_enabled():  # a developer's -X faulthandler (or pytest) keeps stderr
        try:
            fault = open(folder / FAULT_NAME, "a", encoding="utf-8")  # noqa: SIM115 - kept open
            faulthandler.enable(fault)
            _keep.append(fault)
        except OSError:
            pass
    return folder / LOG_NAME


_keep: list[object] = []


def write_log(report: CrashReport) -> None:
    log = logging.getLogger("visible.crash")
    if report.user_message is not None:
        log.warning("user-facing error %s at %s", report.kind, report.where)
        return
    log.error("uncaught %s at %s\n  %s", report.kind, report.where,
              "\n  ".join(report.frames) or "(no traceback)")


Dialog = Callable[[CrashReport, Path], None]


class CrashHandler:
    """sys.excepthook replacement: log safely, then show a dialog (injected, so tests can look)."""

    def __init__(self, show: Dialog, after: Callable[[], None] | None = None) -> None:
        self.show = show
        self.after = after  # e.g. flush the clipboard guard; must not raise
        self.reports: list[CrashReport] = []
        self._previous = sys.excepthook
        self._busy = False
        self._shown_at: set[str] = set()

    def install(self) -> None:
        # Work on pool threads goes through app.workers, which hands exceptions back to the
        # GUI thread, so they arrive here too.
        sys.excepthook = self

    def uninstall(self) -> None:
        if sys.excepthook is self:
            sys.excepthook = self._previous

    def __call__(self, exc_type: type[BaseException], exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        if issubclass(exc_type, KeyboardInterrupt):
            self._previous(exc_type, exc, tb)  # type: ignore[arg-type]
            return
        report = describe(exc_type, exc, tb)
        self.reports.append(report)
        try:
            write_log(report)
        except Exception:  # noqa: BLE001 - a failing log must not hide the dialog
            pass
        if self._busy:  # an exception while showing the dialog: do not recurse
            return
        if report.user_message is None and report.where in self._shown_at:
            # The same bug again (a paint handler fails on every repaint): log, do not nag.
            return
        if report.user_message is None:
            self._shown_at.add(report.where)
        self._busy = True
        try:
            self.show(report, log_path())
        finally:
            self._busy = False


def message_for(report: CrashReport, log_file: Path) -> tuple[str, str]:
    """(title, text) for the dialog."""
    if report.user_message is not None:
        return "Visible", report.user_message
    when = dt.datetime.now().strftime("%H:%M")
    return ("Visible — internal error", (
        f"Something went wrong inside Visible at {when} ({report.kind} in {report.where}).\n\n"
        "Your case is safe: every change is saved as you make it, and a change that was "
        "interrupted has been undone rather than half-saved. If what you see looks wrong, "
        "lock the case (Ctrl+L) and unlock it to reload it from the file.\n\n"
        f"A technical note for your IT support (no case details) is in:\n{log_file}"
    ))
