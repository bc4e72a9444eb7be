"""Every command with file names SQLite URIs and terminals get wrong (#, ?, %, quotes, newlines,
escape sequences, non-Latin letters). A decoy case sits at the name a bad URI would cut to."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.cli import main
from storage.case import CaseDetails
from storage.casefile import CaseFile
from tests.conftest import PASSPHRASE

NAMES = [
    "Smith#Jones?mode=rwc&x=%41 'it''s' \"q\" é 日本 Ørsted.vcase",
    "Smith\nnew line\x1b[31mred\x1b]0;title\x07.vcase",
]

CSV = "Date,Event,Source\n2026-01-05,Neighbour heard shouting,POL-1\n2026-02-11,GP visit,GP-7\n"


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    for text in (out, err):
        assert "\x1b" not in text and "\x07" not in text, text
        assert "Traceback" not in text
    return code, out, err


@pytest.mark.parametrize("name", NAMES, ids=["uri-characters", "control-characters"])
def test_every_command_works_on_an_awkward_name(
    tmp_path: Path, name: str, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("VISIBLE_PASSPHRASE", PASSPHRASE)
    monkeypatch.setenv("VISIBLE_NEW_PASSPHRASE", "the second passphrase")
    # Decoys where a URI cut at '#' / '?' or an unquoted name would land.
    CaseFile.create(tmp_path / "Smith", PASSPHRASE, CaseDetails(reference="DECOY")).close()
    case = tmp_path / name
    before = set(tmp_path.iterdir())

    code, out, _ = _run(capsys, "new", str(case), "--reference", "REAL-1")
    assert code == 0 and case.exists()
    assert "\n" not in out.strip()  # the name's newline is shown as \n, on one line
    code, out, err = _run(capsys, "info", str(case), "--json")
    assert code == 0, err
    assert json.loads(out)["reference"] == "REAL-1"

    returns = tmp_path / f"return {name}.csv"
    returns.write_text(CSV, "utf-8")
    code, out, err = _run(capsys, "import", str(case), str(returns), "--agency", "Police")
    assert code == 0, err
    code, out, err = _run(capsys, "check", str(case))
    assert code in (0, 3), err

    document = tmp_path / f"{name}.docx"
    code, out, err = _run(capsys, "export", str(case), "--out", str(document))
    assert code == 0, err
    assert document.stat().st_size > 0
    picture = tmp_path / f"{name}.svg"
    code, out, err = _run(capsys, "genogram", str(case), "--out", str(picture))
    assert code == 0, err
    assert picture.read_text("utf-8").startswith("<?xml")

    backup = tmp_path / f"backup {name}"
    code, out, err = _run(capsys, "backup", str(case), str(backup))
    assert code == 0, err
    code, out, err = _run(capsys, "info", str(backup), "--json")
    assert code == 0 and json.loads(out)["reference"] == "REAL-1", err
    assert json.loads(out)["chronology_entries"] == 2

    code, out, err = _run(capsys, "verify", str(case))
    assert code == 0, out + err
    code, out, err = _run(capsys, "passphrase", str(case))
    assert code == 0, err
    monkeypatch.setenv("VISIBLE_PASSPHRASE", "the second passphrase")
    code, out, err = _run(capsys, "info", str(case), "--json")
    assert code == 0 and json.loads(out)["reference"] == "REAL-1", err

    demo = tmp_path / f"demo {name}"
    code, out, err = _run(capsys, "demo", str(demo), "--entries", "5")
    assert code == 0, err

    # Nothing else appeared (no stray files from a misread URI) and the decoy is untouched.
    made = {p.name for p in set(tmp_path.iterdir()) - before}
    assert made == {case.name, returns.name, document.name, picture.name, backup.name,
                    demo.name}, made
    with CaseFile.open(tmp_path / "Smith", PASSPHRASE, read_only=True) as decoy:
        assert decoy.details().reference == "DECOY"
        assert len(decoy.audit_events()) > 0
