"""The male-carers section shared by court and review exports, built on the forms/ rules.

For every role the child has: who he is, or the recorded declaration ("none" / "not known" with
the reason and what was done to find out), or a plain "NOT ADDRESSED" with why
(forms.completeness). Then for each man: the factor map (each factor group present / absent /
not known, never a score: the source review found no single identifier of risk, only
combinations, §6.20), his record laid out by the form definition with the provenance of every
answer (forms.record), and a "What we don't know" list: required fields not recorded or not
asked, answers nobody knows, and answers resting on his own account alone (§7.12).
"""

from __future__ import annotations

from collections.abc import Callable

from exports.document import Block, BulletList, Column, Heading, Paragraph, Row, Table
from forms.completeness import ManStatus, man_status, role_statuses
from forms.factor_map import factor_map
from forms.record import Answer, Answers, record_sections
from storage.carers import Declaration
from storage.facts_store import statements_by_field
from storage.ids import PersonId
from storage.snapshot import CaseSnapshot


def unknowns(status: ManStatus) -> list[str]:
    """The "What we don't know" list for one man."""
    out = [f"{gap.section}: {gap.label} — {'not asked' if gap.not_asked else 'not recorded'}"
           for gap in status.missing]
    out += [f"{gap.section}: {gap.label} — not known" for gap in status.not_known]
    out += [f"{gap.section}: {gap.label} — his own account only, not checked"
            for gap in status.self_report_only]
    out += [f"{gap.section}: {gap.label} — sources disagree (both versions are shown above)"
            for gap in status.sources_disagree]
    return out


def _roles_table(snapshot: CaseSnapshot, child_id: PersonId, name: Callable[[PersonId], str],
                 anonymise: bool = False) -> tuple[Table, dict[PersonId, list[str]]]:
    assignments = [r for r in snapshot.roles if r.child_id == child_id]
    names = {pid: name(pid) for pid in snapshot.people}
    roles_of: dict[PersonId, list[str]] = {}
    rows = []
    for status in role_statuses(assignments, names):
        recorded = [a for a in assignments if a.role.value == status.role]
        by = "; ".join(
            # Published (anonymised): who recorded it is not said, only when (issue 13: the
            # login name "root" reached a PDF this way).
            ", ".join(x for x in ("" if anonymise else a.recorded_by,
                                  a.recorded_on.display() if a.recorded_on
                                  else "") if x) for a in recorded)
        for man in status.men:
            roles_of.setdefault(man["id"], []).append(status.label)
        if status.men:
            who = ", ".join(m["name"] for m in status.men)
        elif status.declaration:
            what = "None" if status.declaration == Declaration.NONE.value else "Not known"
            parts = [f"{what} (declared)"]
            if status.reason:
                parts.append(f"reason: {status.reason}")
            if status.efforts:
                parts.append(f"what was done to find out: {status.efforts}")
            who = "; ".join(parts)
        else:
            who = ""
        if not status.addressed:
            who = f"NOT ADDRESSED: {status.problem}" + (f". {who}" if who else "")
        rows.append(Row([status.label, who, by]))
    table = Table([Column("Role", 1.3), Column("Who, or the declaration", 2.6),
                   Column("Recorded on" if anonymise else "Recorded by, on", 1.2)], rows,
                  caption=f"Male-carer roles for {name(child_id)}")
    return table, roles_of


def _man_blocks(snapshot: CaseSnapshot, pid: PersonId, roles: list[str],
                facts: Answers, name: Callable[[PersonId], str]) -> list[Block]:
    blocks: list[Block] = [Heading(f"{name(pid)} — {'; '.join(dict.fromkeys(roles))}", 2)]
    groups = factor_map(facts)
    blocks.append(Table(
        [Column("Factor", 1.4), Column("Present / absent / not known", 1.1),
         Column("Shown by", 1.8), Column("Sources (latest)", 1.7)],
        [Row([g.title, g.presence.label,
              "; ".join(g.shown_by + [f"Sources disagree — {d}" for d in g.disagreements]),
              ", ".join(g.sources) + (f"; latest {g.recency(snapshot.today)}" if g.latest
                                      else "")])
         for g in groups],
        caption=f"Factor map: {name(pid)} (no score: read the combination)"))
    record_rows = [Row([section.title, row.label, row.answer, row.provenance])
                   for section in record_sections(facts) for row in section.rows]
    if record_rows:
        blocks.append(Table([Column("Area", 1.1), Column("Question", 1.5), Column("Answer", 2.2),
                             Column("Source, date, basis", 1.6)], record_rows,
                            caption=f"What is recorded about {name(pid)}"))
    person = snapshot.people[pid]
    blocks.append(Paragraph("What we don't know", bold=True))
    blocks.append(BulletList(unknowns(man_status(person, roles, facts))
                             or ["Every required field has a checked answer."]))
    return blocks


def male_carers_section(snapshot: CaseSnapshot, name: Callable[[PersonId], str],
                        number: str = "", anonymise: bool = False,
                        extra: Callable[[PersonId], list[Block]] | None = None) -> list[Block]:
    """`extra` adds a style's own blocks after each man's (the review: exports/review_men)."""
    blocks: list[Block] = [Heading(f"{number}Male carers", 1)]
    child = snapshot.index_child
    if child is None or child.id is None:
        blocks.append(Paragraph("No index child is recorded, so the male-carer roles cannot be "
                                "listed: mark the baby as the index child and address each role."))
        return blocks
    table, roles_of = _roles_table(snapshot, child.id, name, anonymise)
    blocks.append(table)
    facts: dict[PersonId, Answers] = {}
    for pid, fields in statements_by_field(snapshot.facts).items():
        facts[pid] = {key: Answer(key, statements) for key, statements in fields.items()}
    for pid, roles in roles_of.items():
        if pid in snapshot.people:
            blocks += _man_blocks(snapshot, pid, roles, facts.get(pid, {}), name)
            if extra is not None:
                blocks += extra(pid)
    return blocks
