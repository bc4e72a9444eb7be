"""visible selfcheck — prove an installation works, without touching any real case.

Used by `make package` to smoke-start the built application, and by IT support after deploying
it: encryption (a throwaway case is created, reopened and found to be ciphertext on disk), the
fonts exports need, the Qt platform plug-in, and the main window on the fictional demo case
(built offscreen when there is no screen). Everything happens in a temporary folder that is
removed afterwards. Exit 0 when all is well, 1 with a one-line reason otherwise.
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from pathlib import Path

from storage.errors import CaseError

_SECRET = "selfcheck-not-a-real-case"


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser("selfcheck", help="check that this installation works")
    p.add_argument("--no-gui", action="store_true", help="skip the window check")
    p.set_defaults(handler=run)


def _check_encryption(folder: Path) -> str:
    from storage.case import CaseDetails
    from storage.casefile import SQLITE_PLAINTEXT_MAGIC, CaseFile

    path = folder / "selfcheck.vcase"
    CaseFile.create(path, _SECRET, CaseDetails(reference="SELFCHECK-MARKER")).close()
    data = path.read_bytes()
    if data.startswith(SQLITE_PLAINTEXT_MAGIC) or b"SELFCHECK-MARKER" in data:
        raise CaseError("selfcheck: the case file was written without encryption.")
    with CaseFile.open(path, _SECRET, read_only=True) as case:
        if case.details().reference != "SELFCHECK-MARKER" or case.verify():
            raise CaseError("selfcheck: the encrypted case could not be read back intact.")
    import sqlcipher3

    return f"encryption: SQLCipher on SQLite {sqlcipher3.sqlite_version}, file is ciphertext"


def _check_fonts() -> str:
    import resources

    fonts = Path(resources.__file__).parent / "fonts"
    needed = ["DejaVuSans.ttf", "DejaVuSans-Bold.ttf", "DejaVu-LICENSE.txt"]
    missing = [n for n in needed if not (fonts / n).is_file()]
    if missing:
        raise CaseError(f"selfcheck: missing resource files: {', '.join(missing)}.")
    return f"fonts: {len(needed)} files present"


def _check_window(folder: Path) -> str:
    if not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")) and \
            os.name != "nt" and not os.environ.get("QT_QPA_PLATFORM"):
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    started = time.perf_counter()
    from PySide6.QtWidgets import QApplication

    from app.gui import build_window, make_application
    from app.operations.demo import create_demo
    from app.settings import Settings

    app = make_application()
    settings = Settings(folder / "settings.ini")
    window = build_window(settings)
    window.show()
    case = create_demo(str(folder / "demo.vcase"), _SECRET)
    window.show_case(case)
    app.processEvents()
    picture = window.grab()
    panels = len(window.panel_widgets())
    window.lock()
    locked = window.locked and window.session is None
    window.close()
    QApplication.processEvents()
    if picture.isNull() or not locked:
        raise CaseError("selfcheck: the main window could not be drawn or locked.")
    from PySide6.QtGui import QIcon

    from app.main_window import ICON_PATH

    # The icon is an SVG: this proves Qt's SVG plug-ins made it into the build (high-DPI icons).
    if QIcon(str(ICON_PATH)).pixmap(64, 64).isNull():
        raise CaseError("selfcheck: the application icon could not be drawn (SVG support missing).")
    elapsed = time.perf_counter() - started
    return (f"window: {QApplication.platformName()} platform, {panels} page(s), "
            f"{picture.width()}x{picture.height()} drawn, locked; {elapsed:.2f} s")


def run(args: argparse.Namespace) -> int:
    with tempfile.TemporaryDirectory(prefix="visible-selfcheck-") as tmp:
        folder = Path(tmp)
        os.environ["VISIBLE_CONFIG_DIR"] = str(folder / "config")  # leave the user's alone
        lines = [_check_encryption(folder), _check_fonts()]
        if not args.no_gui:
            lines.append(_check_window(folder))
    for line in lines:
        print(line)
    print("selfcheck: OK")
    return 0
