"""A second round of returns nobody had tried (after test_import_hostile.py): each made here
from bytes, each read through read_table and the plan on a real encrypted case, several through
the command line. Every one used to be read as something other than what the sender saw, or
refused with a line about something else.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
import subprocess
import sys
import warnings
import zipfile
from pathlib import Path

import pytest

from forms.importers.readers import read_table
from tests import test_import_hostile as hostile
from tests.helpers import returns
from tests.helpers.returns import S_NS, W_NS
from tests.test_import_hostile import refused

ROOT = Path(__file__).resolve().parents[1]
TODAY = dt.date(2026, 12, 2)


def plan_of(case, path: Path):  # noqa: ANN201 - an ImportPlan
    return hostile.plan_of(case, path, today=TODAY)  # dates judged against a fixed day


def outcome(case, path: Path) -> list[tuple[str, ...]]:
    """Each row as (date, time, text) if it would be imported, else ("refused", errors)."""
    plan = plan_of(case, path)
    out: list[tuple[str, ...]] = []
    for index, record in enumerate(plan.planned):
        entry = plan.entry(index)
        if entry is None:
            out.append(("refused", " | ".join(str(p) for p in record.errors)))
        else:
            out.append((str(entry.event_date), entry.event_time, entry.what_happened,
                        entry.source_ref))
    return out


def warnings_of(case, path: Path) -> list[str]:
    return [str(w) for w in plan_of(case, path).warnings()]


# Word ----------------------------------------------------------------------------------------


def _r(text: str, props: str = "") -> str:
    return f'<w:r>{props}<w:t xml:space="preserve">{text}</w:t></w:r>'


def _p(*runs: str) -> str:
    return "<w:p>" + "".join(runs) + "</w:p>"


def _tc(*content: str) -> str:
    return "<w:tc>" + "".join(content) + "</w:tc>"


def _tr(*cells: str) -> str:
    return "<w:tr>" + "".join(cells) + "</w:tr>"


def _docx(path: Path, *rows: str, header: tuple[str, ...] = ("Date", "Event", "Source")) -> Path:
    head = _tr(*(_tc(_p(_r(h))) for h in header))
    return returns.write_docx(path, (
        f'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="{W_NS}"><w:body>'
        f"<w:tbl>{head}{''.join(rows)}</w:tbl></w:body></w:document>"))


def _row(date: str, event: str, source: str = "POL-1") -> str:
    return _tr(_tc(_p(_r(date))), _tc(_p(event)), _tc(_p(_r(source))))


def test_a_content_controls_prompt_is_not_imported_as_what_was_entered(tmp_path, demo_case):
    # Word's empty content control shows its prompt, grey; the prompt was imported as the
    # date ("'enter a date.' is not a date") or, in a text column, as what happened.
    def control(text: str) -> str:
        return (f"<w:sdt><w:sdtPr><w:showingPlcHdr/></w:sdtPr><w:sdtContent>{_r(text)}"
                "</w:sdtContent></w:sdt>")

    path = _docx(tmp_path / "controls.docx",
                 _row("22/05/2025", control("Click or tap here to enter text.")),
                 _row("23/05/2025", _r("Seen at home") + control("Choose an item.")),
                 _tr(f"<w:sdt><w:sdtPr><w:showingPlcHdr/></w:sdtPr><w:sdtContent>"
                     f"{_tc(_p(_r('Click or tap to enter a date.')))}</w:sdtContent></w:sdt>",
                     _tc(_p(_r("Phoned mother"))), _tc(_p(_r("POL-3")))))
    table = read_table(path)
    assert [row.cells for row in table.rows] == [
        ["22/05/2025", "", "POL-1"], ["23/05/2025", "Seen at home", "POL-1"],
        ["", "Phoned mother", "POL-3"]]
    result = outcome(demo_case, path)
    assert result[0][0] == "refused" and "no description of what happened" in result[0][1]
    assert result[1][:3] == ("23/05/2025", "", "Seen at home")
    assert result[2][0] == "refused" and "The date is empty" in result[2][1]


def test_a_row_in_an_empty_content_control_is_not_its_prompt(tmp_path):
    # A repeating section's empty item: the control wraps the whole row.
    empty = (f"<w:sdt><w:sdtPr><w:showingPlcHdr/></w:sdtPr><w:sdtContent>"
             f"{_row('22/05/2025', _r('Click or tap here to enter text.'))}</w:sdtContent>"
             "</w:sdt>")
    path = _docx(tmp_path / "section.docx", empty, _row("23/05/2025", _r("Seen")))
    assert [row.cells for row in read_table(path).rows] == [
        ["23/05/2025", "Seen", "POL-1"]]


def test_a_filled_content_control_is_read(tmp_path):
    path = _docx(tmp_path / "filled.docx", _row(
        "22/05/2025", '<w:sdt><w:sdtPr><w:date w:fullDate="2025-05-22T00:00:00Z"/></w:sdtPr>'
        f"<w:sdtContent>{_r('Seen at home')}</w:sdtContent></w:sdt>"))
    assert read_table(path).rows[0].cells[1] == "Seen at home"


@pytest.mark.parametrize("field", [
    '<w:fldSimple w:instr=" DATE \\@ &quot;dd/MM/yyyy&quot; ">{result}</w:fldSimple>',
    '<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> '
    'SAVEDATE \\@ "dd/MM/yyyy" </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/>'
    '</w:r>{result}<w:r><w:fldChar w:fldCharType="end"/></w:r>',
])
def test_a_date_field_is_not_the_date_of_the_event(tmp_path, demo_case, field):
    # { DATE } shows the day the document is opened: the day the return was last opened
    # was imported as the day things happened.
    path = _docx(tmp_path / "field.docx",
                 _tr(_tc(_p(field.format(result=_r("02/12/2026")))), _tc(_p(_r("Seen"))),
                     _tc(_p(_r("POL-1")))),
                 _row("23/05/2025", _r("Phoned")))
    result = outcome(demo_case, path)
    assert result[0][0] == "refused" and "field, which shows the date the document gives " \
        "itself" in result[0][1] and "Ctrl+Shift+F9" in result[0][1]
    assert result[1][:3] == ("23/05/2025", "", "Phoned")


def test_a_hyperlink_fields_text_is_read_as_shown(tmp_path):
    path = _docx(tmp_path / "link.docx", _row(
        "22/05/2025", _r("See ") + '<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r>'
        '<w:instrText> HYPERLINK "http://example.org" </w:instrText></w:r><w:r><w:fldChar '
        'w:fldCharType="separate"/></w:r>' + _r("the referral")
        + '<w:r><w:fldChar w:fldCharType="end"/></w:r>'))
    row = read_table(path).rows[0]
    assert row.cells[1] == "See the referral" and not row.suspicious


def test_ticks_and_crosses_in_symbol_fonts(tmp_path, demo_case):
    # Offices type a tick as Wingdings' ü (or Insert → Symbol); it was read as "ü", or, as a
    # w:sym, as nothing: a key event ticked so was imported as not key.
    wingdings = '<w:rPr><w:rFonts w:ascii="Wingdings" w:hAnsi="Wingdings"/></w:rPr>'
    wingdings2 = '<w:rPr><w:rFonts w:ascii="Wingdings 2" w:hAnsi="Wingdings 2"/></w:rPr>'
    path = _docx(
        tmp_path / "ticks.docx",
        _tr(_tc(_p(_r("22/05/2025"))), _tc(_p(_r("Strategy meeting"))),
            _tc(_p(_r("ü", wingdings)))),
        _tr(_tc(_p(_r("23/05/2025"))), _tc(_p(_r("Home visit"))),
            _tc(_p('<w:r><w:sym w:font="Wingdings" w:char="F0FC"/></w:r>'))),
        _tr(_tc(_p(_r("24/05/2025"))), _tc(_p(_r("Phoned"))), _tc(_p(_r("O", wingdings2)))),
        _tr(_tc(_p(_r("25/05/2025"))), _tc(_p(_r("Seen"), _r(" hello", wingdings))),
            _tc(_p(_r("no")))),
        _tr(_tc(_p(_r("26/05/2025"))), _tc(_p(_r("Letter"))),
            _tc(_p('<w:r><w:sym w:font="Symbol" w:char="F0B0"/></w:r>'))),
        header=("Date", "Event", "Key event"))
    table = read_table(path)
    assert [row.cells[2] for row in table.rows[:3]] == ["✔", "✔", "✗"]
    plan = plan_of(demo_case, path)
    keys = [plan.entry(i).key_event for i in range(3)]  # type: ignore[union-attr]
    assert keys == [True, True, False]
    for index in (3, 4):
        assert plan.entry(index) is None
        assert "symbol font" in str(plan.planned[index].errors[0])


def test_a_dtd_hidden_after_a_long_comment_or_in_utf16_is_refused(tmp_path):
    # The DTD check looked at the first 4 KB as bytes: a comment padding it further, or the
    # part written in UTF-16, let a DTD reach libxml2 (which then refused only its
    # amplification, as a "damaged" file, and kept an external entity as a reference).
    body = (f'<w:document xmlns:w="{W_NS}"><w:body><w:tbl><w:tr><w:tc><w:p><w:r><w:t>Date'
            "</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>Event</w:t></w:r></w:p></w:tc>"
            "</w:tr><w:tr><w:tc><w:p><w:r><w:t>22/05/2025</w:t></w:r></w:p></w:tc><w:tc><w:p>"
            "<w:r><w:t>&xxe;</w:t></w:r></w:p></w:tc></w:tr></w:tbl></w:body></w:document>")
    dtd = '<!DOCTYPE w:document [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
    late = '<?xml version="1.0"?><!-- ' + "x" * 70_000 + " -->" + dtd + body
    returns.write_docx(tmp_path / "late.docx", late)
    assert "declares a DTD" in refused(tmp_path / "late.docx")
    wide = ('<?xml version="1.0" encoding="UTF-16"?>' + dtd + body).encode("utf-16")
    returns.write_docx(tmp_path / "wide.docx", wide)
    assert "declares a DTD" in refused(tmp_path / "wide.docx")
    seven = ('<?xml version="1.0" encoding="UTF-7"?>' + body.replace("&xxe;", "x")).encode()
    returns.write_docx(tmp_path / "seven.docx", seven)
    assert "encoding UTF-7" in refused(tmp_path / "seven.docx")
    laughs = ('<?xml version="1.0"?>' + "<!-- pad -->" * 500 + '<!DOCTYPE x [<!ENTITY a "aaaa">'
              + "".join(f'<!ENTITY {chr(98 + i)} "' + f"&{chr(97 + i)};" * 10 + '">'
                        for i in range(8)) + "]>" + body.replace("&xxe;", "&i;"))
    returns.write_docx(tmp_path / "laughs.docx", laughs)
    assert "declares a DTD" in refused(tmp_path / "laughs.docx")
    # A UTF-16 part without a DTD is still read.
    plain = ('<?xml version="1.0" encoding="UTF-16"?>' + body.replace("&xxe;", "Seen"))
    returns.write_docx(tmp_path / "utf16.docx", plain.encode("utf-16"))
    assert read_table(tmp_path / "utf16.docx").rows[0].cells == ["22/05/2025", "Seen"]


def _twice(path: Path, parts: dict[str, bytes | str], name: str, second: bytes | str) -> Path:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # zipfile warns of the duplicate name it is told to write
        with zipfile.ZipFile(path, "w") as z:
            for part, data in parts.items():
                z.writestr(part, data)
            z.writestr(name, second)
    return path


def test_a_part_stored_twice_is_refused_not_read_as_the_last(tmp_path):
    # zipfile reads the last of two parts of one name; Word and Excel may show the first. A
    # second document.xml appended to a return was imported in place of the one sent.
    first = returns.docx_table_xml([["Date", "Event"], ["22/05/2025", "What the sender saw"]])
    second = returns.docx_table_xml([["Date", "Event"], ["22/05/2025", "Something else"]])
    path = _twice(tmp_path / "twice.docx", returns.docx_parts(first), "word/document.xml",
                  second)
    assert "holds two parts named word/document.xml" in refused(path)
    upper = _twice(tmp_path / "upper.docx", returns.docx_parts(first), "WORD/DOCUMENT.XML",
                   second)
    assert "two parts named WORD/DOCUMENT.XML" in refused(upper)
    sheet = returns.sheet_xml(returns.inline_row(1, ["Date", "Event"])
                              + returns.inline_row(2, ["22/05/2025", "First"]))
    book = _twice(tmp_path / "twice.xlsx", returns.xlsx_parts(sheet),
                  "xl/worksheets/sheet1.xml", sheet.replace("First", "Second"))
    assert "holds two parts named xl/worksheets/sheet1.xml" in refused(book)


def test_strict_open_xml_is_named(tmp_path):
    strict_w = "http://purl.oclc.org/ooxml/wordprocessingml/main"
    path = returns.write_docx(tmp_path / "strict.docx", returns.docx_table_xml(
        [["Date", "Event"], ["22/05/2025", "Seen"]]).replace(W_NS, strict_w))
    assert "is saved as Strict Open XML" in refused(path)  # was: "holds no table"
    strict_s = "http://purl.oclc.org/ooxml/spreadsheetml/main"
    parts = returns.xlsx_parts(returns.sheet_xml(returns.inline_row(1, ["Date", "Event"])))
    parts = {name: (data.replace(S_NS, strict_s) if isinstance(data, str) else data)
             for name, data in parts.items()}
    returns._zip(tmp_path / "strict.xlsx", parts)
    assert "is saved as Strict Open XML" in refused(tmp_path / "strict.xlsx")


# Excel ---------------------------------------------------------------------------------------


def _cells(number: int, *cells: str) -> str:
    return f'<row r="{number}">{"".join(cells)}</row>'


def _inline(ref: str, text: str) -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'


HEAD = returns.inline_row(1, ["Date", "Event", "Source"])


def test_long_numbers_and_float_noise_in_a_workbook(tmp_path, demo_case):
    # A crime number typed as a number keeps 15 digits in Excel; its float's digits were
    # imported as the reference (12345678901234567168). 0.1 + 0.2 was "0.30000000000000004".
    path = returns.write_xlsx(tmp_path / "numbers.xlsx", returns.sheet_xml(
        HEAD
        + _cells(2, _inline("A2", "22/05/2025"), _inline("B2", "Seen"),
                 '<c r="C2"><v>1.2345678901234567E+19</v></c>')
        + _cells(3, _inline("A3", "23/05/2025"), _inline("B3", "Phoned"),
                 '<c r="C3"><v>0.30000000000000004</v></c>')
        + _cells(4, _inline("A4", "24/05/2025"), _inline("B4", "Visit"),
                 '<c r="C4"><v>123456</v></c>')))
    result = outcome(demo_case, path)
    assert result[0][0] == "refused" and "longer than the 15 digits Excel keeps" in result[0][1]
    assert result[1][3] == "0.3"
    assert result[2][3] == "123456"


@pytest.mark.parametrize("number", ["1E+999", "-1e999", "1.5e400"])
def test_a_number_beyond_any_excel_holds_is_damage(tmp_path, number):
    path = returns.write_xlsx(tmp_path / "inf.xlsx", returns.sheet_xml(
        HEAD + _cells(2, _inline("A2", "22/05/2025"), _inline("B2", "Seen"),
                      f'<c r="C2"><v>{number}</v></c>')))
    assert f"holds '{number}', which is not a value of its kind" in refused(path)


def test_a_formula_without_its_result_is_named(tmp_path, demo_case):
    # A workbook written by a program that does not calculate holds the formula only: the row
    # was refused as having "no description", though Excel shows one.
    path = returns.write_xlsx(tmp_path / "formula.xlsx", returns.sheet_xml(
        HEAD + _cells(2, _inline("A2", "22/05/2025"), '<c r="B2"><f>"Seen at "&amp;"home"</f></c>')
        + _cells(3, _inline("A3", "23/05/2025"),
                 '<c r="B3" t="str"><f>"Phoned"</f><v>Phoned</v></c>')))
    result = outcome(demo_case, path)
    assert result[0][0] == "refused" and "formula whose result is not saved" in result[0][1]
    assert result[1][2] == "Phoned"


def test_a_shared_text_number_out_of_range_is_named(tmp_path):
    path = returns.write_xlsx(tmp_path / "strings.xlsx", returns.sheet_xml(
        HEAD + _cells(2, _inline("A2", "22/05/2025"), '<c r="B2" t="s"><v>7</v></c>')),
        ["Date", "Event"])
    assert "refers to its text number 8, but the workbook holds 2" in refused(path)


def test_excel_iso_date_cells_with_a_time_zone_keep_the_uk_day(tmp_path, demo_case):
    # t="d" cells with a zone: the zone was dropped, so 23:30 UTC on 22 May (00:30 on 23 May
    # in the UK) was imported as 22 May.
    path = returns.write_xlsx(tmp_path / "zoned.xlsx", returns.sheet_xml(
        HEAD + _cells(2, '<c r="A2" t="d"><v>2025-05-22T23:30:00Z</v></c>',
                      _inline("B2", "Late call"), _inline("C2", "P1"))
        + _cells(3, '<c r="A3" t="d"><v>2025-05-22T14:30:00+05:00</v></c>',
                 _inline("B3", "Call from abroad"), _inline("C3", "P2"))
        + _cells(4, '<c r="A4" t="d"><v>2025-05-22T09:15:00</v></c>', _inline("B4", "Visit"),
                 _inline("C4", "P3"))))
    result = outcome(demo_case, path)
    assert [r[:2] for r in result] == [("23/05/2025", "00:30"), ("22/05/2025", "10:30"),
                                       ("22/05/2025", "09:15")]


# CSV -----------------------------------------------------------------------------------------


def test_zoned_iso_times_in_text_are_read_in_uk_time_and_said(tmp_path, demo_case):
    path = tmp_path / "zoned.csv"
    path.write_text("Date,Event\n2025-05-22T23:30:00Z,Late call\n2025-12-22T23:30:00Z,Winter\n"
                    "2025-05-22T14:30:00+0100,Afternoon\n2025-05-22T25:30:00Z,Bad hour\n")
    result = outcome(demo_case, path)
    assert result[:3] == [("23/05/2025", "00:30", "Late call", "zoned.csv, row 2"),
                          ("22/12/2025", "23:30", "Winter", "zoned.csv, row 3"),
                          ("22/05/2025", "14:30", "Afternoon", "zoned.csv, row 4")]
    assert result[3][0] == "refused" and "hour must be in 0..23" in result[3][1]
    said = warnings_of(demo_case, path)
    assert any("'2025-05-22T23:30:00Z' is written with its time zone; recorded in UK time, as "
               "23/05/2025 00:30" in w for w in said), said


def test_a_semicolon_file_the_sniffer_cannot_place_is_read_by_its_header(tmp_path, demo_case):
    # European Excel writes ";" files; narratives with varying numbers of commas (and rows
    # with their last cells left off) defeat csv.Sniffer, and the comma it fell back on split
    # every narrative, refused as "column 2 has no name".
    lines = ["Date;Event;Source;Author"]
    narratives = ["Seen, mother present", "Phoned", "Visit, child quiet, no concerns, home tidy",
                  "Letter sent, no reply", "Seen"]
    tails = ["", ";POL-1", ";POL-1;PC Smith", "", ";POL-2"]
    for day in range(1, 26):
        lines.append(f"{day:02d}/05/2025;{narratives[day % 5]}{tails[day % 3]}")
    path = tmp_path / "semicolons.csv"
    path.write_text("\n".join(lines) + "\n")
    with pytest.raises(csv.Error):
        csv.Sniffer().sniff(path.read_text()[:8192], ",;\t|")  # the case this is about
    table = read_table(path)
    assert table.headers == ["Date", "Event", "Source", "Author"]
    assert table.rows[1].cells[:2] == ["02/05/2025", "Visit, child quiet, no concerns, home tidy"]
    assert len(plan_of(demo_case, path).planned) == 25 and not plan_of(
        demo_case, path).error_report()


def test_the_practice_report_csv_does_not_carry_a_live_formula(tmp_path, monkeypatch, capsys):
    # A local authority's name comes from the summaries other cases wrote; written as it
    # was, "=HYPERLINK(...)" became a live link when the report was opened in Excel.
    from app.cli import main
    from storage.case import CaseDetails
    from storage.casefile import CaseFile
    from tests.conftest import PASSPHRASE

    monkeypatch.setenv("VISIBLE_PASSPHRASE", PASSPHRASE)
    folder = tmp_path / "summaries"
    folder.mkdir()
    hostile = '=HYPERLINK("http://example.org/x","Northshire")'
    for name, la in (("a", hostile), ("b", "+cmd|' /C calc'!A0"), ("c", "Southvale")):
        CaseFile.create(tmp_path / f"{name}.vcase", PASSPHRASE,
                        CaseDetails(reference=f"REF-{name}", local_authority=la)).close()
        assert main(["practice-summary", str(tmp_path / f"{name}.vcase"), "--out",
                     str(folder / f"{name}.json")]) == 0
    assert json.loads((folder / "a.json").read_text())["local_authority"] == hostile
    out = tmp_path / "report.csv"
    assert main(["practice-report", str(folder), "--out", str(out)]) == 0
    rows = list(csv.reader(io.StringIO(out.read_text(encoding="utf-8-sig"))))
    cells = [cell for row in rows for cell in row]
    assert "'" + hostile in cells and "'+cmd|' /C calc'!A0" in cells and "Southvale" in cells
    assert not any(cell.startswith(("=", "+", "@")) for cell in cells)


# The command line ------------------------------------------------------------------------------


def test_cli_dry_run_and_import_of_the_new_attacks(tmp_path, passphrase):
    from storage.case import CaseDetails
    from storage.casefile import CaseFile

    env = {**os.environ, "PYTHONPATH": str(ROOT), "VISIBLE_PASSPHRASE": passphrase}
    case = tmp_path / "c.vcase"
    CaseFile.create(case, passphrase, CaseDetails(reference="HOST-2")).close()

    def cli(path: Path, *more: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "app", "import", str(case), str(path),
                               "--agency", "Police", "--new-agency", *more],
                              capture_output=True, text=True, env=env, cwd=ROOT, timeout=120)

    first = returns.docx_table_xml([["Date", "Event"], ["22/05/2025", "Seen"]])
    twice = _twice(tmp_path / "twice.docx", returns.docx_parts(first), "word/document.xml",
                   first.replace("Seen", "Other"))
    done = cli(twice, "--dry-run")
    assert done.returncode == 1 and done.stderr.count("\n") == 1, done.stderr
    assert "two parts named" in done.stderr and "Traceback" not in done.stderr

    zoned = tmp_path / "zoned.csv"
    zoned.write_text("Date;Event;Source\n2025-05-22T23:30:00Z;Late call, mother upset;P1\n")
    dry = cli(zoned, "--dry-run")
    assert dry.returncode == 0, dry.stderr
    assert "recorded in UK time, as 23/05/2025 00:30" in dry.stdout
    real = cli(zoned)
    assert real.returncode == 0 and "Imported 1 entries" in real.stdout, real.stderr
    with CaseFile.open(case, passphrase) as opened:
        from storage.chronology_store import entries

        [entry] = entries(opened)
        assert (str(entry.event_date), entry.event_time, entry.what_happened) == (
            "23/05/2025", "00:30", "Late call, mother upset")


# Layout and dates ----------------------------------------------------------------------------


def test_a_title_above_the_header_is_not_taken_for_the_header(tmp_path, demo_case):
    # A title merged across the table (or a title line in a CSV) was read as the header, and
    # the refusal said the real header's second column had no name.
    merged = '<w:tcPr><w:gridSpan w:val="3"/></w:tcPr>'
    path = _docx(tmp_path / "titled.docx",
                 _tr(f"<w:tc>{merged}{_p(_r('Police chronology for Freya'))}</w:tc>"),
                 _tr(_tc(_p(_r("Date"))), _tc(_p(_r("Event"))), _tc(_p(_r("Source")))),
                 _row("22/05/2025", _r("Seen at home")),
                 header=("Child: Freya Nowak", "", ""))
    table = read_table(path)
    assert table.headers == ["Date", "Event", "Source"]
    assert table.above_header == [("row 1", "Child: Freya Nowak"),
                                  ("row 2", "Police chronology for Freya")]
    assert outcome(demo_case, path) == [("22/05/2025", "", "Seen at home", "POL-1")]
    said = warnings_of(demo_case, path)
    assert "row 1, column '(above the header)': 'Child: Freya Nowak' stands above the header " \
        "row and is read as a title, not as an entry." in said
    text = tmp_path / "titled.csv"
    text.write_text("Police chronology export\nDate,Event,Source\n22/05/2025,Seen,P1\n")
    assert read_table(text).headers == ["Date", "Event", "Source"]
    assert read_table(text).rows[0].ref == "row 3"
    # A first row as wide as the header is data of its own: not skipped, refused as before.
    wide = tmp_path / "wide.csv"
    wide.write_text("Name,Freya,x\nDate,Event,Source\n22/05/2025,Seen,P1\n")
    assert read_table(wide).headers == ["Name", "Freya", "x"]


def test_a_chronology_table_split_in_two_is_not_half_imported(tmp_path):
    # A blank line typed inside a Word table splits it: the part after had no header and
    # was silently left out.
    head = _tr(_tc(_p(_r("Date"))), _tc(_p(_r("Event"))), _tc(_p(_r("Source"))))
    path = returns.write_docx(tmp_path / "split.docx", (
        f'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="{W_NS}"><w:body>'
        f"<w:tbl>{head}{_row('22/05/2025', _r('First part'))}</w:tbl><w:p/>"
        f"<w:tbl>{_row('23/05/2025', _r('After the split'))}</w:tbl></w:body></w:document>"))
    message = refused(path)
    assert "table 2 has the same 3 columns as the chronology (table 1) and no header" in message
    assert "--table 1" in message
    assert read_table(path, 1).rows[0].cells[1] == "First part"  # chosen: read as asked


def test_weekdays_seasons_and_weeks_commencing(tmp_path, demo_case):
    path = tmp_path / "dates.csv"
    path.write_text("Date,Event\nThursday 22 May 2025,a\n\"Thu, 22/05/2025 14:30\",b\n"
                    "Mon 22/05/2025,c\nSpring 2025,d\nw/c 19/05/2025,e\n"
                    "week commencing 19 May 2025,f\n")
    result = outcome(demo_case, path)
    assert result[0][:3] == ("22/05/2025", "", "a")
    assert result[1][:3] == ("22/05/2025", "14:30", "b")
    # The day's name and the date disagree: one is wrong, and Visible cannot know which.
    assert result[2][0] == "refused" and "22/05/2025 was a Thursday, not a Monday" in result[2][1]
    assert result[3][0] == "refused" and "names a season" in result[3][1] \
        and "between March and May 2025" in result[3][1]
    plan = plan_of(demo_case, path)
    for index in (4, 5):
        entry = plan.entry(index)
        assert entry is not None
        assert (str(entry.event_date), entry.date_qualifier.value, str(entry.date_until)) == (
            "19/05/2025", "between", "25/05/2025")


def test_a_spreadsheet_day_number_is_named_not_read(tmp_path, demo_case):
    # 45000 is 15/03/2023 in a 1900 workbook and 16/03/2027 in a 1904 one: not guessed, and
    # said as what it is (it was "not a date Visible can read").
    text = tmp_path / "serial.csv"
    text.write_text("Date,Event\n45000,Seen\n2025,Year only\n")
    result = outcome(demo_case, text)
    assert result[0][0] == "refused" and "'45000' is a number, not a date" in result[0][1]
    assert result[1][:3] == ("2025", "", "Year only")
    book = returns.write_xlsx(tmp_path / "serial.xlsx", returns.sheet_xml(
        HEAD + _cells(2, '<c r="A2"><v>45000</v></c>', _inline("B2", "Seen"))
        + _cells(3, '<c r="A3"><v>2025</v></c>', _inline("B3", "Year only"))))
    result = outcome(demo_case, book)
    assert result[0][0] == "refused" and "Short Date" in result[0][1]
    assert result[1][:3] == ("2025", "", "Year only")


@pytest.mark.parametrize("target", ["../../etc/passwd", "/etc/passwd", "file:///etc/passwd",
                                    "worksheets/missing.xml"])
def test_a_sheet_pointing_outside_the_file_is_named_damaged(tmp_path, target):
    # Nothing is read from outside the file; it was said to hold "no worksheet (chart sheets
    # and macros are not read)", which sent the user looking for the wrong thing.
    parts = returns.xlsx_parts(returns.sheet_xml(HEAD))
    rels = parts["xl/_rels/workbook.xml.rels"]
    assert isinstance(rels, str)
    parts["xl/_rels/workbook.xml.rels"] = rels.replace("worksheets/sheet1.xml", target)
    path = returns._zip(tmp_path / "outside.xlsx", parts)
    assert "its sheet 'Chronology' points to a part that is not in the file" in refused(path)


def _renamed_streams(source: Path, target: Path, names: dict[str, str]) -> Path:
    """A compound file whose streams are renamed in its directory (olefile cannot write one):
    an encrypted workbook's EncryptionInfo made an old workbook's Workbook, and so on."""
    data = bytearray(source.read_bytes())
    for old, new in names.items():
        at = data.find(old.encode("utf-16-le") + b"\0\0")
        assert at >= 0, old
        name = new.encode("utf-16-le") + b"\0\0"
        data[at:at + 64] = name + bytes(64 - len(name))
        data[at + 64:at + 66] = len(name).to_bytes(2, "little")
    target.write_bytes(bytes(data))
    return target


def test_an_old_style_office_file_is_told_from_a_password_protected_one(tmp_path):
    from msoffcrypto.format.ooxml import OOXMLFile

    plain = returns.good_xlsx(tmp_path / "plain.xlsx")
    with plain.open("rb") as source, (tmp_path / "locked.xlsx").open("wb") as out:
        OOXMLFile(source).encrypt("secret", out)
    xls = _renamed_streams(tmp_path / "locked.xlsx", tmp_path / "old.xlsx",
                           {"EncryptionInfo": "Workbook", "EncryptedPackage": "Summary"})
    assert refused(xls) == ("old.xlsx is an old-style Excel file (.xls) with a new name; open "
                            "it in Excel and save it as .xlsx, then import that.")
    doc = _renamed_streams(tmp_path / "locked.xlsx", tmp_path / "old.docx",
                           {"EncryptionInfo": "WordDocument", "EncryptedPackage": "Table"})
    assert "old.docx is an old-style Word file (.doc) with a new name" in refused(doc)
    # A Word file named as a workbook is said to be one, not to be an old workbook.
    assert "is an old-style Word file (.doc) with a new name; it is not an Excel workbook" \
        in refused(_renamed_streams(doc, tmp_path / "doc.xlsx", {}))


def test_checkbox_marks_are_yes_and_no(tmp_path, demo_case):
    path = tmp_path / "boxes.csv"
    path.write_text("Date,Event,Key event\n22/05/2025,Seen,☒\n23/05/2025,Phoned,☐\n",
                    encoding="utf-8")
    plan = plan_of(demo_case, path)
    assert [plan.entry(i).key_event for i in range(2)] == [True, False]  # type: ignore[union-attr]


def test_invisible_characters_do_not_hide_a_date_or_a_column_name(tmp_path, demo_case):
    # Pasted from a web page or another system: "22/05/2025<ZWSP>" was refused as "not a date
    # Visible can read" while showing a date that looked right, and a column named
    # "Da<ZWSP>te" was not recognised, so nothing was mapped.
    path = tmp_path / "invisible.csv"
    path.write_text("Da\u200bte,Ev\u00adent,Time\n22/05/2025\u200b,Seen,14:30\u200e\n"
                    "\u2060\u200e23/05/2025,Phoned,\n", encoding="utf-8")
    assert read_table(path).headers == ["Date", "Event", "Time"]
    assert [r[:3] for r in outcome(demo_case, path)] == [("22/05/2025", "14:30", "Seen"),
                                                         ("23/05/2025", "", "Phoned")]


def test_rows_and_columns_of_no_size_and_cells_formatted_to_show_nothing(tmp_path, demo_case):
    # Hidden in plain sight: a row of height 0, a column of width 0, a cell formatted ";;;".
    # The sender does not see them; they were imported as if seen.
    styles = (f'<styleSheet xmlns="{S_NS}"><numFmts count="2"><numFmt numFmtId="164" '
              'formatCode=";;;"/><numFmt numFmtId="165" formatCode="0;-0;;@"/></numFmts>'
              '<cellXfs count="3"><xf numFmtId="0"/><xf numFmtId="164"/><xf numFmtId="165"/>'
              "</cellXfs></styleSheet>")
    sheet = (f'<?xml version="1.0"?><worksheet xmlns="{S_NS}"><cols><col min="4" max="4" '
             'width="0" customWidth="1"/></cols><sheetData>'
             + returns.inline_row(1, ["Date", "Event", "Source", "Notes"])
             + _cells(2, _inline("A2", "22/05/2025"), _inline("B2", "Seen"), _inline("C2", "P1"))
             + '<row r="3" ht="0" customHeight="1">'
             + _inline("A3", "23/05/2025") + _inline("B3", "Another child's entry")
             + _inline("C3", "P2") + "</row>"
             + _cells(4, _inline("A4", "24/05/2025"), _inline("B4", "Visit"), _inline("C4", "P3"),
                      _inline("D4", "note in a column of no width"))
             + _cells(5, _inline("A5", "25/05/2025"), '<c r="B5" s="1" t="inlineStr"><is><t>'
                      "Hidden by format</t></is></c>", _inline("C5", "P4"))
             + _cells(6, _inline("A6", "26/05/2025"), _inline("B6", "Phoned"),
                      '<c r="C6" s="2"><v>5</v></c>')
             + "</sheetData></worksheet>")
    parts = returns.xlsx_parts(sheet)
    rels = parts["xl/_rels/workbook.xml.rels"]
    assert isinstance(rels, str)
    parts["xl/_rels/workbook.xml.rels"] = rels.replace("</Relationships>", (
        '<Relationship Id="rId9" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        'relationships/styles" Target="styles.xml"/></Relationships>'))
    parts["xl/styles.xml"] = styles
    path = returns._zip(tmp_path / "unseen.xlsx", parts)
    result = outcome(demo_case, path)
    assert result[0][:3] == ("22/05/2025", "", "Seen")
    assert result[1][0] == "refused" and "it is hidden in the workbook" in result[1][1]
    assert result[2][0] == "refused" and "column 4 is hidden in the workbook" in result[2][1]
    assert result[3][0] == "refused" and "(;;;) that shows nothing" in result[3][1]
    # A format that shows something ("0;-0;;@": only a zero is blank) is an ordinary one.
    assert result[4][:4] == ("26/05/2025", "", "Phoned", "5")


def test_times_written_as_police_logs_write_them(tmp_path, demo_case):
    # "1430hrs" after the date, and the time before it, were "not a date Visible can read".
    path = tmp_path / "logs.csv"
    path.write_text("Date,Event\n22/05/2025 1430hrs,a\n14:30 22/05/2025,b\n9:05am 23 May 2025,c\n"
                    "12.05 2025,d\n")
    result = outcome(demo_case, path)
    assert [r[:3] for r in result[:3]] == [("22/05/2025", "14:30", "a"),
                                           ("22/05/2025", "14:30", "b"),
                                           ("23/05/2025", "09:05", "c")]
    assert result[3][0] == "refused"  # "12.05 2025" may be a date: not read as a time


@pytest.mark.parametrize("text", ["ſun 22/05/2025", "0001-01-01T00:30:00+01:00",
                                  "9999-12-31T23:30:00-05:00", "w/c 31/12/9999"])
def test_dates_at_the_edges_are_refused_not_crashed_on(text):
    # Found by fuzzing this session's date forms: a long s ("ſun") matched the weekday "sun"
    # under Unicode case folding and named no day (StopIteration); a zoned time moved out
    # of the calendar raised OverflowError. Both were tracebacks.
    from forms.dates import parse_event_date_and_time
    from storage.errors import InvalidValue

    with pytest.raises(InvalidValue) as caught:
        parse_event_date_and_time(text, today=TODAY)
    assert "\n" not in str(caught.value)
