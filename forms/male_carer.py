"""The record kept for every man in the baby's life: the one definition of its fields.

Content and help text come from the domain brief (shared/DOMAIN.md, "The male carers") and its
source, The Myth of Invisible Men (Child Safeguarding Practice Review Panel, 2021); § numbers
point into that report. Field keys are stored in case files (carer_fact.field_key): never rename
one, add a new field instead.
"""

from __future__ import annotations

from forms.fields import Field, FieldType, FormDefinition, Section, choices

T = FieldType
YES = frozenset({"yes"})


def _yes_no(
    key: str, label: str, help: str = "", required: bool = False, concern: bool = True
) -> Field:
    return Field(
        key, label, T.YES_NO, help, required, concern_values=YES if concern else frozenset()
    )


def _text(key: str, label: str, help: str = "", required: bool = False) -> Field:
    return Field(key, label, T.TEXT, help, required)


def _all_but(options: tuple, *excluded: str) -> frozenset[str]:
    return frozenset(c.value for c in options if c.value not in excluded)


CHILDHOOD = choices(
    "abuse",
    "Abused as a child",
    "neglect",
    "Neglected",
    "inconsistent_parenting",
    "Inconsistent parenting",
    "domestic_abuse",
    "Lived with domestic abuse",
    "parental_substance_misuse",
    "Parental substance misuse",
    "loss",
    "Bereavement or loss",
    "attachment",
    "Attachment difficulties",
    "none_known",
    "None known",
)
SUBSTANCES = choices(
    "cannabis",
    "Cannabis / skunk",
    "cocaine",
    "Cocaine",
    "crack",
    "Crack cocaine",
    "opiates",
    "Heroin / opiates",
    "alcohol",
    "Alcohol",
    "amphetamine",
    "Amphetamine",
    "ketamine",
    "Ketamine",
    "benzodiazepines",
    "Benzodiazepines",
    "prescription",
    "Prescription medicines (misuse)",
    "other",
    "Other",
)
FREQUENCY = choices(
    "daily",
    "Daily",
    "several_weekly",
    "Several times a week",
    "weekly",
    "Weekly",
    "weekends",
    "Weekends",
    "monthly",
    "Monthly or less",
    "occasionally",
    "Occasionally",
)
CONDITIONS = choices(
    "depression",
    "Depression",
    "anxiety",
    "Anxiety",
    "ADHD",
    "ADHD",
    "PTSD",
    "PTSD",
    "psychosis",
    "Psychosis",
    "hearing_voices",
    "Hearing voices",
    "personality_disorder",
    "Personality disorder",
    "other",
    "Other",
    "none",
    "None",
)
PRESSURES = choices(
    "poverty",
    "Poverty",
    "debt",
    "Debt",
    "worklessness",
    "Worklessness",
    "housing",
    "Housing problems",
    "racism",
    "Racism",
    "isolation",
    "Isolation",
    "relationship",
    "Difficult relationship with the baby's mother",
    "none",
    "None",
)
SEEN_BY = choices(
    "midwife",
    "Midwife",
    "health_visitor",
    "Health visitor",
    "gp",
    "GP",
    "social_worker",
    "Social worker",
    "police",
    "Police",
    "probation",
    "Probation",
    "drug_alcohol",
    "Drug and alcohol service",
    "other",
    "Other",
)

AGENCY_KINDS = SEEN_BY  # the same agency kinds for "contacted by" as for "seen by"
CSC_AS = choices("as_child", "As a child", "as_parent", "As a parent")
CSC_AUTHORITY = choices(
    "this_authority", "This local authority", "other_authority", "Another local authority"
)
CSC_LEVEL = choices(
    "referral",
    "Referral or assessment only",
    "early_help",
    "Early help",
    "cin",
    "Child in need (CIN)",
    "cp",
    "Child-protection plan (CP)",
    "care_proceedings",
    "Care proceedings",
    "looked_after",
    "Looked after (in care)",
    "not_known",
    "Level not known",
)
HARM_KIND = choices(
    "thoughts",
    "Thoughts",
    "voices",
    "Voices telling him to",
    "urges",
    "Urges or impulses",
    "threats",
    "Threats made",
)
HARM_TARGET = choices(
    "baby", "The baby", "children", "Other children", "partner", "The baby's mother / a partner",
    "others", "Other people",
)
HARM_ACTION = choices(
    "nothing",
    "Nothing was done",
    "gp",
    "GP told / seen by GP",
    "mental_health",
    "Mental health or crisis team",
    "csc_referral",
    "Referred to children's social care",
    "police",
    "Police informed",
    "safety_plan",
    "Safety plan made",
    "other",
    "Other",
)
GP_MEETING_OUTCOME = choices(
    "referral_csc",
    "Referral to children's social care",
    "referral_other",
    "Referral to another agency",
    "no_referral",
    "No referral",
    "review",
    "Kept under review, no referral yet",
    "not_recorded",
    "Outcome not recorded",
)
SERVICE_ENGAGEMENT = choices(
    "regular",
    "Regular",
    "erratic",
    "Erratic",
    "poor",
    "Poor",
    "disengaged",
    "Disengaged / discharged for not attending",
    "not_involved",
    "No service involved",
)


