"""Errors a user can act on.

Every error here carries a message written for the person at the keyboard: what is wrong and
what to do. The CLI prints it on one line and exits 1; the GUI shows it in a dialog. Anything
that is *not* a CaseError is a bug and is reported as one.
"""

from __future__ import annotations


class CaseError(Exception):
    """A problem the user can understand and act on."""

    exit_code = 1


class WrongPassphrase(CaseError):
    pass


class NotACaseFile(CaseError):
    pass


class CaseFileDamaged(CaseError):
    pass


class SchemaTooNew(CaseError):
    pass


class OpenElsewhere(CaseError):
    pass


class CaseBusy(CaseError):
    """Another connection kept the file locked for longer than the busy timeout."""


class RolledBack(CaseError):
    """The file is older than the last version this user saved: restored from an old copy."""


class WeakPassphrase(CaseError):
    pass


class NotEnoughSpace(CaseError):
    pass


class ReadOnlyLocation(CaseError):
    pass


class CaseChangedOnDisk(CaseError):
    pass


class CannotUndo(CaseError):
    """An undo or redo whose rows were changed again since (a constraint would break)."""


class InvalidValue(CaseError):
    """A value a user typed or imported that cannot be stored (impossible date, unknown choice)."""
