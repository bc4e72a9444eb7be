"""The author's decisions about identifiers found in a case's free text (issue 13).

A candidate ("Pat Doyle", "Riverside Surgery") is stored by its folded text (`key`: lower
case, no accents, look-alike letters folded), so every later export, and every spelling of it,
finds the same decision. The decision says what an anonymised export writes instead.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from storage.ids import PersonId


class Decision(StrEnum):
    SAME_AS = "same_as"      # a recorded person: their pseudonym
    PSEUDONYM = "pseudonym"  # a label of its own ("Neighbour 1", "Nursery 1", "Person A")
    REMOVE = "remove"        # "[name removed]"
    KEEP = "keep"            # not identifying: left as written

    @property
    def identifying(self) -> bool:
        return self is not Decision.KEEP


@dataclass(slots=True)
class AnonymisationDecision:
    key: str
    kind: str  # person, place, organisation
    decision: Decision
    label: str = ""  # the pseudonym (PSEUDONYM)
    person_id: PersonId | None = None  # SAME_AS
    text: str = ""  # the candidate as first written, for the review list
    decided_by: str = ""
    decided_at: str = ""
    id: int | None = None
