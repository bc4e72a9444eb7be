"""Review chronology (LCSPR): every agency's entries merged in date order."""

from __future__ import annotations

from exports.review import build_review
from exports.styles.spec import StyleSpec

SPEC = StyleSpec(
    name="review",
    title="Review chronology (LCSPR, all agencies)",
    build=build_review,
    # The household genogram after the family composition; pseudonyms when anonymised.
    carries_genogram=lambda options: True,
    options=frozenset({"household_on_key_events"}),
    description="Multi-agency chronology for a safeguarding practice review, agencies by "
                "prefix and colour.",
)
