"""`make screenshots`: pictures of the real app for the user guide, and the room criteria checked.

Drives the real main window, offscreen, on the fictional demo case, on two screens at once — a
1366×768 laptop and a 1920×1080 monitor (the offscreen platform's JSON screen configuration) —
and:

- writes the user guide's pictures (resources/guide/*.png, laptop size, 960 px wide), so the
  guide never shows an app that no longer exists;
- writes every page at both sizes into --pages (build/screenshots/ by default) for review;
- measures the criteria of issue 12 and prints them: chronology rows shown, the genogram's
  name size once fitted, a man's record fields shown whole with no sideways scrolling, the
  roles readable, every dialog inside the screen. With --check it exits 1 if one fails.

Nothing here touches the user's settings or cases: it runs with a private config folder.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCREENS = {"laptop": (1366, 768), "monitor": (1920, 1080)}
GUIDE_WIDTH = 960


def _platform(folder: Path) -> None:
    """Two screens side by side for the offscreen platform (qtbase's "configfile" option)."""
    current = os.environ.get("QT_QPA_PLATFORM", "offscreen")
    if current not in ("", "offscreen"):
        return  # a real display (Xvfb) or a configured offscreen platform: use it
    screens, x = [], 0
    for name, (w, h) in SCREENS.items():
        screens.append({"name": name, "x": x, "y": 0, "width": w, "height": h,
                        "logicalDpi": 96, "logicalBaseDpi": 96, "dpr": 1.0})
        x += w
    config = folder / "screens.json"
    config.write_text(json.dumps({"screens": screens}), encoding="utf-8")
    os.environ["QT_QPA_PLATFORM"] = f"offscreen:configfile={config}"


@dataclass
class Finding:
    screen: str
    what: str
    value: str
    ok: bool


class Shooter:
    def __init__(self, pages: Path, guide: Path | None) -> None:
        from PySide6.QtWidgets import QApplication

        self.app = QApplication.instance() or QApplication([])
        self.pages, self.guide = pages, guide
        self.findings: list[Finding] = []

    # Helpers ----------------------------------------------------------------------------
    def settle(self, seconds: float = 0.15) -> None:
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            self.app.processEvents()
            time.sleep(0.01)

    def note(self, screen: str, what: str, value: object, ok: bool) -> None:
        self.findings.append(Finding(screen, what, str(value), ok))

    def save(self, widget, name: str, screen: str, guide_name: str | None = None) -> None:  # noqa: ANN001
        picture = widget.grab()
        self.pages.mkdir(parents=True, exist_ok=True)
        picture.save(str(self.pages / f"{name}-{screen}.png"))
        if self.guide is not None and guide_name and screen == "laptop":
            from PySide6.QtCore import Qt
            from PySide6.QtGui import QImage

            scaled = picture.scaledToWidth(min(GUIDE_WIDTH, picture.width()),
                                           Qt.TransformationMode.SmoothTransformation)
            # 256 colours: a screen of text and flat colours loses nothing visible and the
            # guide's pictures stay small enough to ship (about a third of true colour).
            image = scaled.toImage().convertToFormat(
                QImage.Format.Format_Indexed8,
                Qt.ImageConversionFlag.ThresholdDither | Qt.ImageConversionFlag.AvoidDither)
            image.save(str(self.guide / f"{guide_name}.png"), "PNG", 9)

    def window(self, screen_name: str, case_path: Path, passphrase: str):  # noqa: ANN201
        from app.main_window import MainWindow
        from app.settings import Settings
        from storage.casefile import CaseFile

        screen = next(s for s in self.app.screens() if s.name() == screen_name)
        settings_dir = Path(tempfile.mkdtemp(prefix="visible-shots-settings-"))
        win = MainWindow(Settings(settings_dir / "settings.ini"))
        win.setScreen(screen)
        win._place_first()
        win.show()
        for _ in range(100):
            if win.frameGeometry() == screen.availableGeometry():
                break
            self.settle(0.03)
        self.note(screen_name, "window opens maximised inside the screen",
                  f"{win.frameGeometry().width()}×{win.frameGeometry().height()}",
                  screen.availableGeometry().contains(win.frameGeometry()))
        win.show_case(CaseFile.open(case_path, passphrase))
        self.settle()
        return win

    # The pages --------------------------------------------------------------------------
    def shoot(self, screen: str, case_path: Path, passphrase: str) -> None:
        win = self.window(screen, case_path, passphrase)
        self.family(win, screen)
        self.men(win, screen)
        self.chronology(win, screen)
        self.review(win, screen)
        self.dialogs(win, screen)
        win.close()
        self.settle()

    def family(self, win, screen: str) -> None:  # noqa: ANN001
        from exports.genogram.labels import NAME_SIZE

        page = win.show_page("genogram")
        self.settle(0.3)
        view = page.editor.view
        points = NAME_SIZE * view.zoom * 72 / view.logicalDpiY()
        drawing = view.mapFromScene(view.scene().itemsBoundingRect()).boundingRect()
        whole = view.viewport().rect().adjusted(-2, -2, 2, 2).contains(drawing)
        self.note(screen, "genogram names once fitted (pt)", f"{points:.1f}", points >= 9)
        self.note(screen, "genogram drawing wholly in view", whole, whole)
        self.save(win, "family", screen, "family")

    def men(self, win, screen: str) -> None:  # noqa: ANN001
        from PySide6.QtCore import QRect

        from app.carers.record_form import FieldRow

        men = win.show_page("carers")
        self.settle(0.2)
        self.save(win, "men", screen, "men")
        readable = all(
            men.roles.viewport().rect().contains(men.roles.visualRect(men.roles_model.index(r, c)))
            for r in range(men.roles_model.rowCount()) for c in range(4))
        self.note(screen, "every role with its man or declaration in view", readable, readable)
        liam = next(m.person_id for m in men.men_model.men if m.name == "Liam Carter")
        for section in ("history", "domestic_abuse", "engagement", "substance_use"):
            page = men.open_man(liam, section)
            self.settle(0.15)
            scroll = page.form.tabs.currentWidget()
            viewport = scroll.viewport()
            rows = scroll.widget().findChildren(FieldRow)

            def whole(row, viewport=viewport) -> bool:  # noqa: ANN001
                rect = QRect(row.mapTo(viewport, row.rect().topLeft()), row.size())
                return viewport.rect().contains(rect)

            shown = sum(1 for r in rows if r.isVisible() and whole(r))
            sideways = scroll.widget().width() > viewport.width()
            self.note(screen, f"record '{section}': questions shown whole (of {len(rows)})",
                      shown, shown >= 10 or len(rows) < 10)
            self.note(screen, f"record '{section}': no sideways scrolling", not sideways,
                      not sideways)
            guide = {"history": "record"}.get(section)
            self.save(win, f"man-{section}", screen, guide)
        men.open_man(liam, "summary")
        self.settle(0.15)
        self.save(win, "man-summary", screen, "man-summary")
        if men.page is not None and men.page.requests is not None:
            men.open_man(liam, "requests")
            self.settle(0.15)
            self.save(win, "man-requests", screen)
        men.show_overview()

    def chronology(self, win, screen: str) -> None:  # noqa: ANN001
        panel = win.show_page("chronology")
        self.settle(0.2)
        table = panel.view.table
        viewport = table.viewport()
        rows = sum(1 for r in range(table.model().rowCount())
                   if viewport.rect().contains(table.visualRect(table.model().index(r, 0))
                                               .adjusted(1, 1, -1, -1)))
        self.note(screen, "chronology rows shown whole", rows, rows >= 15)
        self.save(win, "chronology", screen, "chronology")
        panel.setCurrentIndex(1)  # each man's lens
        lens = panel.lens
        for _ in range(200):
            if lens is not None and not lens.busy:
                break
            self.settle(0.05)
            lens = panel.lens
        self.save(win, "lens", screen, "lens")
        panel.setCurrentIndex(2)
        self.settle(0.1)
        self.save(win, "returns", screen)
        panel.setCurrentIndex(0)

    def review(self, win, screen: str) -> None:  # noqa: ANN001
        page = win.show_page("review")
        self.settle(0.2)
        self.save(win, "review-exports", screen, "review")
        for part in page.parts[1:]:
            widget = page.show_part(part.key)
            self.settle(0.6)
            # The identifiers are found on a worker: shoot the list, not "Finding identifiers…".
            label = getattr(widget, "progress_label", None)
            for _ in range(200):
                if label is None or "Finding" not in label.text():
                    break
                self.settle(0.05)
            self.save(win, f"review-{part.key}", screen)
        page.show_part("exports")

    def dialogs(self, win, screen: str) -> None:  # noqa: ANN001
        from PySide6.QtWidgets import QDialog

        from app.carers.screening_dialog import ScreeningDialog
        from app.chronology.editor import EntryEditor

        available = win.screen().availableGeometry()
        men = win.workspace.page("carers")
        opened: list[tuple[str, QDialog]] = [("export", win.export()),
                                             ("settings", win.show_settings()),
                                             ("guide", win.show_guide()),
                                             ("shortcuts", win.show_shortcuts()),
                                             ("audit", win.show_audit())]
        role = men.role_dialog(4)  # the "other male carer", declared not known
        screening = ScreeningDialog(men.men_model.men[0].person_id, "Daniel Price", "Sam", win)
        entry = EntryEditor(win.session.case, parent=win)
        for name, dialog in (("role", role), ("screening", screening), ("entry", entry)):
            dialog.show()
            opened.append((name, dialog))
        self.settle(0.3)
        for name, dialog in opened:
            inside = available.contains(dialog.frameGeometry())
            self.note(screen, f"dialog '{name}' inside the screen",
                      f"{dialog.frameGeometry().width()}×{dialog.frameGeometry().height()}",
                      inside)
            guide = {"export": "export", "role": "role", "entry": "entry"}.get(name)
            self.save(dialog, f"dialog-{name}", screen, guide)
            dialog.close()
        self.settle()

    def report(self) -> bool:
        width = max(len(f.what) for f in self.findings)
        print(f"{'screen':8} {'criterion':{width}}  value       ok")
        for f in self.findings:
            print(f"{f.screen:8} {f.what:{width}}  {f.value:10}  {'yes' if f.ok else 'NO'}")
        return all(f.ok for f in self.findings)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--guide", type=Path, default=ROOT / "resources" / "guide",
                        help="where the user guide's pictures go (default resources/guide)")
    parser.add_argument("--no-guide", action="store_true", help="do not rewrite the guide")
    parser.add_argument("--pages", type=Path, default=ROOT / "build" / "screenshots",
                        help="every page at both sizes, for review")
    parser.add_argument("--check", action="store_true", help="exit 1 if a criterion fails")
    args = parser.parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="visible-shots-"))
    os.environ["VISIBLE_CONFIG_DIR"] = str(work / "config")  # leave the user's alone
    os.environ.setdefault("VISIBLE_AUTHOR", "Sam Okafor")
    _platform(work)
    sys.path.insert(0, str(ROOT))
    from app.demo_case import DEMO_PASSPHRASE
    from app.operations.demo import create_demo

    case_path = work / "demo.vcase"
    create_demo(str(case_path), DEMO_PASSPHRASE).close()
    shooter = Shooter(args.pages, None if args.no_guide else args.guide)
    for screen in SCREENS:
        shooter.shoot(screen, case_path, DEMO_PASSPHRASE)
    ok = shooter.report()
    print(f"Pages written to {args.pages}" + ("" if args.no_guide
                                              else f"; guide pictures to {args.guide}"))
    return 0 if ok or not args.check else 1


if __name__ == "__main__":
    sys.exit(main())
