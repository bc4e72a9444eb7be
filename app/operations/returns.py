"""Agency returns: asked for (a template written and the request logged).

Receiving a return, and replacing an earlier one with a correction, is the import operation
(app/operations/importing.import_return): one operation for every import.
"""

from __future__ import annotations

import datetime as dt
import os
import secrets
from pathlib import Path

from app.operations.changes import Changes
from forms.working_days import DEFAULT_WORKING_DAYS, add_working_days
from storage.casefile import CaseFile
from storage.chronology import Agency
from storage.errors import CaseError
from storage.ids import AgencyId
from storage.requests import AgencyReturn
from storage.requests_store import save_return


class ReturnError(CaseError):
    """A return action that cannot be done as asked; nothing was written."""


def ask_for_return(
    case: CaseFile,
    agency_id: AgencyId,
    path: str | os.PathLike[str],
    period_from: dt.date | None = None,
    period_to: dt.date | None = None,
    due_on: dt.date | None = None,
    today: dt.date | None = None,
) -> tuple[Path, Changes]:
    """Write the return template for an agency and log that its return was asked for."""
    from exports.return_template import TemplateDetails, write_template

    agency = case.get(Agency, agency_id)
    if agency is None:
        raise ReturnError(f"There is no agency {agency_id} in this case.")
    today = today or dt.date.today()
    due = due_on or add_working_days(today, DEFAULT_WORKING_DAYS)
    if due < today:
        raise ReturnError(f"The due date {due:%d/%m/%Y} is before today, when it is asked for.")
    if period_from and period_to and period_to < period_from:
        raise ReturnError("The period covered ends before it starts.")
    details = case.details()
    token = secrets.token_hex(8)
    template = TemplateDetails(
        case_reference=details.reference, agency=agency.name, token=token,
        marking=details.protective_marking or "OFFICIAL-SENSITIVE",
        local_authority=details.local_authority, requested_on=today, due_on=due,
        period_from=period_from, period_to=period_to, contact=case.author,
    )
    if case.read_only:
        raise ReturnError("This case is open read-only: asking for a return is logged in the "
                          "case, so no template is written. Open it for editing first.")
    written = write_template(template, path)
    item = AgencyReturn(agency_id, today, due, period_from, period_to, written.name, token)
    try:
        with case.transaction(f"Ask {agency.name} for its chronology ({written.name})") as tx:
            save_return(tx, item)
    except BaseException:
        # Not logged (a full disk, the file changed on disk): a template whose token the case
        # never recorded must not be left to be sent.
        written.unlink(missing_ok=True)
        raise
    return written, Changes.of(tx)
