"""The command line as a script or a power user drives it: real processes, real files."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from storage import schema
from storage.casefile import CaseFile
from tests.conftest import PASSPHRASE

ROOT = Path(__file__).resolve().parent.parent


def visible(
    *args: str, passphrase: str | None = PASSPHRASE, **env: str
) -> subprocess.CompletedProcess[str]:
    full_env = {**os.environ, "PYTHONPATH": str(ROOT), **env}
    if passphrase is not None:
        full_env["VISIBLE_PASSPHRASE"] = passphrase
    return subprocess.run(
        [sys.executable, "-m", "app", *args],
        cwd=ROOT,
        env=full_env,
        capture_output=True,
        text=True,
        timeout=120,
        stdin=subprocess.DEVNULL,
    )


def assert_user_error(result: subprocess.CompletedProcess[str], text: str) -> None:
    assert result.returncode == 1, result
    assert text in result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("cli") / "demo.vcase"
    cfg = tmp_path_factory.mktemp("cli-cfg")
    result = visible("demo", str(path), VISIBLE_CONFIG_DIR=str(cfg))
    assert result.returncode == 0, result.stderr
    return path


def test_new_then_info(tmp_path: Path) -> None:
    case = tmp_path / "new.vcase"
    assert visible("new", str(case), "--reference", "LA/2026/77").returncode == 0
    result = visible("info", str(case), "--json")
    assert result.returncode == 0, result.stderr
    info = json.loads(result.stdout)
    assert info["reference"] == "LA/2026/77"
    assert info["schema_version"] == schema.LATEST_VERSION
    assert info["people"] == 0 and info["chronology_entries"] == 0


def test_demo_case_counts(demo_file: Path, tmp_path: Path) -> None:
    result = visible("info", str(demo_file), "--json", VISIBLE_CONFIG_DIR=str(tmp_path))
    info = json.loads(result.stdout)
    assert info["people"] == 7
    assert info["male_carers"] == 2
    assert info["chronology_entries"] == 36
    assert info["chronology_by_agency"]["Police"] > 0
    assert sum(info["chronology_by_agency"].values()) == 36


def test_demo_entries_option(tmp_path: Path) -> None:
    case = tmp_path / "big.vcase"
    assert visible("demo", str(case), "--entries", "250").returncode == 0
    info = json.loads(visible("info", str(case), "--json").stdout)
    assert info["chronology_entries"] == 250


def test_wrong_passphrase_exit_1_and_bytes_unchanged(demo_file: Path, tmp_path: Path) -> None:
    before = demo_file.read_bytes()
    result = visible(
        "info", str(demo_file), passphrase="definitely not right", VISIBLE_CONFIG_DIR=str(tmp_path)
    )
    assert_user_error(result, "passphrase is wrong")
    assert demo_file.read_bytes() == before


def test_new_gives_a_bare_name_the_case_ending_and_refuses_an_existing_one(
        tmp_path: Path) -> None:
    result = visible("new", str(tmp_path / "Baby S"), "--reference", "LA/2026/78")
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "Baby S.vcase").is_file() and not (tmp_path / "Baby S").exists()
    assert "Baby S.vcase" in result.stdout
    # Refused before the passphrase is asked for (no passphrase is given to this run).
    again = visible("new", str(tmp_path / "Baby S"), "--reference", "LA/2026/78",
                    passphrase=None)
    assert_user_error(again, "already exists")


def test_short_passphrase_refused_on_new(tmp_path: Path) -> None:
    result = visible("new", str(tmp_path / "x.vcase"), "--reference", "R", passphrase="tiny")
    assert_user_error(result, "at least 12 characters")
    assert not (tmp_path / "x.vcase").exists()


def test_not_a_case_file(tmp_path: Path) -> None:
    text = tmp_path / "notes.vcase"
    text.write_text("these are some notes, not a case " * 10)
    assert_user_error(visible("info", str(text)), "not a Visible case file")
    assert_user_error(visible("info", str(tmp_path / "missing.vcase")), "There is no case file")


def test_usage_error_is_exit_2() -> None:
    assert visible("info").returncode == 2
    assert visible("no-such-command").returncode == 2


def test_verify_ok_then_flipped_byte_exit_4(tmp_path: Path) -> None:
    case = tmp_path / "v.vcase"
    assert visible("demo", str(case), "--entries", "400").returncode == 0
    ok = visible("verify", str(case))
    assert ok.returncode == 0 and "all OK" in ok.stdout
    data = bytearray(case.read_bytes())
    page = 4096
    assert len(data) > 6 * page
    data[5 * page + 700] ^= 0x01  # inside page 6, well away from the first page's header
    case.write_bytes(bytes(data))
    bad = visible("verify", str(case))
    assert bad.returncode == 4, bad
    assert "Traceback" not in bad.stderr + bad.stdout
    assert "PROBLEM" in bad.stdout or "damaged" in bad.stderr
    assert "6" in bad.stdout + bad.stderr  # names the page


def test_rolled_back_copy_reported_on_open(tmp_path: Path) -> None:
    case = tmp_path / "r.vcase"
    assert visible("new", str(case), "--reference", "RB").returncode == 0
    old = case.read_bytes()
    assert visible("passphrase", str(case), VISIBLE_NEW_PASSPHRASE=PASSPHRASE + "!").returncode == 0
    with CaseFile.open(case, PASSPHRASE + "!") as opened, opened.transaction("More work") as tx:
        tx.insert("meta", {"key": "note", "value": "after"})
    case.write_bytes(old)  # an old copy restored over the file
    result = visible("info", str(case))
    assert_user_error(result, "older than the version last saved")
    assert visible("verify", str(case)).returncode == 4


def test_change_passphrase_from_environment(tmp_path: Path) -> None:
    case = tmp_path / "p.vcase"
    assert visible("new", str(case), "--reference", "PW").returncode == 0
    result = visible("passphrase", str(case), VISIBLE_NEW_PASSPHRASE="the second passphrase")
    assert result.returncode == 0, result.stderr
    assert_user_error(visible("info", str(case)), "passphrase is wrong")
    assert visible("info", str(case), passphrase="the second passphrase").returncode == 0


def test_backup_command(tmp_path: Path, demo_file: Path) -> None:
    dest = tmp_path / "copy.vcase"
    result = visible("backup", str(demo_file), str(dest), VISIBLE_CONFIG_DIR=str(tmp_path))
    assert result.returncode == 0, result.stderr
    assert not dest.read_bytes().startswith(b"SQLite format 3")
    info = json.loads(visible("info", str(dest), "--json", VISIBLE_CONFIG_DIR=str(tmp_path)).stdout)
    assert info["chronology_entries"] == 36


def test_open_without_a_screen_says_so(demo_file: Path) -> None:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("QT_QPA_PLATFORM", "DISPLAY", "WAYLAND_DISPLAY")
    }
    env["PYTHONPATH"] = str(ROOT)
    result = subprocess.run(
        [sys.executable, "-m", "app", "open", str(demo_file)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert_user_error(result, "no screen is available")


def test_output_cut_short_by_a_closed_pipe_is_quiet(tmp_path: Path) -> None:
    """`visible check CASE | head`: the reader goes away; no traceback, no 'Broken pipe' noise."""
    from storage.carers import CarerRole, RoleAssignment
    from storage.case import CaseDetails
    from storage.people import Person, Sex

    case_path = tmp_path / "pipe.vcase"
    with CaseFile.create(case_path, PASSPHRASE, CaseDetails(reference="PIPE")) as case:
        with case.transaction("Many men") as tx:
            baby = tx.add(Person("Baby", sex=Sex.FEMALE, is_index_child=True))
            for i in range(300):  # each incomplete record is listed: far more than a pipe holds
                man = tx.add(Person(f"Man{i}", "Example", sex=Sex.MALE))
                tx.add(RoleAssignment(baby, CarerRole.OTHER_MALE_CARER, person_id=man))
    env = {**os.environ, "PYTHONPATH": str(ROOT), "VISIBLE_PASSPHRASE": PASSPHRASE}
    proc = subprocess.Popen(
        [sys.executable, "-m", "app", "check", str(case_path)],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )
    assert proc.stdout is not None and proc.stderr is not None
    assert proc.stdout.read(100)  # the report has started
    proc.stdout.close()
    err = proc.stderr.read().decode()
    assert proc.wait(timeout=60) == 141
    assert "Traceback" not in err and "Broken pipe" not in err


def test_no_passphrase_and_no_terminal_is_one_clear_line(demo_file: Path) -> None:
    result = visible("info", str(demo_file), passphrase=None)
    assert_user_error(result, "No passphrase given: set VISIBLE_PASSPHRASE")
