"""Returns made as a careless or hostile agency would make them, beyond those of
test_import_malformed.py: what a reader used to drop, glue, double, guess or take from a part
of the file the sender never sees. Each is read from real bytes written here; the plans are
built on a real encrypted case.
"""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

from forms.importers.mapping import guess_mapping
from forms.importers.plan import build_plan
from forms.importers.readers import ImportFileError, read_table
from storage.casefile import CaseFile
from storage.chronology_store import agency_by_name
from tests.conftest import PASSPHRASE
from tests.helpers import returns
from tests.helpers.returns import S_NS, W_NS

ROOT = Path(__file__).resolve().parents[1]


def refused(path: Path, **kwargs: object) -> str:
    with pytest.raises(ImportFileError) as caught:
        read_table(path, **kwargs)  # type: ignore[arg-type]
    message = str(caught.value)
    assert "\n" not in message
    return message


def plan_of(case, path: Path, **options: object):  # noqa: ANN201 - an ImportPlan
    """The Police import plan of the file (options: build_plan's, e.g. a fixed `today`)."""
    table = read_table(path)
    police = agency_by_name(case, "Police")
    assert police is not None
    return build_plan(case, table, police, guess_mapping(table.headers), **options)  # type: ignore[arg-type]


def errors_of(case, path: Path) -> list[str]:
    return plan_of(case, path).error_report()


def entries_of(case, path: Path) -> list[tuple[str, str]]:
    plan = plan_of(case, path)
    assert plan.error_report() == []
    out = []
    for index in range(len(plan.planned)):
        entry = plan.entry(index)
        assert entry is not None
        out.append((str(entry.event_date), entry.what_happened))
    return out


HEADER = "Date,Event,Source\n"


# CSV --------------------------------------------------------------------------------------------


def test_excels_sep_line_names_the_separator_and_is_not_the_header(tmp_path):
    path = tmp_path / "sep.csv"
    path.write_text("sep=;\nDate;Event;Source\n22/05/2025;Seen at home, mother present;POL-1\n")
    table = read_table(path)
    assert table.headers == ["Date", "Event", "Source"]
    assert [(r.number, r.cells) for r in table.rows] == [
        (2, ["22/05/2025", "Seen at home, mother present", "POL-1"])]
    # Line numbers in messages stay the file's own (the sep line is line 1).
    broken = tmp_path / "sep-quote.csv"
    broken.write_text('sep=,\nDate,Event,Source\n22/05/2025,"Seen,P1\n23/05/2025,Call,P2\n'
                      "24/05/2025,Letter,P3\n")
    assert "lines 3–5 were read as this one row" in read_table(broken).rows[0].suspicious


def test_a_10_mb_line_is_refused_without_sniffing_all_of_it(tmp_path, monkeypatch):
    path = tmp_path / "long.csv"
    path.write_text(HEADER + "22/05/2025," + "A" * 10_000_000 + ",P1\n")
    sniffed: list[int] = []
    real = csv.Sniffer.sniff

    def sniff(self, sample, delimiters=None):  # noqa: ANN001 - csv's own signature
        sniffed.append(len(sample))
        return real(self, sample, delimiters)

    monkeypatch.setattr(csv.Sniffer, "sniff", sniff)
    start = time.perf_counter()
    assert "holds 10,000,000 characters" in refused(path)
    assert sniffed and max(sniffed) <= 8192  # it was handed the whole 10 MB line (2.5 s)
    assert time.perf_counter() - start < 3


def test_a_value_right_of_the_last_named_column_is_not_dropped(tmp_path):
    path = tmp_path / "extra.csv"
    path.write_text(HEADER + "22/05/2025,Seen,P1\n23/05/2025,Call,P2,child disclosed abuse\n")
    assert refused(path) == (
        "extra.csv, row 3: column 4 has no name in the header (row 1) but holds 'child "
        "disclosed abuse'; name the column (Date, Event, ...) or delete it.")
    padded = tmp_path / "padded.csv"  # Excel pads rows with empty cells: harmless
    padded.write_text(HEADER + "22/05/2025,Seen,P1,,\n")
    assert read_table(padded).rows[0].cells[:3] == ["22/05/2025", "Seen", "P1"]
    sheet = returns.write_xlsx(tmp_path / "extra.xlsx", returns.sheet_xml(
        returns.inline_row(1, ["Date", "Event"]) + returns.inline_row(2, ["22/05/2025", "Seen"])
        + '<row r="3"><c r="A3" t="inlineStr"><is><t>23/05/2025</t></is></c>'
        '<c r="F3" t="inlineStr"><is><t>note in F</t></is></c></row>'))
    assert "row 3: column 6 has no name in the header (row 1) but holds 'note in F'" in (
        refused(sheet))


def test_a_header_with_no_rows_is_refused_so_a_dry_run_does_not_pass_it(tmp_path):
    path = tmp_path / "empty.csv"
    path.write_text(HEADER)
    assert "has a header row (row 1) but no entries below it" in refused(path)


