"""Information requests about a man: every write, for the window and the `visible` CLI alike.

Each function is one user action = one transaction = one undo entry, validated with the rules
in forms/requests.py before anything is written: a person or agency not in the case, a due
date before the sent date, a chase before the request was sent, an answer to a withdrawn
request — each is one clear line and nothing is written.

Recording an answer writes the agency's facts on the man's record in the same transaction,
each with provenance "verified from a record, <agency>, <date>" (§7.12: a GP "accepted the
father's account" — a verified fact must say so).
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from app.operations.changes import Changes
from exports import leaving
from forms.record import FactInput
from forms.requests import (
    CLOSED,
    OUTSTANDING,
    REPLIES,
    answer_fields,
    check_exact_date,
    check_prompts,
    default_prompts,
    kind_label,
    kind_of_agency,
    status_label,
)
from forms.working_days import DEFAULT_WORKING_DAYS, add_working_days
from storage.carers import FactBasis, FactStatus
from storage.casefile import CaseFile, Txn, default_author, now_iso
from storage.chronology import Agency
from storage.dates import PartialDate
from storage.errors import CaseError, InvalidValue
from storage.ids import AgencyId, PersonId, RequestId, SharingBasisId
from storage.people import Person
from storage.requests import (
    AgencyKind,
    InformationRequest,
    RequestChase,
    RequestStatus,
    SharingBasis,
)
from storage.requests_store import (
    add_chase,
    add_request,
    get_request,
    save_basis,
    save_request,
    sharing_bases,
)
from storage.requests_store import (
    chases_of as _chases_of,
)


class RequestError(CaseError):
    """A request action that cannot be done as asked; nothing was written."""


# Reading helpers (validation) ---------------------------------------------------------------
def _person(case: CaseFile, person_id: int) -> Person:
    person = case.get(Person, person_id)
    if person is None:
        raise RequestError(f"There is no person {person_id} in this case.")
    return person


def _agency(case: CaseFile, agency_id: int) -> Agency:
    agency = case.get(Agency, agency_id)
    if agency is None:
        raise RequestError(f"There is no agency {agency_id} in this case.")
    return agency


def _request(case: CaseFile, request_id: int) -> InformationRequest:
    found = get_request(case, request_id)
    if found is None:
        raise RequestError(f"There is no information request {request_id} in this case.")
    return found


def describe(case: CaseFile, request: InformationRequest) -> str:
    """'request 3 (GP about Liam Carter)': how messages and undo labels name a request."""
    person = case.get(Person, request.person_id)
    agency = case.get(Agency, request.agency_id)
    who = person.display_name if person else f"person {request.person_id}"
    to = agency.name if agency else kind_label(request.kind)
    return f"request {request.id} ({to} about {who})"


def _check_basis(case: CaseFile, basis: str, detail: str) -> tuple[str, str]:
    basis, detail = basis.strip(), detail.strip()
    if not basis:
        return "", detail
    bases = sharing_bases(case)
    found = next((b for b in bases if b.label.lower() == basis.lower()), None)
    if found is None:
        names = "; ".join(b.label for b in bases)
        raise RequestError(f"'{basis}' is not one of this case's bases for sharing ({names}).")
    if found.needs_detail and not detail:
        raise RequestError(
            f"The basis '{found.label}' needs more: {found.detail_prompt or 'say more'}."
        )
    return found.label, detail


def _check_people(case: CaseFile, person_id: int, people: Sequence[int]) -> list[int]:
    out: list[int] = []
    for pid in people:
        if pid == person_id:
            continue  # he is always named: the letter is about him
        _person(case, pid)
        if pid not in out:
            out.append(pid)
    return out


def check_nhs_number(text: str) -> str:
    """An NHS number is 10 digits whose last is a modulus-11 check digit; '' when not known."""
    digits = "".join(ch for ch in text if ch.isdigit())
    if not text.strip():
        return ""
    if len(digits) != 10 or any(ch not in "0123456789 -" for ch in text.strip()):
        raise InvalidValue(f"'{text}' is not an NHS number (10 digits, e.g. 943 476 5919).")
    total = sum(int(d) * w for d, w in zip(digits[:9], range(10, 1, -1), strict=True))
    check = 11 - total % 11
    check = 0 if check == 11 else check
    if check == 10 or check != int(digits[9]):
        raise InvalidValue(f"{text} is not a valid NHS number (its check digit does not match).")
    return f"{digits[:3]} {digits[3:6]} {digits[6:]}"


# Requests ---------------------------------------------------------------------------------
@dataclass(slots=True)
class RequestDraft:
    """What the user chose for a new request, or edits of a draft."""

    person_id: PersonId
    agency_id: AgencyId
    kind: AgencyKind | None = None  # None: the usual kind for the agency's name
    prompts: list[str] | None = None  # None: the kind's default prompts
    questions: list[str] | None = None
    include_people: list[int] | None = None
    basis: str = ""
    basis_detail: str = ""
    nhs_number: str = ""
    due_on: dt.date | None = None
    notes: str = ""


def add_information_request(case: CaseFile, draft: RequestDraft) -> Changes:
    person = _person(case, draft.person_id)
    agency = _agency(case, draft.agency_id)
    kind = draft.kind or kind_of_agency(agency.name)
    prompts = check_prompts(kind, default_prompts(kind) if draft.prompts is None
                            else list(draft.prompts))
    questions = [q.strip() for q in (draft.questions or []) if q.strip()]
    if not prompts and not questions:
        raise RequestError(
            f"The request to {agency.name} asks nothing: tick a prompt or write a question."
        )
    basis, detail = _check_basis(case, draft.basis, draft.basis_detail)
    request = InformationRequest(
        person_id=draft.person_id,
        agency_id=draft.agency_id,
        kind=kind,
        prompts=prompts,
        questions=questions,
        include_people=_check_people(case, draft.person_id, draft.include_people or []),
        basis=basis,
        basis_detail=detail,
        nhs_number=check_nhs_number(draft.nhs_number),
        due_on=draft.due_on,
        notes=draft.notes.strip(),
        created_at=now_iso(),
        created_by=default_author(),
    )
    with case.transaction(f"Ask {agency.name} about {person.display_name}") as tx:
        add_request(tx, request)
    return Changes.of(tx)


def edit_request(case: CaseFile, request_id: RequestId, draft: RequestDraft) -> Changes:
    """Change what a draft asks (prompts, questions, who is named, basis, NHS number, due)."""
    current = _request(case, request_id)
    if current.status is not RequestStatus.DRAFT:
        raise RequestError(
            f"{describe(case, current)} was {status_label(current.status).lower()}: what it "
            "asked cannot be changed now. Withdraw it and make a new request."
        )
    if draft.person_id != current.person_id or draft.agency_id != current.agency_id:
        raise RequestError("A request's person and agency cannot be changed; make a new request.")
    kind = draft.kind or current.kind
    prompts = check_prompts(kind, current.prompts if draft.prompts is None
                            else list(draft.prompts))
    questions = (current.questions if draft.questions is None
                 else [q.strip() for q in draft.questions if q.strip()])
    if not prompts and not questions:
        raise RequestError("The request would ask nothing: tick a prompt or write a question.")
    basis, detail = _check_basis(case, draft.basis, draft.basis_detail)
    people = (current.include_people if draft.include_people is None
              else _check_people(case, current.person_id, draft.include_people))
    updated = replace(
        current, kind=kind, prompts=prompts, questions=questions, include_people=people,
        basis=basis, basis_detail=detail, nhs_number=check_nhs_number(draft.nhs_number),
        due_on=draft.due_on, notes=draft.notes.strip(),
    )
    with case.transaction(f"Edit {describe(case, current)}") as tx:
        save_request(tx, updated)
    return Changes.of(tx)


def default_due(sent_on: dt.date) -> dt.date:
    return add_working_days(sent_on, DEFAULT_WORKING_DAYS)


def mark_sent(
    case: CaseFile,
    request_id: RequestId,
    on: dt.date,
    how: str,
    due_on: dt.date | None = None,
    today: dt.date | None = None,
) -> Changes:
    current = _request(case, request_id)
    name = describe(case, current)
    if current.status is not RequestStatus.DRAFT:
        when = f" on {current.sent_on:%d/%m/%Y}" if current.sent_on else ""
        raise RequestError(
            f"{name} is already {status_label(current.status).lower()}{when}; record a chase "
            "instead."
        )
    check_exact_date(on, "it was sent", today)
    if not how.strip():
        raise RequestError(f"Say how {name} was sent (e.g. secure email, letter).")
    if not current.basis:
        raise RequestError(
            f"Choose the basis for sharing of {name} before sending it (consent given, "
            "consent refused and why, s.47 or s.17 Children Act 1989, other)."
        )
    due = due_on or current.due_on or default_due(on)
    if due < on:
        raise RequestError(
            f"The due date {due:%d/%m/%Y} is before the date sent {on:%d/%m/%Y}; nothing "
            "was recorded."
        )
    updated = replace(current, status=RequestStatus.SENT, sent_on=on, sent_how=how.strip(),
                      due_on=due)
    with case.transaction(f"Sent {name}") as tx:
        save_request(tx, updated)
    return Changes.of(tx)


def set_due(case: CaseFile, request_id: RequestId, due_on: dt.date) -> Changes:
    current = _request(case, request_id)
    if current.status in CLOSED:
        raise RequestError(f"{describe(case, current)} is closed; its due date cannot change.")
    if current.sent_on is not None and due_on < current.sent_on:
        raise RequestError(
            f"The due date {due_on:%d/%m/%Y} is before the date sent "
            f"{current.sent_on:%d/%m/%Y}; nothing was recorded."
        )
    with case.transaction(f"Due date of {describe(case, current)}") as tx:
        save_request(tx, replace(current, due_on=due_on))
    return Changes.of(tx)


def chase(
    case: CaseFile,
    request_id: RequestId,
    on: dt.date,
    how: str = "",
    notes: str = "",
    new_due: dt.date | None = None,
    today: dt.date | None = None,
) -> Changes:
    current = _request(case, request_id)
    name = describe(case, current)
    if current.status not in OUTSTANDING:
        if current.status is RequestStatus.DRAFT:
            raise RequestError(f"{name} has not been sent yet; record it as sent first.")
        raise RequestError(
            f"{name} is {status_label(current.status).lower()}: there is nothing to chase."
        )
    check_exact_date(on, "it was chased", today)
    assert current.sent_on is not None
    if on < current.sent_on:
        raise RequestError(
            f"The chase date {on:%d/%m/%Y} is before the date sent {current.sent_on:%d/%m/%Y}."
        )
    if new_due is not None and new_due < current.sent_on:
        raise RequestError(
            f"The due date {new_due:%d/%m/%Y} is before the date sent "
            f"{current.sent_on:%d/%m/%Y}; nothing was recorded."
        )
    with case.transaction(f"Chased {name}") as tx:
        add_chase(tx, RequestChase(RequestId(request_id), on, how.strip(), notes.strip()))
        save_request(tx, replace(current, status=RequestStatus.CHASED,
                                 due_on=new_due or current.due_on))
    return Changes.of(tx)


def chases_of(case: CaseFile, request_id: int) -> list[RequestChase]:
    return _chases_of(case, [request_id]).get(request_id, [])


@dataclass(slots=True)
class AgencyFact:
    """One thing the agency's answer said, for one field of the man's record."""

    key: str
    value: object = None
    status: FactStatus = FactStatus.ANSWERED  # NOT_KNOWN: "the record holds nothing on this"


def record_reply(
    case: CaseFile,
    request_id: RequestId,
    on: dt.date,
    outcome: RequestStatus = RequestStatus.ANSWERED,
    summary: str = "",
    facts: Sequence[AgencyFact] = (),
    today: dt.date | None = None,
) -> Changes:
    """The agency answered, said it holds nothing, or refused: one action, facts included."""
    current = _request(case, request_id)
    name = describe(case, current)
    if outcome not in REPLIES:
        raise RequestError(f"A reply is answered, nothing held or refused, not {outcome}.")
    if current.status is RequestStatus.WITHDRAWN:
        raise RequestError(f"{name} was withdrawn; an answer to it cannot be recorded.")
    if current.status is RequestStatus.DRAFT:
        raise RequestError(f"{name} has not been sent yet; record it as sent first.")
    if current.status in CLOSED:
        when = f" on {current.answered_on:%d/%m/%Y}" if current.answered_on else ""
        raise RequestError(f"{name} was already {status_label(current.status).lower()}{when}.")
    check_exact_date(on, "the agency answered", today)
    assert current.sent_on is not None
    if on < current.sent_on:
        raise RequestError(
            f"The answer date {on:%d/%m/%Y} is before the date sent {current.sent_on:%d/%m/%Y}."
        )
    if outcome is not RequestStatus.ANSWERED and facts:
        raise RequestError(
            f"A reply of '{status_label(outcome).lower()}' carries no facts; record it as "
            "answered to add what the agency said."
        )
    if outcome is RequestStatus.REFUSED and not summary.strip():
        raise RequestError("Say why the agency refused (its reason, as given).")
    agency = _agency(case, current.agency_id)
    if outcome is RequestStatus.ANSWERED and not facts and not summary.strip():
        # An empty "answered" would close the request and, for a GP, write a verified fact
        # pointing at facts that do not exist.
        raise RequestError(
            f"Say what {agency.name} answered: the answer in brief, or what its record holds "
            "on a question. If it holds nothing, record the reply as 'nothing held'."
        )
    learned = PartialDate.from_date(on)
    offered = set(answer_fields(current.prompts))
    inputs = []
    for fact in facts:
        if fact.key not in offered and not current.questions:
            # Free questions can be answered anywhere in his record; prompts only where they ask.
            raise RequestError(
                f"{fact.key} is not something {name} asked about; the prompts asked fill "
                f"{', '.join(sorted(offered)) or 'nothing'}."
            )
        inputs.append(FactInput(fact.key, fact.value if fact.status is FactStatus.ANSWERED
                                else None, fact.status, agency.name, learned,
                                FactBasis.VERIFIED_RECORD))
    if current.kind is AgencyKind.GP:
        inputs.extend(_sirs_engagement(current, agency, on, outcome, summary, facts))
    updated = replace(current, status=outcome, answered_on=on, answer_summary=summary.strip(),
                      facts_written=[i.key for i in inputs])
    label = {RequestStatus.ANSWERED: "Answer", RequestStatus.NOTHING_HELD: "Nothing held",
             RequestStatus.REFUSED: "Refusal"}[outcome]
    with case.transaction(f"{label} from {agency.name} to {name}") as tx:
        write_agency_facts(case, tx, current.person_id, inputs)
        save_request(tx, updated)
    return Changes.of(tx)


def _sirs_engagement(
    request: InformationRequest, agency: Agency, on: dt.date, outcome: RequestStatus,
    summary: str, facts: Sequence[AgencyFact],
) -> list[FactInput]:
    """A GP's reply also answers the record's own SIRS questions (engagement section)."""
    assert request.sent_on is not None
    given = {f.key for f in facts}
    source = f"Information request to {agency.name}"
    sent = PartialDate.from_date(request.sent_on)
    out = [FactInput("engagement.gp_info_sought", "yes", FactStatus.ANSWERED, source, sent,
                     FactBasis.VERIFIED_RECORD)]
    out.append(FactInput("engagement.gp_info_sought_on", sent.stored(), FactStatus.ANSWERED,
                         source, sent, FactBasis.VERIFIED_RECORD))
    if "engagement.gp_info_answer" not in given:
        words = summary.strip() or {
            RequestStatus.ANSWERED: "Answered; see the facts recorded from the GP.",
            RequestStatus.NOTHING_HELD: "The GP holds nothing relevant.",
            RequestStatus.REFUSED: "The GP refused to share.",
        }[outcome]
        out.append(FactInput("engagement.gp_info_answer", words, FactStatus.ANSWERED,
                             agency.name, PartialDate.from_date(on), FactBasis.VERIFIED_RECORD))
    return out


def write_agency_facts(
    case: CaseFile, tx: Txn, person_id: PersonId, inputs: Sequence[FactInput]
) -> None:
    """The one place an agency's answer reaches the man's record, through the record's own
    write path (app/operations/record.py).

    The agency's statement is added beside what the field already holds — his own account
    stays, and where they differ the record shows "sources disagree" — and replaces only an
    earlier statement from the same source (a second answer from the same agency).
    """
    from app.operations.record import write_record
    from forms.record import load_facts

    answers = load_facts(case, person_id)
    by_key: dict[str, list[FactInput]] = {}
    for item in inputs:
        by_key.setdefault(item.key, []).append(item)
    statements: list[FactInput] = []
    for key, new in by_key.items():
        sources = {i.source for i in new}
        current = answers[key].statements if key in answers else []
        kept = [FactInput(f.field_key, f.value, f.status, f.source, f.learned_on, f.basis)
                for f in current if f.source not in sources]
        statements.extend(kept + new)
    write_record(tx, person_id, statements)


def withdraw(case: CaseFile, request_id: RequestId, reason: str = "") -> Changes:
    current = _request(case, request_id)
    name = describe(case, current)
    if current.status in CLOSED:
        raise RequestError(f"{name} is already {status_label(current.status).lower()}.")
    notes = (current.notes + "\n" if current.notes else "") + (
        f"Withdrawn: {reason.strip()}" if reason.strip() else "Withdrawn."
    )
    with case.transaction(f"Withdraw {name}") as tx:
        save_request(tx, replace(current, status=RequestStatus.WITHDRAWN, notes=notes))
    return Changes.of(tx)


# Bases for sharing (the case's editable list) ----------------------------------------------
def add_basis(case: CaseFile, label: str, needs_detail: bool = False,
              detail_prompt: str = "") -> Changes:
    label = " ".join(label.split())
    if not label:
        raise RequestError("Give the basis for sharing a name.")
    existing = sharing_bases(case, include_archived=True)
    if any(b.label.lower() == label.lower() for b in existing):
        raise RequestError(f"There is already a basis for sharing called '{label}'.")
    position = max((b.position for b in existing), default=0) + 1
    with case.transaction(f"Add basis for sharing: {label}") as tx:
        save_basis(tx, SharingBasis(label, needs_detail, detail_prompt.strip(), position))
    return Changes.of(tx)


def edit_basis(case: CaseFile, basis_id: SharingBasisId, label: str | None = None,
               needs_detail: bool | None = None, detail_prompt: str | None = None,
               archived: bool | None = None) -> Changes:
    """Rename, change or archive one basis; requests already made keep the words they used."""
    found = next((b for b in sharing_bases(case, include_archived=True) if b.id == basis_id),
                 None)
    if found is None:
        raise RequestError(f"There is no basis for sharing {basis_id} in this case.")
    updated = replace(
        found,
        label=" ".join(label.split()) if label is not None else found.label,
        needs_detail=found.needs_detail if needs_detail is None else needs_detail,
        detail_prompt=found.detail_prompt if detail_prompt is None else detail_prompt.strip(),
        archived=found.archived if archived is None else archived,
    )
    if not updated.label:
        raise RequestError("Give the basis for sharing a name.")
    with case.transaction(f"Edit basis for sharing: {updated.label}") as tx:
        save_basis(tx, updated)
    return Changes.of(tx)


LEAVES_CASE_WARNING = leaving.LETTER


def write_letter(
    case: CaseFile, request_id: RequestId, path: str | os.PathLike[str],
    today: dt.date | None = None,
) -> tuple[Path, Changes]:
    """Write the request letter (.docx or .pdf) and record in the case that it was written.

    The caller has shown the letter and the leaves-the-case warning first.
    """
    from exports.errors import ExportError
    from exports.output import write_document
    from exports.request_letter import letter_from_case

    target = Path(path)
    fmt = target.suffix.lower().lstrip(".")
    if fmt not in ("docx", "pdf"):
        raise ExportError(f"{target.name}: a letter is written as .docx or .pdf.")
    current = _request(case, request_id)
    if current.status is RequestStatus.WITHDRAWN:
        raise RequestError(f"{describe(case, current)} was withdrawn; no letter is written.")
    document = letter_from_case(case, request_id, today)
    written = write_document(document, target, fmt)
    if case.read_only:
        return written, Changes.nothing(f"Write the letter for {describe(case, current)}")
    try:
        with case.transaction(f"Write the letter for {describe(case, current)} to "
                              f"{written.name}") as tx:
            save_request(tx, replace(current, letter_written_on=today or dt.date.today(),
                                     letter_file=str(written)))
    except BaseException:
        written.unlink(missing_ok=True)  # not recorded as written: not left on disk either
        raise
    return written, Changes.of(tx)
