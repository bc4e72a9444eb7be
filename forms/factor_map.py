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

from forms.bounds import age_upper
from forms.fields import Field, FieldType, FormDefinition
from forms.male_carer import MALE_CARER_FORM
from forms.record import Answers, provenance_text, statement_text
from storage.carers import CarerFact
from storage.dates import PartialDate


class Presence(StrEnum):
    PRESENT = "present"
    ABSENT = "absent"
    NOT_KNOWN = "not_known"

    @property
    def label(self) -> str:
        return {"present": "Present", "absent": "Absent", "not_known": "Not known"}[self.value]


@dataclass(slots=True)
class SourceRef:
    """One statement the group's presence rests on: who said what, when, on what basis."""

    field: str  # the question's label
    says: str
    source: str
    learned_on: PartialDate | None
    basis: str  # FactBasis value, or ""
    shows_concern: bool

    def to_json(self) -> dict[str, Any]:
        return {
            "field": self.field,
            "says": self.says,
            "source": self.source,
            "learned_on": self.learned_on.stored() if self.learned_on else None,
            "basis": self.basis or None,
            "shows_concern": self.shows_concern,
        }


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
    statements: list[SourceRef] = field(default_factory=list)  # every statement used
    # Questions whose sources disagree, each with both versions: "How often: Daily (GP, ...)
    # / Weekends (Liam Carter, ...)".
    disagreements: list[str] = field(default_factory=list)

    def recency(self, today: dt.date | None = None) -> str:
        if self.latest is None:
            return "no date"
        days = ((today or dt.date.today()) - self.latest.earliest()).days
        months = max(days, 0) // 30
        ago = "this month" if months == 0 else f"{months} month{'s' if months != 1 else ''} ago"
        return f"{self.latest.display()} ({ago})"

    def to_json(self) -> dict[str, Any]:
        return {
            "group": self.section,
            "title": self.title,
            "presence": self.presence.value,
            "shown_by": self.shown_by,
            "answered": self.answered,
            "indicators": self.indicators,
            "latest": self.latest.stored() if self.latest else None,
            "sources": [s.to_json() for s in self.statements],
            "disagreements": self.disagreements,
        }


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
    if f.type is FieldType.AGE:
        # Only when every age the answer allows is under the line: "before 20" shows young
        # fatherhood, "between 18 and 22" does not.
        upper = age_upper(value)
        return f.concern_below is not None and upper is not None and upper < f.concern_below
    return False


def factor_map(facts: Answers, form: FormDefinition = MALE_CARER_FORM) -> list[FactorGroup]:
    groups = []
    for section in form.sections:
        if not section.factor:
            continue
        indicators = [f for f in section.fields if f.is_indicator]
        answered = [(f, facts[f.key]) for f in indicators
                    if f.key in facts and facts[f.key].answered]
        concern = [(f, a) for f, a in answered
                   if any(shows_concern(f, s.value) for s in a.answered)]
        if concern:
            presence, used = Presence.PRESENT, concern
        elif indicators and len(answered) == len(indicators):
            presence, used = Presence.ABSENT, answered
        else:
            presence, used = Presence.NOT_KNOWN, answered
        statements: list[CarerFact] = [s for _, a in used for s in a.answered]
        dates = [s.learned_on for s in statements if s.learned_on is not None]
        sources: list[str] = []
        for s in statements:
            if s.source and s.source not in sources:
                sources.append(s.source)
        refs = [SourceRef(f.label, statement_text(s, form), s.source, s.learned_on,
                          s.basis.value if s.basis else "", shows_concern(f, s.value))
                for f, a in used for s in a.answered]
        disagreements = [
            f"{f.label}: " + " / ".join(f"{statement_text(s, form)} ({provenance_text(s)})"
                                        for s in a.answered)
            for f, a in used if a.disagree
        ]
        groups.append(
            FactorGroup(
                section.key,
                section.title,
                presence,
                [f.label + (" (sources disagree)" if a.disagree else "") for f, a in concern],
                sources,
                max(dates, key=lambda d: d.sort_key()) if dates else None,
                len(answered),
                len(indicators),
                refs,
                disagreements,
            )
        )
    return groups

