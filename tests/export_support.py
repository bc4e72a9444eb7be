"""Shared pieces for the export tests: a synthetic document and a demo-case snapshot."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from exports.document import (
    BulletList,
    Column,
    Document,
    Heading,
    KeyValueList,
    Orientation,
    Paragraph,
    Row,
    RowColour,
    Section,
    Table,
    TitlePage,
)

MARKING = "OFFICIAL-SENSITIVE"
TODAY = dt.date(2026, 11, 26)
WORDS = ("Health visitor saw the baby; Łukasz Dvořák and Zofia Wójcik present, "
         "father not seen, safe sleep discussed, referral made to early help").split()


def sample_document(rows: int = 120, words: int = 60, marking: str = MARKING) -> Document:
    body = [
        Row([str(i + 1), f"{(i % 28) + 1:02d}/05/2026", "10:30", f"HV{i + 1}",
             " ".join(WORDS[(i + k) % len(WORDS)] for k in range(words)), f"Outcome {i + 1}"],
            RowColour("0072B2", "FFFFFF", 3) if i % 2 else None)
        for i in range(rows)
    ]
    table = Table([Column("No.", 0.5), Column("Date", 1), Column("Time", 0.6),
                   Column("Agency", 0.9), Column("Event", 5), Column("Action / outcome", 2)],
                  body, caption="Table 1: entries")
    return Document(
        TitlePage("Sample chronology", "For tests", [("Case reference", "T-1")]),
        [Section([Heading("Summary", 1), Paragraph("Names: Łukasz, Žofie, Øyvind, Şükrü."),
                  BulletList(["first point", "second point"]),
                  KeyValueList([("Mother", "Zofia Wójcik")]), Heading("Detail", 2)]),
         Section([Heading("Chronology", 1), table], Orientation.LANDSCAPE)],
        marking=marking,
    )


@pytest.fixture(scope="module", name="demo_snapshot")
def _demo_snapshot(tmp_path_factory: pytest.TempPathFactory):
    from app.operations.demo import create_demo
    from storage.snapshot import load_snapshot
    from tests.conftest import PASSPHRASE

    folder: Path = tmp_path_factory.mktemp("demo")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("VISIBLE_CONFIG_DIR", str(folder / "config"))
        with create_demo(str(folder / "demo.vcase"), PASSPHRASE) as case:
            return load_snapshot(case, today=TODAY)
