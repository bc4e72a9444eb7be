"""What the review adds for each man in its male-carers section: when agencies saw him, what
each agency knew, and his screening results.

The source review's §9 and §19 turn on exactly these questions: which agency saw the father and
when (a timeline with the gaps, and contacts per quarter), what each agency held about him
that the others did not (the who-knew-what matrix, with sleep), and what screening showed.
Screening results are listed one instrument at a time, each with its own score and band, and
never added together or turned into an overall score (§6.20: risk lies in the combination of
factors, not in a number).

Built from the export's snapshot (forms.lens reads it the way the lens reads the case).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from exports.document import Block, BulletList, Column, Heading, Paragraph, Row, Table
from exports.timeline import heatmap_figures, timeline_data, timeline_figure
from forms.instruments import INSTRUMENTS, result_score
from forms.lens.visibility import Lens, lens_of_snapshot
from forms.lens.who_knew import GROUPS, Matrix, matrix_of_snapshot
from storage.errors import InvalidValue
from storage.ids import PersonId
from storage.snapshot import CaseSnapshot


def _words(day: dt.date) -> str:
    return f"{day.day} {day:%B} {day.year}"


def contact_blocks(lens: Lens, name: str) -> list[Block]:
    blocks: list[Block] = [Paragraph(f"When agencies saw {name}", bold=True)]
    if not lens.entries:
        blocks.append(Paragraph(f"No chronology entry involves or names {name}."))
        return blocks
    data = timeline_data(lens, name)
    blocks.append(timeline_figure(data))
    if data.gaps:
        blocks.append(BulletList([g.text for g in data.gaps]))
    blocks.extend(heatmap_figures(data))
    return blocks


def matrix_table(matrix: Matrix, name: str) -> list[Block]:
    """Agencies (then other sources) by factor group: how many entries or record answers each
    holds, so what only one agency knew stands out."""
    if not matrix.agencies:
        return [Paragraph(f"No agency holds anything about {name} in the chronology or his "
                          "record.")]
    rows = []
    for agency in matrix.agencies:
        cells = [agency]
        for group, _label in GROUPS:
            held = matrix.cells.get((agency, group), [])
            cells.append(str(len(held)) if held else "—")
        rows.append(Row(cells))
    table = Table([Column("Agency or source", 1.8)] + [Column(label, 0.8)
                                                       for _g, label in GROUPS],
                  rows, caption=f"What each agency knew about {name}: entries and record "
                                "answers in each area (— none)")
    blocks: list[Block] = [table]
    single = matrix.single_agency_groups()
    labels = dict(GROUPS)
    if single:
        blocks.append(BulletList([f"{labels[group]}: known only to {agency}"
                                  for group, agency in single.items()]))
    nobody = [labels[g] for g, _l in GROUPS if not matrix.holders(g)]
    if nobody:
        blocks.append(Paragraph("No agency held anything about: " + ", ".join(nobody) + "."))
    return blocks


def screening_table(snapshot: CaseSnapshot, pid: PersonId, name: str,
                    anonymise: bool) -> list[Block]:
    results = sorted((s for s in snapshot.screenings if s.person_id == pid),
                     key=lambda s: (s.administered_on or dt.date.min, s.instrument))
    if not results:
        return [Paragraph(f"No screening instrument has been completed with {name}.")]
    rows = []
    for result in results:
        known = INSTRUMENTS.get(result.instrument)
        title = known.name if known else result.instrument
        try:
            score = result_score(result) if known is not None else None
        except InvalidValue:  # answers this instrument version does not have: stored total
            score = None
        if known is not None and score is not None:
            if score.complete:
                shown = f"{score.total} / {known.max_total}"
            else:
                shown = (f"{score.lowest}–{score.highest} / {known.max_total} "
                         f"({len(score.missing)} items not answered)")
        else:
            shown = str(result.total) if result.total is not None else "—"
        by = "[removed]" if anonymise else (result.administered_by or "not recorded")
        when = _words(result.administered_on) if result.administered_on else "not recorded"
        rows.append(Row([title, shown, result.band or "—", when, by]))
    return [Table([Column("Instrument", 1.2), Column("Score", 1.0), Column("Band", 1.2),
                   Column("Date", 1.1), Column("By whom", 1.2)], rows,
                  caption=f"Screening results: {name} (each instrument on its own; scores are "
                          "never added together)")]


def review_man_blocks(snapshot: CaseSnapshot, name: Callable[[PersonId], str],
                      anonymise: bool) -> Callable[[PersonId], list[Block]]:
    """The blocks the review adds after each man's record (see exports.male_carers)."""

    def blocks(pid: PersonId) -> list[Block]:
        who = name(pid)
        lens = lens_of_snapshot(snapshot, pid)
        out: list[Block] = [Heading(f"{who}: contacts, what agencies knew, screening", 2)]
        out += contact_blocks(lens, who)
        out.append(Paragraph(f"What each agency knew about {who}", bold=True))
        out += matrix_table(matrix_of_snapshot(snapshot, pid, lens), who)
        out.append(Paragraph(f"Screening results for {who}", bold=True))
        out += screening_table(snapshot, pid, who, anonymise)
        return out

    return blocks
