"""Export problems a user can act on (one line in the CLI, a dialog in the app)."""

from __future__ import annotations

from storage.errors import CaseError


class ExportError(CaseError):
    """The export could not be written; the message says why and what to do."""


class ExportCancelled(ExportError):  # noqa: N818  (reads as what happened)
    """The user pressed Cancel; nothing was left behind."""


class AnonymisationLeak(ExportError):  # noqa: N818
    """The anonymised file still holds a name, date of birth or address: it was not kept."""