def test_two_returns_joined_byte_order_marks_and_a_repeated_header(tmp_path, demo_case):
    one = "\ufeffDate,Event,Source\r\n22/05/2025,Seen,P1\r\n".encode()
    path = tmp_path / "joined.csv"
    path.write_bytes(one + one.replace(b"22/05/2025,Seen", b"23/05/2025,Call"))
    table = read_table(path)
    assert not any("\ufeff" in c for row in table.rows for c in row.cells if isinstance(c, str))
    assert errors_of(demo_case, path)[0] == (
        "row 3, column '(whole row)': it repeats the header row (two returns joined into one "
        "file?); delete it, and check the rows after it.")


def test_a_direction_override_that_disguises_text_is_refused(tmp_path, demo_case):
    # Shown as "Mother said she did not hit him"; stored (and searched) as "ton".
    path = tmp_path / "bidi.csv"
    path.write_text(HEADER + "22/05/2025,Mother said she did \u202eton\u202c hit him,P1\n"
                    "23/05/2025,Seen \u2067محمد\u2069 and \u200fRana,P2\n", encoding="utf-8")
    report = errors_of(demo_case, path)
    assert len(report) == 1 and report[0].startswith("row 2, column '(whole row)': column 2 "
                                                     "holds an invisible U+202E RIGHT-TO-LEFT")
    # Isolates and marks, which right-to-left names need, are kept as written.
    assert read_table(path).rows[1].cells[1] == "Seen \u2067محمد\u2069 and \u200fRana"


# Excel ------------------------------------------------------------------------------------------


def _cell(ref: str, value: str, kind: str = "inlineStr", style: str = "") -> str:
    s = f' s="{style}"' if style else ""
    if kind == "inlineStr":
        return f'<c r="{ref}" t="inlineStr"{s}><is><t>{value}</t></is></c>'
    t = f' t="{kind}"' if kind else ""
    return f'<c r="{ref}"{t}{s}><v>{value}</v></c>'


def _row(number: int, *cells: str, attrs: str = "") -> str:
    return f'<row r="{number}"{attrs}>{"".join(cells)}</row>'


_HEAD = _row(1, _cell("A1", "Date"), _cell("B1", "Event"), _cell("C1", "Source"))
_STYLES = (f'<styleSheet xmlns="{S_NS}"><numFmts count="1"><numFmt numFmtId="164" '
           'formatCode="dd/mm/yyyy"/></numFmts><cellXfs count="2"><xf numFmtId="0"/>'
           '<xf numFmtId="164"/></cellXfs></styleSheet>')


def _xlsx(path: Path, rows: str, *, tail: str = "", styles: bool = False,
          date1904: bool = False, shared: list[str] | None = None) -> Path:
    parts = returns.xlsx_parts(returns.sheet_xml(_HEAD + rows).replace(
        "</sheetData>", "</sheetData>" + tail), shared)
    if styles:
        parts["xl/styles.xml"] = _STYLES
        parts["xl/_rels/workbook.xml.rels"] = str(parts["xl/_rels/workbook.xml.rels"]).replace(
            "</Relationships>", '<Relationship Id="rId9" Type="http://schemas.openxmlformats.org/'
            'officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>')
    if date1904:
        parts["xl/workbook.xml"] = str(parts["xl/workbook.xml"]).replace(
            "<sheets>", '<workbookPr date1904="1"/><sheets>')
    return returns._zip(path, parts)


def test_excel_error_values_are_not_imported_as_text(tmp_path, demo_case):
    path = _xlsx(tmp_path / "errors.xlsx",
                 _row(2, _cell("A2", "22/05/2025"), _cell("B2", "#VALUE!", "e"),
                      _cell("C2", "P1"))
                 + _row(3, _cell("A3", "23/05/2025"), _cell("B3", "Call"),
                        '<c r="C3" t="e"><f>1/0</f><v>#DIV/0!</v></c>'))
    assert errors_of(demo_case, path) == [
        "row 2, column '(whole row)': this row was not read: column 2 holds the Excel error "
        "#VALUE! (a formula that could not be worked out), not a value; correct it in Excel and "
        "save it again.",
        "row 3, column '(whole row)': this row was not read: column 3 holds the Excel error "
        "#DIV/0! (a formula that could not be worked out), not a value; correct it in Excel and "
        "save it again.",
    ]


def test_damaged_cell_and_row_numbers_are_refused_not_guessed(tmp_path):
    negative = _xlsx(tmp_path / "negative.xlsx",
                     _row(2, _cell("A2", "22/05/2025"), _cell("B2", "-1", "s")), shared=["x"])
    # strings[-1] is the last string: it was imported in place of the missing one.
    assert "holds '-1', which is not a value of its kind" in refused(negative)
    twice = _xlsx(tmp_path / "twice.xlsx",
                  _row(2, _cell("A2", "22/05/2025"), _cell("B2", "first"), _cell("B2", "second")))
    assert "row 2 has two cells in column 2" in refused(twice)
    again = _xlsx(tmp_path / "again.xlsx", _row(2, _cell("A2", "22/05/2025"), _cell("B2", "a"))
                  + _row(2, _cell("A2", "23/05/2025"), _cell("B2", "b")))
    assert "is damaged: row 2 comes after row 2" in refused(again)


