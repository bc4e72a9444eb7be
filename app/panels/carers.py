"""Workspace page "Men": the male-carer roles, every man, and one page per man."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QWidget

if TYPE_CHECKING:  # the View menu lists the pages at start, before any case is loaded
    from app.session import CaseSession

TITLE = "Men"
ORDER = 20


def create(session: CaseSession) -> QWidget:
    # Imported here: listing the pages (the View menu, at start) must not load every page's
    # code; app.panels.warm_panels loads it on the unlock worker.
    from app.carers.view import CarersView

    return CarersView(session)
