"""Every test gets a private config dir (audit heads, settings) and real encrypted case files."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

# Two screens, as a social worker's laptop (1366×768, the primary) docked beside a 1920×1080
# monitor: Qt's offscreen platform reads them from a JSON file (its "configfile" option,
# qtbase src/plugins/platforms/offscreen). Workspace tests put a window on either screen
# (tests/test_workspace_screens.py); every other window opens on the laptop.
SCREENS = Path(__file__).resolve().parent / "helpers" / "screens.json"
if os.environ.get("QT_QPA_PLATFORM", "offscreen") == "offscreen":
    os.environ["QT_QPA_PLATFORM"] = f"offscreen:configfile={SCREENS}"

PASSPHRASE = "correct horse battery staple"


@pytest.fixture(autouse=True)
def _private_config(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Path:
    config = tmp_path_factory.mktemp("config")
    monkeypatch.setenv("VISIBLE_CONFIG_DIR", str(config))
    monkeypatch.setenv("VISIBLE_AUTHOR", "Test Author")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(config / "xdg"))
    monkeypatch.delenv("VISIBLE_PASSPHRASE", raising=False)
    monkeypatch.delenv("VISIBLE_NEW_PASSPHRASE", raising=False)
    return config


@pytest.fixture(scope="session", autouse=True)
def _one_qt_application(qapp):  # noqa: ANN001 - pytest-qt's fixture
    """Create the QApplication first, whatever order the tests run in.

    The command line makes a bare QGuiApplication to paint genogram pictures
    (app.genogram.rendering); if a CLI test ran first, pytest-qt could not then make the
    QApplication widgets need.
    It gets what app.gui.make_application gives the real one: the input policy
    (app/widget_policy.py), so every widget in every test behaves as it does for a user.
    """
    from app import widget_policy

    widget_policy.install(qapp)
    return qapp


@pytest.fixture(autouse=True)
def _no_screen_fit_left_behind():
    """The main window installs the fitter that fits every window shown into the screen
    (app/screen_fit.py); it must not outlive the test that made the window, or a later test's
    1366×768 widget is shrunk by the frame it would have had. (The windows' hooks find it
    among the application's children each time a window is shown.)"""
    yield
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    if app is None:
        return
    from app.screen_fit import ScreenFit

    fitter = app.findChild(ScreenFit, "screenFit")
    if fitter is not None:
        fitter.setParent(None)
        fitter.deleteLater()


@pytest.fixture(autouse=True)
def _collector_thresholds_restored():
    """A main window sets the window's collector policy (app/collector.py: no full collection
    comes due by itself; the window runs them at quiet times). The test process keeps
    Python's own policy between tests, or its garbage would wait for a window to collect it."""
    import gc

    thresholds = gc.get_threshold()
    yield
    gc.set_threshold(*thresholds)


@pytest.fixture
def passphrase() -> str:
    return PASSPHRASE


@pytest.fixture
def case_path(tmp_path: Path) -> Path:
    return tmp_path / "case.vcase"


@pytest.fixture
def new_case(case_path: Path):
    from storage.case import CaseDetails
    from storage.casefile import CaseFile

    case = CaseFile.create(case_path, PASSPHRASE, CaseDetails(reference="TEST-1"))
    yield case
    case.close()


@pytest.fixture
def demo_case(tmp_path: Path):
    from app.operations.demo import create_demo

    case = create_demo(str(tmp_path / "demo.vcase"), PASSPHRASE)
    yield case
    case.close()
