"""Importing an agency's return: one plan written as one undoable action.

Reading the file and planning it (forms/importers: every row parsed, checked, compared for
duplicates) touch nothing and run off the GUI thread; `import_return` writes the plan. It is
the one import operation: a plain import, the return a template asked for (the returns log
marks it received), and a corrected return (the agency's earlier batch replaced in the same
action: old entries out, new ones in, the log updated, so one Undo brings the earlier return
back exactly). The window (app/chronology/import_dialog.py) and `visible import` both call it,
so the same refusal, the same undo text and the same audit apply to both.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, fields, replace

from app.operations.changes import Changes
from app.operations.returns import ReturnError
from forms.importers.plan import ImportPlan, ImportResult, check_writable, write_plan
from forms.returns import ReturnDiff, diff_return
from storage.casefile import CaseFile, Txn
from storage.chronology import Agency
from storage.chronology_store import entries_of_batch
from storage.ids import AgencyId, ImportBatchId
from storage.requests import AgencyReturn
from storage.requests_store import (
    delete_batch,
    get_batch,
    return_by_token,
    returns_of_agency,
    save_return,
)


@dataclass(slots=True)
class ReturnMatch:
    """Which logged return a file answers, and the batch it would replace (a correction)."""

    log: AgencyReturn | None = None
    replaces: ImportBatchId | None = None
    diff: ReturnDiff | None = None
    replaced_ids: frozenset[int] = frozenset()  # the entries of the batch it replaces


@dataclass(frozen=True, slots=True)
class Imported(Changes):
    """The import's Changes (for the undo history and the views) and what it wrote."""

    result: ImportResult | None = None


def match_return(case: CaseFile, plan: ImportPlan, token: str = "",
                 corrected: bool = False) -> ReturnMatch:
    """Find the return a file answers (by the template's token, else the agency's open one)
    and, when it was already received or `corrected` is asked, what the correction changes.
    A read: the dialog shows it before Import is pressed, the CLI prints it (and --dry-run)."""
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
    if replaces is None:
        return ReturnMatch(log)
    old = entries_of_batch(case, replaces)
    replaced = frozenset(e.id for e in old if e.id is not None)
    _not_duplicates_of_replaced(plan, replaced)
    new = list(plan.entries())
    batch = get_batch(case, replaces)
    diff = diff_return(old, new, (batch.file_name if batch else "", plan.file_name))
    return ReturnMatch(log, replaces, diff, replaced)


def _not_duplicates_of_replaced(plan: ImportPlan, replaced: frozenset[int]) -> None:
    """The corrected rows match the old ones by design: they are not duplicates of entries
    the same action removes (and must not point at them). Done when the match is made, so
    the preview and the CLI do not first warn "it will be imported and flagged"; the write
    (write_plan's `replacing`) holds to it for a match made by hand too."""
    plan.forget_duplicates_of(replaced)


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


def import_label(plan: ImportPlan, match: ReturnMatch, case: CaseFile) -> str:
    """The undo text: "Import 3 entries from police.csv (Police)", or for a correction
    "Replace Police's return (police.csv) with police-2.csv: 1 added, 2 edited"."""
    if match.replaces is None:
        return f"Import {plan.valid_count} entries from {plan.file_name} ({plan.agency.name})"
    old = get_batch(case, match.replaces)
    assert match.diff is not None
    return (f"Replace {plan.agency.name}'s return ({old.file_name if old else 'earlier batch'})"
            f" with {plan.file_name}: {match.diff.summary()}")


def import_return_in(tx: Txn, plan: ImportPlan, match: ReturnMatch, skip_invalid: bool = False,
                     today: dt.date | None = None) -> ImportResult:
    """Inside the caller's transaction: the rows written, a replaced batch removed, and the
    returns log updated."""
    # New rows first, then the old batch out: the new entries get fresh ids, never the ids of
    # the rows they replace (a reused id would let a stale view show the wrong row). The
    # corrected rows match the old ones by design: they are not duplicates of entries this
    # same action removes (and must not point at them).
    result = write_plan(tx, plan, skip_invalid=skip_invalid, replacing=match.replaced_ids)
    if match.replaces is not None:
        delete_batch(tx, match.replaces)
    assert plan.agency.id is not None
    # Every import is in the returns log: the one it answers, or a new one received today.
    log = match.log or AgencyReturn(AgencyId(plan.agency.id), None, template_file="")
    corrections = log.corrections + (1 if match.replaces is not None else 0)
    save_return(tx, replace(log, received_on=today or dt.date.today(), batch_id=result.batch_id,
                            row_count=len(result.entry_ids), corrections=corrections))
    return result


def import_return(case: CaseFile, plan: ImportPlan, match: ReturnMatch | None = None,
                  skip_invalid: bool = False, today: dt.date | None = None) -> Imported:
    """The import operation: refused first (nothing written, no transaction opened) when rows
    are invalid and skip_invalid is not set, or no row is valid; otherwise one transaction,
    one undo entry. `match` is what match_return found (the dialog and the CLI show it before
    importing); without it the file is matched to the agency's open request, if any."""
    check_writable(plan, skip_invalid)
    match = match if match is not None else match_return(case, plan)
    with case.transaction(import_label(plan, match, case)) as tx:
        result = import_return_in(tx, plan, match, skip_invalid, today)
    changes = Changes.of(tx)
    return Imported(**{f.name: getattr(changes, f.name) for f in fields(Changes)},
                    result=result)
