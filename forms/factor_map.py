"""The factor map: per man, each factor group present / absent / not known — never a score.

The source review found "no one particular identifier" of risk; risk lies in combinations of
factors (§6.20, §19.6). So Visible shows which groups are present, which are known to be absent,
and which are simply not known, each with its sources and how recent the information is, and
leaves the judgement of the combination to the practitioner.

Only structured answers count (fields with a concern rule in forms/male_carer.py); free text
never switches a factor on or off. A group is
- present  if any indicator answer shows the concern;
- absent   if every indicator in the group is answered and none shows it;
- not known otherwise (some indicators unanswered, not known or not asked).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from forms.fields import Field, FieldType, FormDefinition
from forms.male_carer import MALE_CARER_FORM
from storage.carers import CarerFact, FactStatus
from storage.dates import PartialDate


class Presence(StrEnum):
    PRESENT = "present"
    ABSENT = "absent"
    NOT_KNOWN = "not_known"

    @property
    def label(self) -> str:
        return {"present": "Present", "absent": "Absent", "not_known": "Not known"}[self.value]


@dataclass(slots=True)
class FactorGroup:
    section: str
    title: str
    presence: Presence
    shown_by: list[str] = field(default_factory=list)  # labels of the answers showing the concern
    sources: list[str] = field(default_factory=list)
    latest: PartialDate | None = None  # most recent date learned among the answers used
    answered: int = 0
    indicators: int = 0

    def recency(self, today: dt.date | None = None) -> str:
        if self.latest is None:
            return "no date"
        days = ((today or dt.date.today()) - self.latest.earliest()).days
        months = max(days, 0) // 30
        ago = "this month" if months == 0 else f"{months} month{'s' if months != 1 else ''} ago"
        return f"{self.latest.display()} ({ago})"


def shows_concern(f: Field, value: Any) -> bool:
    if value is None:
        return False
    if f.type is FieldType.LIST:
        return f.concern_if_any and len(value) > 0
    if f.type is FieldType.MULTI_CHOICE:
        return any(v in f.concern_values for v in value)
    if f.type in (FieldType.CHOICE, FieldType.YES_NO):
        return value in f.concern_values
    if f.type is FieldType.NUMBER and isinstance(value, int | float):
        return (f.concern_below is not None and value < f.concern_below) or (
            f.concern_above is not None and value > f.concern_above
        )
    return False


def factor_map(
    facts: dict[str, CarerFact], form: FormDefinition = MALE_CARER_FORM
) -> list[FactorGroup]:
    groups = []
    for section in form.sections:
        if not section.factor:
            continue
        indicators = [f for f in section.fields if f.is_indicator]
        answered = [
            (f, facts[f.key])
            for f in indicators
            if f.key in facts and facts[f.key].status is FactStatus.ANSWERED
        ]
        concern = [(f, fact) for f, fact in answered if shows_concern(f, fact.value)]
        if concern:
            presence, used = Presence.PRESENT, concern
        elif indicators and len(answered) == len(indicators):
            presence, used = Presence.ABSENT, answered
        else:
            presence, used = Presence.NOT_KNOWN, answered
        dates = [fact.learned_on for _, fact in used if fact.learned_on is not None]
        sources = []
        for _, fact in used:
            if fact.source and fact.source not in sources:
                sources.append(fact.source)
        groups.append(
            FactorGroup(
                section.key,
                section.title,
                presence,
                [f.label for f, _ in concern],
                sources,
                max(dates, key=lambda d: d.sort_key()) if dates else None,
                len(answered),
                len(indicators),
            )
        )
    return groups