def _notes(section: str, title: str) -> Field:
    """Every section ends with notes: what the structured answers cannot hold."""
    return _text(
        f"{section}.notes",
        f"{title}: notes",
        "Anything the answers above cannot hold. Notes never switch a factor on or off.",
    )


HISTORY = Section(
    "history",
    "History",
    (
        "His own childhood, time in care, age at fatherhood, earlier relationships and children, "
        "earlier "
        "child-protection or care proceedings, offending (§8.2, §12.5–12.10, §6.12)."
    ),
    (
        Field(
            "history.own_childhood",
            "Adverse experiences in his own childhood",
            T.MULTI_CHOICE,
            "Abuse, neglect, inconsistent parenting, adverse experiences, attachment (§6, §8).",
            required=True,
            choices=CHILDHOOD,
            concern_values=_all_but(CHILDHOOD, "none_known"),
        ),
        _text("history.own_childhood_notes", "His childhood: details"),
        _yes_no(
            "history.care_leaver",
            "Was he in care / is he a care leaver?",
            "Care leavers face these pressures more sharply; ask about his personal adviser "
            "(§8.2, §12.10).",
            required=True,
        ),
        Field(
            "history.age_at_fatherhood",
            "Age when he first became a father",
            T.AGE,
            "Young fathers are often left out of support (§12.10). Under 20 shows in the factor "
            "map. An age as known: 19, before 20, about 19, between 18 and 20.",
            unit="years",
            minimum=10,
            maximum=90,
            concern_below=20,
        ),
        _text("history.previous_relationships", "Previous relationships"),
        _text("history.previous_children", "Previous children (names, where they live)"),
        _yes_no(
            "history.previous_cp",
            "Earlier child-protection plans or care proceedings for his children?",
            "'Recurrent' fathers are rarely tracked across proceedings (§12.5–12.9).",
            required=True,
        ),
        _text("history.previous_cp_details", "Earlier proceedings: details"),
        _yes_no("history.criminal_history", "Criminal history?", required=True),
        _yes_no(
            "history.violence_convictions",
            "Previous convictions for violence?",
            "Some violence is never reported, e.g. street fights (§6.12).",
            required=True,
        ),
        _text("history.criminal_details", "Offending: details"),
        _yes_no(
            "history.known_to_csc",
            "Known to children's services, as a child or as a parent?",
            "Here or in another authority: his own childhood (child in need, child protection, "
            "in care) and his children's. The §9.7 father's history was in his medical records "
            "but never reached children's services.",
            required=True,
        ),
        Field(
            "history.csc_involvement",
            "Children's services involvement",
            T.LIST,
            "One row per involvement: as a child or as a parent, which authority, the level "
            "(CIN, CP, care proceedings) and when (§9.7, §12.5–12.9).",
            item_label="involvement",
            item_fields=(
                Field("as", "As a child or a parent", T.CHOICE, required=True, choices=CSC_AS),
                Field("authority", "Authority", T.CHOICE, required=True, choices=CSC_AUTHORITY),
                _text("authority_name", "Which authority, if another"),
                Field("level", "Level", T.CHOICE, required=True, choices=CSC_LEVEL),
                Field("when", "When", T.WHEN, "e.g. 2009, before 2013, between 2005 and 2008."),
                _text("notes", "Notes"),
            ),
        ),
        _notes("history", "History"),
    ),
)

