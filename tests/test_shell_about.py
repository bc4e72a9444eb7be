"""Help → About lists the bundled components with their licences, and the font licence text."""

from __future__ import annotations

from app.about import AboutDialog, components


def test_about_lists_licences(qtbot):
    names = {c.name: c.licence for c in components()}
    assert names["PySide6 (Qt for Python)"] == "LGPL-3.0"
    assert names["SQLCipher"].startswith("BSD")
    assert names["ReportLab"] == "BSD"
    assert names["python-docx"] == "MIT"
    assert all(c.version for c in components() if c.name != "DejaVu fonts")
    dialog = AboutDialog()
    qtbot.addWidget(dialog)
    text = dialog.text.toPlainText()
    assert "LGPL-3.0" in text and "Bitstream Vera" in text  # the DejaVu licence file itself
    assert "Open Government Licence" in text
    assert "Instruments and their terms" in text
    from forms.instruments import INSTRUMENTS

    for instrument in INSTRUMENTS.values():  # PHQ-9, GAD-7, AUDIT-C, AUDIT, DAST-10
        assert instrument.name in text and instrument.licence[:40] in text
