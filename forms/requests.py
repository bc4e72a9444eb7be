"""What Visible asks agencies about a man, and the rules a request's life follows.

The source report's §9.5 describes the SIRS practice in Northumberland: a secure email to the
father's GP with prompts — "history of violence, anger, significant mental health issues or
learning disability, substance misuse" — answered on a pro-forma within two weeks. §9.7 is a
father whose cannabis use, anger, voices and chronic sleep disturbance were all "well
documented in his medical records" and never asked for; §11.9: "questions were often just not
asked". So every agency kind has a prompt set, the SIRS prompts are ticked by default for a GP,
and each prompt names the fields of the man's record its answer fills (forms/male_carer.py),
so an answer becomes sourced facts instead of a letter in a drawer.

Prompt keys are stored in case files (information_request.prompts): never rename one.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from storage.errors import InvalidValue
from storage.requests import AgencyKind, RequestStatus

KIND_LABELS = {
    AgencyKind.GP: "GP",
    AgencyKind.POLICE: "Police",
    AgencyKind.PROBATION: "Probation",
    AgencyKind.MENTAL_HEALTH: "Adult mental health",
    AgencyKind.DRUG_ALCOHOL: "Drug and alcohol service",
    AgencyKind.PREVIOUS_LA: "Previous local authority",
    AgencyKind.HEALTH: "Other health service",
    AgencyKind.OTHER: "Other agency",
}
# Asking any of these counts as "a health agency was asked" (§9.7: his GP and mental-health
# records held what nobody asked for). Drug and alcohol services are often not NHS, so they
# do not count on their own.
HEALTH_KINDS = frozenset({AgencyKind.GP, AgencyKind.MENTAL_HEALTH, AgencyKind.HEALTH})


STATUS_LABELS = {
    RequestStatus.DRAFT: "Draft",
    RequestStatus.SENT: "Sent",
    RequestStatus.CHASED: "Chased",
    RequestStatus.ANSWERED: "Answered",
    RequestStatus.NOTHING_HELD: "Nothing held",
    RequestStatus.REFUSED: "Refused",
    RequestStatus.WITHDRAWN: "Withdrawn",
}


def kind_label(kind: AgencyKind | str) -> str:
    return KIND_LABELS[AgencyKind(kind)]


def status_label(status: RequestStatus | str) -> str:
    return STATUS_LABELS[RequestStatus(status)]


OUTSTANDING = frozenset({RequestStatus.SENT, RequestStatus.CHASED})
CLOSED = frozenset(
    {RequestStatus.ANSWERED, RequestStatus.NOTHING_HELD, RequestStatus.REFUSED,
     RequestStatus.WITHDRAWN}
)
# The outcomes an agency's reply can have.
REPLIES = (RequestStatus.ANSWERED, RequestStatus.NOTHING_HELD, RequestStatus.REFUSED)

SEND_METHODS = ("Secure email", "Letter", "Telephone", "In person", "Agency portal", "Other")


@dataclass(frozen=True, slots=True)
class Prompt:
    key: str
    text: str
    # Fields of the man's record (forms/male_carer.py) the answer to this prompt fills.
    fields: tuple[str, ...]
    ticked: bool = True  # ticked by default when a request to this kind of agency is made


_SIRS = (
    Prompt(
        "gp.violence",
        "Any history of violence, including violence towards a partner or a child",
        ("domestic_abuse.perpetrator", "domestic_abuse.as_perpetrator",
         "history.violence_convictions"),
    ),
    Prompt(
        "gp.anger",
        "Anger: difficulty managing his temper, aggressive outbursts, injuries from punching "
        "walls or similar",
        ("anger.frustration_tolerance", "anger.any_incidents", "anger.incidents",
         "anger.self_injury_ae", "anger.since_childhood"),
    ),
    Prompt(
        "gp.mental_health",
        "Significant mental health issues: diagnoses or symptoms (including hearing voices), "
        "medication and whether he takes it, services involved, suicidal thoughts or self-harm",
        # Hearing voices is asked about here: voices about harming others or the baby
        # (§9.7) and how he engages with services are answered from the same record.
        ("mental_health.conditions", "mental_health.medication", "mental_health.compliance",
         "mental_health.services", "mental_health.services_engagement",
         "mental_health.suicidal_thoughts", "mental_health.harm_thoughts",
         "mental_health.harm_thoughts_details", "mental_health.notes"),
    ),
    Prompt(
        "gp.learning_disability",
        "Learning disability",
        ("mental_health.learning_disability",),
    ),
    Prompt(
        "gp.substance_misuse",
        "Substance misuse: drugs or alcohol, how much, and any treatment referrals",
        ("substance_use.substances", "substance_use.level", "substance_use.notes"),
    ),
    Prompt(
        "gp.sleep",
        "Sleep problems or chronic sleep disturbance",
        ("sleep.typical_hours", "sleep.disturbed", "sleep.chronic_problems"),
        ticked=False,
    ),
    Prompt(
        "gp.safeguarding",
        "Whether he has been discussed at the practice safeguarding meeting, and the outcome",
        # §9.7: "discussed more than once at the GP safeguarding meeting", no referral.
        ("engagement.gp_safeguarding", "engagement.gp_safeguarding_meetings",
         "engagement.gp_info_answer"),
        ticked=False,
    ),
)

PROMPTS: dict[AgencyKind, tuple[Prompt, ...]] = {
    AgencyKind.GP: _SIRS,
    AgencyKind.HEALTH: tuple(
        Prompt(p.key.replace("gp.", "health.", 1), p.text, p.fields, ticked=False)
        for p in _SIRS if p.key != "gp.safeguarding"
    ),
    AgencyKind.POLICE: (
        Prompt(
            "police.callouts",
            "Call-outs to any address where he has lived, and what they were about",
            ("domestic_abuse.police_callouts",),
        ),
        Prompt(
            "police.domestic_abuse",
            "Domestic abuse incidents involving him as suspect or victim, DASH risk levels, "
            "MARAC referrals",
            ("domestic_abuse.perpetrator", "domestic_abuse.as_perpetrator",
             "domestic_abuse.victim", "domestic_abuse.as_victim", "domestic_abuse.dash_level",
             "domestic_abuse.marac"),
        ),
        Prompt(
            "police.clares_law",
            "Clare's Law (Domestic Violence Disclosure Scheme): applications about him and "
            "disclosures made",
            ("domestic_abuse.clares_law",),
        ),
        Prompt(
            "police.offending",
            "Arrests, charges and convictions, especially for violence; bail conditions",
            ("history.criminal_history", "history.violence_convictions",
             "history.criminal_details"),
        ),
    ),
    AgencyKind.PROBATION: (
        Prompt(
            "probation.supervision",
            "Whether he is or has been supervised by probation: order or licence, dates",
            ("history.criminal_history", "history.criminal_details"),
        ),
        Prompt(
            "probation.risk",
            "Assessed risk of serious harm, and to whom (children, partners, the public)",
            ("history.criminal_details",),
        ),
        Prompt(
            "probation.programmes",
            "Domestic abuse perpetrator programmes or other interventions offered and attended",
            ("domestic_abuse.programme_offered", "domestic_abuse.programme_attended"),
        ),
        Prompt(
            "probation.convictions",
            "Convictions for violence, including against a partner or a child",
            ("history.violence_convictions", "domestic_abuse.perpetrator"),
        ),
    ),
    AgencyKind.MENTAL_HEALTH: (
        Prompt(
            "mental_health.diagnosis",
            "Diagnoses or symptoms, including psychosis or hearing voices",
            ("mental_health.conditions", "mental_health.harm_thoughts",
             "mental_health.harm_thoughts_details", "mental_health.notes"),
        ),
        Prompt(
            "mental_health.medication",
            "Medication prescribed and whether he takes it",
            ("mental_health.medication", "mental_health.compliance"),
        ),
        Prompt(
            "mental_health.engagement",
            "His engagement with your service: appointments attended, missed, discharged",
            ("mental_health.services", "mental_health.services_engagement"),
        ),
        Prompt(
            "mental_health.risk",
            "Risk assessments: suicide, self-harm, and risk to others including a child",
            ("mental_health.suicidal_thoughts", "mental_health.harm_thoughts",
             "mental_health.harm_thoughts_details"),
        ),
    ),
    AgencyKind.DRUG_ALCOHOL: (
        Prompt(
            "drug_alcohol.substances",
            "Substances he uses or has used, how much and how often",
            ("substance_use.substances", "substance_use.level"),
        ),
        Prompt(
            "drug_alcohol.treatment",
            "Referrals, treatment offered and attended, test results, current engagement",
            ("substance_use.notes",),
        ),
    ),
    AgencyKind.PREVIOUS_LA: (
        Prompt(
            "previous_la.known",
            "Whether he is known to your children's services, as a child or as a parent",
            ("history.known_to_csc", "history.csc_involvement", "history.care_leaver",
             "history.previous_cp", "history.previous_cp_details"),
        ),
        Prompt(
            "previous_la.proceedings",
            "Child-in-need or child-protection plans, or care proceedings, for any of his "
            "children",
            ("history.previous_cp", "history.previous_cp_details", "history.csc_involvement"),
        ),
        Prompt(
            "previous_la.care",
            "Whether he was in care or is a care leaver",
            ("history.care_leaver",),
        ),
        Prompt(
            "previous_la.domestic_abuse",
            "Domestic abuse concerns recorded about him",
            ("domestic_abuse.perpetrator", "domestic_abuse.as_perpetrator"),
        ),
    ),
    AgencyKind.OTHER: (),
}
PROMPTS_BY_KEY: dict[str, Prompt] = {p.key: p for ps in PROMPTS.values() for p in ps}


def default_prompts(kind: AgencyKind) -> list[str]:
    return [p.key for p in PROMPTS[kind] if p.ticked]


def prompt(key: str) -> Prompt:
    try:
        return PROMPTS_BY_KEY[key]
    except KeyError:
        raise InvalidValue(f"There is no prompt '{key}'.") from None


def check_prompts(kind: AgencyKind, keys: list[str]) -> list[str]:
    """The keys in the kind's own order; an unknown key or one of another kind is refused."""
    offered = [p.key for p in PROMPTS[kind]]
    wrong = [k for k in keys if k not in offered]
    if wrong:
        known = ", ".join(offered) or "none: write free questions"
        raise InvalidValue(
            f"{', '.join(wrong)} {'is' if len(wrong) == 1 else 'are'} not a prompt for "
            f"{kind_label(kind)} (its prompts: {known})."
        )
    return [k for k in offered if k in keys]


