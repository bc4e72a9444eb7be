"""Several sourced statements per answer: storage, migration, completeness, factor map, exports,
`visible check --json`; and ages and dates as bounds."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.cli import main
from app.operations.record import write_record
from app.operations.roles import link_in
from forms.completeness import check_case
from forms.factor_map import Presence, factor_map
from forms.male_carer import MALE_CARER_FORM as FORM
from forms.record import DISAGREE, FactInput, answer_text, load_facts, record_sections
from forms.values import check_value, display_value
from storage import schema
from storage.carers import CarerRole, FactBasis, FactStatus
from storage.case import CaseDetails
from storage.casefile import CaseFile
from storage.dates import PartialDate
from storage.errors import InvalidValue
from storage.ids import PersonId
from storage.people import Person, Sex

from .conftest import PASSPHRASE

GP_ON, HIM_ON = PartialDate(2026, 3, 12), PartialDate(2026, 4, 2)
DAILY = [{"substance": "cannabis", "current": "current", "frequency": "daily"}]
WEEKENDS = [{"substance": "cannabis", "current": "current", "frequency": "weekends"}]


def _gp_and_him(key: str, gp_value: object, his_value: object) -> list[FactInput]:
    return [
        FactInput(key, gp_value, FactStatus.ANSWERED, "GP record", GP_ON,
                  FactBasis.VERIFIED_RECORD),
        FactInput(key, his_value, FactStatus.ANSWERED, "Liam Carter", HIM_ON,
                  FactBasis.SELF_REPORTED),
    ]


def _family(case: CaseFile) -> tuple[PersonId, PersonId]:
    with case.transaction("Family") as tx:
        baby = PersonId(tx.add(Person("Freya", "Nowak", sex=Sex.FEMALE, is_index_child=True)))
        man = PersonId(tx.add(Person("Liam", "Carter", sex=Sex.MALE)))
        link_in(tx, baby, CarerRole.BIRTH_FATHER, man, "Sam")
    return baby, man


def test_two_sources_disagree_and_both_are_kept_everywhere(new_case) -> None:
    _, man = _family(new_case)
    with new_case.transaction("Record") as tx:
        write_record(tx, man, _gp_and_him("substance_use.substances", DAILY, WEEKENDS))
        # Sleep: only his own account.
        write_record(tx, man, [FactInput("sleep.typical_hours", 4, FactStatus.ANSWERED, "Liam",
                                         HIM_ON, FactBasis.SELF_REPORTED)])
        # Anger: his account and a verified one that agree: not "self-report only" any more.
        write_record(tx, man, _gp_and_him("anger.frustration_tolerance", "low", "low"))
    answers = load_facts(new_case, man)
    sub = answers["substance_use.substances"]
    assert [s.position for s in sub.statements] == [0, 1]
    assert sub.disagree and sub.values == [DAILY, WEEKENDS]
    assert not answers["anger.frustration_tolerance"].disagree

    status = check_case(new_case).men[0]
    self_only = {g.key for g in status.self_report_only}
    assert "sleep.typical_hours" in self_only
    assert "anger.frustration_tolerance" not in self_only  # a verified statement counts
    assert "substance_use.substances" not in self_only
    assert [g.key for g in status.sources_disagree] == ["substance_use.substances"]

    groups = {g.section: g for g in factor_map(answers)}
    substance = groups["substance_use"]
    assert substance.presence is Presence.PRESENT
    assert substance.shown_by == ["Substances used (sources disagree)"]
    assert [(r.source, r.basis) for r in substance.statements] == [
        ("GP record", "verified_record"), ("Liam Carter", "self_reported")]
    assert substance.disagreements == [
        "Substances used: Cannabis / skunk, current or past: Current, how often: Daily "
        "(GP record, 12/03/2026, verified from a record) / Cannabis / skunk, current or past: "
        "Current, how often: Weekends (Liam Carter, 02/04/2026, self-reported)"]

    rows = [r for s in record_sections(answers) for r in s.rows if r.label.startswith("Subst")]
    assert [(r.label, r.disagree) for r in rows] == [
        ("Substances used", True), ("Substances used (another source)", True)]
    assert rows[0].answer.endswith(f"Daily ({DISAGREE})")
    assert rows[1].provenance == "Liam Carter, 02/04/2026, self-reported"
    assert DISAGREE in answer_text(sub)


def test_statements_rewrite_in_place_and_undo_restores(new_case) -> None:
    _, man = _family(new_case)
    with new_case.transaction("Two") as tx:
        assert write_record(tx, man, _gp_and_him("sleep.typical_hours", 4, 7)) == 2
    first_ids = [s.id for s in load_facts(new_case, man)["sleep.typical_hours"].statements]
    with new_case.transaction("Same again") as tx:
        assert write_record(tx, man, _gp_and_him("sleep.typical_hours", 4, 7)) == 0
    with new_case.transaction("Drop his") as tx:
        txn = tx.change.txn
        changed = write_record(tx, man, _gp_and_him("sleep.typical_hours", 4, 7)[:1])
    assert changed == 1
    kept = load_facts(new_case, man)["sleep.typical_hours"]
    assert [s.id for s in kept.statements] == first_ids[:1] and not kept.disagree
    new_case.undo(txn)
    back = load_facts(new_case, man)["sleep.typical_hours"]
    assert [s.id for s in back.statements] == first_ids and back.values == [4, 7]
    # The same source saying the same thing twice is one statement.
    with new_case.transaction("Twice") as tx:
        same = _gp_and_him("sleep.typical_hours", 4, 7)[:1] * 2
        write_record(tx, man, same)
    assert len(load_facts(new_case, man)["sleep.typical_hours"].statements) == 1


def test_second_statement_errors_name_it(new_case) -> None:
    _, man = _family(new_case)
    bad = _gp_and_him("sleep.typical_hours", 4, "lots")
    with pytest.raises(InvalidValue, match=r"Typical hours of sleep a night \(statement 2\)"):
        with new_case.transaction("Bad") as tx:
            write_record(tx, man, bad)
    assert load_facts(new_case, man) == {}


def test_a_v5_file_migrates_every_answer_to_a_first_statement(tmp_path: Path) -> None:
    """A file made at schema 5 (one answer per field) through the real upgrade path, with
    answers written as v5 stored them, opens at the latest version with nothing lost."""
    path = tmp_path / "old.vcase"
    rows = [
        ("sleep.typical_hours", "4", "answered", "Liam", "2026-04-02", "self_reported"),
        ("substance_use.substances", json.dumps(DAILY), "answered", "GP", "2026-03-12",
         "verified_record"),
        ("anger.any_incidents", None, "not_asked", "", None, None),
        ("history.own_childhood_notes", json.dumps("Moved often"), "answered", "Mother",
         "~2026-01", "reported_by_other"),
    ]
    with CaseFile.create(path, PASSPHRASE, CaseDetails(reference="V5"), schema_version=5) as case:
        assert case.schema_version == 5
        with case.transaction("Old answers") as tx:
            man = tx.insert("person", {"given_names": "Liam", "family_name": "Carter",
                                       "sex": "male"})
            ids = [tx.insert("carer_fact", {
                "person_id": man, "field_key": k, "value": v, "status": st, "source": src,
                "learned_on": on, "basis": b, "recorded_at": "2026-04-02T10:00:00+00:00",
                "recorded_by": "Sam"}) for k, v, st, src, on, b in rows]
        columns = [r[1] for r in case.db.execute("PRAGMA table_info(carer_fact)")]
        assert "position" not in columns
    with CaseFile.open(path, PASSPHRASE) as case:
        assert case.schema_version == schema.LATEST_VERSION >= 6
        answers = load_facts(case, PersonId(man))
        assert set(answers) == {r[0] for r in rows}
        for fact_id, (key, value, status, source, on, basis) in zip(ids, rows, strict=True):
            (statement,) = answers[key].statements
            assert statement.id == fact_id and statement.position == 0
            assert statement.status.value == status and statement.source == source
            assert statement.learned_on == (PartialDate.parse_stored(on) if on else None)
            assert (statement.basis.value if statement.basis else None) == basis
            assert statement.value == (json.loads(value) if value else None)
            assert statement.recorded_by == "Sam"
        assert answers["sleep.typical_hours"].value == 4
        assert case.verify() == []
        # The migrated file takes a second statement at once.
        with case.transaction("His account") as tx:
            write_record(tx, PersonId(man), _gp_and_him("substance_use.substances", DAILY,
                                                         WEEKENDS))
        assert load_facts(case, PersonId(man))["substance_use.substances"].disagree


def test_check_json_carries_each_mans_factor_map(new_case, case_path, capsys,
                                                  monkeypatch) -> None:
    _, man = _family(new_case)
    with new_case.transaction("Record") as tx:
        write_record(tx, man, _gp_and_him("substance_use.substances", DAILY, WEEKENDS))
        write_record(tx, man, [FactInput("sleep.typical_hours", 8, FactStatus.ANSWERED, "HV",
                                         GP_ON, FactBasis.REPORTED_BY_OTHER)]
                     + [FactInput(k, "no", FactStatus.ANSWERED, "HV", GP_ON,
                                  FactBasis.REPORTED_BY_OTHER)
                        for k in ("sleep.disturbed", "sleep.chronic_problems")])
    new_case.close()
    monkeypatch.setenv("VISIBLE_PASSPHRASE", PASSPHRASE)
    assert main(["check", str(case_path), "--json"]) == 3
    (liam,) = json.loads(capsys.readouterr().out)["men"]
    groups = {g["group"]: g for g in liam["factor_map"]}
    assert set(groups) == {s.key for s in FORM.sections if s.factor}
    assert groups["substance_use"]["presence"] == "present"
    assert groups["sleep"]["presence"] == "absent"
    assert groups["history"]["presence"] == "not_known"
    assert [(s["source"], s["learned_on"], s["basis"]) for s in
            groups["substance_use"]["sources"]] == [
        ("GP record", "2026-03-12", "verified_record"),
        ("Liam Carter", "2026-04-02", "self_reported")]
    assert groups["substance_use"]["disagreements"][0].startswith("Substances used: ")
    assert groups["sleep"]["latest"] == "2026-03-12"
    assert liam["sources_disagree"][0]["key"] == "substance_use.substances"
    assert main(["check", str(case_path)]) == 3
    assert "sources disagree (both versions are kept):" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("raw", "stored", "shown"),
    [
        ("14", 14, "14 years"),
        ("since before he was 10", {"bound": "before", "value": 10}, "before age 10"),
        ("under 10", {"bound": "before", "value": 10}, "before age 10"),
        ("about 14", {"bound": "about", "value": 14}, "about 14 years"),
        ("c. 14", {"bound": "about", "value": 14}, "about 14 years"),
        ("12-14", {"bound": "between", "value": 12, "to": 14}, "between 12 and 14 years"),
        ("between 12 and 14", {"bound": "between", "value": 12, "to": 14},
         "between 12 and 14 years"),
        ("after 16", {"bound": "after", "value": 16}, "after age 16"),
        ({"bound": "before", "value": "10"}, {"bound": "before", "value": 10}, "before age 10"),
        ({"bound": "exactly", "value": "before 10"}, {"bound": "before", "value": 10},
         "before age 10"),
    ],
)
def test_ages_as_bounds(raw, stored, shown) -> None:
    f = FORM.field("substance_use.substances").item_field("age_started")
    assert check_value(f, raw) == stored
    assert display_value(f, stored) == shown


@pytest.mark.parametrize(
    ("raw", "stored", "shown"),
    [
        ("May 2018", "2018-05", "May 2018"),
        ("2016-05", "2016-05", "May 2016"),
        ("since May 2018", "2018-05", "May 2018"),
        ("before 2013", {"bound": "before", "value": "2013"}, "before 2013"),
        ("after 12/03/2018", {"bound": "after", "value": "2018-03-12"}, "after 12/03/2018"),
        ("about 2015", "~2015", "?2015"),
        ({"bound": "about", "value": "2015"}, "~2015", "?2015"),
        ({"bound": "between", "value": "May", "to": "July 2016"},
         {"bound": "between", "value": "2016-05", "to": "2016-07"},
         "between May 2016 and July 2016"),
        ("2013-2018", {"bound": "between", "value": "2013", "to": "2018"},
         "between 2013 and 2018"),
    ],
)
def test_dates_as_bounds(raw, stored, shown) -> None:
    f = FORM.field("mental_health.harm_thoughts_details").item_field("since")
    assert check_value(f, raw) == stored
    assert display_value(f, stored) == shown


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("lots", "not an age"),
        ("between 14 and 12", "first age .14. is after the second"),
        ("before", "give the age for 'before'"),
        ("200", "above the highest plausible age"),
    ],
)
def test_bad_ages_get_one_line_messages(raw, message) -> None:
    with pytest.raises(InvalidValue, match=message):
        check_value(FORM.field("substance_use.substances").item_field("age_started"), raw)


def test_young_fatherhood_shows_only_when_every_allowed_age_is_under_20() -> None:
    from forms.factor_map import shows_concern

    f = FORM.field("history.age_at_fatherhood")
    assert shows_concern(f, 19) and shows_concern(f, {"bound": "before", "value": 20})
    assert shows_concern(f, {"bound": "between", "value": 16, "to": 19})
    assert not shows_concern(f, {"bound": "between", "value": 18, "to": 22})
    assert not shows_concern(f, {"bound": "after", "value": 16}) and not shows_concern(f, 20)


def test_new_structured_items_are_defined_with_help_and_rules() -> None:
    compliance = [c.value for c in FORM.field("mental_health.compliance").choices]
    assert compliance[:5] == ["yes", "mostly", "sometimes", "poor", "none"]
    assert {"poor", "none"} <= FORM.field("mental_health.compliance").concern_values
    harm = FORM.field("mental_health.harm_thoughts")
    assert harm.required and "§9.7" in harm.help
    meetings = FORM.field("engagement.gp_safeguarding_meetings")
    with pytest.raises(InvalidValue, match="Reason recorded, if no referral: this is needed"):
        check_value(meetings, [{"on": "2018", "outcome": "no_referral"}])
    ok = check_value(meetings, [{"on": "about 2018", "outcome": "No referral",
                                 "reason": "GP managing"}])
    assert ok == [{"on": "~2018", "outcome": "no_referral",
                   "reason": "GP managing"}]
    csc = FORM.field("history.csc_involvement")
    levels = {c.value for c in csc.item_field("level").choices}
    assert {"cin", "cp", "care_proceedings"} <= levels
    assert {c.value for c in csc.item_field("as").choices} == {"as_child", "as_parent"}
    for section in FORM.sections:
        assert FORM.has_field(f"{section.key}.notes"), section.key
