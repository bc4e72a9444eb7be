"""In a big chronology the filter bar's query runs on a worker (issue 18 item 5: a full-text
search over 20,000 entries froze the window for 0.1–0.4 s): the rows shown stay until the new
ones are in, the newest filter wins, and a refusal is one line under the filter bar.

The demo case (36 entries, real and encrypted) stands in for a big one: the threshold is set
to 0 so every filter goes to the worker.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from app.chronology import view as chronology_view
from app.panels import chronology as chronology_panel
from app.session import CaseSession

DISPLAY = Qt.ItemDataRole.DisplayRole


@pytest.fixture
def view(qtbot, demo_case, monkeypatch):  # noqa: ANN001, ANN201
    monkeypatch.setattr(chronology_view, "BACKGROUND_RELOAD", 0)
    session = CaseSession(demo_case)
    panel = chronology_panel.create(session)
    qtbot.addWidget(panel)
    panel.resize(1300, 700)
    panel.show()
    # With the threshold at 0 the first load is on a worker too: the tests start from the
    # rows shown (under load a test typed its filter while they were still being read).
    qtbot.waitUntil(lambda: not panel.view.filtering, timeout=10_000)
    assert panel.view.model.rowCount() == 36
    yield panel.view
    session.history.clear()


def _texts(view) -> list[str]:  # noqa: ANN001
    return [view.model.data(view.model.index(r, 4), DISPLAY) for r in range(view.model.rowCount())]


def test_search_runs_on_a_worker_and_the_rows_shown_stay_meanwhile(qtbot, view) -> None:
    everything = _texts(view)
    assert len(everything) == 36
    view.search.setText("fractured")
    view.apply_filters()  # what the pause after typing does
    assert view.filtering and _texts(view) == everything  # not answered on the GUI thread
    assert view.count.text() == "36 entries"
    qtbot.waitUntil(lambda: not view.filtering, timeout=10_000)
    assert view.model.rowCount() == 3 and view.count.text() == "3 of 36 entries"
    assert all("fracture" in t.lower() or "Hospital" in view.model.data(
        view.model.index(r, 2), DISPLAY) for r, t in enumerate(_texts(view)))


def test_the_newest_filter_wins(qtbot, view) -> None:
    view.search.setText("fractured")
    view.apply_filters()
    police = view.agency.findText("Police")
    view.search.setText("")
    view.agency.setCurrentIndex(police)  # applies at once (a choice, not typing)
    qtbot.waitUntil(lambda: not view.filtering, timeout=10_000)
    qtbot.wait(300)  # the search's answer, had it been kept, would have come by now
    assert view.model.rowCount() == 6
    assert {view.model.data(view.model.index(r, 2), DISPLAY)
            for r in range(6)} == {"Police"}


def test_an_unreadable_date_is_one_line_and_the_rows_stay(qtbot, view) -> None:
    view.date_to.setText("banana")
    view.apply_filters()
    assert "banana" in view.message.text() and not view.filtering
    assert view.model.rowCount() == 36
    view.date_to.setText("2025")
    view.apply_filters()
    qtbot.waitUntil(lambda: not view.filtering, timeout=10_000)
    assert view.message.text() == "" and 0 < view.model.rowCount() < 36


def test_a_case_closed_while_its_entries_are_read_drops_the_answer(qtbot, view,
                                                                   demo_case) -> None:
    view.search.setText("fractured")
    view.apply_filters()
    demo_case.close()  # a lock just then: the window's views are going
    qtbot.wait(500)  # the worker's answer arrives, and is dropped without an error
    assert view.model.rowCount() == 36
