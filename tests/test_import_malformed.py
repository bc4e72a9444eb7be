"""Damaged and hostile returns: one line naming what is wrong, in well under a second, within a
memory cap; and a fuzz test over the three readers (a clean table or a CaseError, nothing else).
"""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from forms.importers.readers import ImportFileError, read_table
from storage.errors import CaseError
from tests.helpers import returns

ROOT = Path(__file__).resolve().parents[1]


def refused(path: Path) -> str:
    with pytest.raises(ImportFileError) as caught:
        read_table(path)
    message = str(caught.value)
    assert "\n" not in message and "Traceback" not in message
    return message


@pytest.mark.parametrize(
    "xml, phrase",
    [
        ("<w:document", "is damaged: its part word/document.xml cannot be read"),
        ('<w:document xmlns:w="{w}"><w:body><w:tbl><w:tr><w:tc><w:p><w:r><w:t>a</w:t>'
         "</w:p></w:tc></w:tr></w:tbl></w:body></w:document>", "line 1: Opening and ending tag"),
        ('<w:document xmlns:w="{w}"><w:body><w:tbl><w:tr><w:tc><w:p><w:r><w:t>Date &nope; x'
         "</w:t></w:r></w:p></w:tc></w:tr></w:tbl></w:body></w:document>", "cannot be read"),
        ('<w:document xmlns:w="{w}"><w:body><w:p/></w:body></w:document>', "holds no table"),
        ('<w:document xmlns:w="{w}"><w:body><w:tbl><w:tr><w:tc><w:tcPr><w:gridSpan w:val="x"/>'
         "</w:tcPr><w:p/></w:tc></w:tr></w:tbl></w:body></w:document>", "gives its width as 'x'"),
    ],
)
def test_malformed_word_xml_is_one_line(tmp_path, xml, phrase):
    path = returns.write_docx(tmp_path / "bad.docx", xml.replace("{w}", returns.W_NS))
    assert phrase in refused(path)


def test_a_word_file_with_no_document_part(tmp_path):
    with zipfile.ZipFile(tmp_path / "empty.docx", "w") as z:
        z.writestr("hello.txt", "hi")
    assert "has no word/document.xml" in refused(tmp_path / "empty.docx")