def _sheets(path: Path, sheets: list[tuple[str, str, str]]) -> Path:
    """(name, state, rows) per sheet."""
    parts = returns.xlsx_parts("")
    entries, rels = [], []
    for i, (name, state, rows) in enumerate(sheets, start=1):
        parts[f"xl/worksheets/sheet{i}.xml"] = returns.sheet_xml(_HEAD + rows)
        st = f' state="{state}"' if state else ""
        entries.append(f'<sheet name="{name}" sheetId="{i}"{st} r:id="rId{i}"/>')
        rels.append(f'<Relationship Id="rId{i}" Type="http://schemas.openxmlformats.org/'
                    f'officeDocument/2006/relationships/worksheet" '
                    f'Target="worksheets/sheet{i}.xml"/>')
    parts["xl/workbook.xml"] = (
        f'<workbook xmlns="{S_NS}" xmlns:r="http://schemas.openxmlformats.org/officeDocument/'
        f'2006/relationships"><sheets>{"".join(entries)}</sheets></workbook>')
    parts["xl/_rels/workbook.xml.rels"] = (
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        f'{"".join(rels)}</Relationships>')
    return returns._zip(path, parts)


def test_hidden_sheets_and_rows_are_not_imported_as_if_seen(tmp_path, demo_case):
    old = _row(2, _cell("A2", "01/01/2020"), _cell("B2", "another family"), _cell("C2", "X"))
    new = _row(2, _cell("A2", "22/05/2025"), _cell("B2", "Seen"), _cell("C2", "P1"))
    book = _sheets(tmp_path / "hidden.xlsx", [("Old", "hidden", old), ("Chronology", "", new)])
    assert read_table(book).rows[0].cells[1] == "Seen"  # the hidden sheet came first
    only = _sheets(tmp_path / "only.xlsx", [("Old", "veryHidden", old)])
    assert "every sheet is hidden (Old)" in refused(only)
    rows = _xlsx(tmp_path / "rows.xlsx", new + _row(
        3, _cell("A3", "23/05/2025"), _cell("B3", "filtered out"), attrs=' hidden="1"'))
    assert errors_of(demo_case, rows) == [
        "row 3, column '(whole row)': this row was not read: it is hidden in the workbook "
        "(filtered out or hidden), so the sender may not have meant it; show or delete it in "
        "Excel and save it again."]


def test_two_chronology_sheets_are_refused_not_half_imported(tmp_path):
    a = _row(2, _cell("A2", "22/05/2024"), _cell("B2", "2024"), _cell("C2", "P1"))
    b = _row(2, _cell("A2", "22/05/2025"), _cell("B2", "2025"), _cell("C2", "P2"))
    book = _sheets(tmp_path / "years.xlsx", [("2024", "", a), ("2025", "", b)])
    assert refused(book) == (
        "years.xlsx has 2 sheets that look like chronologies ('2024' and '2025'); Visible "
        "imports one sheet at a time. Choose one (CLI: --sheet NAME), then import the others "
        "the same way.")


def test_a_sheet_is_chosen_by_name_or_number_and_a_wrong_choice_is_named(tmp_path):
    a = _row(2, _cell("A2", "22/05/2024"), _cell("B2", "seen in 2024"), _cell("C2", "P1"))
    b = _row(2, _cell("A2", "22/05/2025"), _cell("B2", "seen in 2025"), _cell("C2", "P2"))
    old = _row(2, _cell("A2", "01/01/2020"), _cell("B2", "old copy"), _cell("C2", "P0"))
    book = _sheets(tmp_path / "years.xlsx",
                   [("Spare", "hidden", old), ("2024", "", a), ("Year 2025", "", b)])
    assert read_table(book, sheet="year 2025").rows[0].cells[1] == "seen in 2025"  # case aside
    assert read_table(book, sheet="1").rows[0].cells[1] == "seen in 2024"  # visible sheets
    assert read_table(book, sheet="2024").rows[0].cells[1] == "seen in 2024"  # a name first
    assert refused(book, sheet="2026") == (
        "years.xlsx has no sheet '2026'; its sheets are 1 '2024', 2 'Year 2025'.")
    assert "the sheet 'Spare' is hidden; show it in Excel" in refused(book, sheet="Spare")
    # A choice that cannot apply to the file is said, never ignored.
    csv = tmp_path / "police.csv"
    csv.write_text("Date,Event,Source\n22/05/2025,Seen,P1\n", "utf-8")
    assert "police.csv is not an Excel workbook" in refused(csv, sheet="2024")
    assert "years.xlsx is not a Word document" in refused(book, table_number=2)


def test_the_command_line_imports_the_sheet_it_is_told(tmp_path, new_case, monkeypatch, capsys):
    from app.cli import main
    from storage.chronology_store import entries

    a = _row(2, _cell("A2", "22/05/2024"), _cell("B2", "seen in 2024"), _cell("C2", "P1"))
    b = _row(2, _cell("A2", "22/05/2025"), _cell("B2", "seen in 2025"), _cell("C2", "P2"))
    book = _sheets(tmp_path / "years.xlsx", [("2024", "", a), ("2025", "", b)])
    path = new_case.path
    new_case.close()
    monkeypatch.setenv("VISIBLE_PASSPHRASE", PASSPHRASE)
    assert main(["import", str(path), str(book), "--agency", "Police"]) == 1
    assert "Choose one (CLI: --sheet NAME)" in capsys.readouterr().err
    assert main(["import", str(path), str(book), "--agency", "Police", "--sheet", "2025"]) == 0
    assert main(["import", str(path), str(book), "--agency", "Police", "--sheet", "9"]) == 1
    assert "has no sheet '9'; its sheets are 1 '2024', 2 '2025'." in capsys.readouterr().err
    with CaseFile.open(path, PASSPHRASE, read_only=True) as case:
        assert [e.what_happened for e in entries(case)] == ["seen in 2025"]


