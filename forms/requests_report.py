"""What has been asked about each man, what is outstanding, and what nobody has asked.

Read by the man's page, the male-carers overview ("asked GP · police, 1 overdue"),
`visible check` (overdue requests; men of whom no health agency was asked — §9.7's father's
GP record held everything and was never asked) and the review export's "Information sought".
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from forms.requests import (
    HEALTH_KINDS,
    OUTSTANDING,
    PROMPTS_BY_KEY,
    kind_label,
    short_prompt,
    status_label,
)
from storage.casefile import CaseFile
from storage.chronology import Agency
from storage.ids import PersonId
from storage.people import Person
from storage.requests import InformationRequest, RequestChase, RequestStatus
from storage.requests_store import all_requests, chases_of

# A request counts as "asked" once it has gone out; a draft has not, a withdrawn one no longer.
NOT_ASKED = frozenset({RequestStatus.DRAFT, RequestStatus.WITHDRAWN})


def is_overdue(request: InformationRequest, today: dt.date) -> bool:
    return (request.status in OUTSTANDING and request.due_on is not None
            and request.due_on < today)


@dataclass(slots=True)
class RequestLine:
    """One request with the names a person reads."""

    request: InformationRequest
    person: str
    agency: str
    chases: list[RequestChase] = field(default_factory=list)
    overdue: bool = False

    @property
    def id(self) -> int:
        assert self.request.id is not None
        return self.request.id

    @property
    def status(self) -> str:
        text = status_label(self.request.status)
        return f"{text} (overdue)" if self.overdue else text

    def asked(self) -> list[str]:
        out = [PROMPTS_BY_KEY[k].text for k in self.request.prompts if k in PROMPTS_BY_KEY]
        return out + list(self.request.questions)

    def asked_briefly(self) -> list[str]:
        return [short_prompt(k) for k in self.request.prompts] + list(self.request.questions)

    def to_json(self) -> dict[str, object]:
        r = self.request

        def day(d: dt.date | None) -> str | None:
            return d.isoformat() if d else None

        return {
            "id": r.id, "person_id": r.person_id, "person": self.person,
            "agency_id": r.agency_id, "agency": self.agency, "kind": str(r.kind),
            "status": str(r.status), "overdue": self.overdue, "prompts": list(r.prompts),
            "questions": list(r.questions), "basis": r.basis, "basis_detail": r.basis_detail,
            "sent_how": r.sent_how, "sent_on": day(r.sent_on), "due_on": day(r.due_on),
            "chased_on": [day(c.chased_on) for c in self.chases],
            "answered_on": day(r.answered_on), "answer_summary": r.answer_summary,
            "facts_written": list(r.facts_written),
        }


@dataclass(slots=True)
class RequestsOverview:
    lines: list[RequestLine]
    today: dt.date

    def of_person(self, person_id: int) -> list[RequestLine]:
        return [line for line in self.lines if line.request.person_id == person_id]

    @property
    def overdue(self) -> list[RequestLine]:
        return [line for line in self.lines if line.overdue]

    def overdue_of(self, person_id: int) -> list[RequestLine]:
        return [line for line in self.of_person(person_id) if line.overdue]

    @property
    def outstanding(self) -> list[RequestLine]:
        return [line for line in self.lines if line.request.status in OUTSTANDING]

    def health_asked(self, person_id: int) -> bool:
        return any(line.request.kind in HEALTH_KINDS and line.request.status not in NOT_ASKED
                   for line in self.of_person(person_id))

    def summary(self, person_id: int) -> str:
        """'asked GP · Police, 1 overdue' — the per-man line of the male-carers overview."""
        mine = self.of_person(person_id)
        asked: list[str] = []
        for line in mine:
            if line.request.status not in NOT_ASKED and line.agency not in asked:
                asked.append(line.agency)
        parts = ["asked " + " · ".join(asked)] if asked else ["nothing asked yet"]
        drafts = sum(1 for line in mine if line.request.status is RequestStatus.DRAFT)
        if drafts:
            parts.append(f"{drafts} draft{'s' if drafts != 1 else ''} not sent")
        waiting = sum(1 for line in mine if line.request.status in OUTSTANDING
                      and not line.overdue)
        if waiting:
            parts.append(f"{waiting} awaited")
        overdue = sum(1 for line in mine if line.overdue)
        if overdue:
            parts.append(f"{overdue} overdue")
        return ", ".join(parts)


def requests_overview(case: CaseFile, today: dt.date | None = None) -> RequestsOverview:
    today = today or dt.date.today()
    requests = all_requests(case)
    people = {p.id: p.display_name for p in case.all(Person)}
    agencies = {a.id: a.name for a in case.all(Agency)}
    chases = chases_of(case)
    lines = [
        RequestLine(
            r,
            people.get(r.person_id, f"person {r.person_id}"),
            agencies.get(r.agency_id, kind_label(r.kind)),
            chases.get(r.id or 0, []),
            is_overdue(r, today),
        )
        for r in requests
    ]
    return RequestsOverview(lines, today)


@dataclass(slots=True)
class RequestProblems:
    """What `visible check` reports about information seeking (each makes the case incomplete)."""

    overdue: list[RequestLine]
    no_health_asked: list[tuple[PersonId, str]]

    @property
    def complete(self) -> bool:
        return not self.overdue and not self.no_health_asked

    def lines(self, today: dt.date) -> list[str]:
        out = []
        for line in self.overdue:
            r = line.request
            assert r.due_on is not None
            days = (today - r.due_on).days
            out.append(
                f"! Request {line.id} to {line.agency} about {line.person} is overdue: due "
                f"{r.due_on:%d/%m/%Y} ({days} day{'s' if days != 1 else ''} ago)"
                + (f", chased {len(line.chases)} time{'s' if len(line.chases) != 1 else ''}"
                   if line.chases else ", not chased") + "."
            )
        for _pid, name in self.no_health_asked:
            out.append(f"! No health agency (GP, mental health, other health) has been asked "
                       f"about {name}.")
        return out

    def to_json(self) -> dict[str, object]:
        return {
            "overdue_requests": [line.to_json() for line in self.overdue],
            "men_no_health_agency_asked": [
                {"person_id": pid, "name": name} for pid, name in self.no_health_asked
            ],
        }


def request_problems(
    case: CaseFile, men: list[tuple[PersonId, str]], today: dt.date | None = None
) -> RequestProblems:
    """men: the men to account for (forms/completeness.py decides who they are)."""
    overview = requests_overview(case, today)
    missing = [(pid, name) for pid, name in men if not overview.health_asked(pid)]
    return RequestProblems(overview.overdue, missing)
