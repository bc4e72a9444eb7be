"""Operations on the author's anonymisation decisions (Qt-free; used by the CLI and the GUI).

Each is one transaction, so one undo entry and one audited change (who decided, when). The
originals the decisions are about stay inside the encrypted case; the redaction log an
export writes holds kinds and counts only.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from app.operations.changes import Changes
from exports.anonymise import practitioner_labels
from exports.anonymise_review import undecided
from exports.identifiers import Candidate
from exports.kinship import relationship_labels
from storage.anonymisation import AnonymisationDecision, Decision
from storage.anonymisation_store import decision_by_key, decisions, save_decision
from storage.casefile import CaseFile, now_iso
from storage.errors import CaseError
from storage.ids import PersonId
from storage.snapshot import load_snapshot

# The neutral word of a bulk pseudonym per kind, when the context suggested none.
_DEFAULT_WORD = {"person": "Person", "place": "Place", "organisation": "Organisation"}


class DecisionError(CaseError):
    """A decision that cannot be stored as asked (unknown person, empty label)."""


@dataclass(slots=True)
class Choice:
    """One decision asked for: what to do with the candidate `key`."""

    key: str
    kind: str
    decision: Decision
    text: str = ""
    label: str = ""
    person_id: PersonId | None = None


def pending(case: CaseFile) -> list[Candidate]:
    """Candidates not yet decided, most frequent first."""
    return undecided(load_snapshot(case), decisions(case))


def next_label(word: str, taken: set[str], letters: bool = False) -> str:
    """'Neighbour 1', 'Neighbour 2' ... or 'Person A', 'Person B' ... not yet used."""
    n = 0
    while True:
        n += 1
        suffix = _letters(n) if letters else str(n)
        label = f"{word} {suffix}"
        if label not in taken:
            return label


def _letters(n: int) -> str:
    out = ""
    while n:
        n, rem = divmod(n - 1, 26)
        out = chr(65 + rem) + out
    return out


def suggested_label(candidate: Candidate, taken: set[str]) -> str:
    word = candidate.hint or _DEFAULT_WORD.get(candidate.kind, "Person")
    if word in ("Person", "Worker") or word == "":
        return next_label("Person", taken, letters=True)
    return next_label(word, taken)


def taken_labels(case: CaseFile) -> set[str]:
    """Labels already standing for someone: decided pseudonyms, the family's relationship
    labels and the recorded staff's ("Police officer 1" is PC Lloyd: an unrecorded officer
    given it too would read as him in the published review)."""
    snapshot = load_snapshot(case)
    return {d.label for d in decisions(case) if d.label} | set(
        relationship_labels(snapshot).values()) | set(practitioner_labels(snapshot).values())


def decide(case: CaseFile, choices: Sequence[Choice]) -> Changes:
    """Store the decisions (replacing earlier ones for the same candidates), as one action."""
    if not choices:
        return Changes.nothing("Anonymisation: nothing to decide")
    people = {p.id for p in load_snapshot(case).people.values()}
    existing = decision_by_key(case)
    for choice in choices:
        if choice.decision is Decision.SAME_AS and choice.person_id not in people:
            raise DecisionError(f"'{choice.text or choice.key}': say which recorded person it "
                                "is (no such person in the case).")
        if choice.decision is Decision.PSEUDONYM and not choice.label.strip():
            raise DecisionError(f"'{choice.text or choice.key}': a pseudonym needs a label, "
                                "e.g. \"Neighbour 1\".")
    at = now_iso()
    action = (f"Anonymisation: decide {choices[0].text or choices[0].key}" if len(choices) == 1
              else f"Anonymisation: decide {len(choices)} candidates")
    with case.transaction(action) as tx:
        for choice in choices:
            old = existing.get(choice.key)
            record = AnonymisationDecision(
                key=choice.key, kind=choice.kind, decision=choice.decision,
                label=choice.label.strip() if choice.decision is Decision.PSEUDONYM else "",
                person_id=choice.person_id if choice.decision is Decision.SAME_AS else None,
                text=choice.text or (old.text if old else ""), decided_by=case.author,
                decided_at=at, id=old.id if old else None)
            save_decision(tx, record)
    return Changes.of(tx)


def decide_all_identifying(case: CaseFile) -> tuple[Changes, int]:
    """Every undecided candidate becomes identifying with a consistent neutral pseudonym
    ("Neighbour 1", "Nursery 1", "Person A"), suggested from its context."""
    todo = pending(case)
    taken = taken_labels(case)
    choices = []
    for candidate in todo:
        label = suggested_label(candidate, taken)
        taken.add(label)
        choices.append(Choice(candidate.key, candidate.kind, Decision.PSEUDONYM,
                              candidate.text, label))
    return decide(case, choices), len(choices)
