"""GAD-7 (Generalized Anxiety Disorder 7-item scale), Spitzer et al. 2006.

Licence: "Developed by Drs. Robert L. Spitzer, Janet B.W. Williams, Kurt Kroenke and colleagues,
with an educational grant from Pfizer Inc. No permission required to reproduce, translate,
display or distribute." Citation: Spitzer RL, Kroenke K, Williams JBW, Löwe B. A brief measure
for assessing generalized anxiety disorder: the GAD-7. Arch Intern Med 2006;166:1092-1097.
Bands from that paper: 5, 10, 15 = mild, moderate, severe.
"""

from __future__ import annotations

from forms.instruments.base import Band, Instrument, Item
from forms.instruments.phq9 import FREQUENCY

_TEXTS = (
    "Feeling nervous, anxious or on edge",
    "Not being able to stop or control worrying",
    "Worrying too much about different things",
    "Trouble relaxing",
    "Being so restless that it is hard to sit still",
    "Becoming easily annoyed or irritable",
    "Feeling afraid as if something awful might happen",
)

GAD7 = Instrument(
    key="gad7",
    name="GAD-7",
    stem="Over the last 2 weeks, how often have you been bothered by the following problems?",
    items=tuple(Item(f"q{n}", text, FREQUENCY) for n, text in enumerate(_TEXTS, start=1)),
    bands=(
        Band(0, 4, "minimal"),
        Band(5, 9, "mild"),
        Band(10, 14, "moderate"),
        Band(15, 21, "severe"),
    ),
    licence="Free to reproduce, translate, display or distribute; no permission required "
    "(Pfizer / Spitzer, Williams, Kroenke).",
    citation="Spitzer RL, Kroenke K, Williams JBW, Löwe B. Arch Intern Med 2006;166:1092-1097.",
)
