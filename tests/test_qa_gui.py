"""GUI defects found in whole-product QA, driven through the real main window offscreen."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QMessageBox

pytest_plugins = ["tests.shell_support"]  # the shell's fixtures: settings, window


def test_opening_a_folder_says_it_is_a_folder_not_that_the_case_moved(qtbot, window,
                                                                      tmp_path: Path) -> None:
    folder = tmp_path / "Baby F.vcase"
    folder.mkdir()
    assert window.unlock_path(folder) is None
    box = next(w for w in window.findChildren(QMessageBox) if w.isVisible())
    assert "is a folder, not a case file" in box.text() and "Baby F.vcase" in box.text()
    assert "moved" not in box.text()


def test_export_dialog_refuses_a_file_name_that_contradicts_the_format(qtbot, tmp_path: Path
                                                                       ) -> None:
    # Typing "report.pdf" while Word was chosen wrote a Word document named report.pdf.
    import pytest

    from app.export_dialog import ExportDialog
    from app.operations.demo import create_demo
    from exports.document import ExportFormat
    from storage.errors import CaseError
    from tests.conftest import PASSPHRASE

    case = create_demo(str(tmp_path / "demo.vcase"), PASSPHRASE)
    try:
        dialog = ExportDialog(case)
        qtbot.addWidget(dialog)
        dialog.format.setCurrentIndex(dialog.format.findData(ExportFormat.DOCX))
        dialog.path.setText(str(tmp_path / "report.pdf"))
        with pytest.raises(CaseError, match=r"ends in \.pdf but the format chosen is docx"):
            dialog.target()
        dialog.path.setText(str(tmp_path / "report"))
        assert dialog.target() == tmp_path / "report.docx"
        dialog.path.setText(str(tmp_path / "report.docx"))
        assert dialog.target() == tmp_path / "report.docx"
    finally:
        case.close()


def test_a_mans_fact_learned_in_the_future_is_refused(qtbot, new_case) -> None:
    # "01/01/2099" as the date a fact was learned was saved without a word.
    from PySide6.QtWidgets import QLineEdit

    from app.carers.view import CarersView
    from app.session import CaseSession
    from forms.record import load_facts
    from storage.carers import FactBasis
    from storage.people import Person, Sex

    with new_case.transaction("Family") as tx:
        tx.add(Person("Freya", "N", sex=Sex.FEMALE, is_index_child=True))
        man = tx.add(Person("Łukasz", "Nowak", sex=Sex.MALE))
    session = CaseSession(new_case)
    view = CarersView(session)
    qtbot.addWidget(view)
    form = view.open_man(man).form
    for name, text in (("sleep.typical_hours:text", "4"), ("default:source", "GP letter"),
                       ("default:learned", "01/01/2099")):
        line = form.findChild(QLineEdit, name)
        line.clear()
        qtbot.keyClicks(line, text)
    form.default.basis.setCurrentIndex(form.default.basis.findData(FactBasis.VERIFIED_RECORD))
    form.default.basis.activated.emit(form.default.basis.currentIndex())
    assert not form.save()
    assert "01/01/2099, is in the future" in form.error.text()
    assert load_facts(new_case, man) == {} and len(session.history) == 0
    form.default.learned.clear()
    qtbot.keyClicks(form.default.learned, "20/05/2026")
    assert form.save() and load_facts(new_case, man)["sleep.typical_hours"].value == 4
