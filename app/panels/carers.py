"""Workspace page "Men": the male-carer roles, every man, and one page per man."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from app.carers.view import CarersView
from app.session import CaseSession

TITLE = "Men"
ORDER = 20


def create(session: CaseSession) -> QWidget:
    return CarersView(session)
