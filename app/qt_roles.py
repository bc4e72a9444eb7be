"""Qt enum values looked up once for every table model.

Looking up `Qt.ItemDataRole.DisplayRole` costs ~5.6 µs in PySide6 against ~23 ns for a
module constant, and `data()` runs hundreds of thousands of times (PERFORMANCE-NOTES.md).
"""

from PySide6.QtCore import Qt

DISPLAY = Qt.ItemDataRole.DisplayRole
TOOLTIP = Qt.ItemDataRole.ToolTipRole
FONT = Qt.ItemDataRole.FontRole
BACKGROUND = Qt.ItemDataRole.BackgroundRole
FOREGROUND = Qt.ItemDataRole.ForegroundRole
USER = Qt.ItemDataRole.UserRole
HORIZONTAL = Qt.Orientation.Horizontal
VERTICAL = Qt.Orientation.Vertical
