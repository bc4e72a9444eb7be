"""`visible request…`, `visible requests` and `visible check` as a script drives them."""

from __future__ import annotations

import json

import pytest

from tests.test_cli_foundation import assert_user_error, visible


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    path = tmp_path_factory.mktemp("cli") / "demo.vcase"
    assert visible("demo", str(path)).returncode == 0
    return path


def test_request_life_from_the_command_line(demo, tmp_path):
    case = str(demo)
    made = visible("request", "add", case, "--person", "Liam Carter", "--agency", "GP",
                   "--basis", "Consent given")
    assert made.returncode == 0, made.stderr
    listed = json.loads(visible("requests", case, "--json").stdout)
    rid = str(listed[-1]["id"])
    assert listed[-1]["status"] == "draft" and listed[-1]["prompts"][0] == "gp.violence"
    assert visible("request", "sent", case, rid, "--on", "01/04/2026",
                   "--how", "Secure email").returncode == 0
    assert json.loads(visible("requests", case, "--json").stdout)[-1]["due_on"] == "2026-04-17"
    # Overdue now: check reports it and exits 3.
    checked = visible("check", case)
    assert checked.returncode == 3
    assert f"Request {rid} to GP about Liam Carter is overdue" in checked.stdout
    assert "No health agency" in checked.stdout and "Daniel Price" in checked.stdout
    as_json = json.loads(visible("check", case, "--json").stdout)
    assert as_json["requests"]["overdue_requests"][0]["id"] == int(rid)
    assert visible("request", "chased", case, rid, "--on", "20/04/2026").returncode == 0
    answered = visible("request", "answered", case, rid, "--on", "24/04/2026",
                       "--fact", "anger.any_incidents=yes", "--summary", "Anger in notes")
    assert answered.returncode == 0, answered.stderr
    assert "facts on his record" in answered.stdout
    after = visible("check", case)
    assert "is overdue" not in after.stdout
    letter = visible("request", "letter", case, rid, "--out", str(tmp_path / "l.pdf"))
    assert letter.returncode == 0 and (tmp_path / "l.pdf").exists()
    assert "leaves the encrypted case" in letter.stderr and "Liam Carter" in letter.stdout


def test_user_errors_are_one_line_and_write_nothing(demo):
    case = str(demo)
    before = visible("requests", case, "--json").stdout
    assert_user_error(visible("request", "add", case, "--person", "Nobody Here", "--agency",
                              "GP"), "nobody called 'Nobody Here'")
    assert_user_error(visible("request", "add", case, "--person", "Liam Carter", "--agency",
                              "Interpol"), "no agency called 'Interpol'")
    visible("request", "add", case, "--person", "Daniel Price", "--agency", "Police",
            "--basis", "Consent given")
    rid = str(json.loads(visible("requests", case, "--json").stdout)[-1]["id"])
    assert_user_error(visible("request", "sent", case, rid, "--on", "10/04/2026", "--how",
                              "Letter", "--due", "09/04/2026"), "before the date sent")
    assert visible("request", "withdrawn", case, rid).returncode == 0
    assert_user_error(visible("request", "answered", case, rid), "withdrawn")
    after = json.loads(visible("requests", case, "--json").stdout)
    assert after[-1]["status"] == "withdrawn" and len(after) == len(json.loads(before)) + 1
