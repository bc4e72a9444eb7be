"""Agency returns: asked for (a template written), received (an import), corrected (replaced).

Every write is one transaction = one undo entry. A corrected return from the same agency
replaces its earlier batch in one action — old entries out, new ones in, the log updated — so
one Undo brings the earlier return back exactly.
"""

from __future__ import annotations

import datetime as dt
import os
import secrets
from dataclasses import dataclass, replace
from pathlib import Path

from app.operations.changes import Changes
from forms.importers.plan import ImportPlan, ImportResult, write_plan
from forms.returns import ReturnDiff, diff_return
from forms.working_days import DEFAULT_WORKING_DAYS, add_working_days
from storage.casefile import CaseFile, Txn
from storage.chronology import Agency
from storage.chronology_store import entries
from storage.errors import CaseError
from storage.ids import AgencyId, ImportBatchId
from storage.requests import AgencyReturn
from storage.requests_store import (
    delete_batch,
    entry_ids_of_batch,
    get_batch,
    return_by_token,
    returns_of_agency,
    save_return,
)


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


@dataclass(slots=True)
class ReturnMatch:
    """Which logged return a file answers, and the batch it would replace (a correction)."""

    log: AgencyReturn | None
    replaces: ImportBatchId | None
    diff: ReturnDiff | None = None


def match_return(case: CaseFile, plan: ImportPlan, token: str = "",
                 corrected: bool = False) -> ReturnMatch:
    """Find the return a file answers (by the template's token, else the agency's open one)
    and, when it was already received or `corrected` is asked, what the correction changes."""
    assert plan.agency.id is not None
    log = return_by_token(case, token) if token else None
    if log is not None and log.agency_id != plan.agency.id:
        other = case.get(Agency, log.agency_id)
        raise ReturnError(
            f"{plan.file_name} is the return template sent to "
            f"{other.name if other else 'another agency'}, not to {plan.agency.name}; import it "
            "as that agency's return."
        )
    logged = returns_of_agency(case, AgencyId(plan.agency.id))
    if log is None and token == "":
        # A file not made from a template: it answers the agency's oldest open request, if any.
        log = next((r for r in logged if r.received_on is None), None)
    replaces: ImportBatchId | None = None
    if log is not None and log.batch_id is not None:
        replaces = log.batch_id
    elif corrected:
        received = [r for r in logged if r.batch_id is not None]
        if not received:
            raise ReturnError(
                f"{plan.agency.name} has no earlier return in this case to correct; import this "
                "one as its first return."
            )
        log = received[-1]
        replaces = log.batch_id
    diff = None
    if replaces is not None:
        _not_duplicates_of_replaced(case, plan, replaces)
        old = entries(case, "import_batch_id = ?", (replaces,))
        new = [row.entry for row in plan.valid_rows if row.entry is not None]
        batch = get_batch(case, replaces)
        diff = diff_return(old, new, (batch.file_name if batch else "", plan.file_name))
    return ReturnMatch(log, replaces, diff)


def _not_duplicates_of_replaced(case: CaseFile, plan: ImportPlan,
                                replaces: ImportBatchId) -> None:
    """The corrected rows match the old ones by design: they are not duplicates of entries
    the same action removes (and must not point at them). Done when the match is made, so
    the preview and the CLI do not first warn "it will be imported and flagged"."""
    old_ids = set(entry_ids_of_batch(case, replaces))
    for row in plan.rows:
        if row.duplicate_of in old_ids:
            row.duplicate_of = None
            row.warnings = [w for w in row.warnings if "already in the case" not in w.message]


def import_label(plan: ImportPlan, match: ReturnMatch, case: CaseFile) -> str:
    if match.replaces is None:
        return f"Import {len(plan.valid_rows)} entries from {plan.file_name} ({plan.agency.name})"
    old = get_batch(case, match.replaces)
    assert match.diff is not None
    return (f"Replace {plan.agency.name}'s return ({old.file_name if old else 'earlier batch'})"
            f" with {plan.file_name}: {match.diff.summary()}")


def write_return(
    tx: Txn, case: CaseFile, plan: ImportPlan, match: ReturnMatch, skip_invalid: bool = False,
    today: dt.date | None = None,
) -> ImportResult:
    """Inside the caller's transaction (the import dialog's): the import, the replaced batch
    removed, and the returns log updated."""
    today = today or dt.date.today()
    if match.replaces is not None:
        _not_duplicates_of_replaced(case, plan, match.replaces)  # a match made by hand too
    # New rows first, then the old batch out: the new entries get fresh ids, never the ids of
    # the rows they replace (a reused id would let a stale view show the wrong row).
    result = write_plan(tx, plan, skip_invalid=skip_invalid)
    if match.replaces is not None:
        delete_batch(tx, match.replaces)
    assert plan.agency.id is not None
    log = match.log or AgencyReturn(AgencyId(plan.agency.id), None, template_file="")
    corrections = log.corrections + (1 if match.replaces is not None else 0)
    save_return(tx, replace(log, received_on=today, batch_id=result.batch_id,
                            row_count=len(result.entry_ids), corrections=corrections))
    return result


def import_return(
    case: CaseFile,
    plan: ImportPlan,
    match: ReturnMatch,
    skip_invalid: bool = False,
    today: dt.date | None = None,
) -> tuple[ImportResult, Changes]:
    """Import a return; a correction replaces the earlier batch, all as one undoable action."""
    with case.transaction(import_label(plan, match, case)) as tx:
        result = write_return(tx, case, plan, match, skip_invalid, today)
    return result, Changes.of(tx)


def match_lines(match: ReturnMatch) -> list[str]:
    """What the import will do with the returns log, in words (CLI and dialog)."""
    if match.replaces is None:
        if match.log is not None and match.log.requested_on is not None:
            return [f"This answers the return asked for on {match.log.requested_on:%d/%m/%Y}."]
        return []
    assert match.diff is not None
    lines = [f"Corrected return: it replaces the earlier batch {match.replaces} "
             f"({match.diff.summary()})."]
    return lines + [f"  {line}" for line in match.diff.lines()]
