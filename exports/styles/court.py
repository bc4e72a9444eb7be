"""Court chronology (PLO / PD12A): key events, or the last two years plus key earlier events."""

from __future__ import annotations

from exports.court import build_court
from exports.styles.spec import StyleSpec

SPEC = StyleSpec(
    name="court",
    title="Court chronology (PLO, key events)",
    build=build_court,
    options=frozenset({"all_events", "window_years"}),
    # The named court chronology shows the genogram; the anonymised one leaves it out until it
    # can be drawn with pseudonyms (issue 13).
    carries_genogram=lambda options: not options.anonymise,
    description="Succinct chronology for the family court (PD12A): serial number, date, event, "
                "witness or document reference.",
)