def test_malformed_excel_files_are_one_line(tmp_path):
    no_sheet = returns.xlsx_parts(returns.sheet_xml(""))
    no_sheet["xl/_rels/workbook.xml.rels"] = (
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"/>')
    with zipfile.ZipFile(tmp_path / "nosheet.xlsx", "w") as z:
        for name, data in no_sheet.items():
            z.writestr(name, data)
    assert "holds no worksheet" in refused(tmp_path / "nosheet.xlsx")
    broken = returns.write_xlsx(tmp_path / "broken.xlsx", returns.sheet_xml("<row><c>"))
    assert "is damaged: its part xl/worksheets/sheet1.xml" in refused(broken)
    bad_string = returns.write_xlsx(
        tmp_path / "index.xlsx",
        returns.sheet_xml('<row r="1"><c r="A1" t="s"><v>7</v></c></row>'), shared=["Date"])
    assert "refers to its text number 8, but the workbook holds 1" in refused(bad_string)
    bad_ref = returns.write_xlsx(tmp_path / "ref.xlsx",
                                 returns.sheet_xml('<row r="1"><c r="1A"><v>1</v></c></row>'))
    assert "has a cell named '1A'" in refused(bad_ref)
    (tmp_path / "zip.xlsx").write_bytes(b"PK\x03\x04 not really a zip")
    assert "cannot be read as an Excel workbook" in refused(tmp_path / "zip.xlsx")


def test_blank_and_duplicate_headers_are_refused(tmp_path):
    dup = tmp_path / "dup.csv"
    dup.write_text("Date,Event,date\n22/05/2026,Seen,23/05/2026\n")
    assert "columns 1 and 3 are both called 'date'" in refused(dup)
    blank = tmp_path / "blank.csv"
    blank.write_text("Date,,Source\n22/05/2026,Seen at home,POL-1\n")
    assert "column 2 has no name but holds values" in refused(blank)
    spacer = tmp_path / "spacer.csv"  # an empty unnamed column is harmless
    spacer.write_text("Date,,Event\n22/05/2026,,Seen\n")
    assert read_table(spacer).headers == ["Date", "Column 2", "Event"]


def test_an_unclosed_quote_is_flagged_with_its_line_numbers(tmp_path, demo_case):
    from forms.importers.mapping import guess_mapping
    from forms.importers.plan import build_plan
    from storage.chronology_store import agency_by_name

    path = tmp_path / "quote.csv"
    path.write_text('Date,Event,Source\n22/05/2026,"Seen at home,POL-1\n'
                    "23/05/2026,Phone call,POL-2\n24/05/2026,Letter sent,POL-3\n")
    table = read_table(path)
    assert len(table.rows) == 1
    plan = build_plan(demo_case, table, agency_by_name(demo_case, "Police"),
                      guess_mapping(table.headers))
    assert plan.error_report() == [
        "row 2, column '(whole row)': lines 2–4 were read as this one row because a quote (\") "
        "opened on line 2 is not closed until line 4; the lines inside look like rows of their "
        "own. Check the quotes in the file."
    ]
    # A quoted narrative with line breaks of its own is not suspicious.
    fine = tmp_path / "fine.csv"
    fine.write_text('Date,Event,Source\n22/05/2026,"Seen at home.\nMother present.",POL-1\n')
    assert read_table(fine).rows[0].suspicious == ""


def test_csv_that_is_not_text(tmp_path):
    nul = tmp_path / "nul.csv"
    nul.write_bytes(b"Date,Event\n1,\x00\x00\x00a\x00\n")
    assert "line 2: holds NUL characters, so it is not text in UTF-8" in refused(nul)


_HOSTILE_PROBE = r"""
import json, resource, sys, time
resource.setrlimit(resource.RLIMIT_AS, (int(sys.argv[2]), int(sys.argv[2])))
from forms.importers.readers import read_table
from storage.errors import CaseError
out = {}
for path in json.loads(sys.argv[1]):
    start = time.perf_counter()
    try:
        read_table(path)
        outcome = "read"
    except CaseError as exc:
        outcome = str(exc)
    except BaseException as exc:
        outcome = f"UNEXPECTED {type(exc).__name__}: {exc}"
    out[path] = [outcome, time.perf_counter() - start]
# VmHWM, not ru_maxrss: the latter survives exec, so a child of a big pytest process would
# report its parent's size.
status = open("/proc/self/status").read()
out["peak_mb"] = int(status.split("VmHWM:")[1].split()[0]) / 1024
print(json.dumps(out))
"""


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    return returns.hostile_files(tmp_path_factory.mktemp("hostile"))


def test_hostile_files_are_refused_quickly_in_one_line_under_a_memory_cap(hostile):
    # The address-space cap stops a regression from swapping the machine; the figure asserted
    # is the peak resident size of the reading process, which must stay under 300 MB.
    paths = [str(p) for p, _ in hostile.values()]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-c", _HOSTILE_PROBE, json.dumps(paths),
                           str(1536 * 1024 * 1024)], capture_output=True, text=True, env=env,
                          cwd=ROOT, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    result = json.loads(done.stdout.strip().splitlines()[-1])
    for name, (path, phrase) in hostile.items():
        message, seconds = result[str(path)]
        assert phrase in message, f"{name}: {message}"
        assert "\n" not in message
        # Well under a second each on a quiet machine; generous here for a shared one.
        assert seconds < 5, f"{name} took {seconds:.1f} s"
    assert result["peak_mb"] < 300, result["peak_mb"]


# Fuzzing --------------------------------------------------------------------------------------

