"""Character encodings of CSV returns: detected, shown, changeable, never silently garbled."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from forms.importers.encodings import codec_for
from forms.importers.readers import EncodingProblem, ImportFileError, read_table

ROOT = Path(__file__).resolve().parents[1]
HEADER = "Date,Event,Source\n"


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def events(table) -> list[str]:
    return [row.cells[1] for row in table.rows]


def test_utf8_with_one_stray_windows_1252_byte_is_refused_naming_line_row_and_byte(tmp_path):
    # The file: UTF-8 (Wiśniewska, café) with one £ pasted as the single byte 0xA3.
    text = (HEADER + "22/05/2026,Zofia Wiśniewska seen by café worker,HV-1\n"
            "23/05/2026,Paid back £40 of arrears,HV-2\n").encode("utf-8")
    data = text.replace("£".encode(), b"\xa3")
    path = write(tmp_path, "hv.csv", data)
    with pytest.raises(EncodingProblem) as refused:
        read_table(path)
    message = str(refused.value)
    assert "line 3 (row 3): byte 0xA3" in message and "not valid UTF-8" in message
    assert "\n" not in message and "WiÅ" not in message
    # The user may choose to read such bytes as Windows-1252: then both are right.
    table = read_table(path, fallback=True)
    assert events(table) == ["Zofia Wiśniewska seen by café worker", "Paid back £40 of arrears"]
    assert table.encoding == "UTF-8"
    assert "1 byte(s) not valid UTF-8 read as Windows-1252" in table.encoding_note


def test_mac_roman_is_detected_not_read_as_windows_1252(tmp_path):
    text = (HEADER + "22/05/2026,Stratégie de sécurité discutée avec la mère; père absent,HV-1\n"
            "23/05/2026,Réunion au café – mère présente,HV-2\n")
    table = read_table(write(tmp_path, "mac.csv", text.encode("mac_roman")))
    assert table.encoding == "Mac Roman"
    assert events(table)[0].startswith("Stratégie de sécurité")
    assert "StratŽgie" not in events(table)[0]


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-le", "utf-16-be"])
def test_utf16_with_and_without_byte_order_mark(tmp_path, codec):
    text = "Date\tEvent\tSource\r\n22/05/2026\tمحمد seen by PC Lloyd – “no concerns”\tPOL-1\r\n"
    table = read_table(write(tmp_path, "police.csv", text.encode(codec)))
    assert table.headers == ["Date", "Event", "Source"]
    assert events(table) == ["محمد seen by PC Lloyd – “no concerns”"]
    assert table.encoding.startswith("UTF-16")


def test_windows_1252_smart_quotes_and_pound_sign(tmp_path):
    text = (HEADER + "22/05/2026,“Kasia said she’d had enough” – £40 damage noted,POL-1\n"
            "23/05/2026,Father’s “views” not sought,POL-2\n")
    table = read_table(write(tmp_path, "pol.csv", text.encode("cp1252")))
    assert table.encoding.startswith("Windows-1252")
    assert events(table) == ["“Kasia said she’d had enough” – £40 damage noted",
                             "Father’s “views” not sought"]


def test_utf8_byte_order_mark_is_not_part_of_the_first_header(tmp_path):
    table = read_table(write(tmp_path, "bom.csv",
                             (HEADER + "22/05/2026,Zoë seen,GP-1\n").encode("utf-8-sig")))
    assert table.headers[0] == "Date" and events(table) == ["Zoë seen"]
    assert table.encoding_note == "byte-order mark"


def test_a_chosen_encoding_overrides_detection_and_is_still_strict(tmp_path):
    data = (HEADER + "22/05/2026,Stratégie,HV-1\n").encode("mac_roman")
    path = write(tmp_path, "mac.csv", data)
    assert events(read_table(path, encoding="Windows-1252")) == ["StratŽgie"]  # as asked
    with pytest.raises(EncodingProblem, match=r"line 2 \(row 2\): byte 0x8E .* not valid UTF-8"):
        read_table(path, encoding="utf-8")
    with pytest.raises(ImportFileError, match="not an encoding Visible knows"):
        read_table(path, encoding="klingon")


def test_cr_only_line_endings_from_old_mac_excel(tmp_path):
    data = (HEADER + "22/05/2026,Café visit,HV-1\n23/05/2026,Phone call,HV-2\n").replace(
        "\n", "\r").encode("mac_roman")
    table = read_table(write(tmp_path, "cr.csv", data))
    assert events(table) == ["Café visit", "Phone call"]


def test_codec_names_users_type():
    assert codec_for("Windows-1252") == "cp1252"
    assert codec_for("mac-roman") == "mac_roman"
    assert codec_for("UTF8") == "utf-8"
    assert codec_for("latin-1") == "iso-8859-1"


def run_cli(*args: str, passphrase: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "VISIBLE_PASSPHRASE": passphrase}
    return subprocess.run([sys.executable, "-m", "app", *args], capture_output=True, text=True,
                          env=env, cwd=ROOT, timeout=120)


def test_cli_refuses_invalid_bytes_then_imports_with_encoding_or_fallback(tmp_path, passphrase):
    case = tmp_path / "c.vcase"
    assert run_cli("new", str(case), "--reference", "ENC-1", passphrase=passphrase).returncode == 0
    data = (HEADER + "22/05/2026,Zofia Wiśniewska seen,HV-1\n"
            "23/05/2026,Paid £40,HV-2\n").encode("utf-8").replace("£".encode(), b"\xa3")
    path = write(tmp_path, "hv.csv", data)
    refused = run_cli("import", str(case), str(path), "--agency", "Health visitor",
                      passphrase=passphrase)
    assert refused.returncode == 1, refused.stderr
    assert refused.stderr.count("\n") == 1 and "Traceback" not in refused.stderr
    assert "line 3 (row 3): byte 0xA3" in refused.stderr
    ok = run_cli("import", str(case), str(path), "--agency", "Health visitor",
                 "--fallback", "cp1252", passphrase=passphrase)
    assert ok.returncode == 0, ok.stderr
    assert "Read as UTF-8" in ok.stdout and "read as Windows-1252" in ok.stdout
    mac = write(tmp_path, "mac.csv", (HEADER + "22/05/2026,Café,HV-3\n").encode("mac_roman"))
    chosen = run_cli("import", str(case), str(mac), "--agency", "Health visitor",
                     "--encoding", "mac-roman", "--dry-run", passphrase=passphrase)
    assert chosen.returncode == 0, chosen.stderr
    assert "Read as Mac Roman (chosen)" in chosen.stdout