SUBSTANCE_ITEM = (
    Field("substance", "Substance", T.CHOICE, required=True, choices=SUBSTANCES),
    _text("other_name", "Name, if other"),
    Field(
        "current",
        "Current or past",
        T.CHOICE,
        required=True,
        choices=choices("current", "Current", "past", "Past"),
    ),
    Field("frequency", "How often", T.CHOICE, choices=FREQUENCY),
    _text(
        "amount",
        "Amount, as described",
        "In his or the source's words, e.g. 'a quarter ounce a day'.",
    ),
    Field(
        "quantity",
        "Amount per day of use",
        T.QUANTITY,
        units=(
            "grams",
            "ounces",
            "units of alcohol",
            "cans",
            "pints",
            "bottles of wine",
            "pills",
            "lines",
        ),
        minimum=0,
    ),
    Field(
        "weekly_cost_gbp",
        "Weekly cost",
        T.MONEY_WEEK,
        "Pounds a week; a range such as 300-400 is fine. Cost drives debt (§7.12).",
        minimum=0,
    ),
    Field(
        "age_started",
        "Age started",
        T.AGE,
        "As known: 14, before 10, about 14, between 12 and 14 ('since before he was 10').",
        unit="years",
        minimum=1,
        maximum=90,
    ),
    _yes_no("treatment_referral", "Referred for treatment?", concern=False),
    _yes_no("treatment_attended", "Attended treatment?", concern=False),
)

SUBSTANCE_USE = Section(
    "substance_use",
    "Substance use",
    (
        "Each substance, current and past, how often, how much, what it costs and treatment. "
        "Know the "
        "difference between use, misuse and addiction (§7.11–7.12, §13.14)."
    ),
    (
        Field(
            "substance_use.substances",
            "Substances used",
            T.LIST,
            "Add one row per substance. An answered empty list means he uses none.",
            required=True,
            item_fields=SUBSTANCE_ITEM,
            item_label="substance",
            concern_if_any=True,
        ),
        Field(
            "substance_use.level",
            "Use, misuse or addiction (practitioner's view)",
            T.CHOICE,
            "§13.14: drug use is often normalised by the system and left unexplored.",
            choices=choices(
                "none",
                "No use",
                "use",
                "Use",
                "misuse",
                "Misuse",
                "addiction",
                "Addiction / dependence",
            ),
            concern_values=frozenset({"misuse", "addiction"}),
        ),
        _text("substance_use.notes", "Substance use: notes"),
    ),
)

ANGER = Section(
    "anger",
    "Anger and frustration",
    (
        "Frustration tolerance, impulsivity, incidents such as punching walls or throwing things, "
        "A&E "
        "attendances, anger since childhood, anger-management work (§6.12–6.13, §19.3)."
    ),
    (
        Field(
            "anger.frustration_tolerance",
            "Frustration tolerance",
            T.CHOICE,
            "Seven of the eight men interviewed had a low frustration threshold (§6.13).",
            required=True,
            choices=choices("low", "Low", "moderate", "Moderate", "high", "High"),
            concern_values=frozenset({"low"}),
        ),
        Field(
            "anger.impulsivity",
            "Impulsive behaviour",
            T.CHOICE,
            choices=choices("often", "Often", "sometimes", "Sometimes", "rarely", "Rarely"),
            concern_values=frozenset({"often"}),
        ),
        _yes_no(
            "anger.any_incidents",
            "Incidents of anger (punching walls, throwing things)?",
            required=True,
        ),
        _text(
            "anger.incidents",
            "Incidents: what, when",
            "A number of men had attended A&E with injuries from punching walls (§6.12).",
        ),
        _yes_no("anger.self_injury_ae", "A&E attendances for self-inflicted injuries?"),
        _yes_no("anger.since_childhood", "Problems with anger since childhood?"),
        _yes_no("anger.work_offered", "Anger-management work offered?", concern=False),
        _yes_no("anger.work_attended", "Anger-management work attended?", concern=False),
        _notes("anger", "Anger"),
    ),
)

SLEEP = Section(
    "sleep",
    "Sleep",
    ("Poor sleep made things worse for many men (§6.14); crying at night is a trigger (§6.16)."),
    (
        Field(
            "sleep.typical_hours",
            "Typical hours of sleep a night",
            T.NUMBER,
            "Fewer than 6 hours shows sleep as present in the factor map.",
            required=True,
            unit="hours",
            minimum=0,
            maximum=24,
            concern_below=6,
        ),
        _yes_no("sleep.disturbed", "Disturbed sleep?"),
        _yes_no("sleep.chronic_problems", "Long-standing sleep problems?"),
        _text("sleep.night_feeds_by", "Who does the night feeds?"),
        _yes_no("sleep.shift_work", "Works shifts or nights?", concern=False),
        _notes("sleep", "Sleep"),
    ),
)

