"""The father-inclusion audit: practice summaries of three different cases written through the
CLI, scanned for names, and the partnership report's percentages checked against figures
worked out by hand."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from app.cli import main
from app.operations.record import write_record
from app.operations.roles import declare_in, link_in
from exports.file_text import docx_text, pdf_text
from forms.practice import SUMMARY_VERSION
from forms.record import FactInput
from storage.carers import CarerRole, Declaration, FactBasis, FactStatus, ScreeningResult
from storage.case import CaseDetails
from storage.casefile import CaseFile
from storage.dates import PartialDate
from storage.ids import PersonId
from storage.people import Person, Sex

from .conftest import PASSPHRASE

pytest_plugins = ["tests.shell_support"]  # the real main window (fixture: window)

ON = PartialDate(2026, 5, 4)
NAMES = ["Freya", "Nowak", "Liam", "Carter", "Marek", "Kowalczyk", "Zoë", "Ó Briain", "Tomasz",
         "Wiśniewski", "Kai", "Adeyemi-Brown", "Jodie"]


def _answers(**values: object) -> list[FactInput]:
    return [FactInput(f"engagement.{k}", v, FactStatus.ANSWERED, "Social worker", ON,
                      FactBasis.VERIFIED_RECORD) for k, v in values.items()]


def _declare_rest(tx, baby: PersonId, done: set[CarerRole], what: Declaration) -> None:
    for role in CarerRole:
        if role not in done:
            declare_in(tx, baby, role, what, "Mother says there is no such man",
                    "Asked mother and health visitor", "Sam")


def _case(path: Path, la: str, build) -> Path:
    with CaseFile.create(path, PASSPHRASE, CaseDetails(reference=f"REF-{path.stem}",
                                                       local_authority=la)) as case:
        with case.transaction("Build") as tx:
            build(tx)
    return path


def case_a(tx) -> None:
    """One birth father, well engaged; the other four roles declared none."""
    baby = PersonId(tx.add(Person("Freya", "Nowak", sex=Sex.FEMALE, is_index_child=True,
                                  date_of_birth=PartialDate(2026, 2, 3))))
    dad = PersonId(tx.add(Person("Liam", "Carter", sex=Sex.MALE,
                                 date_of_birth=PartialDate(1999, 11, 21))))
    link_in(tx, baby, CarerRole.BIRTH_FATHER, dad, "Sam")
    _declare_rest(tx, baby, {CarerRole.BIRTH_FATHER}, Declaration.NONE)
    write_record(tx, dad, _answers(
        contacted="yes", seen=[{"by": "social_worker", "on": "2026-04-01"},
                               {"by": "midwife", "on": "2026-01-20"}],
        cp_invited="yes", cp_attended="no", gp_info_sought="yes",
        gp_info_answer="Known to the practice; no concerns recorded",
        icon_hospital="yes", icon_midwife="no"))
    tx.add(ScreeningResult(dad, "PHQ-9", {}, 6, "mild"))


def case_b(tx) -> None:
    """A birth father never contacted and not invited; the mother's partner seen and invited;
    the step-father not known; two roles none."""
    baby = PersonId(tx.add(Person("Zoë", "Ó Briain", sex=Sex.FEMALE, is_index_child=True,
                                  date_of_birth=PartialDate(2026, 1, 9))))
    dad = PersonId(tx.add(Person("Marek", "Kowalczyk", sex=Sex.MALE)))
    partner = PersonId(tx.add(Person("Tomasz", "Wiśniewski", known_as="Tom", sex=Sex.MALE,
                                     date_of_birth=PartialDate(1995, 6))))
    link_in(tx, baby, CarerRole.BIRTH_FATHER, dad, "Sam")
    link_in(tx, baby, CarerRole.MOTHERS_PARTNER, partner, "Sam")
    declare_in(tx, baby, CarerRole.STEP_FATHER, Declaration.NOT_KNOWN, "Mother will not say",
            "Asked mother twice; police checks", "Sam")
    _declare_rest(tx, baby, {CarerRole.BIRTH_FATHER, CarerRole.MOTHERS_PARTNER,
                             CarerRole.STEP_FATHER}, Declaration.NONE)
    write_record(tx, dad, _answers(contacted="no", cp_invited="no", gp_info_sought="no"))
    write_record(tx, partner, _answers(seen=[{"by": "health_visitor", "on": "2026-02-01"}],
                                       cp_invited="yes", cp_attended="yes", icon_hospital="no"))


def case_c(tx) -> None:
    """The birth father not known; a step-father whose engagement nobody recorded."""
    baby = PersonId(tx.add(Person("Kai", "Adeyemi-Brown", sex=Sex.MALE, is_index_child=True,
                                  date_of_birth=PartialDate(2025, 12, 30))))
    step = PersonId(tx.add(Person("Jodie", "", sex=Sex.MALE)))
    link_in(tx, baby, CarerRole.STEP_FATHER, step, "Sam")
    declare_in(tx, baby, CarerRole.BIRTH_FATHER, Declaration.NOT_KNOWN, "Mother does not know",
            "Asked mother; checked birth registration", "Sam")
    _declare_rest(tx, baby, {CarerRole.BIRTH_FATHER, CarerRole.STEP_FATHER}, Declaration.NONE)


@pytest.fixture
def summaries(tmp_path: Path, monkeypatch) -> list[Path]:
    monkeypatch.setenv("VISIBLE_PASSPHRASE", PASSPHRASE)
    out = []
    for name, la, build in (("a", "Northshire", case_a), ("b", "Northshire", case_b),
                            ("c", "Southvale", case_c)):
        case = _case(tmp_path / f"{name}.vcase", la, build)
        target = tmp_path / "summaries" / f"{name}.json"
        target.parent.mkdir(exist_ok=True)
        assert main(["practice-summary", str(case), "--out", str(target)]) == 0
        out.append(target)
    return out


def test_summaries_hold_no_names_dates_of_birth_or_free_text(summaries, tmp_path) -> None:
    texts = [p.read_text(encoding="utf-8") for p in summaries]
    for text in texts:
        for name in NAMES + ["Tom", "REF-a", "REF-b", "Known to the practice"]:
            assert name.lower() not in text.lower(), name
        for dob in ("2026-02-03", "03/02/2026", "1999-11-21", "1995-06", "2025-12-30"):
            assert dob not in text
    a, b, c = (json.loads(t) for t in texts)
    assert a["version"] == SUMMARY_VERSION and a["local_authority"] == "Northshire"
    assert a["case"] != b["case"] and a["case"].startswith("c-")
    (dad,) = a["men"]
    assert dad["contacted"] == "yes" and dad["seen_by"] == ["midwife", "social_worker"]
    assert dad["cp_conference"] == {"invited": "yes", "attended": "no"}
    assert dad["information"]["gp"] == {"sought": "yes", "answered": "yes"}
    assert dad["icon"]["hospital"] == "yes" and dad["icon"]["midwife_10_days"] == "no"
    assert dad["icon"]["gp_6_8_weeks"] == "not_recorded"
    assert dad["screenings"] == {"PHQ-9": 1}
    assert [r["status"] for r in b["roles"]] == ["linked", "declared_not_known",
                                                 "declared_none", "linked", "declared_none"]
    assert c["men"][0]["contacted"] == "not_recorded"
    # Writing a summary is recorded in the case's audit trail.
    with CaseFile.open(tmp_path / "a.vcase", PASSPHRASE) as case:
        assert case.audit_events()[-1].action == "Write practice summary a.json"


def test_a_summary_that_would_name_someone_is_refused(tmp_path, monkeypatch, capsys) -> None:
    monkeypatch.setenv("VISIBLE_PASSPHRASE", PASSPHRASE)
    # The local authority is the one typed field a summary copies; here it repeats a name.
    case = _case(tmp_path / "leak.vcase", "Carter County Council", case_a)
    target = tmp_path / "leak.json"
    assert main(["practice-summary", str(case), "--out", str(target)]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "'carter'" in err and "not kept" in err
    assert not target.exists() and list(tmp_path.glob("*.part")) == []


def _csv(path: Path) -> dict[tuple[str, str, str], dict[str, str]]:
    rows = csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig")))
    return {(r["scope"], r["scope_value"], r["measure"]): r for r in rows}


def test_report_percentages_match_hand_counts(summaries, tmp_path, capsys) -> None:
    folder = summaries[0].parent
    out = tmp_path / "report.csv"
    # A summary given twice (the folder and the file) counts once.
    assert main(["practice-report", str(folder), str(summaries[0]), "--out", str(out)]) == 0
    assert "from 4 practice summaries" in capsys.readouterr().out
    rows = _csv(out)

    def figure(measure: str, scope: str = "all", value: str = "") -> tuple[int, int, int, str]:
        r = rows[(scope, value, measure)]
        return int(r["yes"]), int(r["denominator"]), int(r["not_recorded"]), r["percent"]

    # Worked by hand from the three cases above (4 men, 15 roles):
    # contacted: A yes, B-dad no, B-partner yes (seen by the HV), C not recorded.
    assert figure("contacted") == (2, 3, 1, "66.7")
    assert rows[("all", "", "contacted")]["benchmark_percent"] == "68"
    # invited: A yes, B-dad no, B-partner yes, C not recorded; attended: A no, B-partner yes.
    assert figure("cp_invited") == (2, 3, 1, "66.7")
    assert rows[("all", "", "cp_invited")]["benchmark_percent"] == "55"
    assert figure("cp_attended") == (1, 2, 0, "50.0")
    # GP asked: A yes, B-dad no, the other two not recorded; answered: A.
    assert figure("gp_sought") == (1, 2, 2, "50.0")
    assert figure("gp_answered") == (1, 1, 0, "100.0")
    # seen: A (SW, midwife), B-partner (HV); B-dad's record has no contacts list at all.
    assert figure("seen") == (2, 2, 2, "100.0")
    assert figure("seen_by_social_worker") == (1, 2, 2, "50.0")
    # Roles: all 15 addressed; a man identified in 4 of the 6 roles not declared none
    # (A birth father; B birth father and partner, step-father not known; C step-father,
    # birth father not known).
    assert figure("roles_addressed") == (15, 15, 0, "100.0")
    assert figure("man_identified") == (4, 6, 0, "66.7")
    assert figure("icon_hospital") == (1, 2, 2, "50.0")
    assert figure("screened") == (1, 4, 0, "25.0")
    # By local authority and by role.
    assert figure("contacted", "local_authority", "Northshire") == (2, 3, 0, "66.7")
    assert figure("contacted", "local_authority", "Southvale") == (0, 0, 1, "")
    assert figure("contacted", "role", "birth_father") == (1, 2, 0, "50.0")
    assert figure("man_identified", "role", "birth_father") == (2, 3, 0, "66.7")
    assert figure("cp_invited", "role", "mothers_partner") == (1, 1, 0, "100.0")


def test_report_pdf_and_docx_show_the_figures_beside_section_12_4(summaries, tmp_path) -> None:
    folder = summaries[0].parent
    for suffix in ("pdf", "docx"):
        out = tmp_path / f"report.{suffix}"
        assert main(["practice-report", str(folder), "--out", str(out)]) == 0
        data = out.read_bytes()
        text = " ".join((pdf_text(data) if suffix == "pdf" else docx_text(data)).split())
        assert "Father-inclusion practice report" in text
        assert "Contacted directly 67% 2 of 3 men; 1 not recorded" in text
        assert "68% of completed assessments included contact with the father (§12.4)" in text
        assert "Invited to child-protection conferences 67% 2 of 3 men; 1 not recorded" in text
        assert "fathers are invited to CP conferences 55% of the time (§12.4)" in text
        assert "Headline measures by local authority" in text and "Southvale" in text
        assert "Headline measures by role" in text and "Mother's new partner" in text
        for name in NAMES:
            assert name not in text
    import pdfplumber

    with pdfplumber.open(tmp_path / "report.pdf") as pdf:
        # Six groups, each a vector bar chart: filled bars are drawn as rectangles.
        blue = [r for page in pdf.pages for r in page.rects
                if r.get("non_stroking_color") and tuple(round(c, 2) for c in
                                                         r["non_stroking_color"][:3])
                == (0.0, 0.45, 0.7)]
        assert len(blue) >= 10
    import zipfile

    with zipfile.ZipFile(tmp_path / "report.docx") as z:
        assert sum(n.startswith("word/media/") for n in z.namelist()) == 6  # a chart per group


def test_newer_and_malformed_summaries(summaries, tmp_path, capsys) -> None:
    folder = summaries[0].parent
    newer = json.loads(summaries[0].read_text())
    newer["version"] = SUMMARY_VERSION + 1
    (folder / "zz-newer.json").write_text(json.dumps(newer))
    assert main(["practice-report", str(folder), "--out", str(tmp_path / "r.pdf")]) == 1
    err = capsys.readouterr().err
    assert "zz-newer.json: written by a newer version of Visible" in err and err.count("\n") == 1
    assert main(["practice-report", str(folder), "--out", str(tmp_path / "r.pdf"),
                 "--skip-invalid"]) == 1  # newer is refused even then: it would miscount
    (folder / "zz-newer.json").unlink()

    (folder / "broken.json").write_text("{not json")
    (folder / "other.json").write_text(json.dumps({"format": "something else"}))
    capsys.readouterr()
    assert main(["practice-report", str(folder), "--out", str(tmp_path / "r.csv")]) == 1
    err = capsys.readouterr().err
    assert "broken.json is not a usable practice summary (not valid JSON)" in err
    assert "--skip-invalid" in err and not (tmp_path / "r.csv").exists()
    assert main(["practice-report", str(folder), "--out", str(tmp_path / "r.csv"),
                 "--skip-invalid"]) == 0
    captured = capsys.readouterr()
    assert "Skipped broken.json: not valid JSON." in captured.err
    assert "Skipped other.json: not a Visible practice summary." in captured.err
    assert "from 3 practice summaries" in captured.out
    assert main(["practice-report", str(folder), "--out", str(tmp_path / "r.txt")]) == 1
    assert ".pdf, .docx or .csv" in capsys.readouterr().err


def test_file_menu_practice_summary_in_the_window(qtbot, window, tmp_path, monkeypatch) -> None:
    """File → Practice summary… on the open demo case: the save dialog's name is not the case
    reference, the file is written and checked, and the user is told where it went."""
    from PySide6.QtGui import QAction

    from app.carers import practice_summary as action_module

    action = next(a for a in window.findChildren(QAction) if a.objectName() == "practiceSummary")
    assert not action.isEnabled()  # no case open
    qtbot.mouseClick(window.start.demo_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.session is not None, timeout=20_000)
    assert action.isEnabled()
    asked: list[str] = []

    def save_as(_parent, _title, suggested, _filter):  # noqa: ANN001, ANN202 - Qt's signature
        asked.append(suggested)
        return str(tmp_path / "demo-summary"), ""

    told: list[str] = []
    monkeypatch.setattr(action_module.QFileDialog, "getSaveFileName", save_as)
    monkeypatch.setattr(action_module.QMessageBox, "information",
                        lambda _p, _t, text: told.append(text))
    action.trigger()
    written = tmp_path / "demo-summary.json"
    assert written.exists() and "DEMO-2026-0147" not in asked[0]
    assert told and str(written) in told[0]
    text = written.read_text(encoding="utf-8")
    for name in ("Freya", "Liam", "Carter", "Daniel", "Price", "DEMO-2026-0147"):
        assert name not in text
    assert json.loads(text)["men"]
