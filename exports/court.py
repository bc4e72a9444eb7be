"""Court chronology (Public Law Outline, Practice Direction 12A).

A concise, numbered chronology of key events with the evidence for each (witness or document
reference), preceded by a short case summary, the household genogram and the family
composition, then the male carers. By default every event from two years before proceedings
were issued onwards is listed, with older key events and the practitioner's own pins
(forms/pd12a.py); `key_events_only` lists key events alone and `all_events` every event.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass

from exports.document import (
    Column,
    Document,
    ExportOptions,
    Heading,
    KeyValueList,
    Orientation,
    Paragraph,
    Row,
    Section,
    Table,
    TitlePage,
)
from exports.family import family_composition, genogram_alt_text
from exports.genogram.figure import genogram_blocks
from exports.male_carers import male_carers_section
from forms.disputes import neutral_wording
from forms.pd12a import Scope, selection
from storage.chronology import ChronologyEntry
from storage.ids import PersonId
from storage.snapshot import CaseSnapshot


def scope_of(snapshot: CaseSnapshot, options: ExportOptions) -> Scope:
    return Scope(options.proceedings_issued or snapshot.proceedings_issued, snapshot.today,
                 options.window_years)


def select_entries(snapshot: CaseSnapshot, options: ExportOptions) -> list[ChronologyEntry]:
    live = [e for e in snapshot.entries if e.duplicate_of is None]
    if options.all_events:
        return live
    if options.key_events_only:
        return [e for e in live if e.key_event]
    return selection(live, scope_of(snapshot, options))


def scope_text(snapshot: CaseSnapshot, options: ExportOptions) -> str:
    if options.all_events:
        return "every event recorded"
    if options.key_events_only:
        return "key events only"
    return f"every event of {scope_of(snapshot, options).describe()}, and key events before then"


@dataclass(frozen=True, slots=True)
class PageCount:
    """Pages of the court document as the PDF writer lays it out (the court counts PDF
    pages): in all, and of the chronology itself (its own section, starting on a new page),
    which is what choosing entries changes and what a page limit is about."""

    total: int
    chronology: int

    def __str__(self) -> str:
        return (f"{_pages(self.chronology)} of chronology, {_pages(self.total)} in all")


def _pages(n: int) -> str:
    return f"{n} page{'s' if n != 1 else ''}"


def page_count(document: Document) -> PageCount:
    from exports.pdf_layout import count_pages

    total = count_pages(document)
    before = dataclasses.replace(document, sections=document.sections[:-1])
    return PageCount(total, total - count_pages(before))


def date_cell(entry: ChronologyEntry, with_time: bool = True) -> str:
    """The date as a court reads it ("?22 May 2016", "between May and July 2016"), the time,
    and when the agency recorded it if that was another day."""
    lines = [entry.when.court()]
    if entry.event_time and with_time:
        lines.append(entry.event_time)
    if entry.recorded_on is not None and entry.recorded_on != entry.event_date:
        lines.append(f"(recorded {entry.recorded_on.court()})")
    return "\n".join(lines)


def event_text(entry: ChronologyEntry, agency: str, name: Callable[[PersonId], str]) -> str:
    what = neutral_wording(entry.what_happened, entry.disputes, name, entry.disputed)
    lines = [f"{agency}: {what}".strip()]
    if entry.action_taken:
        lines.append(f"Action: {entry.action_taken}")
    if entry.outcome:
        lines.append(f"Outcome: {entry.outcome}")
    return "\n".join(lines)


def title_page(snapshot: CaseSnapshot, options: ExportOptions, title: str, subtitle: str,
               child_name: str) -> TitlePage:
    details = snapshot.details
    return TitlePage(title, subtitle, [
        ("Case reference", "[removed]" if options.anonymise else details.reference),
        ("Child", child_name),
        ("Local authority", details.local_authority or "not recorded"),
        # Agency staff are not named in an anonymised (published) document.
        ("Author", options.author or ("[removed]" if options.anonymise else details.author)
         or "not recorded"),
        ("Date", snapshot.today.strftime("%d/%m/%Y")),
        ("Version", options.version),
        ("Protective marking", options.marking),
    ])


def child_name(snapshot: CaseSnapshot, name: Callable[[PersonId], str],
               anonymise: bool) -> str:
    child = snapshot.index_child
    if child is None or child.id is None:
        return "not recorded"
    if anonymise:
        return name(child.id)
    initials = ".".join(n[0] for n in (child.given_names, child.family_name) if n) + "."
    return initials


def build_court(snapshot: CaseSnapshot, options: ExportOptions,
                name: Callable[[PersonId], str], genogram: bytes | None = None) -> Document:
    chosen = select_entries(snapshot, options)
    agencies = {aid: a.name for aid, a in snapshot.agencies.items()}
    child = child_name(snapshot, name, options.anonymise)

    summary: list = [Heading("1. Case summary", 1)]
    first = chosen[0].when.court() if chosen else "—"
    last = chosen[-1].when.court() if chosen else "—"
    scope = scope_text(snapshot, options)
    summary.append(Paragraph(
        f"This chronology concerns {child}; it lists {len(chosen)} events ({scope}) "
        f"from {first} to {last}, out of {len(snapshot.entries)} recorded in the case file. "
        "Each event gives the witness or document it comes from."))
    summary.append(KeyValueList([
        ("Events listed", str(len(chosen))),
        ("Agencies", ", ".join(sorted({agencies.get(e.agency_id, "?") for e in chosen}))
         or "none"),
    ]))
    # Anonymised, the picture is drawn from pseudonyms with ages (exports/service.py).
    summary += genogram_blocks(genogram, "2. Household genogram",
                               genogram_alt_text(snapshot, name) if options.anonymise else "")
    summary += [Heading("3. Family composition", 1),
                family_composition(snapshot, name, options.anonymise)]
    carers = male_carers_section(snapshot, name, number="4. ", anonymise=options.anonymise)

    rows = []
    for number, entry in enumerate(chosen, 1):
        rows.append(Row([
            str(number),
            date_cell(entry),
            event_text(entry, agencies.get(entry.agency_id, ""), name),
            entry.significance,
            "[removed]" if options.anonymise else entry.source_ref,
        ]))
    # Weighted for A4 portrait (e-bundles): the event text gets most of the width, so each
    # entry takes fewer lines and fewer pages.
    table = Table([Column("No.", 0.4), Column("Date", 1.15), Column("Event", 5.6),
                   Column("Significance for the child", 1.8),
                   Column("Witness / document reference", 1.35)], rows,
                  caption="Chronology of key events" if options.key_events_only
                  else "Chronology of significant events")
    return Document(
        title_page(snapshot, options, "Chronology for the family court",
                   "Public Law Outline — Practice Direction 12A", child),
        [Section(summary), Section(carers),
         Section([Heading("5. Chronology", 1), table], Orientation.LANDSCAPE)],
        marking=options.marking,
    )
