"""Court chronology (PLO / PD12A): the two years before proceedings were issued, older key
events and the practitioner's pins (forms/pd12a.py); or key events only, or every event."""

from __future__ import annotations

from exports.court import build_court
from exports.styles.spec import StyleSpec

SPEC = StyleSpec(
    name="court",
    title="Court chronology (PLO / PD12A)",
    build=build_court,
    options=frozenset({"all_events", "key_events_only", "proceedings_issued", "window_years"}),
    # The genogram; anonymised, it is drawn from pseudonyms with ages (issue 13).
    carries_genogram=lambda options: True,
    description="Succinct chronology for the family court (PD12A): serial number, date, event, "
                "witness or document reference.",
)