def answer_fields(prompt_keys: list[str]) -> list[str]:
    """The record fields an answer to these prompts may fill, each once, in prompt order."""
    out: list[str] = []
    for key in prompt_keys:
        for f in PROMPTS_BY_KEY[key].fields if key in PROMPTS_BY_KEY else ():
            if f not in out:
                out.append(f)
    return out


_KIND_WORDS: tuple[tuple[str, AgencyKind], ...] = (
    ("gp", AgencyKind.GP),
    ("general practi", AgencyKind.GP),
    ("surgery", AgencyKind.GP),
    ("police", AgencyKind.POLICE),
    ("probation", AgencyKind.PROBATION),
    ("mental health", AgencyKind.MENTAL_HEALTH),
    ("drug", AgencyKind.DRUG_ALCOHOL),
    ("alcohol", AgencyKind.DRUG_ALCOHOL),
    ("substance", AgencyKind.DRUG_ALCOHOL),
    ("local authority", AgencyKind.PREVIOUS_LA),
    ("council", AgencyKind.PREVIOUS_LA),
    ("midwife", AgencyKind.HEALTH),
    ("health visit", AgencyKind.HEALTH),
    ("hospital", AgencyKind.HEALTH),
    ("a&e", AgencyKind.HEALTH),
    ("nhs", AgencyKind.HEALTH),
)