MENTAL_HEALTH = Section(
    "mental_health",
    "Mental health",
    (
        "Diagnoses or symptoms, medication and whether he takes it, services, suicidal thoughts "
        "(§7.7–7.9, §11.5). Many men had undiagnosed difficulties (§7.7)."
    ),
    (
        Field(
            "mental_health.conditions",
            "Conditions or symptoms",
            T.MULTI_CHOICE,
            required=True,
            choices=CONDITIONS,
            concern_values=_all_but(CONDITIONS, "none"),
        ),
        _text("mental_health.medication", "Medication"),
        Field(
            "mental_health.compliance",
            "Takes medication as prescribed?",
            T.CHOICE,
            "The §9.7 father's 'compliance with any prescribed medication was poor'.",
            # "yes", "sometimes", "stopped" and "not_prescribed" are in files already; the scale
            # reads from full compliance down to none.
            choices=choices(
                "yes",
                "Yes, as prescribed",
                "mostly",
                "Mostly",
                "sometimes",
                "Sometimes",
                "poor",
                "Poor",
                "none",
                "None: not taking it",
                "stopped",
                "Stopped",
                "not_prescribed",
                "Not prescribed",
            ),
            concern_values=frozenset({"sometimes", "poor", "none", "stopped"}),
        ),
        _text("mental_health.services", "Services involved and his engagement"),
        Field(
            "mental_health.services_engagement",
            "Engagement with mental health services",
            T.CHOICE,
            "The §9.7 father's 'engagement with mental health services [was] very erratic'.",
            choices=SERVICE_ENGAGEMENT,
            concern_values=frozenset({"erratic", "poor", "disengaged"}),
        ),
        _yes_no(
            "mental_health.suicidal_thoughts", "Suicidal thoughts or self-harm?", required=True
        ),
        _yes_no(
            "mental_health.harm_thoughts",
            "Thoughts or voices about harming others or the baby?",
            "§9.7: 'he had been hearing voices telling him to harm others'. Record what, since "
            "when and what was done below.",
            required=True,
        ),
        Field(
            "mental_health.harm_thoughts_details",
            "Thoughts or voices about harm: what, since when, what was done",
            T.LIST,
            item_label="account",
            item_fields=(
                Field("kind", "Thoughts or voices", T.CHOICE, required=True, choices=HARM_KIND),
                Field(
                    "about", "About harming", T.MULTI_CHOICE, required=True, choices=HARM_TARGET
                ),
                _text("what", "What, in his or the source's words"),
                Field("since", "Since when", T.WHEN, "e.g. 2013, before 2018, about 2016."),
                Field("actions", "What was done", T.MULTI_CHOICE, choices=HARM_ACTION),
                _text("action_details", "What was done: details"),
            ),
        ),
        _yes_no(
            "mental_health.learning_disability",
            "Learning disability?",
            "One of the prompts sent to a father's GP in the SIRS project (§9.5).",
        ),
        _notes("mental_health", "Mental health"),
    ),
)

DOMESTIC_ABUSE = Section(
    "domestic_abuse",
    "Domestic abuse",
    (
        "As perpetrator and/or victim; police call-outs, MARAC, DASH, Clare's Law, perpetrator "
        "programmes (§7.1–7.5, §13.2–13.9)."
    ),
    (
        _yes_no(
            "domestic_abuse.perpetrator",
            "Known or alleged perpetrator of domestic abuse?",
            required=True,
        ),
        _text("domestic_abuse.as_perpetrator", "As perpetrator: what is known"),
        _yes_no("domestic_abuse.victim", "Victim of domestic abuse?", required=True),
        _text("domestic_abuse.as_victim", "As victim: what is known"),
        Field(
            "domestic_abuse.police_callouts",
            "Police call-outs",
            T.NUMBER,
            unit="call-outs",
            minimum=0,
            concern_above=0,
        ),
        _yes_no("domestic_abuse.marac", "Discussed at MARAC?"),
        Field(
            "domestic_abuse.dash_level",
            "Latest DASH risk level",
            T.CHOICE,
            choices=choices("standard", "Standard", "medium", "Medium", "high", "High"),
            concern_values=frozenset({"medium", "high"}),
        ),
        _yes_no("domestic_abuse.clares_law", "Clare's Law disclosure made?"),
        _yes_no(
            "domestic_abuse.programme_offered", "Perpetrator programme offered?", concern=False
        ),
        _yes_no(
            "domestic_abuse.programme_attended", "Perpetrator programme attended?", concern=False
        ),
        _notes("domestic_abuse", "Domestic abuse"),
    ),
)

PRESSURES_SECTION = Section(
    "pressures",
    "Pressures",
    (
        "Poverty, debt, worklessness, housing, racism, isolation, the relationship with the baby's "
        "mother (§8, §19.3)."
    ),
    (
        Field(
            "pressures.identified",
            "Pressures on him now",
            T.MULTI_CHOICE,
            required=True,
            choices=PRESSURES,
            concern_values=_all_but(PRESSURES, "none"),
        ),
        _text("pressures.debt", "Debt: what and how much"),
        _text("pressures.housing", "Housing"),
        _text("pressures.relationship", "Relationship with the baby's mother"),
        _notes("pressures", "Pressures"),
    ),
)

