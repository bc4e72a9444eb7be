"""Genogram: layout + drawing + scene build + render, for 50 and 200 people (target < 100 ms).

What is timed is what the editor does on every change, plus painting it: the automatic layout,
the shape list, one QGraphicsScene item per group, and rendering the whole scene into an image
at screen resolution. Baseline: the same number of bare QGraphicsRectItems (setPos + setPen),
rendered into an image of the same size — the floor for "a scene with that many symbols".
"""

from __future__ import annotations

import os
from typing import Any

from benchmarks.figures import figure, median_time
from benchmarks.genogram_family import family_data

TARGET_MS = 100.0


def _qt() -> Any:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    return QApplication.instance() or QApplication([])


def _export_path(size: int) -> float:
    """Layout + shapes + painting into an image: what the PNG export does, at 96 dpi."""
    from exports.genogram.drawing import draw_genogram
    from exports.genogram.layout import layout_genogram
    from exports.genogram.painter import drawing_to_image

    data = family_data(size)

    def once() -> None:
        drawing_to_image(draw_genogram(data, layout_genogram(data)), 96)

    once()
    return median_time(once, 7)


def _ours(size: int) -> tuple[float, dict[str, float]]:
    from PySide6.QtGui import QImage, QPainter
    from PySide6.QtWidgets import QGraphicsScene

    from app.genogram.items import add_drawing_to_scene
    from exports.genogram.drawing import draw_genogram
    from exports.genogram.layout import layout_genogram

    data = family_data(size)
    keep: list[Any] = []

    def once() -> None:
        layout = layout_genogram(data)
        drawing = draw_genogram(data, layout)
        scene = QGraphicsScene()
        add_drawing_to_scene(scene, drawing)
        rect = scene.sceneRect()
        image = QImage(
            int(rect.width()), int(rect.height()), QImage.Format.Format_ARGB32_Premultiplied
        )
        image.fill(0xFFFFFFFF)
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        scene.render(painter)
        painter.end()
        keep.append((rect.width(), rect.height()))
        scene.clear()

    once()  # warm fonts and caches, as the editor has by its second redraw
    value = median_time(once, 7)
    width, height = keep[-1]
    return value, {"width": width, "height": height}


def _baseline(size: int, width: float, height: float) -> float:
    from PySide6.QtGui import QImage, QPainter, QPen
    from PySide6.QtWidgets import QGraphicsRectItem, QGraphicsScene

    def once() -> None:
        scene = QGraphicsScene()
        pen = QPen()
        for i in range(size):
            item = QGraphicsRectItem(-20, -20, 40, 40)
            item.setPos((i * 124) % max(width, 1), (i // 50) * 170)
            item.setPen(pen)
            scene.addItem(item)
        scene.setSceneRect(0, 0, width, height)
        image = QImage(int(width), int(height), QImage.Format.Format_ARGB32_Premultiplied)
        image.fill(0xFFFFFFFF)
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        scene.render(painter)
        painter.end()
        scene.clear()

    once()
    return median_time(once, 7)


def _layout_only(size: int) -> float:
    from exports.genogram.layout import layout_genogram

    data = family_data(size)
    return median_time(lambda: layout_genogram(data), 7)


def run(quick: bool) -> list[dict[str, Any]]:
    _qt()
    figures = []
    for size in (50, 200):
        ours, dims = _ours(size)
        base = _baseline(size, dims["width"], dims["height"])
        note = (
            f"whole picture {dims['width']:.0f} x {dims['height']:.0f} px; baseline = {size} "
            "bare QGraphicsRectItems rendered at the same size"
        )
        figures.append(
            figure(
                f"genogram {size} people: layout + render to image",
                _export_path(size) * 1000,
                "ms",
                base * 1000,
                TARGET_MS,
                target_on="value",
                note=note,
            )
        )
        figures.append(
            figure(
                f"genogram {size} people: editor redraw (layout + scene items + scene.render)",
                ours * 1000,
                "ms",
                base * 1000,
                TARGET_MS,
                target_on="value",
                note=note,
            )
        )
    layout_ms = _layout_only(200) * 1000
    figures.append(figure("genogram 200 people: layout only", layout_ms, "ms", None, None))
    return figures


if __name__ == "__main__":
    for f in run(quick=True):
        print(f)
