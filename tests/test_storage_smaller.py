"""Smaller findings of issue 17: a demo on a full disk, an export while the case is busy."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import sqlcipher3

from app.cli import main
from storage import connection, keys
from storage.case import CaseDetails
from storage.casefile import CaseFile
from storage.tempfiles import MARK
from tests.conftest import PASSPHRASE

ROOT = Path(__file__).resolve().parent.parent

# A disk that fills part-way: the kernel refuses writes past 300 KB (EFBIG, as ENOSPC would).
_FULL_DISK_DEMO = """
import resource, signal, sys
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
resource.setrlimit(resource.RLIMIT_FSIZE, (300_000, 300_000))
from app.cli import main
sys.exit(main(["demo", sys.argv[1], "--entries", "3000"]))
"""


def test_demo_on_a_full_disk_leaves_no_partial_case(tmp_path: Path) -> None:
    folder = tmp_path / "cases"
    folder.mkdir()
    env = {**os.environ, "PYTHONPATH": str(ROOT), "VISIBLE_PASSPHRASE": PASSPHRASE,
           "VISIBLE_CONFIG_DIR": str(tmp_path / "cfg")}
    result = subprocess.run([sys.executable, "-c", _FULL_DISK_DEMO, str(folder / "demo.vcase")],
                            cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert result.returncode == 1, result
    assert "Traceback" not in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert list(folder.iterdir()) == []  # no case, no journal, no lock file


def test_export_while_the_case_is_busy_writes_no_file(
    tmp_path: Path, case_path: Path, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    CaseFile.create(case_path, PASSPHRASE, CaseDetails(reference="BUSY")).close()
    monkeypatch.setattr(connection, "BUSY_SECONDS", 0.5)
    monkeypatch.setenv("VISIBLE_PASSPHRASE", PASSPHRASE)
    out_folder = tmp_path / "out"
    out_folder.mkdir()
    out = out_folder / "court.pdf"
    # Another program reads the case in one long transaction: our write cannot commit.
    key = keys.derive(PASSPHRASE, case_path.read_bytes()[:16])
    other = sqlcipher3.connect(str(case_path), isolation_level=None)
    other.execute(f"PRAGMA key = {key.pragma_value()}")
    other.execute("PRAGMA cipher_compatibility = 4")
    other.execute("BEGIN")
    other.execute("SELECT count(*) FROM audit").fetchone()
    try:
        assert main(["export", str(case_path), "--out", str(out)]) == 1
    finally:
        other.execute("COMMIT")
        other.close()
    err = capsys.readouterr().err
    assert "busy" in err and "passphrase" not in err, err
    assert list(out_folder.iterdir()) == []
    with CaseFile.open(case_path, PASSPHRASE, read_only=True) as case:
        assert not any(e.action.startswith("Export") for e in case.audit_events())
    assert MARK  # the temporary file's mark: none left (checked by the empty folder)