def _seed_files(folder: Path) -> dict[str, bytes]:
    folder.mkdir(exist_ok=True)
    csv_bytes = ("Date,Event,Source,Key event\n22/05/2026,\"Seen, with \"\"Liam\"\"\",POL-1,yes\n"
                 "May 2026,Café visit – £40,POL-2,\n").encode()
    return {
        ".csv": csv_bytes,
        ".docx": returns.good_docx(folder / "seed.docx").read_bytes(),
        ".xlsx": returns.good_xlsx(folder / "seed.xlsx").read_bytes(),
    }


def _mutate_bytes(data: bytes, rng: random.Random) -> bytes:
    out = bytearray(data)
    for _ in range(rng.randint(1, 8)):
        op = rng.randrange(4)
        at = rng.randrange(len(out)) if out else 0
        if op == 0 and out:
            out[at] = rng.randrange(256)
        elif op == 1:
            out[at:at] = bytes(rng.randrange(256) for _ in range(rng.randint(1, 4)))
        elif op == 2 and out:
            del out[at : at + rng.randint(1, 16)]
        else:
            out = out[: rng.randint(0, len(out))]
    return bytes(out)


_XML_BITS = ["<", ">", "&", "&amp;", "&bogus;", "\"", "</w:tc>", "<w:tr>", "<w:tc>",
             '<w:gridSpan w:val="99999"/>', "<row>", '<c r="ZZZ9">', '<c t="s"><v>99</v></c>',
             "<!DOCTYPE x>", "\x00", "é", "<v>1e999</v>", '<c t="d"><v>nope</v></c>',
             '<dimension ref="A1:B2"/>', "]]>"]


def _mutate_zip(data: bytes, rng: random.Random, folder: Path) -> bytes:
    """Change the XML inside one part and zip it again (byte flips mostly break the zip)."""
    source = folder / f"in-{rng.random()}.zip"
    source.write_bytes(data)
    with zipfile.ZipFile(source) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    name = rng.choice(sorted(parts))
    text = parts[name].decode("utf-8", "replace")
    for _ in range(rng.randint(1, 5)):
        at = rng.randrange(len(text) + 1)
        if rng.random() < 0.5:
            text = text[:at] + rng.choice(_XML_BITS) + text[at:]
        else:
            text = text[:at] + text[at + rng.randint(1, 12):]
    parts[name] = text.encode("utf-8")
    if rng.random() < 0.2:
        parts.pop(rng.choice(sorted(parts)))
    target = folder / f"out-{rng.random()}.zip"
    with zipfile.ZipFile(target, "w") as z:
        for part, content in parts.items():
            z.writestr(part, content)
    out = target.read_bytes()
    source.unlink()
    target.unlink()
    return out


def _fuzz_once(folder: Path, seeds: dict[str, bytes], suffix: str, seed: int, xml: bool) -> None:
    rng = random.Random(seed)
    data = seeds[suffix]
    data = _mutate_zip(data, rng, folder) if xml else _mutate_bytes(data, rng)
    path = folder / f"fuzz-{seed}{suffix}"
    path.write_bytes(data)
    try:
        table = read_table(path)
    except CaseError as exc:
        assert str(exc) and "\n" not in str(exc), repr(exc)
    else:
        assert table.headers and all(isinstance(h, str) for h in table.headers)
    finally:
        path.unlink()


FUZZ_EXAMPLES = int(os.environ.get("VISIBLE_FUZZ_EXAMPLES", "120"))


@settings(max_examples=FUZZ_EXAMPLES, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(suffix=st.sampled_from([".csv", ".docx", ".xlsx"]), seed=st.integers(0, 2**32),
       xml=st.booleans())
def test_fuzzed_returns_give_a_table_or_one_line_error(tmp_path, suffix, seed, xml):
    folder = tmp_path / "fuzz"
    seeds = _seed_files(folder)
    _fuzz_once(folder, seeds, suffix, seed, xml and suffix != ".csv")


@pytest.mark.slow
def test_fuzz_many_more(tmp_path):
    folder = tmp_path / "fuzz"
    seeds = _seed_files(folder)
    for seed in range(5000):
        suffix = (".csv", ".docx", ".xlsx")[seed % 3]
        _fuzz_once(folder, seeds, suffix, seed, seed % 2 == 1 and suffix != ".csv")