def test_a_date_merged_down_over_a_days_rows_reads_on_each(tmp_path, demo_case):
    path = _xlsx(tmp_path / "merged.xlsx",
                 _row(2, _cell("A2", "22/05/2025"), _cell("B2", "Seen"), _cell("C2", "P1"))
                 + _row(3, _cell("B3", "Phoned mother"), _cell("C3", "P2")),
                 tail='<mergeCells count="1"><mergeCell ref="A2:A3"/></mergeCells>')
    assert entries_of(demo_case, path) == [("22/05/2025", "Seen"),
                                           ("22/05/2025", "Phoned mother")]


def test_merged_cells_cannot_make_the_reader_slow(tmp_path):
    # Every one overlapping every other, each over a million rows: the fill is bounded, and
    # more merges than any return has are refused before any is used.
    merges = '<mergeCell ref="A2:A1048576"/>' * 50_001
    path = _xlsx(tmp_path / "merges.xlsx", "".join(
        _row(n, _cell(f"A{n}", "22/05/2025"), _cell(f"B{n}", "x")) for n in range(2, 12)),
        tail=f'<mergeCells count="50001">{merges}</mergeCells>')
    start = time.perf_counter()
    assert "has more than 50,000 merged cells" in refused(path)
    assert time.perf_counter() - start < 3


def test_excel_date_serials(tmp_path, demo_case):
    path = _xlsx(tmp_path / "serials.xlsx",
                 _row(2, _cell("A2", "60", "", "1"), _cell("B2", "29 Feb 1900?"))
                 + _row(3, _cell("A3", "-5", "", "1"), _cell("B3", "negative"))
                 + _row(4, _cell("A4", "45799.5", "", "1"), _cell("B4", "noon")),
                 styles=True)
    report = errors_of(demo_case, path)
    # Serials 59 and 60 both became 28/02/1900 and -5 became 25/12/1899 without a word.
    assert report[0].startswith("row 2, column '(whole row)': this row was not read: column 1 "
                                "holds 60, an Excel date before 1 March 1900")
    assert any(line.startswith("row 3, column '(whole row)'") and "holds -5" in line
               for line in report)
    assert not any(line.startswith("row 4") for line in report)
    mac = _xlsx(tmp_path / "mac.xlsx", _row(2, _cell("A2", "44337", "", "1"),
                                            _cell("B2", "1904 dates")), styles=True,
                date1904=True)
    assert entries_of(demo_case, mac) == [("22/05/2025", "1904 dates")]
    flags = _xlsx(tmp_path / "bool.xlsx", _row(2, _cell("A2", "22/05/2025"), _cell("B2", "1", "b")))
    assert read_table(flags).rows[0].cells[1] == "TRUE"  # as Excel shows it, not "True"


# Word -------------------------------------------------------------------------------------------

_MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"


def _docx(path: Path, body: str) -> Path:
    return returns.write_docx(path, (
        f'<?xml version="1.0"?><w:document xmlns:w="{W_NS}" xmlns:mc="{_MC}">'
        f"<w:body>{body}</w:body></w:document>"))


def _p(*runs: str) -> str:
    return "<w:p>" + "".join(runs) + "</w:p>"


def _r(text: str) -> str:
    return f'<w:r><w:t xml:space="preserve">{text}</w:t></w:r>'


def _tc(inner: str, props: str = "") -> str:
    return f"<w:tc>{f'<w:tcPr>{props}</w:tcPr>' if props else ''}{inner}</w:tc>"


def _tbl(*rows: str) -> str:
    head = "<w:tr>" + "".join(_tc(_p(_r(h))) for h in ("Date", "Event", "Source")) + "</w:tr>"
    return "<w:tbl>" + head + "".join(rows) + "</w:tbl>"


def _tr(date: str, event: str, source: str = "P1", props: str = "") -> str:
    return f"<w:tr>{props}{_tc(_p(_r(date)))}{_tc(event)}{_tc(_p(_r(source)))}</w:tr>"


def test_word_line_breaks_and_tabs_are_kept(tmp_path):
    path = _docx(tmp_path / "breaks.docx", _tbl(_tr("22/05/2025", _p(
        "<w:r><w:t>Seen at home</w:t><w:br/><w:t>Mother present</w:t><w:tab/><w:t>11am</w:t>"
        "<w:noBreakHyphen/><w:t>ish</w:t></w:r>"))))
    # Was "Seen at homeMother present11amish".
    assert read_table(path).rows[0].cells[1] == "Seen at home\nMother present\t11am-ish"


