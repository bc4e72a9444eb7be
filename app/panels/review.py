"""Workspace page "Review & exports": exports and their history, the court chronology
builder, the review of identifiers before publishing, and the audit trail."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QWidget

if TYPE_CHECKING:  # the View menu lists the pages at start, before any case is loaded
    from app.session import CaseSession

TITLE = "Review & exports"
ORDER = 40


def create(session: CaseSession) -> QWidget:
    from app.review_page import ReviewPage  # the export history and audit read on demand

    return ReviewPage(session)
