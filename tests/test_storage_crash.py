"""Crash safety with real processes killed by SIGKILL at random points."""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from app.operations.demo import create_demo
from storage.case import CaseDetails
from storage.casefile import CaseFile
from storage.errors import WrongPassphrase
from storage.heads import HeadStore
from storage.people import Person
from tests.conftest import PASSPHRASE

ROOT = Path(__file__).resolve().parent.parent


def _child(module: str, *args: str, config: Path) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "VISIBLE_CONFIG_DIR": str(config)}
    return subprocess.Popen(
        [sys.executable, "-m", module, *args],
        cwd=ROOT,
        env=env,
        text=True,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )


def _kill_writer_once(base: Path, work: Path, rng: random.Random) -> tuple[int, int]:
    case_path = work / "case.vcase"
    shutil.copyfile(base, case_path)
    proc = _child("tests.helpers.writer", str(case_path), PASSPHRASE, config=work / "cfg")
    assert proc.stdout is not None
    assert proc.stdout.readline().strip() == "ready", proc.stderr.read() if proc.stderr else ""
    time.sleep(rng.uniform(0.0, 0.25))
    os.kill(proc.pid, signal.SIGKILL)
    out, _ = proc.communicate()
    committed = [int(line) for line in out.split() if line.isdigit()]
    # The child's own head store: a crash must never make a good file look rolled back.
    heads = HeadStore(work / "cfg" / "case-heads.json")
    with CaseFile.open(case_path, PASSPHRASE, heads=heads) as case:
        assert case.verify() == []
        names = {p.given_names for p in case.all(Person)}
    missing = [i for i in committed if f"P{i}" not in names or f"Q{i}" not in names]
    assert missing == [], f"committed transactions lost: {missing}"
    # All-or-nothing: never a P without its Q.
    assert {n[1:] for n in names if n.startswith("P")} == {
        n[1:] for n in names if n.startswith("Q")
    }
    return len(committed), len(names) // 2


def _run_kills(tmp_path: Path, runs: int, seed: int) -> None:
    base = tmp_path / "base.vcase"
    CaseFile.create(base, PASSPHRASE, CaseDetails(reference="CRASH")).close()
    rng = random.Random(seed)
    total_committed = 0
    for run in range(runs):
        work = tmp_path / f"run{run}"
        work.mkdir()
        committed, present = _kill_writer_once(base, work, rng)
        assert present >= committed
        total_committed += committed
        shutil.rmtree(work)
    assert total_committed > 0, "the writer never got to commit: the test proved nothing"


def test_kill_minus_nine_during_writes_loses_nothing_committed(tmp_path: Path) -> None:
    _run_kills(tmp_path, runs=50, seed=1)


@pytest.mark.slow
def test_kill_minus_nine_during_writes_many_runs(tmp_path: Path) -> None:
    _run_kills(tmp_path, runs=500, seed=2)


def _rekey_kills(tmp_path: Path, runs: int) -> None:
    base = tmp_path / "base.vcase"
    create_demo(str(base), PASSPHRASE, entries=1500).close()
    rng = random.Random(3)
    new = "the replacement passphrase"
    outcomes = {"old": 0, "new": 0}
    for run in range(runs):
        work = tmp_path / f"rk{run}"
        work.mkdir()
        case_path = work / "case.vcase"
        shutil.copyfile(base, case_path)
        proc = _child("tests.helpers.rekeyer", str(case_path), PASSPHRASE, new, config=work / "cfg")
        assert proc.stdout is not None and proc.stdout.readline().strip() == "ready"
        time.sleep(rng.uniform(0.0, 0.12))
        os.kill(proc.pid, signal.SIGKILL)
        proc.communicate()
        opened = []
        for name, secret in (("new", new), ("old", PASSPHRASE)):
            try:
                with CaseFile.open(case_path, secret, accept_rollback=True) as case:
                    assert case.verify() == []
                    opened.append(name)
            except WrongPassphrase:
                pass
        assert len(opened) == 1, f"run {run}: opened with {opened}"
        outcomes[opened[0]] += 1
        shutil.rmtree(work)
    assert sum(outcomes.values()) == runs


def test_rekey_killed_part_way_leaves_exactly_one_passphrase_working(tmp_path: Path) -> None:
    _rekey_kills(tmp_path, runs=8)


def test_two_processes_cannot_both_write(tmp_path: Path, case_path: Path) -> None:
    CaseFile.create(case_path, PASSPHRASE, CaseDetails(reference="TWO")).close()
    holder = _child("tests.helpers.holder", str(case_path), PASSPHRASE, config=tmp_path / "cfg")
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "ready"
        env = {
            **os.environ,
            "PYTHONPATH": str(ROOT),
            "VISIBLE_PASSPHRASE": PASSPHRASE,
            "VISIBLE_NEW_PASSPHRASE": "another good passphrase",
        }
        result = subprocess.run(
            [sys.executable, "-m", "app", "passphrase", str(case_path)],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert result.returncode == 1
        assert "already open elsewhere" in result.stderr
        assert "Traceback" not in result.stderr
    finally:
        holder.communicate("")
    with CaseFile.open(case_path, PASSPHRASE) as case:  # released when the holder ends
        assert case.details().reference == "TWO"
