"""Review chronology (LCSPR): every agency's entries merged in date order.

Columns Date | Time | Agency | Event | Action / outcome | Analysis. The agency cell carries the
agency's prefix and a colour from a colour-blind-safe palette with AA contrast; a key table maps
prefixes and colours to agencies. Duplicates marked during import are left out (they are the
same event reported twice).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable

from exports.court import child_name, date_cell, title_page
from exports.document import (
    Block,
    Column,
    Document,
    ExportOptions,
    Heading,
    Orientation,
    Paragraph,
    Row,
    RowColour,
    Section,
    Table,
)
from exports.family import family_composition, genogram_alt_text
from exports.genogram.figure import genogram_blocks
from exports.information_sought import information_sought_blocks
from exports.male_carers import male_carers_section
from exports.palette import agency_colours
from exports.review_men import review_man_blocks
from forms.disputes import neutral_wording
from forms.household import household_text, household_then
from storage.dates import Certainty
from storage.ids import PersonId
from storage.snapshot import CaseSnapshot


def information_sought(snapshot: CaseSnapshot, name: Callable[[PersonId], str]) -> list[Block]:
    """Who was asked what about each man, when, and when and how they answered (issue 14)."""
    men = list(dict.fromkeys(r.person_id for r in snapshot.roles if r.person_id is not None))
    return information_sought_blocks(snapshot.requests, snapshot.request_chases,
                                     snapshot.returns, snapshot.agencies, men, name,
                                     snapshot.today, number="6. ")


def build_review(snapshot: CaseSnapshot, options: ExportOptions,
                 name: Callable[[PersonId], str], genogram: bytes | None = None) -> Document:
    entries = [e for e in snapshot.entries if e.duplicate_of is None]
    counts = Counter(e.agency_id for e in entries)
    order = list(dict.fromkeys(e.agency_id for e in entries))  # by first entry
    colours = agency_colours(order)
    agencies = snapshot.agencies
    child = child_name(snapshot, name, options.anonymise)

    intro: list[Block] = [
        Heading("1. Scope", 1),
        Paragraph(
            f"This chronology merges {len(entries)} entries from {len(order)} agencies about "
            f"{child}, in date order"
            + (f", from {entries[0].when.court()} to {entries[-1].when.court()}."
               if entries else ".")),
        Heading("2. Agency key", 1),
        Table([Column("Prefix", 0.8), Column("Agency", 3.0), Column("Entries", 0.8)],
              [Row([agencies[aid].prefix, agencies[aid].name, str(counts[aid])],
                   RowColour(*colours[aid], column=0)) for aid in order],
              caption="Agencies are shown by prefix and colour"),
        Heading("3. Family composition", 1),
        family_composition(snapshot, name, options.anonymise),
    ]
    if genogram is not None:  # the household genogram; pseudonyms and ages when anonymised
        intro += genogram_blocks(genogram, "Household genogram",
                                 genogram_alt_text(snapshot, name))[1:]
    carers = male_carers_section(snapshot, name, number="4. ", anonymise=options.anonymise,
                                 extra=review_man_blocks(snapshot, name, options.anonymise))

    rows = []
    for entry in entries:
        agency = agencies.get(entry.agency_id)
        prefix = agency.prefix if agency else "?"
        outcome = "\n".join(x for x in (entry.action_taken,
                                        f"Outcome: {entry.outcome}" if entry.outcome else "")
                            if x)
        event = neutral_wording(entry.what_happened, entry.disputes, name, entry.disputed)
        if options.household_on_key_events and entry.key_event:
            then = household_then(snapshot, entry.when)
            event += "\n" + household_text(then, name, entry.when.certainty is Certainty.EXACT)
        if not options.anonymise and entry.source_ref:
            event += f"\nSource: {entry.source_ref}"
        fill, text = colours.get(entry.agency_id, ("FFFFFF", "000000"))
        rows.append(Row(
            [date_cell(entry, with_time=False), entry.event_time,
             f"{prefix}\n{agency.name if agency else ''}",
             event, outcome, entry.significance],
            RowColour(fill, text, column=2)))
    table = Table([Column("Date", 1.25), Column("Time", 0.55), Column("Agency", 1.2),
                   Column("Event", 4.35), Column("Action / outcome", 2.2),
                   Column("Analysis", 2.0)], rows, caption="Merged multi-agency chronology")
    return Document(
        title_page(snapshot, options, "Multi-agency chronology",
                   "Local Child Safeguarding Practice Review", child),
        [Section(intro), Section(carers),
         Section([Heading("5. Merged chronology", 1), table], Orientation.LANDSCAPE),
         Section(information_sought(snapshot, name), Orientation.LANDSCAPE)],
        marking=options.marking,
    )
