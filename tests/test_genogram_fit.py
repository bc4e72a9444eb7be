"""Fit on open and after Re-layout (issue 12 item 6), on the real Family page on both screens."""

from __future__ import annotations

import pytest

from tests.test_workspace_screens import BOTH, _settle, open_window


@BOTH
def test_re_layout_fits_the_drawing_again(qtbot, tmp_path, screen_name) -> None:  # noqa: ANN001
    win = open_window(qtbot, tmp_path, screen_name)
    page = win.show_page("genogram")
    qtbot.waitUntil(lambda: page._fitted_zoom is not None, timeout=3_000)
    view = page.editor.view
    opened = view.zoom
    view.zoom_by(3.0)  # zoomed right in, looking at one corner
    view.centerOn(0, 0)
    _settle(qtbot)
    assert view.zoom == pytest.approx(opened * 3.0)
    page.editor.actions_by_name["relayout"].trigger()
    qtbot.waitUntil(lambda: abs(view.zoom - opened) < 1e-6, timeout=3_000)
    drawing = view.mapFromScene(view.scene().itemsBoundingRect()).boundingRect()
    assert view.viewport().rect().adjusted(-2, -2, 2, 2).contains(drawing)
    win.close()
