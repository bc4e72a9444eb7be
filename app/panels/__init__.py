"""Panels of the main window, discovered like CLI commands.

Each module here defines TITLE (str), ORDER (int, left to right) and
`create(session: app.session.CaseSession) -> QWidget`. A panel must be rebuildable from the
case alone: on lock the main window destroys every panel and recreates them on unlock, so no
case data outlives the lock.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable, Sequence
from types import ModuleType


def available_panels() -> list[ModuleType]:
    modules = []
    for info in pkgutil.iter_modules(__path__):
        if not info.name.startswith("_"):
            modules.append(importlib.import_module(f"{__name__}.{info.name}"))
    return sorted(modules, key=lambda m: getattr(m, "ORDER", 100))


def warm_panels(source: Callable[[], Sequence[ModuleType]] = available_panels) -> None:
    """Import what building the panels imports (on the unlock worker, while the key is being
    derived or just after): the panels' modules, and those they import only when built."""
    source()
    # A man's page imports his requests' widget when first opened: 0.1-0.2 s on the GUI thread.
    # The panel modules themselves import their pages' code only when a page is built, so the
    # View menu can list them at start without it.
    # The workspace and the session's guard are imported lazily by the main window (the unlock
    # screen needs neither); the unlock worker imports them so that showing the case does not.
    for name in ("app.workspace", "app.file_guard", "app.long_write",
                 "app.carers.view", "app.chronology.view", "app.requests.returns_widget",
                 "app.review_page", "app.genogram.editor", "app.chronology.lens_view",
                 "app.chronology.import_dialog", "app.export_dialog", "app.requests.widget"):
        importlib.import_module(name)
