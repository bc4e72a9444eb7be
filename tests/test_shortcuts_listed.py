"""Help → Keyboard shortcuts lists every key (issue 12 item 3): the window's actions, every
action and shortcut a page holds (the genogram's, a man's record's Ctrl+S), and the keys the
forms handle themselves (Restore / Discard of a draft, Shift+drag on the genogram)."""

from __future__ import annotations

from PySide6.QtGui import QAction, QKeySequence, QShortcut

from app.main_window import MainWindow
from app.settings import Settings
from storage.casefile import CaseFile
from tests.conftest import PASSPHRASE

NATIVE = QKeySequence.SequenceFormat.NativeText


def _keys(rows) -> set[str]:  # noqa: ANN001
    """Every key named in the dialog's Keys column ("P / C / A", "F6 or Shift+F6", …)."""
    out: set[str] = set()
    for _where, keys, _what in rows:
        for part in keys.replace(" or ", " / ").split(" / "):
            out.add(part.strip())
    return out


def test_every_key_of_the_window_and_its_pages_is_listed(qtbot, tmp_path, demo_case) -> None:  # noqa: ANN001
    path = demo_case.path
    demo_case.close()
    win = MainWindow(Settings(tmp_path / "settings.ini"))
    qtbot.addWidget(win)
    win.resize(1366, 768)
    win.show()
    win.show_case(CaseFile.open(path, PASSPHRASE))
    qtbot.waitUntil(lambda: win.session is not None, timeout=10_000)
    carers = win.show_page("carers")
    carers.open_man(carers.men_model.men[0].person_id, "history")  # his record's own keys
    dialog = win.show_shortcuts()
    listed = _keys(dialog.rows)
    missing: list[str] = []
    holders = [win, *win.panel_widgets()]
    for holder in holders:
        for action in [*holder.actions(), *holder.findChildren(QAction)]:
            for key in action.shortcuts():
                text = key.toString(NATIVE)
                if text and text not in listed:
                    missing.append(f"{action.text()}: {text}")
        for shortcut in holder.findChildren(QShortcut):
            text = shortcut.key().toString(NATIVE)
            if text and text not in listed:
                missing.append(f"shortcut {text} in {type(shortcut.parent()).__name__}")
    assert not missing, missing
    # Keys no action carries: a draft's Restore / Discard, linking on the genogram.
    for key in ("Alt+R", "Alt+D", "Shift+drag", "Menu", "Shift+F10", "Ctrl+S", "F6"):
        assert key in listed, key
    dialog.close()
    win.close()
