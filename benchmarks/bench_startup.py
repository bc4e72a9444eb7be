"""App start to the unlock screen, against a bare PySide6 window in the same run."""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from benchmarks.figures import figure
from benchmarks.synthetic import demo_case_path

BARE = """
import time, sys
t0 = float(sys.argv[1])
from PySide6.QtWidgets import QApplication, QDialog
app = QApplication([])
w = QDialog(); w.show(); app.processEvents(); w.grab()
print(time.time() - t0)
"""

OURS = """
import time, sys
t0 = float(sys.argv[1])
from pathlib import Path
from PySide6.QtWidgets import QApplication
from app.unlock_dialog import UnlockDialog
app = QApplication([])
w = UnlockDialog(Path(sys.argv[2])); w.show(); app.processEvents(); w.grab()
print(time.time() - t0)
"""


def _time(script: str, *args: str) -> float:
    root = Path(__file__).resolve().parent.parent
    samples = []
    for _ in range(5):
        out = subprocess.run([sys.executable, "-c", script, repr(time.time()), *args], cwd=root,
                             capture_output=True, text=True, check=True)
        samples.append(float(out.stdout.strip().splitlines()[-1]))
    return statistics.median(samples)


def run(quick: bool) -> list[dict[str, Any]]:
    case = demo_case_path(1000)
    base = _time(BARE)
    ours = _time(OURS, str(case))
    return [figure("app start to unlock screen", ours, "s", base, 1.5,
                   note="baseline: interpreter start + PySide6 + an empty dialog painted")]