def _text_box(inner: str) -> str:
    # Word writes a text box twice: the drawing, and a VML copy for older versions.
    return (f"<w:r><mc:AlternateContent><mc:Choice Requires=\"wps\"><w:drawing><w:txbxContent>"
            f"{inner}</w:txbxContent></w:drawing></mc:Choice><mc:Fallback><w:pict>"
            f"<w:txbxContent>{inner}</w:txbxContent></w:pict></mc:Fallback>"
            "</mc:AlternateContent></w:r>")


def test_a_text_box_is_read_once(tmp_path):
    in_cell = _docx(tmp_path / "box.docx", _tbl(_tr("22/05/2025", _p(_r("Seen"),
                                                                     _text_box(_p(_r("NOTE")))))))
    assert read_table(in_cell).rows[0].cells[1] == "Seen\nNOTE"  # was "SeenNOTENOTE\nNOTE\nNOTE"
    # A chronology inside a text box is one table, not two.
    boxed = _docx(tmp_path / "boxed.docx", _p(_text_box(_tbl(_tr("22/05/2025", _p(_r("x")))))))
    table = read_table(boxed)
    assert [r.ref for r in table.rows] == ["row 2"]


@pytest.mark.parametrize("change", [
    '<w:del w:id="1" w:author="A"><w:r><w:delText>he hit her</w:delText></w:r></w:del>'
    '<w:ins w:id="2" w:author="A"><w:r><w:t>nothing</w:t></w:r></w:ins>',
    '<w:moveFrom w:id="3" w:author="A"><w:r><w:t>moved</w:t></w:r></w:moveFrom>'
    '<w:moveTo w:id="4" w:author="A"><w:r><w:t>moved</w:t></w:r></w:moveTo>',
])
def test_unresolved_tracked_changes_are_refused_not_resolved_silently(tmp_path, demo_case,
                                                                      change):
    path = _docx(tmp_path / "tracked.docx", _tbl(_tr("22/05/2025", _p(_r("Mother said "),
                                                                      change))))
    assert errors_of(demo_case, path) == [
        "row 2, column '(whole row)': this row was not read: it holds tracked changes not yet "
        "accepted or rejected, so which text the agency means is not known; accept or reject "
        "them in Word (Review) and save it again."]


def test_a_deleted_row_hidden_text_and_footnotes_are_named(tmp_path, demo_case):
    path = _docx(tmp_path / "unseen.docx", _tbl(
        _tr("22/05/2025", _p(_r("deleted row")), props='<w:trPr><w:del w:id="9" w:author="A"/>'
            "</w:trPr>"),
        _tr("23/05/2025", _p(_r("Seen "), '<w:r><w:rPr><w:vanish/></w:rPr><w:t>not shown</w:t>'
                             "</w:r>")),
        _tr("24/05/2025", _p(_r("See note"), '<w:r><w:footnoteReference w:id="1"/></w:r>')),
        _tr("25/05/2025", _p(_r("Fine"), '<w:r><w:rPr><w:vanish w:val="0"/></w:rPr>'
                             "<w:t> and shown</w:t></w:r>")),
    ))
    report = errors_of(demo_case, path)
    assert [line.split(":")[0] for line in report] == ["row 2, column '(whole row)'",
                                                      "row 3, column '(whole row)'",
                                                      "row 4, column '(whole row)'"]
    assert "tracked changes" in report[0]
    assert "text formatted as hidden" in report[1]
    assert "refers to a footnote" in report[2]
    assert read_table(path).rows[3].cells[1] == "Fine and shown"


def test_word_merged_and_skipped_cells_keep_each_value_under_its_header(tmp_path, demo_case):
    path = _docx(tmp_path / "merged.docx", (
        "<w:tbl><w:tr>" + "".join(_tc(_p(_r(h))) for h in ("Date", "Event", "Source"))
        + "</w:tr><w:tr>" + _tc(_p(_r("22/05/2025")), '<w:vMerge w:val="restart"/>')
        + _tc(_p(_r("Seen"))) + _tc(_p(_r("P1"))) + "</w:tr><w:tr>"
        + _tc(_p(), "<w:vMerge/>") + _tc(_p(_r("Phoned mother"))) + _tc(_p(_r("P2")))
        + "</w:tr></w:tbl>"))
    assert entries_of(demo_case, path) == [("22/05/2025", "Seen"),
                                           ("22/05/2025", "Phoned mother")]
    skipped = _docx(tmp_path / "before.docx", _tbl(
        '<w:tr><w:trPr><w:gridBefore w:val="1"/></w:trPr>' + _tc(_p(_r("Seen only")))
        + _tc(_p(_r("P1"))) + "</w:tr>"))
    # The cells moved left: "Seen only" was read as the date.
    assert read_table(skipped).rows[0].cells == ["", "Seen only", "P1"]
    wide = _docx(tmp_path / "wide.docx", _tbl(
        '<w:tr><w:trPr><w:gridBefore w:val="1000000000"/></w:trPr>' + _tc(_p(_r("x")))
        + "</w:tr>"))
    assert "claims to span 1,000,000,000 columns" in refused(wide)


