"""Opening a case builds only the page in front; the other pages follow, one a turn of the
event loop, after the window has painted (issue 18 item 5: building the four pages at once
froze the window for 0.3-0.8 s on a 20,000-entry case). Whoever asks for a page gets it.

The real main window on the real (encrypted) demo case.
"""

from __future__ import annotations

from app.carers.view import CarersView
from tests.shell_support import open_window


def test_only_the_page_in_front_is_built_at_open_and_the_rest_follow(qtbot, tmp_path,
                                                                     demo_case) -> None:
    win = open_window(qtbot, tmp_path, demo_case)
    workspace = win.workspace
    assert workspace is not None
    front = workspace.current_key
    assert [p.key for p in workspace.pages if p.built] == [front]
    qtbot.waitUntil(lambda: all(p.built for p in workspace.pages), timeout=10_000)
    # Each page is in its place in the stack, and the one in front stayed in front.
    assert [workspace.stack.widget(i) for i in range(len(workspace.pages))] == \
        [p.widget for p in workspace.pages]
    assert workspace.current_key == front
    # The Men page's line in the rail came with it.
    carers = next(p for p in workspace.pages if p.key == "carers")
    assert isinstance(carers.widget, CarersView) and carers.widget.hint()
    assert carers.widget.hint() in carers.item.text()
    win.close()


def test_a_page_asked_for_before_its_turn_is_built_at_once(qtbot, tmp_path, demo_case) -> None:
    win = open_window(qtbot, tmp_path, demo_case)
    workspace = win.workspace
    assert workspace is not None
    review = workspace.pages[-1]
    assert not review.built
    assert win.show_page(review.key) is review.widget  # Ctrl+4: at once, and in front
    assert workspace.current_widget() is review.widget and review.widget.isVisible()
    assert len(win.panel_widgets()) == len(workspace.pages)  # every page, built on asking
    assert all(p.built for p in workspace.pages)
    win.close()
