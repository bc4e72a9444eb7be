"""A realistic, entirely fictional demo case, and larger generated cases for benchmarks.

The family: baby Freya (index child), her mother Katarzyna ("Kasia") Nowak, her birth father
Daniel Price who lives elsewhere, the mother's new partner Liam Carter who has moved in, and
the maternal grandparents Tomasz (who sometimes minds the baby) and Ewa Nowak (deceased).
Names include Polish letters so exports prove their fonts. Any resemblance to real people is
accidental.

Writing the demo is a write like any other (audited, one transaction per step), so it lives
with the operations rather than in storage.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from storage.carers import (
    CarerFact,
    CarerRole,
    Declaration,
    FactBasis,
    FactStatus,
    RoleAssignment,
)
from storage.case import CaseDetails
from storage.casefile import CaseFile
from storage.chronology import Agency, Category, ChronologyEntry, Practitioner
from storage.chronology_store import add_entries, agency_by_name
from storage.dates import PartialDate
from storage.household import HouseholdMember
from storage.ids import AgencyId, PersonId
from storage.people import Person, Sex
from storage.relationships import (
    Overlay,
    OverlayKind,
    ParentKind,
    ParentLink,
    PartnerKind,
    Partnership,
    PartnerStatus,
)

DEMO_REFERENCE = "DEMO-2026-0147"


@dataclass(slots=True)
class DemoPeople:
    baby: PersonId
    mother: PersonId
    father: PersonId
    partner: PersonId
    grandfather: PersonId
    grandmother: PersonId
    half_sibling: PersonId


def create_demo(
    path: str, passphrase: str, entries: int | None = None, seed: int = 2026
) -> CaseFile:
    case = CaseFile.create(
        path,
        passphrase,
        CaseDetails(
            reference=DEMO_REFERENCE,
            local_authority="Northshire County Council (fictional)",
            author="Sam Okafor, Social Worker",
        ),
        demo=True,
    )
    try:
        people = _add_family(case)
        _add_roles_and_facts(case, people)
        _add_chronology(case, people, entries, seed)
    except BaseException:
        # A full disk part-way must not leave half a demo case behind a "nothing saved".
        case.discard()
        raise
    return case


def _add_family(case: CaseFile) -> DemoPeople:
    with case.transaction("Add the demo family") as tx:

        def add_person(person: Person) -> PersonId:
            return PersonId(tx.add(person))

        baby = add_person(
            Person(
                "Freya",
                "Nowak",
                sex=Sex.FEMALE,
                is_index_child=True,
                date_of_birth=PartialDate(2026, 3, 14),
                address="14 Larch Close, Eastbridge EB4 2QT",
            )
        )
        mother = add_person(
            Person(
                "Katarzyna",
                "Nowak",
                known_as="Kasia",
                sex=Sex.FEMALE,
                date_of_birth=PartialDate(2003, 8, 2),
                address="14 Larch Close, Eastbridge EB4 2QT",
            )
        )
        father = add_person(
            Person(
                "Daniel",
                "Price",
                sex=Sex.MALE,
                date_of_birth=PartialDate(2001, 11, 19),
                address="Flat 3, 88 Mill Road, Eastbridge EB1 5HX",
            )
        )
        partner = add_person(
            Person(
                "Liam",
                "Carter",
                sex=Sex.MALE,
                date_of_birth=PartialDate(1998, 1, 7),
                address="14 Larch Close, Eastbridge EB4 2QT",
            )
        )
        grandfather = add_person(
            Person(
                "Tomasz",
                "Nowak",
                sex=Sex.MALE,
                date_of_birth=PartialDate(1971, approximate=True),
                address="2 Orchard Row, Eastbridge EB4 7LN",
            )
        )
        grandmother = add_person(
            Person(
                "Ewa",
                "Nowak",
                sex=Sex.FEMALE,
                date_of_birth=PartialDate(1973, 5, 30),
                deceased=True,
                date_of_death=PartialDate(2019, 2),
            )
        )
        half_sibling = add_person(
            Person("Mason", "Carter", sex=Sex.MALE, date_of_birth=PartialDate(2019, 6, 21))
        )
        tx.add(
            Partnership(
                grandfather,
                grandmother,
                PartnerKind.MARRIED,
                PartnerStatus.WIDOWED,
                start_date=PartialDate(1999),
            )
        )
        tx.add(
            Partnership(
                father,
                mother,
                PartnerKind.DATING,
                PartnerStatus.SEPARATED,
                start_date=PartialDate(2025, 1),
                end_date=PartialDate(2026, 1),
            )
        )
        tx.add(
            Partnership(
                partner,
                mother,
                PartnerKind.COHABITING,
                PartnerStatus.CURRENT,
                start_date=PartialDate(2026, 2),
            )
        )
        tx.add(ParentLink(grandfather, mother, ParentKind.BIRTH))
        tx.add(ParentLink(grandmother, mother, ParentKind.BIRTH))
        tx.add(ParentLink(mother, baby, ParentKind.BIRTH))
        tx.add(ParentLink(father, baby, ParentKind.BIRTH))
        tx.add(ParentLink(partner, half_sibling, ParentKind.BIRTH))
        tx.add(ParentLink(partner, baby, ParentKind.STEP))
        tx.add(
            Overlay(
                father,
                mother,
                OverlayKind.EMOTIONAL_ABUSE,
                "Controlling messages reported by mother, 2025",
            )
        )
        tx.add(Overlay(partner, mother, OverlayKind.CONFLICT, "Arguments heard by neighbours"))
        for pid, since in (
            (baby, PartialDate(2026, 3, 16)),
            (mother, PartialDate(2024, 9)),
            (partner, PartialDate(2026, 4)),
        ):
            tx.add(HouseholdMember(pid, from_date=since))
    return DemoPeople(baby, mother, father, partner, grandfather, grandmother, half_sibling)


def _fact(
    pid: PersonId,
    key: str,
    value: object,
    source: str,
    basis: FactBasis | None,
    learned: PartialDate,
    status: FactStatus = FactStatus.ANSWERED,
) -> CarerFact:
    return CarerFact(pid, key, value, status, source, learned, basis, recorded_by="Sam Okafor")


def _add_roles_and_facts(case: CaseFile, p: DemoPeople) -> None:
    with case.transaction("Record the male carers") as tx:
        on = PartialDate(2026, 6, 3)
        for carer_role, man in (
            (CarerRole.BIRTH_FATHER, p.father),
            (CarerRole.NON_RESIDENT_FATHER, p.father),
            (CarerRole.STEP_FATHER, p.partner),
            (CarerRole.MOTHERS_PARTNER, p.partner),
        ):
            tx.add(RoleAssignment(p.baby, carer_role, person_id=man, recorded_on=on,
                                  recorded_by="Sam Okafor"))
        tx.add(
            RoleAssignment(
                p.baby,
                CarerRole.OTHER_MALE_CARER,
                declaration=Declaration.NOT_KNOWN,
                reason="Mother says her father 'helps out' but would not say how often.",
                efforts="Asked mother at home visit 03/06/2026; grandfather not yet seen.",
                recorded_on=on,
                recorded_by="Sam Okafor",
            )
        )
        s, v, o = FactBasis.SELF_REPORTED, FactBasis.VERIFIED_RECORD, FactBasis.REPORTED_BY_OTHER
        for fact in (
            _fact(
                p.partner,
                "substance_use.substances",
                [
                    {
                        "substance": "cannabis",
                        "current": "current",
                        "frequency": "daily",
                        "amount": "a quarter ounce a day",
                        "weekly_cost_gbp": 300,
                        "age_started": 14,
                        "treatment_referral": "yes",
                        "treatment_attended": "no",
                    },
                    {
                        "substance": "alcohol",
                        "current": "current",
                        "frequency": "weekends",
                        "amount": "8 cans of lager",
                        "weekly_cost_gbp": 40,
                        "age_started": 15,
                        "treatment_referral": "no",
                        "treatment_attended": "no",
                    },
                ],
                "Drug and alcohol service",
                v,
                PartialDate(2026, 5, 20),
            ),
            _fact(
                p.partner,
                "anger.incidents",
                "Punched a wall at home; A&E with a hand injury.",
                "Hospital / A&E",
                v,
                PartialDate(2026, 4, 28),
            ),
            _fact(
                p.partner,
                "anger.frustration_tolerance",
                "low",
                "Mother",
                o,
                PartialDate(2026, 6, 3),
            ),
            _fact(p.partner, "sleep.typical_hours", 4, "Liam Carter", s, PartialDate(2026, 6, 3)),
            _fact(
                p.partner,
                "sleep.night_feeds_by",
                "Liam Carter, most nights",
                "Mother",
                o,
                PartialDate(2026, 6, 3),
            ),
            _fact(
                p.partner,
                "mental_health.conditions",
                ["depression", "ADHD"],
                "GP",
                v,
                PartialDate(2026, 5, 11),
            ),
            _fact(
                p.partner,
                "history.care_leaver",
                "yes",
                "Children's social care",
                v,
                PartialDate(2026, 5, 2),
            ),
            _fact(
                p.partner,
                "domestic_abuse.police_callouts",
                None,
                "Police",
                v,
                PartialDate(2026, 6, 1),
                FactStatus.NOT_KNOWN,
            ),
            _fact(
                p.partner,
                "pressures.debt",
                "Rent arrears of about £1,200",
                "Housing",
                v,
                PartialDate(2026, 5, 15),
            ),
            _fact(
                p.father,
                "history.previous_children",
                "None known",
                "Daniel Price",
                s,
                PartialDate(2026, 3, 20),
            ),
            _fact(
                p.father,
                "domestic_abuse.as_perpetrator",
                "Controlling messages to mother in 2025",
                "Mother",
                o,
                PartialDate(2026, 3, 20),
            ),
            _fact(
                p.father,
                "substance_use.substances",
                None,
                "",
                None,
                PartialDate(2026, 3, 20),
                FactStatus.NOT_ASKED,
            ),
        ):
            tx.add(fact)
        for name, role, agency in (
            ("Dr Aisha Rahman", "GP", "GP"),
            ("Joanne Whitfield", "Midwife", "Midwife"),
            ("Priya Shah", "Health visitor", "Health visitor"),
            ("PC Gareth Lloyd", "Police officer", "Police"),
            ("Sam Okafor", "Social worker", "Children's social care"),
        ):
            tx.add(Practitioner(name, role, _agency_id(case, agency)))


def _agency_id(case: CaseFile, name: str) -> AgencyId:
    """The id of one of the standard agencies every new case file starts with."""
    agency = agency_by_name(case, name)
    if agency is None or agency.id is None:
        # The demo relies on the standard agency list; its absence is a programming error.
        raise LookupError(f"The standard agency '{name}' is missing from the case file.")
    return agency.id


# (agency, category, key event?, text template, action, outcome, people involved by role)
_STORY = (
    (
        "Midwife",
        Category.HEALTH,
        False,
        "Booking appointment. Kasia attended alone; said the baby's father Daniel is 'not involved'. "
        "Midwife Joanne Whitfield did not ask about the father's health or history.",
        "Routine antenatal care booked.",
        "Father's details not recorded.",
        ("mother",),
    ),
    (
        "Police",
        Category.DOMESTIC_ABUSE,
        True,
        "Call from neighbour reporting shouting at Mill Road. Daniel Price and Kasia argued; Kasia "
        "said Daniel had been sending controlling messages. DASH completed: medium risk.",
        "Words of advice; DASH shared with MASH.",
        "No further action by police.",
        ("father", "mother"),
    ),
    (
        "GP",
        Category.MENTAL_HEALTH,
        False,
        "Liam Carter seen by Dr Aisha Rahman for low mood and poor sleep (about four hours a night). "
        "He said he smokes cannabis 'to calm down'. GP accepted his account of use.",
        "Sertraline started; referral to talking therapies offered.",
        "Declined talking therapies.",
        ("partner",),
    ),
    (
        "Hospital / A&E",
        Category.INJURY,
        True,
        "Liam Carter attended A&E with a fractured hand after punching a wall at home during an "
        "argument. He said he was 'stressed with the baby crying at night'.",
        "Hand splinted; no safeguarding question asked about children at home.",
        "Discharged; no referral made.",
        ("partner",),
    ),
    (
        "Health visitor",
        Category.FATHER_NOT_SEEN,
        False,
        "New birth visit by Priya Shah. Freya feeding well. Kasia said her partner Liam was at work; "
        "he was heard in the next room but not seen. ICON message given to mother only.",
        "ICON leaflet left for both parents.",
        "Father figure not seen.",
        ("baby", "mother", "partner"),
    ),
    (
        "Children's social care",
        Category.ASSESSMENT,
        True,
        "Single assessment started after police notification. Sam Okafor visited; Liam Carter present "
        "and spoke about his own time in care and his cannabis use costing about £300 a week.",
        "Assessment to include Liam and Daniel; letter sent to Daniel.",
        "Daniel did not reply.",
        ("baby", "mother", "partner", "father"),
    ),
    (
        "Drug and alcohol service",
        Category.SUBSTANCE_USE,
        False,
        "Liam Carter referred for cannabis use (a quarter ounce a day). Did not attend first appointment.",
        "Second appointment offered.",
        "Did not attend.",
        ("partner",),
    ),
    (
        "Health visitor",
        Category.MISSED_APPOINTMENT,
        False,
        "Freya was not brought to her 8-week review. Kasia said she forgot. Tomasz Nowak, her father, "
        "was minding Freya that day.",
        "Appointment rebooked.",
        "Attended at second offer.",
        ("baby", "mother", "grandfather"),
    ),
    (
        "Housing",
        Category.OTHER,
        False,
        "Rent arrears of about £1,200 at Larch Close. Tenancy warning letter sent to Kasia and Liam.",
        "Referral to money advice.",
        "Not taken up.",
        ("mother", "partner"),
    ),
    (
        "Children's social care",
        Category.MEETING,
        True,
        "Child protection conference. Kasia attended. Liam Carter was not invited; Daniel Price invited "
        "but did not attend. Plan under the category of neglect.",
        "Child protection plan; core group set up.",
        "Fathers' views not obtained.",
        ("baby", "mother", "partner", "father"),
    ),
    (
        "Police",
        Category.FATHER_SEEN,
        False,
        "PC Gareth Lloyd spoke to Liam Carter about a noise complaint; Liam said the baby 'never stops "
        "crying'. Freya seen asleep, no concerns noted.",
        "Advice given.",
        "No further action.",
        ("partner", "baby"),
    ),
    (
        "Early help",
        Category.REFERRAL,
        False,
        "Referral for a parenting course for both carers. Liam said he would go if it was in the evening.",
        "Evening course offered.",
        "Awaiting start.",
        ("mother", "partner"),
    ),
)

_FILLER = (
    "Notes record that the practitioner discussed routines, feeding and safe sleep with the family. "
    "Information was shared with the allocated social worker the same day and recorded on the "
    "agency system. No further concerns were raised at this contact."
)


# When each story event happened (the baby was born on 14/03/2026); later repeats of the
# story (larger generated cases) follow their event by a week to several months.
_STORY_DATES = (
    PartialDate(2025, 9, 2),
    PartialDate(2025, 10, 6),
    PartialDate(2026, 2, 12),
    PartialDate(2026, 4, 28),
    PartialDate(2026, 3, 26),
    PartialDate(2026, 5, 2),
    PartialDate(2026, 5, 20),
    PartialDate(2026, 5, 12),
    PartialDate(2026, 5),
    PartialDate(2026, 6, 10),
    PartialDate(2026, 7, 19),
    PartialDate(2026, 8, 4),
)
_SIGNIFICANCE = {
    1: "Domestic abuse by the birth father before the birth; not known to the midwife.",
    3: "Injury from anger while caring for a crying baby; no safeguarding question asked.",
    5: "First assessment to include the mother's partner.",
    9: "Neither man's views obtained; the partner was not invited.",
}
_LAST_DAY = dt.date(2026, 11, 20)
_BIRTH = dt.date(2026, 3, 14)


def _add_chronology(case: CaseFile, p: DemoPeople, n: int | None, seed: int) -> None:
    rng = random.Random(seed)
    role_ids = {
        "baby": p.baby,
        "mother": p.mother,
        "father": p.father,
        "partner": p.partner,
        "grandfather": p.grandfather,
    }
    agencies = {a.name: a.id for a in case.all(Agency) if a.id is not None}
    total = n if n is not None else 36
    made: list[ChronologyEntry] = []
    for i in range(total):
        k = i % len(_STORY)
        agency, category, key, text, action, outcome, who = _STORY[k]
        if i < len(_STORY):
            date, words = _STORY_DATES[k], text
        else:
            first = _STORY_DATES[k].earliest()
            latest = _BIRTH - dt.timedelta(days=1) if first < _BIRTH else _LAST_DAY
            when = min(first + dt.timedelta(days=rng.randrange(7, 200)), latest)
            precision = rng.random()
            date = (
                PartialDate(when.year, when.month)
                if precision < 0.05
                else PartialDate.from_date(when, approximate=precision > 0.97)
            )
            # Agencies record follow-ups that restate the original concern.
            words = (f"Follow-up to the {agency} contact of {_STORY_DATES[k].display()}. "
                     f"{text} {_FILLER}")
        made.append(
            ChronologyEntry(
                event_date=date,
                agency_id=agencies[agency],
                what_happened=words,
                event_time=f"{rng.randrange(8, 19):02d}:{rng.choice((0, 15, 30, 45)):02d}"
                if rng.random() < 0.6
                else "",
                sequence=i,
                category=category.value,
                action_taken=action,
                outcome=outcome,
                significance=_SIGNIFICANCE.get(k, "") if key else "",
                source_ref=f"{agency.split()[0].upper()}-{1000 + i} p.{1 + i % 9}",
                author="Sam Okafor",
                key_event=key,
                people=[role_ids[r] for r in who],
            )
        )
    with case.transaction(f"Add {total} demo chronology entries") as tx:
        add_entries(tx, made)