def test_two_chronology_tables_are_refused_unless_one_is_chosen(tmp_path):
    path = _docx(tmp_path / "years.docx", _tbl(_tr("22/05/2024", _p(_r("2024"))))
                 + _p(_r("2025")) + _tbl(_tr("22/05/2025", _p(_r("2025")))))
    assert refused(path) == (
        "years.docx holds 2 tables that look like chronologies (tables 1 and 2); Visible "
        "imports one at a time. Put them in one table, or choose one (CLI: --table N).")
    assert read_table(path, 2).rows[0].cells[1] == "2025"


# The command line -------------------------------------------------------------------------------


def test_cli_dry_run_and_import_of_hostile_returns(tmp_path, passphrase):
    env = {**os.environ, "PYTHONPATH": str(ROOT), "VISIBLE_PASSPHRASE": passphrase}

    def cli(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "app", *args], capture_output=True,
                              text=True, env=env, cwd=ROOT, timeout=120)

    case = tmp_path / "c.vcase"  # refusals come before the case is opened; it is not made
    only_header = tmp_path / "header.csv"
    only_header.write_text(HEADER)
    dry = cli("import", str(case), str(only_header), "--agency", "Police", "--dry-run")
    # A dry run said "0 rows read ... Dry run: nothing imported." and exit 0.
    assert dry.returncode == 1 and dry.stderr.count("\n") == 1, dry.stderr
    assert "no entries below it" in dry.stderr and "Traceback" not in dry.stderr


def test_cli_refuses_two_chronology_tables_in_one_line(tmp_path, passphrase):
    env = {**os.environ, "PYTHONPATH": str(ROOT), "VISIBLE_PASSPHRASE": passphrase}
    case = tmp_path / "c.vcase"
    years = _docx(tmp_path / "years.docx", _tbl(_tr("22/05/2024", _p(_r("2024"))))
                  + _tbl(_tr("22/05/2025", _p(_r("2025")))))
    both = subprocess.run([sys.executable, "-m", "app", "import", str(case), str(years),
                           "--agency", "Police", "--dry-run"], capture_output=True, text=True,
                          env=env, cwd=ROOT, timeout=120)
    assert both.returncode == 1 and both.stderr.count("\n") == 1, both.stderr
    assert "look like chronologies" in both.stderr


def test_cli_imports_a_sep_line_csv(tmp_path, passphrase):
    env = {**os.environ, "PYTHONPATH": str(ROOT), "VISIBLE_PASSPHRASE": passphrase}
    case = tmp_path / "c.vcase"
    from storage.case import CaseDetails
    from storage.casefile import CaseFile

    CaseFile.create(case, passphrase, CaseDetails(reference="HOST-1")).close()
    sep = tmp_path / "sep.csv"
    sep.write_text("sep=;\nDate;Event;Source\n22/05/2025;Seen at home, mother present;POL-1\n")
    ok = subprocess.run([sys.executable, "-m", "app", "import", str(case), str(sep), "--agency",
                         "Police", "--new-agency"], capture_output=True, text=True, env=env,
                        cwd=ROOT, timeout=120)
    assert ok.returncode == 0, ok.stderr
    assert "Imported 1 entries" in ok.stdout


def test_zip_parts_in_other_compression_methods(tmp_path):
    """Stored, bzip2 and LZMA parts read like deflated ones (the limits are on declared sizes,
    whatever the method); a method Python cannot unpack (Deflate64) is one line."""
    rows = _row(2, _cell("A2", "22/05/2025"), _cell("B2", "Seen"), _cell("C2", "P1"))
    for method in (zipfile.ZIP_STORED, zipfile.ZIP_BZIP2, zipfile.ZIP_LZMA):
        path = tmp_path / f"m{method}.xlsx"
        with zipfile.ZipFile(path, "w", method) as z:
            for name, data in returns.xlsx_parts(returns.sheet_xml(_HEAD + rows)).items():
                z.writestr(name, data)
        assert read_table(path).rows[0].cells[1] == "Seen"
    deflate64 = tmp_path / "d64.xlsx"
    with zipfile.ZipFile(deflate64, "w", zipfile.ZIP_STORED) as z:
        for name, data in returns.xlsx_parts(returns.sheet_xml(_HEAD + rows)).items():
            z.writestr(name, data)
    data = bytearray(deflate64.read_bytes())
    # Compression method 9 (Deflate64) in every local and central header.
    for sig, offset in ((b"PK\x03\x04", 8), (b"PK\x01\x02", 10)):
        at = data.find(sig)
        while at >= 0:
            data[at + offset:at + offset + 2] = (9).to_bytes(2, "little")
            at = data.find(sig, at + 4)
    deflate64.write_bytes(bytes(data))
    message = refused(deflate64)
    assert "cannot be read" in message or "damaged" in message, message


def test_password_protected_and_old_style_office_files_are_named(tmp_path):
    from msoffcrypto.format.ooxml import OOXMLFile

    plain = returns.good_xlsx(tmp_path / "plain.xlsx")
    with plain.open("rb") as source, (tmp_path / "locked.xlsx").open("wb") as out:
        OOXMLFile(source).encrypt("secret", out)  # as Excel writes a workbook with a password
    assert refused(tmp_path / "locked.xlsx") == (
        "locked.xlsx is password-protected; open it in Excel, remove the password (File → "
        "Info → Protect), save it, and import it again.")
    (tmp_path / "locked.docx").write_bytes((tmp_path / "locked.xlsx").read_bytes())
    assert "locked.docx is password-protected; open it in Word" in refused(
        tmp_path / "locked.docx")
    # A compound file that cannot be told apart still names both possibilities.
    (tmp_path / "old.docx").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504))
    assert "password-protected, or is an old-style Word file (.doc)" in refused(
        tmp_path / "old.docx")


