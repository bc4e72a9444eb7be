"""Disputed facts stated neutrally, each party's version in brief (PD27A / e-bundle guidance).

A chronology records what an agency wrote; when a parent says it did not happen that way, the
court document must neither adopt nor dismiss either account:

    It is alleged that Liam Carter punched the wall; the father disputes this and says he
    slipped and hit the door frame.

The same words are used in the court and review exports and previewed in the entry editor, so
what the practitioner sees is what the court reads.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from storage.chronology import Dispute, DisputeParty
from storage.ids import PersonId

_PARTY_WORDS = {
    DisputeParty.MOTHER: "the mother",
    DisputeParty.FATHER: "the father",
    DisputeParty.LOCAL_AUTHORITY: "the local authority",
}
# Sentence-opening words that read wrongly capitalised after "that" / "says". Names and "I"
# keep their capital, so "Liam Carter punched …" stays as written.
_LOWER_AFTER = {
    "a", "an", "the", "he", "she", "they", "it", "his", "her", "their", "this", "that",
    "there", "we", "you", "mother", "father", "baby", "neighbour", "police",
}


def party_name(dispute: Dispute, name: Callable[[PersonId], str]) -> str:
    """How the document names who disputes: "the father", "Liam Carter", "the grandmother"."""
    if dispute.party is DisputeParty.NAMED_MAN and dispute.person_id is not None:
        return name(dispute.person_id)
    if dispute.party is DisputeParty.OTHER:
        return dispute.party_name.strip() or "another party"
    return _PARTY_WORDS.get(dispute.party, "another party")


def _clause(text: str) -> str:
    """Text continued mid-sentence: no final full stop, a common first word in lower case."""
    clause = " ".join(text.split()).rstrip(" .;")
    first, _, rest = clause.partition(" ")
    if first.lower() in _LOWER_AFTER and first[:1].isupper() and not first.isupper():
        clause = first.lower() + (" " + rest if rest else "")
    return clause


def neutral_wording(
    allegation: str,
    disputes: Sequence[Dispute],
    name: Callable[[PersonId], str],
    flagged: bool = True,
) -> str:
    """ "It is alleged that …; the father disputes this and says …." for a disputed entry.

    `flagged` is the entry's disputed flag: an agency's return may say only "disputed", and
    then the document says so without inventing who disputes it.
    """
    if not disputes and not flagged:
        return allegation
    parts = [f"It is alleged that {_clause(allegation)}"]
    if not disputes:
        parts.append("this is disputed")
    for dispute in disputes:
        who = party_name(dispute, name)
        version = _clause(dispute.version)
        says = f" and says {version}" if version else ""
        parts.append(f"{who} disputes this{says}")
    return "; ".join(parts) + "."
