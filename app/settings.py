"""Per-user preferences, kept in an INI file through QSettings.

The file lives in the per-user config folder (storage.heads.config_dir(), which tests point at a
temporary folder), not in the Windows registry, so support staff can read, copy or reset it.
It never holds case data: only preferences, window layout and — if the user allows it — the
paths of recently opened case files, shown as file names only.
"""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings

from storage.heads import config_dir

DEFAULT_IDLE_MINUTES = 5
MIN_IDLE_MINUTES = 1
MAX_IDLE_MINUTES = 240
DEFAULT_MARKING = "OFFICIAL-SENSITIVE"
MAX_RECENT = 8
# Local guidance keeps a PD12A chronology short; the court's own directions prevail.
DEFAULT_COURT_PAGE_LIMIT = 10
MAX_COURT_PAGE_LIMIT = 350  # the e-bundle limit unless the court allows more


def settings_path() -> Path:
    return config_dir() / "settings.ini"


def _as_bool(value: object, default: bool) -> bool:
    # INI values come back as strings ("true"/"false"); native ones as bools.
    if value is None:
        return default
    if isinstance(value, bool):
        return value
    return str(value).strip().lower() in ("1", "true", "yes", "on")


def _as_int(value: object, default: int) -> int:
    try:
        return int(str(value))
    except (TypeError, ValueError):
        return default


class Settings:
    """Typed access to the preferences; every getter tolerates a missing or hand-edited value."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path or settings_path()
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.qsettings = QSettings(str(self.path), QSettings.Format.IniFormat)

    def sync(self) -> None:
        self.qsettings.sync()

    # Preferences ------------------------------------------------------------------------
    @property
    def hidden_chronology_columns(self) -> list[str]:
        """The chronology table's columns the user has hidden (their keys, app.chronology.model
        COLUMNS): eleven columns do not fit a 1366-pixel laptop, so each user keeps the ones
        their work needs in view."""
        value = self.qsettings.value("chronology/hidden_columns", "")
        if isinstance(value, list):  # QSettings reads "a, b" back from an INI file as a list
            value = ",".join(str(v) for v in value)
        return [k.strip() for k in str(value or "").split(",") if k.strip()]

    @hidden_chronology_columns.setter
    def hidden_chronology_columns(self, keys: list[str]) -> None:
        self.qsettings.setValue("chronology/hidden_columns", ",".join(keys))

    @property
    def idle_timeout_minutes(self) -> int:
        value = _as_int(self.qsettings.value("lock/idle_minutes"), DEFAULT_IDLE_MINUTES)
        return min(max(value, MIN_IDLE_MINUTES), MAX_IDLE_MINUTES)

    @idle_timeout_minutes.setter
    def idle_timeout_minutes(self, minutes: int) -> None:
        minutes = min(max(int(minutes), MIN_IDLE_MINUTES), MAX_IDLE_MINUTES)
        self.qsettings.setValue("lock/idle_minutes", minutes)

    @property
    def marking_text(self) -> str:
        text = str(self.qsettings.value("documents/marking", DEFAULT_MARKING) or "").strip()
        return text or DEFAULT_MARKING

    @marking_text.setter
    def marking_text(self, text: str) -> None:
        self.qsettings.setValue("documents/marking", text.strip() or DEFAULT_MARKING)

    @property
    def court_page_limit(self) -> int:
        value = _as_int(self.qsettings.value("documents/court_page_limit"),
                        DEFAULT_COURT_PAGE_LIMIT)
        return min(max(value, 1), MAX_COURT_PAGE_LIMIT)

    @court_page_limit.setter
    def court_page_limit(self, pages: int) -> None:
        pages = min(max(int(pages), 1), MAX_COURT_PAGE_LIMIT)
        self.qsettings.setValue("documents/court_page_limit", pages)

    @property
    def export_folder(self) -> str:
        return str(self.qsettings.value("documents/export_folder", "") or "")

    @export_folder.setter
    def export_folder(self, folder: str) -> None:
        self.qsettings.setValue("documents/export_folder", folder)

    @property
    def author_name(self) -> str:
        return str(self.qsettings.value("user/author", "") or "").strip()

    @author_name.setter
    def author_name(self, name: str) -> None:
        self.qsettings.setValue("user/author", name.strip())

    # Recent cases -----------------------------------------------------------------------
    @property
    def recent_enabled(self) -> bool:
        return _as_bool(self.qsettings.value("recent/enabled"), True)

    @recent_enabled.setter
    def recent_enabled(self, enabled: bool) -> None:
        self.qsettings.setValue("recent/enabled", bool(enabled))
        if not enabled:
            # Switching the list off must also forget it, or the names stay on disk.
            self.clear_recent()

    def recent_files(self) -> list[Path]:
        if not self.recent_enabled:
            return []
        raw = self.qsettings.value("recent/files", [])
        if isinstance(raw, str):
            raw = [raw] if raw else []
        return [Path(p) for p in (raw or []) if isinstance(p, str) and p]

    def add_recent(self, path: Path) -> None:
        if not self.recent_enabled:
            return
        resolved = str(Path(path).resolve())
        files = [str(p) for p in self.recent_files() if str(p) != resolved]
        self.qsettings.setValue("recent/files", [resolved, *files][:MAX_RECENT])

    def existing_recent(self) -> list[Path]:
        """The recent cases that are still there; the others are dropped from the list (a
        moved or deleted case is not offered again, issue 12)."""
        files = self.recent_files()
        kept = [p for p in files if p.is_file()]
        if len(kept) != len(files):
            self.qsettings.setValue("recent/files", [str(p) for p in kept])
        return kept

    def remove_recent(self, path: Path) -> None:
        files = [str(p) for p in self.recent_files() if p != Path(path)]
        self.qsettings.setValue("recent/files", files)

    def clear_recent(self) -> None:
        self.qsettings.remove("recent/files")

    # Window layout (no case data: Qt's geometry and dock-state blobs) ---------------------
    def window_geometry(self) -> QByteArray | None:
        value = self.qsettings.value("window/geometry")
        return value if isinstance(value, QByteArray) and not value.isEmpty() else None

    def set_window_geometry(self, data: QByteArray) -> None:
        self.qsettings.setValue("window/geometry", data)

    def window_state(self) -> QByteArray | None:
        value = self.qsettings.value("window/state")
        return value if isinstance(value, QByteArray) and not value.isEmpty() else None

    def set_window_state(self, data: QByteArray) -> None:
        self.qsettings.setValue("window/state", data)


def default_export_folder(settings: Settings) -> str:
    """The folder export dialogs start in: the user's choice, else Documents, else home."""
    chosen = settings.export_folder
    if chosen and os.path.isdir(chosen):
        return chosen
    documents = Path.home() / "Documents"
    return str(documents if documents.is_dir() else Path.home())
