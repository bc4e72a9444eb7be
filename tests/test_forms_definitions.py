"""The form definition, value checks and the record round trip through a real encrypted file."""

from __future__ import annotations

import pytest

from app.operations.record import write_record as save_record
from forms.fields import FieldType
from forms.male_carer import MALE_CARER_FORM as FORM
from forms.record import FactInput, load_facts, record_sections
from forms.values import check_value, display_value
from storage.carers import CarerFact, FactBasis, FactStatus
from storage.casefile import CaseFile
from storage.dates import PartialDate
from storage.errors import InvalidValue
from storage.ids import PersonId
from storage.people import Person, Sex

DEMO_KEYS = {
    "substance_use.substances",
    "anger.incidents",
    "anger.frustration_tolerance",
    "sleep.typical_hours",
    "sleep.night_feeds_by",
    "mental_health.conditions",
    "history.care_leaver",
    "domestic_abuse.police_callouts",
    "pressures.debt",
    "history.previous_children",
    "domestic_abuse.as_perpetrator",
}


def test_definition_covers_every_section_and_the_demo_keys(demo_case) -> None:
    assert [s.key for s in FORM.sections] == [
        "history",
        "substance_use",
        "anger",
        "sleep",
        "mental_health",
        "domestic_abuse",
        "pressures",
        "strengths",
        "engagement",
    ]
    for key in DEMO_KEYS:
        assert FORM.has_field(key)
    # Every fact the demo stores passes the same check the GUI uses.
    for fact in demo_case.all(CarerFact):
        if fact.status is FactStatus.ANSWERED:
            assert check_value(FORM.field(fact.field_key), fact.value) == fact.value
    icon = [f.key for f in FORM.fields() if f.key.startswith("engagement.icon_")]
    assert len(icon) == 5  # the five ICON touchpoints (§14.1)
    substance = FORM.field("substance_use.substances")
    assert substance.type is FieldType.LIST
    assert {f.key for f in substance.item_fields} >= {
        "substance",
        "current",
        "frequency",
        "amount",
        "quantity",
        "weekly_cost_gbp",
        "age_started",
        "treatment_referral",
        "treatment_attended",
    }
    assert all("§" in s.help for s in FORM.sections)


def test_a_field_cannot_be_defined_twice() -> None:
    from forms.fields import Field, FormDefinition, Section

    f = Field("a.x", "X", FieldType.TEXT)
    with pytest.raises(ValueError, match="defined twice"):
        FormDefinition("t", "T", (Section("a", "A", "", (f, f)),))


@pytest.mark.parametrize(
    ("key", "raw", "stored", "shown"),
    [
        ("sleep.typical_hours", "4", 4, "4 hours"),
        ("sleep.typical_hours", "5.5", 5.5, "5.5 hours"),
        ("history.care_leaver", "Yes", "yes", "Yes"),
        ("anger.frustration_tolerance", "Low", "low", "Low"),
        (
            "mental_health.conditions",
            ["ADHD", "depression"],
            ["depression", "ADHD"],
            "Depression, ADHD",
        ),
        ("engagement.gp_info_sought_on", "May 2026", "2026-05", "May 2026"),
        ("engagement.gp_info_sought_on", "?3/6/2026", "~2026-06-03", "?03/06/2026"),
    ],
)
def test_values_are_normalised_and_displayed(key, raw, stored, shown) -> None:
    f = FORM.field(key)
    assert check_value(f, raw) == stored
    assert display_value(f, stored) == shown


def test_money_and_quantity_in_substance_items() -> None:
    f = FORM.field("substance_use.substances")
    value = check_value(
        f,
        [
            {
                "substance": "cannabis",
                "current": "current",
                "weekly_cost_gbp": "£300–400",
                "quantity": {"amount": "7", "unit": "grams"},
            }
        ],
    )
    assert value[0]["weekly_cost_gbp"] == {"low": 300, "high": 400}
    assert value[0]["quantity"] == {"amount": 7, "unit": "grams"}
    assert display_value(f, value) == (
        "Cannabis / skunk, current or past: Current, amount per day of use: 7 grams, "
        "weekly cost: £300–£400 a week"
    )
    assert check_value(f, []) == []  # answered: he uses none


@pytest.mark.parametrize(
    ("key", "raw", "message"),
    [
        ("sleep.typical_hours", "lots", "not a number of hours"),
        ("sleep.typical_hours", "30", "above the highest"),
        ("history.care_leaver", "maybe", "not yes or no.*not known"),
        ("anger.frustration_tolerance", "furious", "not one of the choices"),
        ("engagement.gp_info_sought_on", "31/02/2026", "not a real date"),
        ("engagement.gp_info_sought_on", "Smarch 2026", "not a month"),
    ],
)
def test_bad_values_get_one_line_messages(key, raw, message) -> None:
    with pytest.raises(InvalidValue, match=message):
        check_value(FORM.field(key), raw)


def test_substance_item_needs_substance_and_current() -> None:
    with pytest.raises(InvalidValue, match="substance 1, Substance: this is needed"):
        check_value(FORM.field("substance_use.substances"), [{"current": "past"}])
    with pytest.raises(InvalidValue, match="Weekly cost.*not an amount of money"):
        check_value(
            FORM.field("substance_use.substances"),
            [{"substance": "cocaine", "current": "past", "weekly_cost_gbp": "lots"}],
        )


