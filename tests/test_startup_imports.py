"""The unlock screen comes up without the case's code (issue 18 startup figure, bench_startup).

Importing storage.casefile and the workspace before the first paint made `visible open CASE`
0.1-0.3 s slower to show its unlock screen; they are imported lazily (app/main_window.py) and
warmed on a worker once the window is up. Run in a fresh interpreter: in this one every
module is already loaded by other tests.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

_SCRIPT = """
import json, sys
from PySide6.QtCore import QElapsedTimer, QThreadPool
from app.gui import build_window, make_application
from app.main_window import CASE_MODULES, WARM_AFTER_MS
app = make_application()
window = build_window()
window.show()
app.processEvents()
before = [m for m in CASE_MODULES if m in sys.modules]
clock = QElapsedTimer(); clock.start()
while clock.elapsed() < WARM_AFTER_MS + 20_000 and not all(m in sys.modules for m in CASE_MODULES):
    app.processEvents()
# A module is in sys.modules from the moment its import starts: let the worker finish.
QThreadPool.globalInstance().waitForDone(20_000)
print(json.dumps({"before": before, "after": [m for m in CASE_MODULES if m in sys.modules],
                  "wanted": list(CASE_MODULES)}))
"""


def test_the_window_shows_before_the_case_code_loads_and_then_warms_it(tmp_path: Path) -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT),
           "VISIBLE_CONFIG_DIR": str(tmp_path / "config")}
    out = subprocess.run([sys.executable, "-c", _SCRIPT], cwd=ROOT, env=env,
                         capture_output=True, text=True, timeout=120, check=True)
    found = json.loads(out.stdout.strip().splitlines()[-1])
    assert found["before"] == []  # none of the case's code before the window painted
    assert found["after"] == found["wanted"]  # all of it warmed afterwards, off the GUI thread
