"""PHQ-9 (Patient Health Questionnaire, depression), Kroenke, Spitzer & Williams 2001.

Licence: "Developed by Drs. Robert L. Spitzer, Janet B.W. Williams, Kurt Kroenke and colleagues,
with an educational grant from Pfizer Inc. No permission required to reproduce, translate,
display or distribute." (phqscreeners.com). Citation: Kroenke K, Spitzer RL, Williams JB. The
PHQ-9: validity of a brief depression severity measure. J Gen Intern Med 2001;16(9):606-613.
Bands as in that paper: 5, 10, 15, 20 = mild, moderate, moderately severe, severe.
"""

from __future__ import annotations

from collections.abc import Mapping

from forms.instruments.base import Band, Instrument, Item, scale

FREQUENCY = scale("Not at all", "Several days", "More than half the days", "Nearly every day")

_TEXTS = (
    "Little interest or pleasure in doing things",
    "Feeling down, depressed, or hopeless",
    "Trouble falling or staying asleep, or sleeping too much",
    "Feeling tired or having little energy",
    "Poor appetite or overeating",
    "Feeling bad about yourself — or that you are a failure or have let yourself or your "
    "family down",
    "Trouble concentrating on things, such as reading the newspaper or watching television",
    "Moving or speaking so slowly that other people could have noticed? Or the opposite — being so "
    "fidgety or restless that you have been moving around a lot more than usual",
    "Thoughts that you would be better off dead or of hurting yourself in some way",
)


def _item9(answers: Mapping[str, int | None]) -> tuple[str, ...]:
    # Any positive answer to item 9 needs a conversation about suicide risk now, whatever the total.
    if (answers.get("q9") or 0) > 0:
        return (
            "Item 9 (thoughts of being better off dead or of self-harm) was answered above "
            "'Not at all': ask about suicide risk now and act on it.",
        )
    return ()


PHQ9 = Instrument(
    key="phq9",
    name="PHQ-9",
    stem="Over the last 2 weeks, how often have you been bothered by any of the following "
    "problems?",
    items=tuple(Item(f"q{n}", text, FREQUENCY) for n, text in enumerate(_TEXTS, start=1)),
    bands=(
        Band(0, 4, "minimal"),
        Band(5, 9, "mild"),
        Band(10, 14, "moderate"),
        Band(15, 19, "moderately severe"),
        Band(20, 27, "severe"),
    ),
    licence="Free to reproduce, translate, display or distribute; no permission required "
    "(Pfizer / Spitzer, Williams, Kroenke).",
    citation="Kroenke K, Spitzer RL, Williams JB. J Gen Intern Med 2001;16:606-613.",
    alerts=_item9,
)