def kind_of_agency(name: str) -> AgencyKind:
    """The usual kind for an agency's name ("GP", "Leeds City Council"); the user can change it."""
    words = " ".join(name.lower().replace("/", " ").split())
    padded = f" {words} "
    for word, kind in _KIND_WORDS:
        if (f" {word} " in padded) if len(word) <= 3 else (word in words):
            return kind
    return AgencyKind.OTHER


# The bases for sharing a practitioner can choose; the case keeps its own editable list
# (sharing_basis), seeded with these. needs_detail: the letter must say more (the reason
# consent was refused, what "other" is).
@dataclass(frozen=True, slots=True)
class BasisDefault:
    label: str
    needs_detail: bool
    detail_prompt: str = ""


DEFAULT_BASES = (
    BasisDefault("Consent given", False),
    BasisDefault(
        "Consent refused", True,
        "Why consent was refused, and why information is sought without it",
    ),
    BasisDefault("Section 47 Children Act 1989 (child protection enquiry)", False),
    BasisDefault("Section 17 Children Act 1989 (child in need)", False),
    BasisDefault("Other", True, "The lawful basis relied on"),
)


def check_exact_date(value: dt.date | None, what: str, today: dt.date | None = None,
                     future_ok: bool = False) -> dt.date:
    if value is None:
        raise InvalidValue(f"Give the date {what}.")
    if not future_ok and value > (today or dt.date.today()):
        raise InvalidValue(
            f"The date {what}, {value:%d/%m/%Y}, is in the future; give the date it happened."
        )
    return value


