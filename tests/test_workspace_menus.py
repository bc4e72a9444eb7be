"""Menus that say what they do (issue 12 items 5, 9–11): two exports, the genogram picture as
an export, the user guide and shortcuts, the audit trail in words, one demo case."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QTimer, QUrl
from PySide6.QtGui import QKeySequence, QTextDocument
from PySide6.QtWidgets import QApplication, QMessageBox

from app.main_window import MainWindow
from app.settings import Settings
from storage.casefile import CaseFile
from storage.exports_store import export_records
from tests.shell_support import open_window


def _window(qtbot, tmp_path: Path, demo_case: CaseFile) -> MainWindow:
    return open_window(qtbot, tmp_path, demo_case)


def _answer(qtbot, button_text: str, seen: dict[str, str]) -> None:
    """Answer the modal box about to open by its button, noting its text and default."""
    def run() -> None:
        box = QApplication.activeModalWidget()
        assert isinstance(box, QMessageBox)
        seen["text"] = box.text()
        seen["default"] = box.defaultButton().text()
        button = next(b for b in box.buttons() if b.text().replace("&", "") == button_text)
        button.click()

    QTimer.singleShot(0, run)


def test_file_menu_names_both_exports_and_ctrl_e_is_the_chronology(qtbot, tmp_path,
                                                                    demo_case) -> None:
    from app.export_dialog import ExportDialog

    win = _window(qtbot, tmp_path, demo_case)
    file_menu = win.menuBar().actions()[0].menu()
    texts = [a.text() for a in file_menu.actions()]
    assert "&Export chronology…" in texts and "Export &genogram picture…" in texts
    assert win.export_action.shortcut() == QKeySequence("Ctrl+E")
    win.show_page("genogram")  # the genogram in front used to make Ctrl+E save its picture
    qtbot.keyClick(win.focusWidget(), Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    dialog = next(w for w in QApplication.topLevelWidgets()
                  if isinstance(w, ExportDialog) and w.isVisible())
    assert dialog.windowTitle() == "Export chronology"
    dialog.reject()
    win.close()


def test_the_genogram_picture_is_an_export_warned_recorded_and_located(qtbot, tmp_path,
                                                                       demo_case) -> None:
    from app.genogram_export import export_genogram_picture

    win = _window(qtbot, tmp_path, demo_case)
    out = tmp_path / "family.png"
    seen: dict[str, str] = {}
    _answer(qtbot, "Cancel", seen)
    assert export_genogram_picture(win, win.session, tmp_path, path=out) is None
    assert not out.exists()  # Cancel is the default, and nothing is written
    assert "leaves the encrypted case" in seen["text"] and "names and years of birth" in \
        seen["text"] and str(out) in seen["text"]
    assert seen["default"].replace("&", "") == "Cancel"
    _answer(qtbot, "Export", seen)
    assert export_genogram_picture(win, win.session, tmp_path, path=out) == out
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    record = export_records(win.session.case)[0]
    assert (record.style, record.format, record.path) == ("genogram", "png", str(out))
    assert win.session.case.audit_events()[-1].action.startswith("Export genogram picture")
    finished = win.findChild(QMessageBox, "export-finished")
    assert finished is not None and str(out) in finished.text()
    assert {b.text() for b in finished.buttons()} >= {"Open &file", "Open f&older"}
    finished.close()
    # The Review page lists it with every other export.
    review = win.show_page("review")
    assert review.exports.table.item(0, 1).text() == "Genogram picture"
    # The toolbar's picture button is the same export, not a silent save any more.
    editor = win.workspace.page("genogram").editor
    assert editor.actions_by_name["export"].text() == "Export picture…"
    win.close()


def test_help_guide_shows_the_five_tasks_with_pictures_and_shortcuts_lists_every_key(
        qtbot, tmp_path, demo_case) -> None:
    win = _window(qtbot, tmp_path, demo_case)
    guide = win.show_guide()
    text = guide.browser.toPlainText()
    for task in ("Record a man", "Declare a role", "Add and import chronology entries",
                 "Look at a man's lens", "Export"):
        assert task in text, task
    document = guide.browser.document()
    for name in ("family.png", "record.png", "role.png", "chronology.png", "lens.png",
                 "export.png"):
        image = document.resource(QTextDocument.ResourceType.ImageResource, QUrl(name))
        assert image is not None and not image.isNull(), name  # made by make screenshots
    guide.close()

    shortcuts = win.show_shortcuts()
    listed = " | ".join(" ".join(row) for row in shortcuts.rows)
    for action in win.actions():
        for key in action.shortcuts():
            assert key.toString(QKeySequence.SequenceFormat.NativeText) in listed, action.text()
    for key in ("F6", "Ctrl+S", "P / S / R / K", "Ins"):
        assert key in listed
    shortcuts.close()
    win.close()


def test_the_audit_trail_in_words(qtbot, tmp_path, demo_case) -> None:
    from app.audit_view import describe_record
    from storage.people import Person

    win = _window(qtbot, tmp_path, demo_case)
    case = win.session.case
    liam = next(p for p in case.all(Person) if p.given_names == "Liam")
    with case.transaction("Correct the spelling of Liam Carter") as tx:
        tx.update("person", int(liam.id), {"known_as": "Li"})
    audit = win.show_audit()
    qtbot.waitUntil(lambda: audit.model.rowCount() > 0, timeout=10_000)  # read on a worker
    seq = audit.model.seq_at(0)
    details = describe_record(case, seq)
    assert "Action: Correct the spelling of Liam Carter" in details
    assert "Changed Liam Carter — Known as" in details
    assert "Known as: (empty) → Li" in details
    assert "known_as" not in details  # labels, not column names
    assert audit.model.data(audit.model.index(0, 4)) == "Changed Liam Carter — Known as"
    audit.close()
    win.close()


def test_redo_is_labelled_in_the_audit_trail(new_case) -> None:
    from app.operations.history import History
    from app.operations.people import add_person

    history = History()
    history.record(add_person(new_case, given_names="Zofia", family_name="Nowak"))
    history.undo(new_case)
    history.redo(new_case)
    actions = [e.action for e in new_case.audit_events()]
    assert actions[-1].startswith("Redo: ") and actions[-2].startswith("Undo: ")


def test_one_demo_case_for_make_run_and_the_menu(capsys, monkeypatch) -> None:
    from app.cli import build_parser
    from app.demo_case import DEMO_PASSPHRASE, demo_path

    args = build_parser().parse_args(["open", "--demo"])
    assert args.demo and args.case is None
    calls: list[tuple] = []
    monkeypatch.setattr("app.gui.run_gui", lambda *a, **k: calls.append((a, k)) or 0)
    assert args.handler(args) == 0
    assert calls[0][1]["demo"] is True  # the window then opens File > Open the demo case
    out = capsys.readouterr().out
    assert str(demo_path()) in out and DEMO_PASSPHRASE in out
    makefile = (Path(__file__).resolve().parents[1] / "Makefile").read_text()
    assert "open $(if $(CASE),$(CASE),--demo)" in makefile and "demo/demo.vcase" not in makefile


def test_recent_cases_show_their_folder_and_drop_missing_ones(qtbot, tmp_path) -> None:
    settings = Settings(tmp_path / "settings.ini")
    here, gone = tmp_path / "a" / "case.vcase", tmp_path / "b" / "case.vcase"
    here.parent.mkdir()
    here.write_bytes(b"x" * 16)
    settings.add_recent(gone)
    settings.add_recent(here)
    win = MainWindow(settings)
    qtbot.addWidget(win)
    win._fill_recent_menu()
    actions = win.recent_menu.actions()
    assert [a.text() for a in actions] == ["&1 case.vcase"]
    assert actions[0].toolTip() == str(here.resolve()) and win.recent_menu.toolTipsVisible()
    assert settings.recent_files() == [here.resolve()]
    win.close()


def _mnemonic(text: str) -> str | None:
    import re

    found = re.search(r"&([^&\s])", text.replace("&&", ""))
    return found.group(1).upper() if found else None


def test_no_alt_letter_on_a_page_takes_the_menu_bars(qtbot, tmp_path, demo_case) -> None:
    """Alt+F/E/V/H open the menus from anywhere; a button or label on a page with the same
    letter would take the key instead (Alt+E once opened a screening, not the Edit menu)."""
    from PySide6.QtWidgets import QAbstractButton, QLabel, QTabBar

    win = _window(qtbot, tmp_path, demo_case)
    menus = {_mnemonic(a.text()) for a in win.menuBar().actions()}
    assert menus == {"F", "E", "V", "H"}
    men = win.workspace.page("carers")
    clashes: list[str] = []
    for key in ("genogram", "carers", "chronology", "review"):
        page = win.show_page(key)
        if key == "carers":
            men.open_man(men.men_model.men[0].person_id, "history")
        qtbot.wait(20)
        texts = [w.text() for w in page.findChildren(QAbstractButton) if w.isVisible()]
        texts += [w.text() for w in page.findChildren(QLabel) if w.isVisible() and w.buddy()]
        for bar in page.findChildren(QTabBar):
            if bar.isVisible():
                texts += [bar.tabText(i) for i in range(bar.count())]
        clashes += [f"{key}: {t}" for t in texts if _mnemonic(t) in menus]
    assert clashes == []
    win.close()


def test_household_on_this_date_brings_the_family_page_forward(qtbot, tmp_path,
                                                               demo_case) -> None:
    """The chronology's "Household on this date" redraws the genogram as at the entry's day;
    with pages instead of docks the Family page must come to the front to show it."""
    win = _window(qtbot, tmp_path, demo_case)
    chronology = win.show_page("chronology")
    view = chronology.view
    view.table.selectRow(0)
    view.household_button.click()
    assert win.workspace.current_key == "genogram"
    family = win.workspace.current_widget()
    assert family.editor.as_at_day is not None
    assert "as it was on" in family.editor.as_at.status.text()
    win.close()


def test_review_identifiers_is_a_part_of_review_and_exports(qtbot, tmp_path, demo_case) -> None:
    """View → Review identifiers for publication (Ctrl+Shift+I) opens its part of the Review &
    exports page, beside the export it clears, not a window over the case."""
    from app.anonymise_page import AnonymisationReview

    win = _window(qtbot, tmp_path, demo_case)
    shown = win.show_anonymisation_review()
    assert isinstance(shown, AnonymisationReview)
    assert win.workspace.current_key == "review"
    assert win.workspace.current_widget().stack.currentWidget() is shown
    assert not any(w.isVisible() and w.windowTitle() == "Review identifiers for publication"
                   for w in QApplication.topLevelWidgets())
    qtbot.waitUntil(lambda: shown.progress_label.text() != "Finding identifiers…",
                    timeout=20_000)
    assert "Could not" not in shown.progress_label.text()
    win.close()
