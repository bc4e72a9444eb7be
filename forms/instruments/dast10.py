"""DAST-10 (Drug Abuse Screening Test, 10-item version), Skinner 1982.

Licence: © 1982 Harvey A. Skinner, PhD, and the Centre for Addiction and Mental Health (CAMH),
Toronto. It may be used for non-commercial purposes (clinical work and research) with credit to
the author: Skinner HA. The Drug Abuse Screening Test. Addictive Behaviors 1982;7(4):363-371.
Visible is used by local authorities for safeguarding, not sold per use; the credit is shown
wherever the instrument is (app dialog, exports). "Drug use" excludes alcohol and tobacco and
refers to the past 12 months. Item 3 is reverse-scored ("No" scores 1).
"""

from __future__ import annotations

from forms.instruments.base import Band, Instrument, Item, Option

YES_SCORES = (Option("No", 0), Option("Yes", 1))
NO_SCORES = (Option("Yes", 0), Option("No", 1))

_ITEMS = (
    ("Have you used drugs other than those required for medical reasons?", YES_SCORES),
    ("Do you abuse more than one drug at a time?", YES_SCORES),
    ("Are you always able to stop using drugs when you want to?", NO_SCORES),
    ("Have you had 'blackouts' or 'flashbacks' as a result of drug use?", YES_SCORES),
    ("Do you ever feel bad or guilty about your drug use?", YES_SCORES),
    ("Does your spouse (or parents) ever complain about your involvement with drugs?", YES_SCORES),
    ("Have you neglected your family because of your use of drugs?", YES_SCORES),
    ("Have you engaged in illegal activities in order to obtain drugs?", YES_SCORES),
    (
        "Have you ever experienced withdrawal symptoms (felt sick) when you stopped taking drugs?",
        YES_SCORES,
    ),
    (
        "Have you had medical problems as a result of your drug use (e.g. memory loss, hepatitis, "
        "convulsions, bleeding)?",
        YES_SCORES,
    ),
)

DAST10 = Instrument(
    key="dast10",
    name="DAST-10",
    stem="These questions refer to the past 12 months (drug use, not alcohol or tobacco).",
    items=tuple(Item(f"q{n}", text, opts) for n, (text, opts) in enumerate(_ITEMS, start=1)),
    bands=(
        Band(0, 0, "no problems reported", "None at this time."),
        Band(1, 2, "low level", "Monitor, re-assess at a later date."),
        Band(3, 5, "moderate level", "Further investigation."),
        Band(6, 8, "substantial level", "Intensive assessment."),
        Band(9, 10, "severe level", "Intensive assessment."),
    ),
    licence="Non-commercial use with credit: © 1982 Harvey A. Skinner, PhD, and CAMH.",
    citation="Skinner HA. The Drug Abuse Screening Test. Addict Behav 1982;7(4):363-371.",
)
