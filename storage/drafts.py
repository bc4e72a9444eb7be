"""A draft: answers typed into a form and not yet applied, kept in the encrypted case file.

A draft is not part of the record. It holds what the practitioner had typed when the form last
paused (a field left, a second without typing, a lock, a quit) so that nothing typed is lost to
a lock, a crash or a switch of man or case; it is offered back when the form opens again and
becomes part of the record only through the form's own operation when she applies it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from storage.ids import DraftId


@dataclass(slots=True)
class Draft:
    form: str  # which form: "record", "person", "entry", "role", "screening"
    subject: str  # what in that form: a person id, an entry id or "new", "child:role"...
    label: str  # whom or what it is about, in words: "Liam Carter", "the new entry"
    state: dict[str, Any] = field(default_factory=dict)  # the form's answers, by name
    saved_at: str = ""  # ISO 8601, UTC
    author: str = ""
    id: DraftId | None = None
