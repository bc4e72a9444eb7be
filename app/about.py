"""Help → About: the version, and the licences of everything bundled with the application.

Versions are read from the installed distributions at run time, so the dialog always describes
the build the user actually has. Screening instruments carry their own terms of use and citation
(forms.instruments.INSTRUMENTS); they are listed here as they are defined.
"""

from __future__ import annotations

import html
import importlib
import importlib.metadata as metadata
import platform
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget

import resources

APP_NAME = "Visible"


@dataclass(slots=True)
class Component:
    name: str
    version: str
    licence: str
    note: str = ""


def _version(dist: str) -> str:
    try:
        return metadata.version(dist)
    except metadata.PackageNotFoundError:
        return "not installed"


def app_version() -> str:
    v = _version("visible")
    return "development build" if v == "not installed" else v


def components() -> list[Component]:
    import sqlcipher3
    from PySide6 import __version__ as pyside_version
    from PySide6.QtCore import qVersion

    return [
        Component("Qt", qVersion(), "LGPL-3.0",
                  "The Qt Company and contributors. Qt libraries are dynamically linked and can "
                  "be replaced in the installation folder, as the LGPL requires; source: "
                  "https://download.qt.io/"),
        Component("PySide6 (Qt for Python)", pyside_version, "LGPL-3.0",
                  "The Qt Company. Source: https://code.qt.io/pyside/pyside-setup"),
        Component("SQLCipher", f"SQLite {sqlcipher3.sqlite_version}", "BSD-style (Zetetic LLC)",
                  "Encrypts the case file. Includes SQLite (public domain)."),
        Component("sqlcipher3 (Python binding)", _version("sqlcipher3"), "zlib",
                  "Charles Leifer; its binary builds include OpenSSL's libcrypto (Apache-2.0)."),
        Component("ReportLab", _version("reportlab"), "BSD", "PDF documents."),
        Component("python-docx", _version("python-docx"), "MIT", "Word documents."),
        Component("lxml", _version("lxml"), "BSD-3-Clause",
                  "Includes libxml2 and libxslt (MIT)."),
        Component("pypdf", _version("pypdf"), "BSD-3-Clause", "Reading PDF files."),
        Component("msoffcrypto-tool", _version("msoffcrypto-tool"), "MIT",
                  "Password-protected Office files."),
        Component("openpyxl", _version("openpyxl"), "MIT", "Spreadsheet import and export."),
        Component("Python", platform.python_version(), "PSF License", ""),
        Component("DejaVu fonts", "", "Bitstream Vera / Arev fonts licence (free)",
                  "Used in exported documents; full text below."),
    ]


def instrument_terms() -> list[tuple[str, str]]:
    """(name, terms and citation) of every screening instrument in forms.instruments."""
    try:
        module = importlib.import_module("forms.instruments")
    except ImportError:
        return []
    registry = getattr(module, "INSTRUMENTS", {})
    return [(str(i.name), f"{i.licence} Source: {i.citation}".strip())
            for i in registry.values()]


def dejavu_licence() -> str:
    path = Path(resources.__file__).parent / "fonts" / "DejaVu-LICENSE.txt"
    try:
        return path.read_text("utf-8")
    except OSError:
        return "(The DejaVu licence file is missing from this installation.)"


def about_html() -> str:
    rows = "".join(
        f"<tr><td><b>{html.escape(c.name)}</b></td><td>{html.escape(c.version)}</td>"
        f"<td>{html.escape(c.licence)}</td><td>{html.escape(c.note)}</td></tr>"
        for c in components())
    instruments = instrument_terms()
    if instruments:
        inst = "".join(f"<li><b>{html.escape(n)}</b>: {html.escape(t)}</li>"
                       for n, t in instruments)
        inst_html = f"<ul>{inst}</ul>"
    else:
        inst_html = "<p>No standardised instruments are bundled in this build.</p>"
    return (
        f"<h2>{APP_NAME} {html.escape(app_version())}</h2>"
        "<p>Encrypted case files for child safeguarding: the men in a baby's life, genograms, "
        "multi-agency chronologies, and documents for family courts and safeguarding reviews.</p>"
        "<p>Practice prompts draw on <i>The Myth of Invisible Men</i> (Child Safeguarding "
        "Practice Review Panel, 2021), Crown copyright, used under the Open Government Licence "
        "v3.0.</p>"
        "<h3>Bundled components</h3>"
        "<table border='1' cellspacing='0' cellpadding='4'>"
        "<tr><th>Component</th><th>Version</th><th>Licence</th><th>Notes</th></tr>"
        f"{rows}</table>"
        f"<h3>Instruments and their terms</h3>{inst_html}"
        "<h3>DejaVu fonts licence</h3>"
        f"<pre style='white-space: pre-wrap'>{html.escape(dejavu_licence())}</pre>"
    )


class AboutDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"About {APP_NAME}")
        self.text = QTextBrowser()
        self.text.setOpenExternalLinks(False)
        self.text.setAccessibleName("About Visible and licences")
        self.text.setHtml(about_html())
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.text)
        layout.addWidget(buttons)
        self.resize(760, 560)