def parse_exact_date(text: str, what: str, today: dt.date | None = None) -> dt.date:
    """A date typed at the CLI or in a dialog; requests need the day (a due date is a day).

    Read by the one date grammar (forms/dates.py) at its whole-day strictness, so '3/3/26',
    '3 March 2026' and '2026-03-03' all work.
    """
    from forms.dates import parse_day

    try:
        return parse_day(text, today=today)
    except InvalidValue as exc:
        raise InvalidValue(f"The date {what}: {exc}") from None

def find_person(people: list, text: str) -> object:
    """The person a user named ("Liam Carter", "Liam", "4"); ambiguous or unknown is refused.

    people: storage.people.Person objects. Returns the one found.
    """
    wanted = " ".join(text.split()).lower()
    if wanted.lstrip("#").isdigit():
        found = [p for p in people if p.id == int(wanted.lstrip("#"))]
    else:
        found = [p for p in people
                 if wanted in {p.full_name.lower(), p.display_name.lower(), p.known_as.lower(),
                               f"{p.known_as} {p.family_name}".strip().lower()}]
        if not found:
            found = [p for p in people if p.given_names.lower().split()[:1] == [wanted]]
    if len(found) == 1:
        return found[0]
    if not found:
        names = ", ".join(p.display_name for p in people) or "nobody yet"
        raise InvalidValue(f"There is nobody called '{text}' in this case (people: {names}).")
    names = ", ".join(f"{p.full_name} (#{p.id})" for p in found)
    raise InvalidValue(f"'{text}' could be {names}; give the full name or the #number.")


def short_prompt(key: str) -> str:
    """A prompt in a few words, for tables: 'Anger', 'Significant mental health issues'."""
    text = PROMPTS_BY_KEY[key].text if key in PROMPTS_BY_KEY else key
    return text.split(":")[0].split(",")[0].split(" (")[0]
