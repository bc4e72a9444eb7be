"""The rule that no man is left out, and what is still missing from each man's record.

The same functions serve `visible check`, the male-carers view and the exports:
- per index child, each of the five roles (storage.carers.CarerRole) is *addressed* by a linked
  person or by a declaration of none / not known that gives a reason and the efforts made;
- per man, the required fields (forms.male_carer) not yet recorded, and the answers that rest on
  his own account alone (FactBasis.SELF_REPORTED, §7.12);
- men living in the household who are in no role (a man living with the baby is, at the least,
  an "other male carer" — DOMAIN.md).

A required field counts as recorded when it is answered or marked *not known* (someone asked and
nobody knows); *not asked* is exactly the gap this rule exists to show (§11.9), so it is missing.

A case with no index child cannot have its roles addressed: the report then lists all five
roles as not addressed under "(no index child recorded)" and says to mark the baby as the index
child, so `check` on a new, empty case exits 3 and names every role.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field
from typing import Any

from forms.fields import FormDefinition
from forms.male_carer import MALE_CARER_FORM
from forms.men import household_men_in_no_role
from forms.record import Answers, answers_from
from forms.roles import declaration_text
from storage.carers import (
    CarerRole,
    Declaration,
    FactStatus,
    RoleAssignment,
)
from storage.casefile import CaseFile
from storage.ids import PersonId
from storage.people import Person
from storage.snapshot import CaseSnapshot, load_snapshot

NO_INDEX_CHILD = "(no index child recorded)"


@dataclass(slots=True)
class RoleStatus:
    role: str  # CarerRole value
    label: str
    addressed: bool
    men: list[dict[str, Any]] = field(default_factory=list)  # {"id", "name"}
    declaration: str = ""  # "none" / "not_known"
    reason: str = ""
    efforts: str = ""
    problem: str = ""  # why it is not addressed

    def summary(self) -> str:
        if self.men:
            return ", ".join(m["name"] for m in self.men)
        if self.declaration:
            text = f"declared {declaration_text(Declaration(self.declaration)).lower()}"
            return f"{text}: {self.reason}" if self.reason else text
        return "not addressed"


@dataclass(slots=True)
class ChildRoles:
    child_id: int | None
    child_name: str
    roles: list[RoleStatus]

    @property
    def unaddressed(self) -> list[RoleStatus]:
        return [r for r in self.roles if not r.addressed]


@dataclass(slots=True)
class FieldGap:
    key: str
    section: str
    label: str
    not_asked: bool = False  # recorded explicitly as "not asked" (§11.9), rather than left blank


@dataclass(slots=True)
class ManStatus:
    person_id: int
    name: str
    roles: list[str]
    required: int
    missing: list[FieldGap]
    self_report_only: list[FieldGap]
    not_known: list[FieldGap]
    sources_disagree: list[FieldGap] = field(default_factory=list)

    @property
    def complete(self) -> bool:
        return not self.missing

    def badge(self) -> str:
        """'12 of 20 required recorded · 2 self-report only'."""
        done = self.required - len(self.missing)
        text = f"{done} of {self.required} required recorded"
        if self.self_report_only:
            text += f" · {len(self.self_report_only)} self-report only"
        if self.sources_disagree:
            text += f" · sources disagree on {len(self.sources_disagree)}"
        return text


@dataclass(slots=True)
class CompletenessReport:
    children: list[ChildRoles]
    men: list[ManStatus]
    unlinked_men: list[dict[str, Any]]  # men in the household in no role
    problems: list[str]

    @property
    def complete(self) -> bool:
        return (
            not self.problems
            and not self.unlinked_men
            and all(not c.unaddressed for c in self.children)
            and all(m.complete for m in self.men)
        )

    @property
    def unaddressed_count(self) -> int:
        return sum(len(c.unaddressed) for c in self.children)

    def to_json(self) -> dict[str, Any]:
        return {
            "complete": self.complete,
            "problems": self.problems,
            "children": [asdict(c) for c in self.children],
            "men": [{**asdict(m), "complete": m.complete} for m in self.men],
            "unlinked_men": self.unlinked_men,
        }


def role_statuses(
    assignments: list[RoleAssignment], names: dict[PersonId, str]
) -> list[RoleStatus]:
    """The five roles for one child, in CarerRole order."""
    out = []
    for role in CarerRole:
        rows = [a for a in assignments if a.role is role]
        men = [
            {"id": a.person_id, "name": names.get(a.person_id, f"person {a.person_id}")}
            for a in rows
            if a.person_id is not None
        ]
        status = RoleStatus(role.value, role.label, addressed=bool(men), men=men)
        decl = next((a for a in rows if a.declaration is not None), None)
        if not men and decl is not None and decl.declaration is not None:
            status.declaration = decl.declaration.value
            status.reason, status.efforts = decl.reason, decl.efforts
            missing = [
                w
                for w, v in (("the reason", decl.reason), ("the efforts made", decl.efforts))
                if not v.strip()
            ]
            status.addressed = not missing
            if missing:
                status.problem = f"declared without {' and '.join(missing)}"
        elif not men:
            status.problem = "no man recorded and nothing declared"
        out.append(status)
    return out


def man_status(
    person: Person,
    roles: list[str],
    facts: Answers,
    form: FormDefinition = MALE_CARER_FORM,
) -> ManStatus:
    """An answer counts as recorded when any statement answers it or says nobody knows; it is
    "his own account only" when every answering statement is self-reported (one verified
    statement, or one from another person, is enough)."""
    missing, self_only, unknown, disagree = [], [], [], []
    required = form.required_fields()
    for f in required:
        answer = facts.get(f.key)
        if answer is None or not answer.statements or answer.status is FactStatus.NOT_ASKED:
            missing.append(FieldGap(f.key, form.section_of(f.key).title, f.label,
                                    not_asked=answer is not None and bool(answer.statements)))
    for key, answer in sorted(facts.items()):
        if not form.has_field(key) or not answer.statements:
            continue
        gap = FieldGap(key, form.section_of(key).title, form.field(key).label)
        if answer.self_report_only:
            self_only.append(gap)
        elif answer.status is FactStatus.NOT_KNOWN:
            unknown.append(gap)
        if answer.disagree:
            disagree.append(gap)
    return ManStatus(int(person.id or 0), person.display_name, roles, len(required), missing,
                     self_only, unknown, disagree)


def check_case(case: CaseFile, today: dt.date | None = None) -> CompletenessReport:
    return check_snapshot(load_snapshot(case, today, with_entries=False))


def check_snapshot(snapshot: CaseSnapshot) -> CompletenessReport:
    people = snapshot.people
    names = {pid: p.display_name for pid, p in people.items()}
    assignments = snapshot.roles
    children = snapshot.index_children
    problems: list[str] = []
    report_children: list[ChildRoles] = []
    if not children:
        problems.append(
            "No index child is recorded: add the baby and mark them as the index child, "
            "then address each male-carer role."
        )
        report_children.append(ChildRoles(None, NO_INDEX_CHILD, role_statuses([], names)))
    for child in children:
        mine = [a for a in assignments if a.child_id == child.id]
        report_children.append(ChildRoles(child.id, child.display_name, role_statuses(mine, names)))

    roles_of: dict[PersonId, list[str]] = {}
    for a in assignments:
        if a.person_id is not None:
            label = a.role.label
            if len(children) > 1:
                label += f" of {names.get(a.child_id, '?')}"
            roles_of.setdefault(a.person_id, [])
            if label not in roles_of[a.person_id]:
                roles_of[a.person_id].append(label)
    men = [
        man_status(people[pid], roles, answers_from(snapshot.statements_of(pid)))
        for pid, roles in sorted(roles_of.items())
        if pid in people
    ]
    unlinked = [{"id": p.id, "name": p.display_name}
                for p in household_men_in_no_role(snapshot)]
    return CompletenessReport(report_children, men, unlinked, problems)
