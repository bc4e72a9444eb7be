"""Main-window panel: the male carers (roles, men, each man's record)."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from app.carers.view import CarersView
from app.session import CaseSession

TITLE = "Male carers"
ORDER = 30


def create(session: CaseSession) -> QWidget:
    return CarersView(session)
