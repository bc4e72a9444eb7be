"""Export problems a user can act on (printed on one line by the CLI, shown in a dialog by the app)."""

from __future__ import annotations

from storage.errors import CaseError


class ExportError(CaseError):
    """The export could not be written; the message says why and what to do."""


class ExportCancelled(ExportError):
    """The user pressed Cancel; nothing was left behind."""


class AnonymisationLeak(ExportError):
    """The anonymised file still holds a name, date of birth or address: it was not kept."""