def _man(case: CaseFile) -> PersonId:
    with case.transaction("Add a man") as tx:
        return PersonId(tx.add(Person("Liam", "Carter", sex=Sex.MALE)))


def test_record_round_trip_through_an_encrypted_file(new_case, case_path, passphrase) -> None:
    pid = _man(new_case)
    on = PartialDate(2026, 6, 3)
    substances = [
        {
            "substance": "cannabis",
            "current": "current",
            "frequency": "daily",
            "amount": "a quarter ounce a day",
            "weekly_cost_gbp": "300-400",
            "age_started": "14",
        }
    ]
    with new_case.transaction("Save record") as tx:
        changed = save_record(
            tx,
            pid,
            [
                FactInput(
                    "substance_use.substances",
                    substances,
                    FactStatus.ANSWERED,
                    "Drug and alcohol service",
                    on,
                    FactBasis.VERIFIED_RECORD,
                ),
                FactInput(
                    "sleep.typical_hours",
                    "4",
                    FactStatus.ANSWERED,
                    "Liam",
                    on,
                    FactBasis.SELF_REPORTED,
                ),
                FactInput("history.previous_cp", None, FactStatus.NOT_ASKED),
                FactInput("domestic_abuse.perpetrator", None, FactStatus.NOT_KNOWN, "Police", on),
            ],
            recorded_by="Sam",
        )
    assert changed == 4
    new_case.close()
    with CaseFile.open(case_path, passphrase) as case:
        facts = load_facts(case, pid)
        sub = facts["substance_use.substances"]
        assert sub.value[0]["weekly_cost_gbp"] == {"low": 300, "high": 400}
        assert sub.value[0]["age_started"] == 14
        assert (sub.source, sub.learned_on, sub.basis) == (
            "Drug and alcohol service",
            on,
            FactBasis.VERIFIED_RECORD,
        )
        assert facts["sleep.typical_hours"].value == 4
        # "Not asked" and "not known" are kept as such, never as "no".
        assert facts["history.previous_cp"].status is FactStatus.NOT_ASKED
        assert facts["domestic_abuse.perpetrator"].status is FactStatus.NOT_KNOWN
        assert facts["domestic_abuse.perpetrator"].value is None
        # Saving the same answers again changes nothing (no audit noise, no empty undo entry).
        with case.transaction("Save again") as tx:
            again = save_record(
                tx,
                pid,
                [
                    FactInput(
                        "sleep.typical_hours",
                        4,
                        FactStatus.ANSWERED,
                        "Liam",
                        on,
                        FactBasis.SELF_REPORTED,
                    )
                ],
            )
        assert again == 0 and not tx.change.rows
        sections = {s.title: s for s in record_sections(load_facts(case, pid))}
        rows = {r.label: r for r in sections["Sleep"].rows}
        assert rows["Typical hours of sleep a night"].answer == "4 hours"
        assert (
            rows["Typical hours of sleep a night"].provenance == "Liam, 03/06/2026, self-reported"
        )
        assert sections["History"].rows[0].answer == "Not recorded"


def test_answered_facts_need_provenance(new_case) -> None:
    pid = _man(new_case)
    cases = [
        (
            FactInput(
                "sleep.typical_hours",
                4,
                FactStatus.ANSWERED,
                "",
                PartialDate(2026),
                FactBasis.SELF_REPORTED,
            ),
            "where this came from",
        ),
        (
            FactInput(
                "sleep.typical_hours", 4, FactStatus.ANSWERED, "Liam", PartialDate(2026), None
            ),
            "self-reported",
        ),
        (
            FactInput(
                "sleep.typical_hours", 4, FactStatus.ANSWERED, "Liam", None, FactBasis.SELF_REPORTED
            ),
            "date",
        ),
        (
            FactInput(
                "sleep.typical_hours",
                None,
                FactStatus.ANSWERED,
                "Liam",
                PartialDate(2026),
                FactBasis.SELF_REPORTED,
            ),
            "no answer given",
        ),
        (FactInput("sleep.nonsense", 1), "no field"),
    ]
    for item, message in cases:
        with pytest.raises(InvalidValue, match=message), new_case.transaction("Bad") as tx:
            save_record(tx, pid, [item])
    assert new_case.all(CarerFact) == []


def test_clearing_a_field_deletes_the_fact_and_undo_restores_it(new_case) -> None:
    pid = _man(new_case)
    with new_case.transaction("Save") as tx:
        save_record(
            tx,
            pid,
            [
                FactInput(
                    "history.care_leaver",
                    "yes",
                    FactStatus.ANSWERED,
                    "CSC",
                    PartialDate(2026, 5),
                    FactBasis.VERIFIED_RECORD,
                )
            ],
        )
    with new_case.transaction("Clear") as tx:
        save_record(tx, pid, [FactInput("history.care_leaver", status=None)])
    assert load_facts(new_case, pid) == {}
    new_case.undo(tx.change.txn)
    assert load_facts(new_case, pid)["history.care_leaver"].value == "yes"