def test_a_zip_asking_for_a_version_python_lacks_is_one_line(tmp_path):
    # Found by test_import_malformed's long fuzz: NotImplementedError("zip file version 14.9").
    data = bytearray(returns.good_docx(tmp_path / "good.docx").read_bytes())
    at = data.find(b"PK\x01\x02")
    data[at + 6:at + 8] = (149).to_bytes(2, "little")  # "version needed to extract"
    (tmp_path / "v.docx").write_bytes(bytes(data))
    assert "cannot be read as a Word document (zip file version 14.9)" in refused(
        tmp_path / "v.docx")


def test_control_characters_are_refused_and_a_vertical_tab_is_a_line_break(tmp_path, demo_case):
    path = tmp_path / "controls.csv"
    path.write_bytes(b"Date,Event,Source\n22/05/2025,Seen\x0bsecond line,P1\n"
                     b"23/05/2025,Seen \x1b[31mred\x07,P2\n")
    assert read_table(path).rows[0].cells[1] == "Seen\nsecond line"
    assert errors_of(demo_case, path) == [
        "row 3, column '(whole row)': column 2 holds the control character U+001B, which is not "
        "text: the file is damaged, holds codes copied from another program, or is read in the "
        "wrong encoding (choose its encoding); correct it and import it again."]
    # Windows-1252 smart quotes read as Latin-1 are C1 controls, not quotes: said so.
    quotes = tmp_path / "quotes.csv"
    quotes.write_bytes(b"Date,Event,Source\n22/05/2025,She said \x93no\x94,P1\n")
    table = read_table(quotes, encoding="latin-1")
    assert "control character U+0093" in table.rows[0].suspicious


def test_excel_escaped_characters_are_unescaped(tmp_path):
    # Excel writes a Windows line break in a cell as _x000D_, and a literal "_x" as _x005F_x.
    path = _xlsx(tmp_path / "escaped.xlsx",
                 _row(2, _cell("A2", "22/05/2025"), _cell("B2", "0", "s"),
                      _cell("C2", "ref_x005F_x0031_")),
                 shared=["Line one_x000D_\nLine two"])
    assert read_table(path).rows[0].cells[1:] == ["Line one\nLine two", "ref_x0031_"]


def test_a_column_showing_us_date_order_doubts_its_ambiguous_dates(tmp_path, demo_case):
    path = tmp_path / "us.csv"
    path.write_text(HEADER + "03/04/2025,A,P1\n04/13/2025,B,P2\n05/05/2025,C,P3\n"
                    "2025-03-04,D,P4\n")
    # 03/04/2025 was imported as 3 April although 04/13/2025 shows the file is month first.
    assert errors_of(demo_case, path)[0] == (
        "row 2, column '(whole row)': column 1 ('Date') has 03/04/2025, read day first as 3 "
        "April; but row 3 has 04/13/2025, which only month-first (US) order can read, so this "
        "may be 4 March. Write the dates as 22 May 2016 or 2016-05-22 and import the file again.")
    british = tmp_path / "uk.csv"
    british.write_text(HEADER + "03/04/2025,A,P1\n13/04/2025,B,P2\n")
    assert errors_of(demo_case, british) == []


def test_a_zip_of_too_many_parts_is_refused_before_its_directory_is_read(tmp_path,
                                                                         monkeypatch):
    # zipfile makes an object per entry: 400,000 empty parts (35 MB) took 6 s and 230 MB.
    path = tmp_path / "parts.docx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as z:
        for name, data in returns.docx_parts(returns.docx_table_xml(returns.GOOD_ROWS)).items():
            z.writestr(name, data)
        for i in range(10_001):
            z.writestr(f"x/{i}", b"")

    def no_directory(*args: object, **kwargs: object) -> None:
        raise AssertionError("the zip's directory was read")

    monkeypatch.setattr(zipfile, "ZipFile", no_directory)
    assert refused(path) == (
        "parts.docx holds 10,004 parts; a Word document or Excel workbook has a few dozen "
        "(Visible reads at most 10,000). Is it really a chronology return?")


def _many_strings(path: Path, count: int) -> Path:
    parts = returns.xlsx_parts(returns.sheet_xml(_HEAD + _row(2, _cell("A2", "22/05/2025"),
                                                              _cell("B2", "0", "s"))), [])
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            if name != "xl/sharedStrings.xml":
                z.writestr(name, data)
        with z.open("xl/sharedStrings.xml", "w") as out:
            out.write(f'<sst xmlns="{S_NS}">'.encode())
            for start in range(0, count, 10_000):
                out.write("".join(f"<si><t>{i}</t></si>"
                                  for i in range(start, min(count, start + 10_000))).encode())
            out.write(b"</sst>")
    return path


