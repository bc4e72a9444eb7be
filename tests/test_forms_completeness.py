"""Completeness rules, roles, factor map, and `visible check` on real encrypted case files."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from app.cli import main
from app.operations.record import write_record as save_record
from app.operations.roles import declare_in, link_in
from forms.completeness import NO_INDEX_CHILD, check_case
from forms.factor_map import Presence, factor_map
from forms.male_carer import MALE_CARER_FORM
from forms.record import FactInput, load_facts
from storage.carers import CarerRole, Declaration, FactBasis, FactStatus
from storage.dates import PartialDate
from storage.errors import InvalidValue
from storage.household import HouseholdMember
from storage.ids import PersonId
from storage.people import Person, Sex

ALL_ROLES = [r.label for r in CarerRole]


def test_new_case_lists_all_five_roles_and_says_to_add_the_child(new_case) -> None:
    report = check_case(new_case)
    assert not report.complete
    assert [c.child_name for c in report.children] == [NO_INDEX_CHILD]
    assert [r.label for r in report.children[0].unaddressed] == ALL_ROLES
    assert "index child" in report.problems[0]


def test_demo_case_partial_list(demo_case) -> None:
    report = check_case(demo_case)
    assert not report.complete and report.problems == []
    assert [r.addressed for r in report.children[0].roles] == [True] * 5
    other = report.children[0].roles[-1]
    assert other.declaration == "not_known" and "helps out" in other.reason
    men = {m.name: m for m in report.men}
    assert set(men) == {"Daniel Price", "Liam Carter"}
    liam, daniel = men["Liam Carter"], men["Daniel Price"]
    required = len(MALE_CARER_FORM.required_fields())
    # Liam: substances, care leaver, frustration, sleep hours, conditions are recorded.
    assert liam.required - len(liam.missing) == 5 and liam.required == required
    assert "history.violence_convictions" in {g.key for g in liam.missing}
    assert [g.key for g in liam.self_report_only] == ["sleep.typical_hours"]
    assert [g.key for g in liam.not_known] == ["domestic_abuse.police_callouts"]
    # Daniel: nothing required recorded; his substance use was explicitly "not asked".
    assert len(daniel.missing) == required
    gap = next(g for g in daniel.missing if g.key == "substance_use.substances")
    assert gap.not_asked
    assert [g.key for g in daniel.self_report_only] == ["history.previous_children"]
    assert daniel.roles == ["Birth father", "Non-resident father"]


def _family(case) -> tuple[PersonId, PersonId]:
    with case.transaction("Family") as tx:
        baby = PersonId(
            tx.add(
                Person(
                    "Baby",
                    "F",
                    sex=Sex.FEMALE,
                    is_index_child=True,
                    date_of_birth=PartialDate(2026, 3, 1),
                )
            )
        )
        dad = PersonId(tx.add(Person("Dan", "P", sex=Sex.MALE)))
    return baby, dad


def test_declarations_need_reason_and_efforts_and_roles_become_addressed(new_case) -> None:
    baby, dad = _family(new_case)
    with pytest.raises(InvalidValue, match="reason"), new_case.transaction("x") as tx:
        declare_in(tx, baby, CarerRole.MOTHERS_PARTNER, Declaration.NONE, "", "asked", "Sam")
    with pytest.raises(InvalidValue, match="find out"), new_case.transaction("x") as tx:
        declare_in(tx, baby, CarerRole.MOTHERS_PARTNER, Declaration.NONE, "no partner", " ", "Sam")
    with new_case.transaction("Roles") as tx:
        link_in(tx, baby, CarerRole.BIRTH_FATHER, dad, "Sam")
        for role in (
            CarerRole.STEP_FATHER,
            CarerRole.NON_RESIDENT_FATHER,
            CarerRole.MOTHERS_PARTNER,
            CarerRole.OTHER_MALE_CARER,
        ):
            declare_in(
                tx,
                baby,
                role,
                Declaration.NONE,
                "Mother lives alone with baby.",
                "Asked mother 01/06/2026; HV confirmed.",
                "Sam",
            )
    report = check_case(new_case)
    assert report.unaddressed_count == 0
    assert not report.complete  # Dan's record is still empty
    # Linking a man to a declared role replaces the declaration.
    with new_case.transaction("Partner found") as tx:
        link_in(tx, baby, CarerRole.MOTHERS_PARTNER, dad, "Sam")
    role = check_case(new_case).children[0].roles[3]
    assert role.men == [{"id": dad, "name": "Dan P"}] and role.declaration == ""


def test_a_man_in_the_household_in_no_role_is_flagged(new_case) -> None:
    baby, dad = _family(new_case)
    with new_case.transaction("Lodger") as tx:
        lodger = tx.add(Person("Kev", "", sex=Sex.MALE, date_of_birth=PartialDate(1990)))
        boy = tx.add(Person("Tom", "", sex=Sex.MALE, date_of_birth=PartialDate(2020, 1, 1)))
        tx.add(HouseholdMember(lodger))
        tx.add(HouseholdMember(boy))
    report = check_case(new_case, today=dt.date(2026, 6, 1))
    assert [m["name"] for m in report.unlinked_men] == ["Kev"]  # the child Tom is not a carer


def test_complete_case_and_factor_map(new_case) -> None:
    baby, dad = _family(new_case)
    on = PartialDate(2026, 6, 3)
    values = {
        "history.own_childhood": ["none_known"],
        "history.care_leaver": "no",
        "history.previous_cp": "no",
        "history.criminal_history": "no",
        "history.violence_convictions": "no",
        "history.known_to_csc": "no",
        "substance_use.substances": [],
        "anger.frustration_tolerance": "high",
        "anger.any_incidents": "no",
        "sleep.typical_hours": 7,
        "mental_health.conditions": ["none"],
        "mental_health.suicidal_thoughts": "no",
        "mental_health.harm_thoughts": "no",
        "domestic_abuse.perpetrator": "yes",
        "domestic_abuse.victim": "no",
        "pressures.identified": ["debt"],
        "strengths.strengths": "Devoted to the baby",
        "strengths.support_needs": "Money advice",
        "engagement.seen": [{"by": "social_worker", "on": "2026-06-03"}],
        "engagement.contacted": "yes",
        "engagement.cp_invited": "yes",
        "engagement.own_words": "I want to do this right",
        "engagement.gp_info_sought": "yes",
    }
    with new_case.transaction("Everything") as tx:
        link_in(tx, baby, CarerRole.BIRTH_FATHER, dad, "Sam")
        for role in list(CarerRole)[1:]:
            declare_in(tx, baby, role, Declaration.NONE, "None", "Asked mother and HV", "Sam")
        save_record(
            tx,
            dad,
            [
                FactInput(
                    k,
                    v,
                    FactStatus.ANSWERED,
                    "Police" if k.startswith("domestic") else "Social worker visit",
                    on,
                    FactBasis.VERIFIED_RECORD,
                )
                for k, v in values.items()
            ],
        )
    assert check_case(new_case).complete
    groups = {g.section: g for g in factor_map(load_facts(new_case, dad))}
    assert groups["domestic_abuse"].presence is Presence.PRESENT
    assert groups["domestic_abuse"].sources == ["Police"] and groups["domestic_abuse"].latest == on
    assert groups["pressures"].presence is Presence.PRESENT
    assert groups["history"].presence is Presence.NOT_KNOWN  # age at fatherhood unanswered
    assert groups["sleep"].presence is Presence.NOT_KNOWN
    assert "strengths" not in groups and "engagement" not in groups
    with new_case.transaction("More") as tx:
        save_record(
            tx,
            dad,
            [
                FactInput(k, v, FactStatus.ANSWERED, "GP", on, FactBasis.VERIFIED_RECORD)
                for k, v in (
                    ("substance_use.level", "none"),
                    ("sleep.disturbed", "no"),
                    ("sleep.chronic_problems", "no"),
                )
            ],
        )
    groups = {g.section: g for g in factor_map(load_facts(new_case, dad))}
    assert groups["substance_use"].presence is Presence.ABSENT
    assert groups["sleep"].presence is Presence.ABSENT


def _cli(capsys, *args: str) -> tuple[int, str]:
    code = main(list(args))
    return code, capsys.readouterr().out


def test_check_cli_exit_codes_and_json(
    new_case, demo_case, case_path, passphrase, capsys, monkeypatch
) -> None:
    monkeypatch.setenv("VISIBLE_PASSPHRASE", passphrase)
    new_case.close()
    code, out = _cli(capsys, "check", str(case_path))
    assert code == 3
    for label in ALL_ROLES:
        assert f"[MISSING] {label}: not addressed" in out
    code, out = _cli(capsys, "check", str(case_path), "--json")
    data = json.loads(out)
    assert code == 3 and data["complete"] is False
    assert [r["role"] for r in data["children"][0]["roles"]] == [r.value for r in CarerRole]

    demo_path = demo_case.path
    demo_case.close()
    code, out = _cli(capsys, "check", str(demo_path))
    assert code == 3
    assert "[MISSING]" not in out
    assert "Liam Carter" in out and "Sleep › Typical hours of sleep a night" in out
    assert "Substance use › Substances used (recorded as not asked)" in out
    code, out = _cli(capsys, "check", str(demo_path), "--json")
    men = {m["name"]: m for m in json.loads(out)["men"]}
    assert men["Liam Carter"]["self_report_only"][0]["key"] == "sleep.typical_hours"


def test_check_cli_bad_input_is_one_line(tmp_path, capsys, monkeypatch, passphrase) -> None:
    monkeypatch.setenv("VISIBLE_PASSPHRASE", passphrase)
    code = main(["check", str(tmp_path / "missing.vcase")])
    err = capsys.readouterr().err
    assert code == 1 and err.count("\n") == 1 and "no case file" in err


def test_each_index_child_has_its_own_roles(new_case) -> None:
    with new_case.transaction("Twins") as tx:
        a = PersonId(tx.add(Person("Amy", "", sex=Sex.FEMALE, is_index_child=True)))
        b = PersonId(tx.add(Person("Ben", "", sex=Sex.MALE, is_index_child=True)))
        dad = PersonId(tx.add(Person("Dan", "", sex=Sex.MALE)))
        link_in(tx, a, CarerRole.BIRTH_FATHER, dad, "Sam")
    report = check_case(new_case)
    by_child = {c.child_name: len(c.unaddressed) for c in report.children}
    assert by_child == {"Amy": 4, "Ben": 5}
    assert report.men[0].roles == ["Birth father of Amy"]
    assert b != dad


def test_a_role_can_hold_several_men(new_case) -> None:
    baby, dad = _family(new_case)
    with new_case.transaction("Partners") as tx:
        other = PersonId(tx.add(Person("Kyle", "", sex=Sex.MALE)))
        link_in(tx, baby, CarerRole.MOTHERS_PARTNER, dad, "Sam")
        link_in(tx, baby, CarerRole.MOTHERS_PARTNER, other, "Sam")
        link_in(tx, baby, CarerRole.MOTHERS_PARTNER, other, "Sam")  # no duplicate
    role = check_case(new_case).children[0].roles[3]
    assert [m["name"] for m in role.men] == ["Dan P", "Kyle"] and role.addressed
