"""The review page: each candidate in its sentence, one-key decisions, progress, undo."""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import Qt

from app.anonymise_page import AnonymisationReview
from app.session import CaseSession
from storage.anonymisation_store import decision_by_key
from tests.test_anonymise_review import _add_return


def _page(qtbot, case) -> AnonymisationReview:
    page = AnonymisationReview(CaseSession(case))
    qtbot.addWidget(page)
    page.resize(1366, 768)
    page.show()
    # Once the window has been built the screen fitter (app/screen_fit.py) shrinks every window
    # shown to fit its screen with its frame; the page itself is measured at the laptop's size.
    page.resize(1366, 768)
    page.reload(background=False)
    return page


def test_one_key_decisions_progress_and_undo(qtbot, demo_case) -> None:
    _add_return(demo_case)
    page = _page(qtbot, demo_case)
    done, total = page.reviewed()
    assert done == 0 and total >= 5
    assert page.progress_label.text() == f"0 of {total} reviewed"
    first = page._candidate()
    assert first is not None
    # The candidate is shown in its sentence, highlighted.
    assert first.text in page.sentences.text() and "background:#ffe08a" in page.sentences.text()
    page.list.setFocus()
    qtbot.keyClick(page.list, Qt.Key.Key_K)
    assert decision_by_key(demo_case)[first.key].decision.value == "keep"
    assert page.progress_label.text() == f"1 of {total} reviewed"
    assert page._candidate() is not None and page._candidate().key != first.key
    second = page._candidate()
    qtbot.keyClick(page.list, Qt.Key.Key_P)  # the suggested pseudonym
    label = decision_by_key(demo_case)[second.key].label
    assert label and label[-1].isalnum()
    assert page.progress_label.text() == f"2 of {total} reviewed"
    page.session.undo()
    assert second.key not in decision_by_key(demo_case)
    assert page.progress_label.text() == f"1 of {total} reviewed"


def test_the_review_page_at_1366_by_768(qtbot, demo_case, tmp_path: Path) -> None:
    _add_return(demo_case)
    page = _page(qtbot, demo_case)
    qtbot.keyClick(page.list, Qt.Key.Key_P)
    picture = page.grab()
    assert picture.width() == 1366 and picture.height() == 768
    out = Path(os.environ.get("VISIBLE_SCREENSHOT_DIR", tmp_path)) / "anonymise_review.png"
    assert picture.save(str(out))


def test_the_page_never_suggests_a_recorded_officers_label_for_another(qtbot,
                                                                         demo_case) -> None:
    # PC Gareth Lloyd (recorded) is "Police officer 1": PC Whitaker must not be suggested it.
    from storage.chronology import Agency, ChronologyEntry
    from storage.chronology_store import add_entry
    from storage.dates import PartialDate

    agency = next(a for a in demo_case.all(Agency) if a.name == "Police")
    with demo_case.transaction("Add an agency return") as tx:
        add_entry(tx, ChronologyEntry(PartialDate(2026, 4, 5), agency.id,
                                      "PC 2231 Whitaker attended.", "POL-10"))
    page = _page(qtbot, demo_case)
    row = next(i for i, c in enumerate(page._candidates) if "Whitaker" in c.text)
    page.list.setCurrentRow(row)
    assert page.label_edit.text() == "Police officer 2"


def test_a_nickname_is_shown_as_perhaps_the_recorded_person_and_s_decides_it(
        qtbot, demo_case) -> None:
    from storage.chronology import Agency, ChronologyEntry
    from storage.chronology_store import add_entry
    from storage.dates import PartialDate

    agency = next(a for a in demo_case.all(Agency) if a.name == "Midwife")
    with demo_case.transaction("Add an agency return") as tx:
        add_entry(tx, ChronologyEntry(PartialDate(2026, 5, 4), agency.id,
                                      "Mother calls him 'Dan'.", "MW-4"))
    page = _page(qtbot, demo_case)
    row = next(i for i, c in enumerate(page._candidates) if c.key == "dan")
    page.list.setCurrentRow(row)
    assert "perhaps the same as Father" in page.meta.text()
    page.list.setFocus()
    qtbot.keyClick(page.list, Qt.Key.Key_S)
    decided = decision_by_key(demo_case)["dan"]
    assert decided.decision.value == "same_as"
    assert page._labels[int(decided.person_id)] == "Father"
