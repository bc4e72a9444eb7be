"""Screening instruments: worked examples, band boundaries, skip rules, missing items."""

from __future__ import annotations

import datetime as dt

import pytest

from forms.instruments import AUDIT, AUDIT_C, DAST10, GAD7, INSTRUMENTS, PHQ9, record_result
from storage.errors import InvalidValue
from storage.ids import PersonId


def answers(values: list[int | None]) -> dict[str, int | None]:
    return {f"q{n}": v for n, v in enumerate(values, start=1)}


def test_phq9_worked_example_and_item9_alert() -> None:
    # Kroenke 2001 scoring: sum of items; this man scores 1+2+1+2+1+1+2+1+1 = 12 -> moderate.
    score = PHQ9.score(answers([1, 2, 1, 2, 1, 1, 2, 1, 1]))
    assert (score.total, score.band.label) == (12, "moderate")
    assert score.display() == "PHQ-9 12 / 27 — moderate"
    assert score.alerts and "suicide" in score.alerts[0]
    assert not PHQ9.score(answers([3] * 8 + [0])).alerts


@pytest.mark.parametrize(
    ("total", "band"),
    [
        (0, "minimal"),
        (4, "minimal"),
        (5, "mild"),
        (9, "mild"),
        (10, "moderate"),
        (14, "moderate"),
        (15, "moderately severe"),
        (19, "moderately severe"),
        (20, "severe"),
        (27, "severe"),
    ],
)
def test_phq9_boundaries(total: int, band: str) -> None:
    items = [min(3, max(0, total - 3 * i)) for i in range(9)]
    assert sum(items) == total
    assert PHQ9.score(answers(items)).band.label == band


@pytest.mark.parametrize(
    ("total", "band"),
    [
        (4, "minimal"),
        (5, "mild"),
        (9, "mild"),
        (10, "moderate"),
        (14, "moderate"),
        (15, "severe"),
        (21, "severe"),
    ],
)
def test_gad7_boundaries(total: int, band: str) -> None:
    items = [min(3, max(0, total - 3 * i)) for i in range(7)]
    score = GAD7.score(answers(items))
    assert (score.total, score.band.label) == (total, band)


def test_missing_items_give_range_not_total() -> None:
    # Two PHQ-9 items unanswered: the total is not invented, the range is given.
    score = PHQ9.score(answers([1, 1, 1, 1, 1, 1, 1, None, None]))
    assert score.total is None and score.missing == ("q8", "q9")
    assert (score.lowest, score.highest) == (7, 13)
    assert score.band is None and score.band_text() == "incomplete"
    assert "2 items not answered" in score.display()
    # Enough already answered to fix the band whatever the rest: 21 + (0..6) is severe.
    sure = PHQ9.score(answers([3, 3, 3, 3, 3, 3, 3, None, None]))
    assert sure.band.label == "severe" and sure.band_text() == "severe (incomplete)"


def test_audit_worked_example_zones() -> None:
    # WHO manual zones: 0-7 I, 8-15 II, 16-19 III, 20-40 IV.
    assert AUDIT.score(answers([4, 4, 4, 4, 4, 4, 4, 4, 4, 4])).total == 40
    high = AUDIT.score(answers([4, 3, 3, 2, 1, 1, 2, 2, 2, 0]))
    assert (high.total, high.band.label) == (20, "zone IV: possible dependence")
    for total, zone in (
        (7, "zone I"),
        (8, "zone II"),
        (15, "zone II"),
        (16, "zone III"),
        (19, "zone III"),
    ):
        assert AUDIT.band_for(total).label.startswith(zone)


def test_audit_skip_rule_for_a_man_who_never_drinks() -> None:
    # Item 1 "Never": items 2-8 are skipped; 9 and 10 are still asked.
    score = AUDIT.score({"q1": 0, "q9": 2, "q10": 0})
    assert score.complete and score.total == 2
    # Without the skip, a blank item 2 is missing.
    assert AUDIT.score({"q1": 1, "q9": 0, "q10": 0}).missing[0] == "q2"


def test_audit_c_men_cut_off() -> None:
    assert AUDIT_C.score(answers([1, 1, 1])).band.label == "negative screen"
    assert AUDIT_C.score(answers([2, 1, 1])).band.label.startswith("positive")
    assert AUDIT_C.score(answers([4, 4, 4])).total == 12
    assert AUDIT_C.score({"q1": 0}).total == 0  # never drinks: items 2-3 skipped


def test_dast10_reverse_item_and_bands() -> None:
    # All "No" answers: item 3 ("always able to stop?" No) scores 1.
    all_no = {f"q{n}": (1 if n == 3 else 0) for n in range(1, 11)}
    assert DAST10.score(all_no).total == 1
    assert DAST10.item("q3").label_for(1) == "No"
    for total, band in (
        (0, "no problems reported"),
        (2, "low level"),
        (3, "moderate level"),
        (5, "moderate level"),
        (6, "substantial level"),
        (9, "severe level"),
        (10, "severe level"),
    ):
        assert DAST10.band_for(total).label == band


def test_invalid_answers_are_refused_with_a_message() -> None:
    with pytest.raises(InvalidValue, match="not an answer"):
        PHQ9.score({"q1": 7})
    with pytest.raises(InvalidValue, match="no item"):
        GAD7.score({"q8": 1})
    with pytest.raises(InvalidValue, match="AUDIT: 1 is not an answer|q9"):
        AUDIT.score({"q9": 1})  # item 9 scores 0, 2 or 4 only


def test_licences_cited_and_no_combined_score() -> None:
    assert "Skinner" in DAST10.citation and "non-commercial" in DAST10.licence.lower()
    assert "WHO" in AUDIT.licence and "no permission required" in PHQ9.licence
    assert set(INSTRUMENTS) == {"phq9", "gad7", "audit_c", "audit", "dast10"}
    import forms.instruments as pkg

    assert not [n for n in dir(pkg) if "risk" in n.lower()]


def test_record_result_stores_score_and_band(new_case) -> None:
    from storage.carers import ScreeningResult
    from storage.people import Person, Sex

    with new_case.transaction("Add man") as tx:
        pid = PersonId(tx.add(Person("Liam", "Carter", sex=Sex.MALE)))
    result = record_result(pid, "gad7", answers([2, 2, 2, 2, 1, 1, 1]), dt.date(2026, 6, 3), "Sam")
    with new_case.transaction("Record GAD-7") as tx:
        tx.add(result)
    stored = new_case.all(ScreeningResult)[0]
    assert (stored.total, stored.band, stored.administered_by) == (11, "moderate", "Sam")
    assert stored.answers["q1"] == 2
    with pytest.raises(InvalidValue, match="who administered"):
        record_result(pid, "gad7", {}, dt.date(2026, 6, 3), " ")
    with pytest.raises(InvalidValue, match="no screening instrument"):
        record_result(pid, "beck", {}, dt.date(2026, 6, 3), "Sam")
