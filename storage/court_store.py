"""The court proceedings about the child (storage/case.py Proceedings): one row, or none yet."""

from __future__ import annotations

from storage.case import Proceedings
from storage.casefile import CaseFile, Txn
from storage.dates import PartialDate


def proceedings(case: CaseFile) -> Proceedings:
    """The case's proceedings; a case where none have been recorded has an empty record."""
    return case.get(Proceedings, 1) or Proceedings()


def set_issued_on(tx: Txn, case: CaseFile, issued_on: PartialDate | None) -> None:
    current = case.get(Proceedings, 1)
    if current is None:
        tx.add(Proceedings(issued_on))
    else:
        current.issued_on = issued_on
        tx.save(current)
