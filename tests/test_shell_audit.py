"""The audit view: read-only, filterable, and it checks the hash chain."""

from __future__ import annotations

from PySide6.QtWidgets import QAbstractItemView

from app.audit_view import AuditDialog
from storage.people import Person

pytest_plugins = ["tests.shell_support"]  # the shell's fixtures: settings, window


def test_audit_view_lists_filters_and_checks(qtbot, demo_case):
    with demo_case.transaction("Correct spelling") as tx:
        tx.update("person", 1, {"notes": "Seen by HV Ms Zielinska-Quist"})
    dialog = AuditDialog(demo_case)
    qtbot.addWidget(dialog)
    dialog.show()
    total = demo_case.db.execute("SELECT count(*) FROM audit").fetchone()[0]
    qtbot.waitUntil(lambda: dialog.model.total == total, timeout=10_000)  # read on a worker
    assert dialog.model.total == total and dialog.model.rowCount() == total
    assert dialog.model.rows[0][3] == "Correct spelling"  # newest first
    assert dialog.view.editTriggers() == QAbstractItemView.EditTrigger.NoEditTriggers

    dialog.filter.setText("Zielinska-Quist")  # matches a value inside the change
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 1, timeout=3_000)
    assert "1 of" in dialog.count_label.text()
    dialog.view.selectRow(0)
    details = dialog.details.toPlainText()
    assert "Notes:" in details and "Zielinska-Quist" in details and "Hash:" in details

    dialog.filter.clear()
    with qtbot.waitSignal(dialog.audit.loaded, timeout=10_000):  # the people's records read
        dialog.table_choice.setCurrentIndex(dialog.table_choice.findData("people"))
    qtbot.waitUntil(lambda: dialog.model.matching > 1, timeout=3_000)  # and the filter cleared
    assert dialog.model.rowCount() == dialog.model.matching
    people = len(demo_case.all(Person))
    assert dialog.model.matching >= people + 1
    assert all(r[4].startswith("person ") for r in dialog.model.rows)

    with qtbot.waitSignal(dialog.audit.chain_checked, timeout=20_000) as checked:
        dialog.check_chain()  # on a worker: the button waits for it
        assert not dialog.check_button.isEnabled()
    assert checked.args == [True] and dialog.chain_label.text() == "Chain intact"
    assert dialog.check_button.isEnabled()
    # Tamper with a past record directly in the file: the view must say the chain is broken.
    demo_case.db.execute("UPDATE audit SET author = 'someone else' WHERE seq = 3")
    with qtbot.waitSignal(dialog.audit.chain_checked, timeout=20_000) as checked:
        dialog.check_chain()
    assert checked.args == [False]
    assert "altered" in dialog.chain_label.text()


def test_audit_menu_opens_for_the_open_case(qtbot, window, demo_case, tmp_path):
    from storage.casefile import CaseFile
    from tests.conftest import PASSPHRASE

    path = demo_case.path
    demo_case.close()
    window.show_case(CaseFile.open(path, PASSPHRASE))
    window.audit_action.trigger()
    assert window._audit is not None and window._audit.isVisible()
    qtbot.waitUntil(lambda: window._audit.model.rowCount() > 0, timeout=10_000)
