"""Passphrases and export passwords: guessable ones and the published demo one are refused."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.cli import main
from storage.case import CaseDetails
from storage.casefile import CaseFile
from storage.errors import WeakPassphrase
from storage.strength import DEMO_PASSPHRASE
from tests.conftest import PASSPHRASE

WEAK = ["aaaaaaaaaaaa", " " * 12, "123456789012345", "qwertyuiopasdf", "Password1234"]


@pytest.mark.parametrize("weak", WEAK)
def test_guessable_case_passphrases_are_refused(case_path: Path, weak: str) -> None:
    with pytest.raises(WeakPassphrase, match="too easy to guess"):
        CaseFile.create(case_path, weak, CaseDetails(reference="W-1"))
    assert list(case_path.parent.iterdir()) == []


def test_the_case_itself_is_guessable(case_path: Path) -> None:
    with pytest.raises(WeakPassphrase, match="too easy to guess"):
        CaseFile.create(case_path, "la-2026-0457!!", CaseDetails(reference="LA-2026-0457"))


def test_demo_passphrase_only_for_the_demo(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("VISIBLE_PASSPHRASE", DEMO_PASSPHRASE)
    assert main(["new", str(tmp_path / "real.vcase"), "--reference", "R"]) == 1
    assert "published demo passphrase" in capsys.readouterr().err
    assert main(["demo", str(tmp_path / "demo.vcase"), "--entries", "3"]) == 0
    capsys.readouterr()
    monkeypatch.setenv("VISIBLE_PASSPHRASE", PASSPHRASE)
    CaseFile.create(tmp_path / "r2.vcase", PASSPHRASE, CaseDetails(reference="R2")).close()
    monkeypatch.setenv("VISIBLE_NEW_PASSPHRASE", DEMO_PASSPHRASE)
    assert main(["passphrase", str(tmp_path / "r2.vcase")]) == 1
    assert "published demo passphrase" in capsys.readouterr().err
    monkeypatch.setenv("VISIBLE_NEW_PASSPHRASE", "aaaaaaaaaaaaaaaa")
    assert main(["passphrase", str(tmp_path / "r2.vcase")]) == 1
    assert "too easy to guess" in capsys.readouterr().err


@pytest.mark.parametrize("weak", ["password", " " * 12, "password1234", DEMO_PASSPHRASE])
def test_weak_export_passwords_are_refused_before_unlocking(
    tmp_path: Path, weak: str, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    case = tmp_path / "c.vcase"
    CaseFile.create(case, PASSPHRASE, CaseDetails(reference="E")).close()
    monkeypatch.setenv("EXPORT_PW", weak)
    monkeypatch.delenv("VISIBLE_PASSPHRASE", raising=False)  # refused before it is asked for
    out = tmp_path / "out.pdf"
    assert main(["export", str(case), "--out", str(out), "--password-env", "EXPORT_PW"]) == 1
    err = capsys.readouterr().err
    assert "export password is not safe enough" in err, err
    assert not out.exists()
