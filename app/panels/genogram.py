"""Main-window panel: the household genogram editor."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from app.session import CaseSession

TITLE = "Genogram"
ORDER = 20


def create(session: CaseSession) -> QWidget:
    from app.genogram.editor import GenogramEditor  # imported when the panel is built

    return GenogramEditor(session)