STRENGTHS = Section(
    "strengths",
    "Strengths and support needs",
    ("Not a binary 'good' or 'bad' man: what he brings and what help he needs (§1.7, §19.8)."),
    (
        _text("strengths.strengths", "His strengths", required=True),
        _text("strengths.support_needs", "His support needs", required=True),
        _text("strengths.support_offered", "Support offered and taken up"),
        _notes("strengths", "Strengths and support needs"),
    ),
    factor=False,
)

ENGAGEMENT = Section(
    "engagement",
    "Engagement",
    (
        "Who has seen him and when; conferences; his own words; ICON messages at the five "
        "touchpoints "
        "(§14.1); what his GP was asked and answered (SIRS, §9.5). Fathers were invited to CP "
        "conferences only 55% of the time (§12.4)."
    ),
    (
        Field(
            "engagement.seen",
            "Seen by",
            T.LIST,
            required=True,
            item_label="contact",
            item_fields=(
                Field("by", "Seen by", T.CHOICE, required=True, choices=SEEN_BY),
                Field("on", "Date", T.DATE, required=True),
                _text("notes", "Notes"),
            ),
        ),
        _yes_no(
            "engagement.contacted",
            "Contacted directly by a practitioner (call, letter, visit)?",
            "Only 68% of completed assessments included contact with the father; known violent "
            "fathers were not contacted before meetings 38% of the time (§12.4).",
            required=True,
            concern=False,
        ),
        Field(
            "engagement.contacted_by",
            "Contacted by",
            T.MULTI_CHOICE,
            "Which agencies have contacted him themselves.",
            choices=AGENCY_KINDS,
        ),
        _yes_no(
            "engagement.cp_invited",
            "Invited to child-protection conferences and meetings?",
            required=True,
            concern=False,
        ),
        _yes_no("engagement.cp_attended", "Attended them?", concern=False),
        _text("engagement.own_words", "His own words", "What he said, quoted.", required=True),
        _yes_no(
            "engagement.icon_hospital", "ICON: at the hospital before discharge", concern=False
        ),
        _yes_no("engagement.icon_midwife", "ICON: community midwife, first 10 days", concern=False),
        _yes_no("engagement.icon_hv_14_days", "ICON: health visitor, first 14 days", concern=False),
        _yes_no("engagement.icon_hv_3_weeks", "ICON: health visitor at three weeks", concern=False),
        _yes_no("engagement.icon_gp_6_8_weeks", "ICON: GP at the 6–8 week check", concern=False),
        _yes_no(
            "engagement.gp_info_sought",
            "Information sought from his GP?",
            "Ask about violence, anger, mental health, learning disability, substance misuse "
            "(SIRS prompts, §9.5).",
            required=True,
            concern=False,
        ),
        Field("engagement.gp_info_sought_on", "Date GP was asked", T.DATE),
        _text("engagement.gp_info_answer", "What his GP said"),
        _yes_no(
            "engagement.gp_safeguarding",
            "Discussed at his GP practice's safeguarding meeting?",
            "§9.7: 'discussed more than once at the GP safeguarding meeting, but this did not "
            "result in a referral'. Record each discussion and its outcome below.",
            concern=False,
        ),
        Field(
            "engagement.gp_safeguarding_meetings",
            "GP safeguarding meeting discussions",
            T.LIST,
            "One row per discussion: when, the outcome, and if no referral was made, the "
            "reason recorded.",
            item_label="discussion",
            item_fields=(
                Field("on", "When", T.WHEN, "e.g. 12/03/2018, March 2018, about 2018.",
                      required=True),
                Field("outcome", "Outcome", T.CHOICE, required=True, choices=GP_MEETING_OUTCOME),
                Field(
                    "reason",
                    "Reason recorded, if no referral",
                    T.TEXT,
                    required_when=("outcome", frozenset({"no_referral", "review"})),
                ),
                _text("notes", "Notes"),
            ),
        ),
        _notes("engagement", "Engagement"),
    ),
    factor=False,
)

MALE_CARER_FORM = FormDefinition(
    "male_carer",
    "Male carer record",
    (
        HISTORY,
        SUBSTANCE_USE,
        ANGER,
        SLEEP,
        MENTAL_HEALTH,
        DOMESTIC_ABUSE,
        PRESSURES_SECTION,
        STRENGTHS,
        ENGAGEMENT,
    ),
)
