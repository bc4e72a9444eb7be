"""What the author reviews before an anonymised export: every free text an export can carry,
the candidates found in it, and which are still undecided.

Used by `visible anonymise`, the review page and the export job (which refuses while any
candidate is undecided).
"""

from __future__ import annotations

from exports.anonymise import Anonymiser
from exports.identifiers import Candidate, Source, collect_candidates, lexicon
from exports.identifiers.text import fold
from storage.anonymisation import AnonymisationDecision
from storage.ids import PersonId
from storage.snapshot import CaseSnapshot


def case_sources(snapshot: CaseSnapshot) -> list[Source]:
    """Entries (event, action, outcome, significance, who disputes them and their version),
    men's record answers and sources, role declarations, information requests, agency names:
    everything an export prints as written."""
    agencies = snapshot.agencies
    out: list[Source] = []
    for entry in snapshot.entries:
        agency = agencies.get(entry.agency_id)
        where = f"Entry {entry.event_date.display()} ({agency.name if agency else '?'})"
        for label, text in (("event", entry.what_happened), ("action", entry.action_taken),
                            ("outcome", entry.outcome), ("significance", entry.significance)):
            if text:
                out.append(Source(f"{where}, {label}", text, entry.id))
        for dispute in entry.disputes:  # "the neighbour disputes this and says Gaz did it"
            for label, text in (("disputed by", dispute.party_name),
                                ("their version", dispute.version)):
                if text:
                    out.append(Source(f"{where}, {label}", text, entry.id))
    for fact in snapshot.facts:
        person = snapshot.people.get(fact.person_id)
        who = person.display_name if person else "?"
        for text in _strings(fact.value):
            out.append(Source(f"Record of {who}: {fact.field_key}", text))
        if fact.source:
            out.append(Source(f"Record of {who}: {fact.field_key} (source)", fact.source))
    for role in snapshot.roles:
        for text in (role.reason, role.efforts):
            if text:
                out.append(Source(f"Male-carer role {role.role.value}: declaration", text))
    for request in snapshot.requests:  # the review's "Information sought" (issue 14)
        where = f"Information request {request.id or ''}".strip()
        for text in (*request.questions, request.basis_detail, request.answer_summary,
                     request.sent_how):
            if text:
                out.append(Source(where, text))
    for agency in agencies.values():
        out.append(Source("Agency name", agency.name))
    return out


def _strings(value: object) -> list[str]:
    if isinstance(value, str):
        return [value] if value.strip() else []
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, list | tuple):
        return [s for v in value for s in _strings(v)]
    return []


def candidates(snapshot: CaseSnapshot,
               decisions: list[AnonymisationDecision]) -> list[Candidate]:
    """Every reviewable candidate in the case (decided or not), most frequent first."""
    anonymiser = Anonymiser(snapshot, [])
    found = collect_candidates(case_sources(snapshot), anonymiser.detector)
    # Parts of recorded addresses are removed without asking; the local authority's name is
    # public (the review is published by it).
    found = [c for c in found if not anonymiser.is_recorded_address(c.text)
             and c.key not in anonymiser.public_keys]
    _suggest_same_as(snapshot, anonymiser, found)
    return found


def _suggest_same_as(snapshot: CaseSnapshot, anonymiser: Anonymiser,
                     found: list[Candidate]) -> None:
    """A candidate that is a recorded person's nickname ("Danny"), alone or with that
    person's family name ("Danny Price"), is offered as that person: a review that calls the
    father "Person A" where his own agency wrote "Danny" loses sight of him."""
    by_nickname: dict[str, set[int]] = {}
    family: dict[int, str] = {}
    nicknames = lexicon.nicknames_of()
    for pid, person in snapshot.people.items():
        family[int(pid)] = fold(person.family_name)
        for given in f"{person.given_names} {person.known_as}".split():
            for nickname in nicknames.get(fold(given), ()):
                by_nickname.setdefault(nickname, set()).add(int(pid))
    for cand in found:
        words = cand.key.split()
        if cand.kind != "person" or not 1 <= len(words) <= 2:
            continue
        pids = by_nickname.get(words[0], set())
        if len(words) == 2:
            pids = {p for p in pids if family[p] == words[1]}
        if len(pids) == 1:
            cand.same_as = next(iter(pids))
            cand.same_as_label = anonymiser.pseudonyms.get(PersonId(cand.same_as), "")


def undecided(snapshot: CaseSnapshot,
              decisions: list[AnonymisationDecision]) -> list[Candidate]:
    decided = {d.key for d in decisions}
    return [c for c in candidates(snapshot, decisions) if c.key not in decided]
