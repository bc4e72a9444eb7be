"""No export carries a bidirectional override: a hostile return cannot reorder what is read.

An agency's text with U+202E (RIGHT-TO-LEFT OVERRIDE) shows "…not seen" as "…seen" reversed
in Word; stored as given, every export writes it in the order the reader saw, without the
control characters (named exports as well as anonymised ones). Nor does any carry another
control character (a bell, a terminal escape, NEL) pasted in from another system.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from app.operations.chronology import add_entry
from app.operations.export import export_case
from exports.document import ExportOptions
from exports.file_text import file_text
from exports.identifiers.text import without_overrides
from storage.chronology import Agency, ChronologyEntry
from storage.dates import PartialDate

OVERRIDES = re.compile("[\u202a-\u202e\u2066-\u2069]")
HOSTILE = "Father \u202eNEES TON\u202c at the door; \u2067isolated\u2069 note."


def test_the_filter_writes_what_the_reader_saw() -> None:
    assert without_overrides(HOSTILE) == "Father NOT SEEN at the door; isolated note."
    assert without_overrides("Kasia \u200fNowak\u200e") == "Kasia \u200fNowak\u200e"  # marks stay
    plain = "Seen at home."
    assert without_overrides(plain) is plain


def _review_with(case, folder: Path, fmt: str, text: str) -> bytes:  # noqa: ANN001
    """The bytes of a review exported after an entry with this text was added."""
    agency = case.all(Agency)[0]
    add_entry(case, ChronologyEntry(PartialDate(2026, 5, 22), agency.id, text, "POL-1"))
    out = export_case(case, ExportOptions(format=fmt, style="review"), folder / f"review.{fmt}")
    return out.path.read_bytes()


@pytest.mark.parametrize("fmt", ["pdf", "docx", "html"])
def test_no_export_carries_an_override(new_case, tmp_path: Path, fmt: str) -> None:
    text = file_text(_review_with(new_case, tmp_path, fmt, HOSTILE), fmt)
    assert "NOT SEEN" in text.replace("\n", " ")
    assert not OVERRIDES.search(text)


CONTROLLED = "Officer\x07 noted \x1b[1mshouting\x1b[0m\x85 at the flat.\r\nDoor\x0c closed\x00."
CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


@pytest.mark.parametrize("fmt", ["pdf", "docx", "html"])
def test_no_export_carries_a_control_character(new_case, tmp_path: Path, fmt: str) -> None:
    # Pasted from other systems: a bell, a terminal's colour codes, NEL, a form feed, a NUL.
    raw = _review_with(new_case, tmp_path, fmt, CONTROLLED)
    text = file_text(raw, fmt)
    if fmt == "pdf":
        text = text.replace("\r\n", "\n")  # how pdfium reports each line end it extracts
    assert "noted [1mshouting[0m at the flat." in text.replace("\n", " ")
    assert "Door closed." in text.replace("\n", " ")
    assert not CONTROLS.search(text.replace("\n", "").replace("\t", ""))
    if fmt == "html":  # the bytes themselves, not only what a parser kept
        assert not CONTROLS.search(raw.decode("utf-8").replace("\n", "").replace("\t", ""))
