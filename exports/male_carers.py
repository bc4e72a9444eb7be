"""The male-carers section shared by court and review exports.

For every role the child has, who he is or the recorded declaration ("none" / "not known" with
reason and efforts) — or a plain statement that the role has not been addressed. Then for each
man a factor map (one row per area of his life, with source and whether it was checked) and a
"What we don't know" list: fields not known, not asked, or resting on his word alone. The
source review found no single risk indicator, only combinations (§6.20), so nothing is scored.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from typing import Any

from exports.case_data import CaseSnapshot
from exports.document import Block, BulletList, Column, Heading, Paragraph, Row, Table
from storage.carers import CarerFact, CarerRole, Declaration, FactBasis, FactStatus
from storage.ids import PersonId

AREAS: tuple[tuple[str, str], ...] = (
    ("history", "History"),
    ("substance_use", "Substance use"),
    ("anger", "Anger and frustration"),
    ("sleep", "Sleep"),
    ("mental_health", "Mental health"),
    ("domestic_abuse", "Domestic abuse"),
    ("pressures", "Pressures"),
    ("strengths", "Strengths and support needs"),
    ("engagement", "Engagement"),
)
_BASIS = {
    FactBasis.SELF_REPORTED: "self-reported",
    FactBasis.REPORTED_BY_OTHER: "reported by another person",
    FactBasis.VERIFIED_RECORD: "verified from records",
}


def field_label(key: str) -> str:
    name = key.split(".", 1)[-1]
    return name.replace("_", " ").replace("gbp", "(£)").capitalize()


def format_value(value: Any) -> str:
    """JSON-compatible fact values as a sentence fragment (lists of dicts become '; ' lists)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, dict):
        first = value.get("substance") or value.get("name")
        rest = [f"{field_label(k)} {format_value(v)}" for k, v in value.items()
                if v not in (None, "") and k not in ("substance", "name")]
        return (f"{first}: " if first else "") + ", ".join(rest)
    if isinstance(value, list):
        return "; ".join(format_value(v) for v in value)
    return str(value)


def _provenance(fact: CarerFact) -> str:
    parts = [fact.source or "source not recorded"]
    if fact.learned_on is not None:
        parts.append(fact.learned_on.display())
    if fact.basis is not None:
        parts.append(_BASIS[fact.basis])
    return ", ".join(parts)


def unknowns(facts: list[CarerFact]) -> list[str]:
    """The "What we don't know" list for one man."""
    out: list[str] = []
    areas_with_facts = {f.field_key.split(".", 1)[0] for f in facts}
    for fact in facts:
        label = f"{_area_label(fact.field_key)}: {field_label(fact.field_key).lower()}"
        if fact.status is FactStatus.NOT_KNOWN:
            out.append(f"{label} — not known ({fact.source or 'no source'})")
        elif fact.status is FactStatus.NOT_ASKED:
            out.append(f"{label} — not asked")
        elif fact.basis is FactBasis.SELF_REPORTED:
            out.append(f"{label} — his own account only, not checked")
    for key, label in AREAS:
        if key not in areas_with_facts:
            out.append(f"{label} — nothing recorded")
    return out


def _area_label(key: str) -> str:
    prefix = key.split(".", 1)[0]
    return dict(AREAS).get(prefix, prefix.replace("_", " ").capitalize())


def male_carers_section(snapshot: CaseSnapshot, name: Callable[[PersonId], str],
                        number: str = "") -> list[Block]:
    blocks: list[Block] = [Heading(f"{number}Male carers", 1)]
    child = snapshot.index_child
    if child is None or child.id is None:
        blocks.append(Paragraph("No index child is recorded, so the male-carer roles cannot be "
                                "listed."))
        return blocks
    roles_by_person: dict[PersonId, list[str]] = defaultdict(list)
    rows: list[Row] = []
    for role in CarerRole:
        found = [r for r in snapshot.roles if r.child_id == child.id and r.role is role]
        if not found:
            rows.append(Row([role.label, "NOT ADDRESSED: no man and no declaration recorded", ""]))
            continue
        for assignment in found:
            when = assignment.recorded_on.display() if assignment.recorded_on else ""
            by = ", ".join(x for x in (assignment.recorded_by, when) if x)
            if assignment.person_id is not None:
                roles_by_person[assignment.person_id].append(role.label)
                rows.append(Row([role.label, name(assignment.person_id), by]))
            else:
                what = "None" if assignment.declaration is Declaration.NONE else "Not known"
                detail = "; ".join(x for x in (
                    f"reason: {assignment.reason}" if assignment.reason else "",
                    f"what was done to find out: {assignment.efforts}" if assignment.efforts
                    else "") if x)
                rows.append(Row([role.label, f"{what} (declared){': ' + detail if detail else ''}",
                                 by]))
    blocks.append(Table([Column("Role", 1.3), Column("Who, or the declaration", 2.6),
                         Column("Recorded by, on", 1.2)], rows,
                        caption=f"Male-carer roles for {name(child.id)}"))

    facts_by_person: dict[PersonId, list[CarerFact]] = defaultdict(list)
    for fact in snapshot.facts:
        facts_by_person[fact.person_id].append(fact)
    for pid, roles in roles_by_person.items():
        facts = facts_by_person.get(pid, [])
        blocks.append(Heading(f"{name(pid)} — {'; '.join(dict.fromkeys(roles))}", 2))
        map_rows = []
        for key, label in AREAS:
            area = [f for f in facts if f.field_key.split(".", 1)[0] == key]
            if not area:
                map_rows.append(Row([label, "Nothing recorded", ""]))
                continue
            recorded = "\n".join(
                f"{field_label(f.field_key)}: "
                + (format_value(f.value) if f.status is FactStatus.ANSWERED
                   else f.status.value.replace("_", " "))
                for f in area)
            map_rows.append(Row([label, recorded, "\n".join(_provenance(f) for f in area)]))
        blocks.append(Table([Column("Area", 1.2), Column("What is recorded", 3.0),
                             Column("Source, date, basis", 1.6)], map_rows,
                            caption=f"Factor map: {name(pid)}"))
        blocks.append(Paragraph("What we don't know", bold=True))
        blocks.append(BulletList(unknowns(facts) or ["Every area has a checked answer."]))
    return blocks
