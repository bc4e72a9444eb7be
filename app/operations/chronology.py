"""Chronology entries: add, edit, delete — each one undoable action, checked by the same rules
(forms/chronology_rules.py) whether typed in the window or given on the command line.

Warnings (a date in the future, before a linked person's birth) are the editor's to confirm;
only errors stop an operation here.
"""

from __future__ import annotations

from app.operations.changes import Changes
from forms.chronology_rules import Level, check_entry
from forms.lens.mentions import NameIndex
from storage import chronology_store
from storage.casefile import CaseFile
from storage.chronology import ChronologyEntry
from storage.errors import InvalidValue
from storage.ids import EntryId, PersonId


def _check(entry: ChronologyEntry) -> None:
    errors = [i for i in check_entry(entry, {}) if i.level is Level.ERROR]
    if errors:
        raise InvalidValue(errors[0].message)


def _short(entry: ChronologyEntry) -> str:
    text = " ".join(entry.what_happened.split())
    return text if len(text) <= 40 else text[:39] + "…"


def add_entry(case: CaseFile, entry: ChronologyEntry) -> Changes:
    _check(entry)
    with case.transaction(f"Add entry {entry.event_date.display()}: {_short(entry)}") as tx:
        chronology_store.add_entry(tx, entry)
    return Changes.of(tx)


def edit_entry(case: CaseFile, entry: ChronologyEntry) -> Changes:
    if entry.id is None or chronology_store.get_entry(case, entry.id) is None:
        raise InvalidValue("That entry is no longer in the chronology (perhaps undone); nothing "
                           "was changed.")
    _check(entry)
    with case.transaction(f"Edit entry {entry.event_date.display()}: {_short(entry)}") as tx:
        chronology_store.update_entry(tx, entry)
    return Changes.of(tx)


def delete_entry(case: CaseFile, entry_id: EntryId) -> Changes:
    entry = chronology_store.get_entry(case, entry_id)
    if entry is None:
        return Changes.nothing()
    with case.transaction(f"Delete entry {entry.event_date.display()}: {_short(entry)}") as tx:
        chronology_store.delete_entry(tx, entry_id)
    return Changes.of(tx)


def named_links(case: CaseFile) -> list[tuple[EntryId, PersonId]]:
    """For entries linked to nobody: the people their text names, by the lens's name rules
    (forms/lens/mentions.py: full name, known-as, a first name no one else has, "Mr Carter"
    when only one man is a Carter — never a family name alone)."""
    index = NameIndex.of_case(case)
    return [(entry_id, PersonId(pid))
            for entry_id, text in chronology_store.unlinked_narratives(case)
            for pid in sorted(index.named_in(text))]


def link_named_people(case: CaseFile) -> Changes:
    """Link every entry that names people but is linked to nobody (entries imported before
    imports linked them) to those people: one action, undone in one step. An entry already
    linked to anyone is left as it is; an entry whose links were all cleared by hand cannot
    be told from an old import, which is why the window asks first and names the count."""
    links = named_links(case)
    if not links:
        return Changes.nothing("Link entries to the people they name")
    entries = len({e for e, _p in links})
    label = f"Link {entries} entr{'y' if entries == 1 else 'ies'} to the people they name"
    with case.transaction(label) as tx:
        chronology_store.link_people(tx, links)
    return Changes.of(tx)
