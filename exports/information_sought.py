"""The review's "Information sought" section: who was asked what, when, and what came back.

§9.7 of the source report is a father whose risk "was there and well documented in his medical
records" and never asked for; a review must be able to show, per man, which agencies were asked,
on what basis, when, whether they were chased, and when and how they answered — and which
agencies' chronologies were asked for and returned.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence

from exports.document import Block, Column, Heading, Paragraph, Row, Table
from forms.requests import HEALTH_KINDS, kind_label, short_prompt, status_label
from forms.returns import return_state
from storage.chronology import Agency
from storage.ids import AgencyId, PersonId
from storage.requests import AgencyReturn, InformationRequest, RequestChase, RequestStatus


def _day(d: dt.date | None) -> str:
    return f"{d:%d/%m/%Y}" if d else "—"


def information_sought_blocks(
    requests: Sequence[InformationRequest],
    chases: dict[int, list[RequestChase]],
    returns: Sequence[AgencyReturn],
    agencies: dict[AgencyId, Agency],
    men: Sequence[PersonId],
    name: Callable[[PersonId], str],
    today: dt.date,
    number: str = "",
) -> list[Block]:
    blocks: list[Block] = [Heading(f"{number}Information sought", 1)]

    def agency_name(aid: AgencyId, kind: str = "other") -> str:
        found = agencies.get(aid)
        return found.name if found else kind_label(kind)

    sent = [r for r in requests if r.status is not RequestStatus.DRAFT]
    if not sent:
        blocks.append(Paragraph("No agency has been asked for information about any man in "
                                "this case.", bold=True))
    else:
        rows = []
        for r in sorted(sent, key=lambda r: (r.person_id, r.sent_on or today, r.id or 0)):
            asked = [short_prompt(k) for k in r.prompts] + list(r.questions)
            chased = ", ".join(_day(c.chased_on) for c in chases.get(r.id or 0, [])) or "—"
            if r.status in (RequestStatus.SENT, RequestStatus.CHASED):
                late = r.due_on is not None and r.due_on < today
                answer = "Awaited" + (" (overdue)" if late else "")
            else:
                answer = f"{status_label(r.status)} {_day(r.answered_on)}".strip()
                if r.answer_summary:
                    answer += f": {r.answer_summary}"
            rows.append(Row([
                name(r.person_id), agency_name(r.agency_id, r.kind), "; ".join(asked),
                r.basis + (f" ({r.basis_detail})" if r.basis_detail else ""),
                f"{_day(r.sent_on)}" + (f"\n{r.sent_how}" if r.sent_how else ""),
                _day(r.due_on), chased, answer,
            ]))
        blocks.append(Table(
            [Column("About", 1.1), Column("Agency asked", 1.1), Column("What was asked", 2.2),
             Column("Basis for sharing", 1.4), Column("Sent", 0.9), Column("Due", 0.8),
             Column("Chased", 0.8), Column("Answer", 2.2)],
            rows, caption="Information requests about each man, and their answers"))
    unasked = [pid for pid in men if not any(
        r.person_id == pid and r.kind in HEALTH_KINDS
        and r.status not in (RequestStatus.DRAFT, RequestStatus.WITHDRAWN) for r in requests)]
    if unasked:
        blocks.append(Paragraph(
            "No health agency (GP, adult mental health or another health service) was asked "
            f"about: {', '.join(name(pid) for pid in unasked)}.", bold=True))
    if returns:
        blocks.append(Heading("Agency chronology returns", 2))
        blocks.append(Table(
            [Column("Agency", 1.6), Column("Requested", 0.9), Column("Due", 0.9),
             Column("Received", 0.9), Column("Rows", 0.6), Column("State", 1.1)],
            [Row([agency_name(r.agency_id), _day(r.requested_on), _day(r.due_on),
                  _day(r.received_on), str(r.row_count) if r.received_on else "—",
                  return_state(r, today)
                  + (f" ({r.corrections}×)" if r.corrections else "")]) for r in returns],
            caption="Chronologies asked for and returned"))
    return blocks
