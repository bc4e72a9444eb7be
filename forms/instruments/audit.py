"""AUDIT and AUDIT-C (Alcohol Use Disorders Identification Test), World Health Organization.

Source and terms: Babor TF, Higgins-Biddle JC, Saunders JB, Monteiro MG. AUDIT: The Alcohol Use
Disorders Identification Test. Guidelines for Use in Primary Care, 2nd edition. Geneva: WHO,
2001 (WHO/MSD/MSB/01.6a). The WHO states the AUDIT may be used freely; the manual "may be freely
reviewed, abstracted, reproduced and translated, in part or in whole, but not for sale or for use
in conjunction with commercial purposes". Items and wording below are the WHO core version
("a drink" = a standard drink); zones are the manual's risk levels I-IV (Table 7).

AUDIT-C is AUDIT items 1-3: Bush K, Kivlahan DR, McDonell MB, Fihn SD, Bradley KA. The AUDIT
alcohol consumption questions (AUDIT-C). Arch Intern Med 1998;158:1789-1795. Cut-off for men:
4 or more is a positive screen (Bradley et al. 2007); Visible records men, so the men's cut-off
is used.
"""

from __future__ import annotations

from collections.abc import Mapping

from forms.instruments.base import Band, Instrument, Item, Option, scale

HOW_OFTEN = scale("Never", "Less than monthly", "Monthly", "Weekly", "Daily or almost daily")
NO_YES = (
    Option("No", 0),
    Option("Yes, but not in the last year", 2),
    Option("Yes, during the last year", 4),
)

Q1 = Item(
    "q1",
    "How often do you have a drink containing alcohol?",
    scale(
        "Never",
        "Monthly or less",
        "2 to 4 times a month",
        "2 to 3 times a week",
        "4 or more times a week",
    ),
)
Q2 = Item(
    "q2",
    "How many drinks containing alcohol do you have on a typical day when you are drinking?",
    scale("1 or 2", "3 or 4", "5 or 6", "7, 8 or 9", "10 or more"),
)
Q3 = Item("q3", "How often do you have six or more drinks on one occasion?", HOW_OFTEN)

ITEMS = (
    Q1,
    Q2,
    Q3,
    Item(
        "q4",
        "How often during the last year have you found that you were not able to stop "
        "drinking once you had started?",
        HOW_OFTEN,
    ),
    Item(
        "q5",
        "How often during the last year have you failed to do what was normally expected "
        "from you because of drinking?",
        HOW_OFTEN,
    ),
    Item(
        "q6",
        "How often during the last year have you needed a first drink in the morning to get "
        "yourself going after a heavy drinking session?",
        HOW_OFTEN,
    ),
    Item(
        "q7",
        "How often during the last year have you had a feeling of guilt or remorse after drinking?",
        HOW_OFTEN,
    ),
    Item(
        "q8",
        "How often during the last year have you been unable to remember what happened the "
        "night before because you had been drinking?",
        HOW_OFTEN,
    ),
    Item("q9", "Have you or someone else been injured as a result of your drinking?", NO_YES),
    Item(
        "q10",
        "Has a relative or friend or a doctor or another health worker been concerned "
        "about your drinking or suggested you cut down?",
        NO_YES,
    ),
)

_LICENCE = (
    "WHO (Babor et al. 2001): may be reproduced and translated freely, not for sale or "
    "commercial use."
)


def _never_drinks(answers: Mapping[str, int | None]) -> frozenset[str]:
    # WHO manual skip rule: a man who answers "Never" to item 1 goes straight to items 9 and 10.
    if answers.get("q1") == 0:
        return frozenset({"q2", "q3", "q4", "q5", "q6", "q7", "q8"})
    return frozenset()


AUDIT = Instrument(
    key="audit",
    name="AUDIT",
    stem="Questions about his use of alcohol in the last year.",
    items=ITEMS,
    bands=(
        Band(0, 7, "zone I: low risk", "Alcohol education."),
        Band(8, 15, "zone II: hazardous drinking", "Simple advice."),
        Band(
            16,
            19,
            "zone III: harmful drinking",
            "Simple advice plus brief counselling and continued monitoring.",
        ),
        Band(
            20,
            40,
            "zone IV: possible dependence",
            "Referral to a specialist for diagnostic evaluation and treatment.",
        ),
    ),
    licence=_LICENCE,
    citation="Babor TF et al. AUDIT, 2nd ed. WHO 2001 (WHO/MSD/MSB/01.6a).",
    skipped=_never_drinks,
)


def _never_drinks_c(answers: Mapping[str, int | None]) -> frozenset[str]:
    return frozenset({"q2", "q3"}) if answers.get("q1") == 0 else frozenset()


AUDIT_C = Instrument(
    key="audit_c",
    name="AUDIT-C",
    stem="Questions about his drinking (AUDIT items 1 to 3).",
    items=(Q1, Q2, Q3),
    bands=(
        Band(0, 3, "negative screen"),
        Band(4, 12, "positive screen (men: 4 or more)", "Complete the full AUDIT."),
    ),
    licence=_LICENCE,
    citation="Bush K et al. Arch Intern Med 1998;158:1789-1795 (items from WHO AUDIT).",
    skipped=_never_drinks_c,
)