_PROBE = r"""
import json, resource, sys, time
resource.setrlimit(resource.RLIMIT_AS, (1536 << 20, 1536 << 20))
from forms.importers.readers import read_table
from storage.errors import CaseError
out = {}
for path in sys.argv[1:]:
    start = time.perf_counter()
    try:
        read_table(path)
        out[path] = ["read", time.perf_counter() - start]
    except CaseError as exc:
        out[path] = [str(exc), time.perf_counter() - start]
status = open("/proc/self/status").read()
out["peak_mb"] = int(status.split("VmHWM:")[1].split()[0]) / 1024
print(json.dumps(out))
"""


def test_new_hostile_files_are_refused_quickly_under_the_memory_cap(tmp_path):
    strings = _many_strings(tmp_path / "strings.xlsx", 2_000_000)  # 5 MB; was ~170 MB, 25 s
    merges = _xlsx(tmp_path / "merges.xlsx", _row(2, _cell("A2", "22/05/2025")),
                   tail='<mergeCells>' + '<mergeCell ref="A2:A1048576"/>' * 60_000
                   + "</mergeCells>")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-c", _PROBE, str(strings), str(merges)],
                          capture_output=True, text=True, env=env, cwd=ROOT, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert "holds more than 600,000 different texts" in result[str(strings)][0]
    assert "has more than 50,000 merged cells" in result[str(merges)][0]
    for path in (strings, merges):
        assert result[str(path)][1] < 3, result
    assert result["peak_mb"] < 150, result["peak_mb"]


def test_a_workbook_of_many_different_texts_under_the_limit_reads(tmp_path):
    path = _many_strings(tmp_path / "fine.xlsx", 20_000)
    assert read_table(path).rows[0].cells[1] == "0"


def test_a_quote_left_open_to_the_end_of_the_file_is_flagged(tmp_path):
    path = tmp_path / "open.csv"
    # The lines after the quote have fewer separators than a row, so the existing check (a
    # line inside the cell that looks like a row) did not see it.
    path.write_text(HEADER + '22/05/2025,"Seen,P1\n23/05/2025 call\nletter sent\n')
    assert read_table(path).rows[0].suspicious == (
        'a quote (") opened on line 2 is never closed, so lines 2–4 (to the end of the file) '
        "were read as this one row. Check the quotes in the file.")
    fine = tmp_path / "fine.csv"
    fine.write_text(HEADER + '22/05/2025,"Seen\nat home",P1\n23/05/2025,5" tall,P2\n')
    assert [r.suspicious for r in read_table(fine).rows] == ["", ""]


def test_an_inline_strings_phonetic_guide_is_not_text(tmp_path):
    path = _xlsx(tmp_path / "ruby.xlsx", _row(2, _cell("A2", "22/05/2025"),
                                              '<c r="B2" t="inlineStr"><is><t>東京</t><rPh sb="0" '
                                              'eb="2"><t>トウキョウ</t></rPh></is></c>'))
    assert read_table(path).rows[0].cells[1] == "東京"


@pytest.mark.parametrize("name", ["rot13", "base64", "hex", "zlib"])
def test_a_codec_that_is_not_a_text_encoding_is_refused_in_one_line(tmp_path, name):
    path = tmp_path / "r.csv"
    path.write_text(HEADER + "22/05/2025,Seen,P1\n")
    # Was a LookupError traceback from the CLI's --encoding.
    assert refused(path, encoding=name).startswith(
        f"'{name}' is not an encoding Visible knows; use one of UTF-8, Windows-1252")


def test_a_word_file_whose_table_is_an_unmerged_embedded_document_says_so(tmp_path):
    parts = returns.docx_parts(
        f'<w:document xmlns:w="{W_NS}" xmlns:r="http://schemas.openxmlformats.org/'
        'officeDocument/2006/relationships"><w:body><w:altChunk r:id="rId5"/></w:body>'
        "</w:document>")
    parts["word/chunk.html"] = "<table><tr><td>Date</td><td>Event</td></tr></table>"
    path = returns._zip(tmp_path / "chunk.docx", parts)
    assert refused(path) == (  # was "holds no table"
        "chunk.docx holds its content as a document embedded by another program, not yet "
        "merged into it; open it in Word, save it, and import it again.")


def test_values_in_a_hidden_column_are_not_imported_as_if_seen(tmp_path, demo_case):
    parts = returns.xlsx_parts(returns.sheet_xml(
        _HEAD.replace("</row>", _cell("D1", "Notes") + "</row>")
        + _row(2, _cell("A2", "22/05/2025"), _cell("B2", "Seen"), _cell("C2", "P1"))
        + _row(3, _cell("A3", "23/05/2025"), _cell("B3", "Call"), _cell("C3", "P2"),
               _cell("D3", "another child's details"))).replace(
        "<sheetData>", '<cols><col min="4" max="4" hidden="1"/>'
                       '<col min="5" max="16384" hidden="1"/></cols><sheetData>'))
    path = returns._zip(tmp_path / "hidden-column.xlsx", parts)
    assert errors_of(demo_case, path) == [
        "row 3, column '(whole row)': this row was not read: column 4 is hidden in the workbook "
        "and this row has a value in it; show or delete the column in Excel and save it again."]
