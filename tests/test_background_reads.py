"""Background work reads on its own read-only connection, never through the window's.

The window's connection belongs to the GUI thread: a worker that read through it could
interleave with a write on screen (one connection, one transaction state). A spy over the real
connection records which threads use it while the lens, import planning and an export run.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import pytest

from app.chronology.import_dialog import ImportDialog
from app.chronology.lens_view import LensView
from app.session import CaseSession
from app.workers import read_in_background
from storage.errors import CaseError


class ThreadSpy:
    """The real connection, noting the thread of every statement run through it."""

    def __init__(self, db: Any) -> None:
        self._db = db
        self.threads: set[int] = set()

    def execute(self, *args: Any, **kwargs: Any) -> Any:
        self.threads.add(threading.get_ident())
        return self._db.execute(*args, **kwargs)

    def executemany(self, *args: Any, **kwargs: Any) -> Any:
        self.threads.add(threading.get_ident())
        return self._db.executemany(*args, **kwargs)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._db, name)


@pytest.fixture
def spied(demo_case):
    spy = ThreadSpy(demo_case.db)
    demo_case.db = spy
    session = CaseSession(demo_case)
    yield session, spy
    session.history.clear()
    demo_case.db = spy._db


def test_the_lens_reads_on_its_own_connection(qtbot, spied) -> None:
    session, spy = spied
    lens = LensView(session)
    qtbot.addWidget(lens)
    lens.man.setCurrentIndex(lens.man.findText("Liam Carter"))
    qtbot.waitUntil(lambda: not lens.busy and lens.lens is not None
                    and lens.lens.name == "Liam Carter", timeout=10000)
    assert lens.summary.text().startswith("27 entries involve or mention Liam Carter")
    assert spy.threads == {threading.get_ident()}


def test_import_planning_reads_on_its_own_connection(qtbot, spied, tmp_path: Path) -> None:
    session, spy = spied
    path = tmp_path / "hv.csv"
    path.write_text("Date,Event,Source\n22/05/2026,Liam Carter seen at clinic.,HV-1\n",
                    encoding="utf-8")
    dialog = ImportDialog(session, path)
    qtbot.addWidget(dialog)
    dialog.agency.setCurrentIndex(dialog.agency.findText("Health visitor"))
    qtbot.waitUntil(lambda: not dialog.planning and dialog.plan is not None, timeout=10000)
    assert len(dialog.plan.valid_rows) == 1
    assert spy.threads == {threading.get_ident()}


def test_a_closed_case_is_reported_at_once_not_read(qtbot, new_case) -> None:
    errors: list[BaseException] = []
    new_case.close()
    read_in_background(new_case, lambda reader: pytest.fail("read a closed case"),
                       lambda _result: pytest.fail("no result"), errors.append)
    assert len(errors) == 1 and isinstance(errors[0], CaseError)
    assert "closed" in str(errors[0])


def test_the_audit_trail_filters_and_checks_its_chain_off_the_window(qtbot, demo_case) -> None:
    # A filter over a 20,000-entry case's trail took 0.75 s and the chain check 0.9 s, both on
    # the GUI thread; now they read on a worker's connection, and the newest filter wins.
    from app.audit_view import AuditView

    statements: list[str] = []
    real = demo_case.db

    class Recorder(ThreadSpy):
        def execute(self, *args: Any, **kwargs: Any) -> Any:
            statements.append(str(args[0]))
            return super().execute(*args, **kwargs)

    demo_case.db = Recorder(real)
    try:
        view = AuditView(demo_case)
        qtbot.addWidget(view)
        qtbot.waitUntil(lambda: view.model.total > 0, timeout=10_000)
        statements.clear()
        view.filter.setText("no record says this")
        view.reload()
        view.filter.setText("Liam")
        with qtbot.waitSignal(view.loaded, timeout=10_000):
            view.reload()
        qtbot.wait(300)  # the first answer, if it came last, must not replace the newest
        assert view.model.matching > 0 and view.model.rowCount() > 0
        with qtbot.waitSignal(view.chain_checked, timeout=20_000) as checked:
            view.check_chain()
        assert checked.args == [True]
        assert [s for s in statements if "audit" in s.lower()] == []
    finally:
        demo_case.db = real
