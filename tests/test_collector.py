"""The window's cycle-collector policy (app/collector.py): full collections never come due by
themselves (each held the interpreter 120-240 ms on a 20,000-entry case, freezing the window),
and are run when a case is closed or locked, and when the windows are quiet."""

from __future__ import annotations

import gc
import weakref
from pathlib import Path

from app import collector
from app.operations.demo import create_demo
from storage.casefile import CaseFile
from tests.conftest import PASSPHRASE

pytest_plugins = ["tests.shell_support"]  # the shell's fixtures: settings, window


class _Node:
    def __init__(self) -> None:
        self.me = self  # a reference cycle: only the cycle collector frees it


def _full_collections_while_keeping(objects: int) -> int:
    """How many full collections came due while `objects` containers were made and kept."""
    full = []

    def seen(phase: str, info: dict) -> None:
        if phase == "start" and info["generation"] == 2:
            full.append(info)

    gc.callbacks.append(seen)
    try:
        kept = [[n] for n in range(objects)]
        assert len(kept) == objects
    finally:
        gc.callbacks.remove(seen)
    return len(full)


def test_full_collections_do_not_come_due_by_themselves(qapp) -> None:
    gc.collect()
    assert _full_collections_while_keeping(400_000) > 0, "Python's own policy makes some"
    policy = collector.install(qapp)
    assert collector.install(qapp) is policy
    assert gc.get_threshold()[2] == collector.OUT_OF_REACH
    assert _full_collections_while_keeping(400_000) == 0
    # Young collections still run by themselves: a young cycle is freed without help.
    young = _Node()
    ref = weakref.ref(young)
    del young
    _full_collections_while_keeping(20_000)
    assert ref() is None


def _old_garbage() -> weakref.ref:
    """A cycle that lived long enough to reach the oldest generation, then became garbage."""
    node = _Node()
    gc.collect(1)
    gc.collect(1)  # survived two young collections: in the oldest generation now
    return weakref.ref(node)


def test_closing_a_case_collects_the_cycles(qtbot, window, tmp_path: Path) -> None:
    path = tmp_path / "demo.vcase"
    create_demo(str(path), PASSPHRASE).close()
    window.show_case(CaseFile.open(path, PASSPHRASE))
    ref = _old_garbage()
    _full_collections_while_keeping(100_000)
    assert ref() is not None, "nothing collects the oldest generation by itself"
    before = window.collector.full_collections
    window.close_case()
    qtbot.waitUntil(lambda: window.collector.full_collections > before, timeout=3_000)
    assert ref() is None


def test_a_quiet_spell_collects_and_input_postpones_it(qtbot, window) -> None:
    policy = window.collector
    ref = _old_garbage()
    policy.quiet.setInterval(300)
    policy.quiet.start()
    before = policy.full_collections
    qtbot.wait(150)
    policy.quiet.setInterval(300)
    from app import window_events

    window_events.install().input_seen.emit()  # as a key or a click at any window does
    assert policy.quiet.remainingTime() > 200
    qtbot.waitUntil(lambda: policy.full_collections > before, timeout=3_000)
    assert ref() is None
    policy.quiet.setInterval(collector.QUIET_MS)
