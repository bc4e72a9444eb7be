"""The author's review: candidates listed, decisions stored (audited, undoable), exports
refused until every candidate is decided, decisions reused by the export."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from app.genogram.rendering import render_png
from app.operations.anonymisation import Choice, decide, decide_all_identifying, pending
from app.operations.export import export_case as _export_case
from exports.document import ExportOptions
from exports.errors import ExportError
from exports.file_text import file_text
from storage.anonymisation import Decision
from storage.chronology import Agency, ChronologyEntry
from storage.chronology_store import add_entry
from storage.dates import PartialDate
from tests.conftest import PASSPHRASE


def export_case(case, options, path):
    return _export_case(case, options, path, render_genogram=render_png).path


RETURN = ("Neighbour Pat Doyle rang police. Nursery worker sarah at Little Acorns Day Nursery "
          "saw a bruise; Dr Okoro at Riverside Surgery examined Freya. Pat Doyle said Liam "
          "Carter shouted. Contact 07700 900461.")


def _add_return(case) -> None:
    agency = next(a for a in case.all(Agency) if a.name == "Police")
    with case.transaction("Add an agency return") as tx:
        add_entry(tx, ChronologyEntry(PartialDate(2026, 4, 2), agency.id, RETURN, "POL-9"))


def test_candidates_are_listed_and_an_anonymised_export_waits_for_decisions(
        demo_case, tmp_path: Path) -> None:
    _add_return(demo_case)
    keys = {c.key for c in pending(demo_case)}
    assert {"pat doyle", "sarah", "okoro", "little acorns day nursery",
            "riverside surgery"} <= keys
    assert "liam carter" not in keys and "larch close" not in keys  # recorded: automatic
    options = ExportOptions(format="pdf", style="review", anonymise=True)
    with pytest.raises(ExportError, match=r"not decided yet.*visible anonymise"):
        export_case(demo_case, options, tmp_path / "r.pdf")
    assert not (tmp_path / "r.pdf").exists()


def test_decisions_are_audited_undoable_and_used_by_the_export(demo_case,
                                                              tmp_path: Path) -> None:
    _add_return(demo_case)
    change = decide(demo_case, [Choice("pat doyle", "person", Decision.PSEUDONYM, "Pat Doyle",
                                       "Neighbour 1")])
    assert change is not None and "pat doyle" not in {c.key for c in pending(demo_case)}
    demo_case.undo(change.txn)
    assert "pat doyle" in {c.key for c in pending(demo_case)}
    demo_case.redo(change.txn)
    _, count = decide_all_identifying(demo_case)
    assert count >= 4 and pending(demo_case) == []
    events = [e for e in demo_case.audit_events() if "Anonymisation" in e.action]
    assert events and events[0].author == demo_case.author
    for fmt in ("pdf", "docx", "html"):
        written = export_case(demo_case, ExportOptions(format=fmt, style="review",
                                                       anonymise=True), tmp_path / f"r.{fmt}")
        text = file_text(written.read_bytes(), fmt)
        for term in ("Doyle", "sarah", "Okoro", "Acorns", "Riverside", "07700"):
            assert term not in text, (fmt, term)
        assert "Neighbour 1" in text and "Nursery 1" in text


def test_cli_lists_decides_and_refuses(tmp_path: Path, monkeypatch) -> None:
    case = tmp_path / "d.vcase"
    env = {"VISIBLE_PASSPHRASE": PASSPHRASE}
    monkeypatch.setenv("VISIBLE_PASSPHRASE", PASSPHRASE)

    def visible(*args: str) -> subprocess.CompletedProcess[str]:
        import os

        return subprocess.run([sys.executable, "-m", "app", *args], capture_output=True,
                              text=True, env={**os.environ, **env}, timeout=300)

    assert visible("demo", str(case)).returncode == 0
    from storage.casefile import CaseFile

    with CaseFile.open(case, PASSPHRASE) as opened:
        _add_return(opened)
    listed = visible("anonymise", str(case), "--json")
    data = json.loads(listed.stdout)
    assert data["undecided"] >= 5
    doyle = next(c for c in data["candidates"] if c["key"] == "pat doyle")
    assert doyle["count"] == 2 and doyle["kind"] == "person" and doyle["entries"]
    refused = visible("export", str(case), "--style", "review", "--anonymise",
                      "--out", str(tmp_path / "r.pdf"))
    assert refused.returncode == 1 and "not decided yet" in refused.stderr
    assert "Traceback" not in refused.stderr and not (tmp_path / "r.pdf").exists()
    assert visible("anonymise", str(case), "--decide", "Okoro", "--keep").returncode == 0
    assert visible("anonymise", str(case), "--all-identifying").returncode == 0
    done = visible("export", str(case), "--style", "review", "--anonymise",
                   "--out", str(tmp_path / "r.pdf"))
    assert done.returncode == 0, done.stderr


def test_a_v9_case_is_upgraded_with_an_empty_decisions_table(case_path: Path) -> None:
    from storage.anonymisation import AnonymisationDecision
    from storage.case import CaseDetails
    from storage.casefile import CaseFile
    from storage.schema import LATEST_VERSION

    CaseFile.create(case_path, PASSPHRASE, CaseDetails(reference="OLD"),
                    schema_version=9).close()
    with CaseFile.open(case_path, PASSPHRASE) as case:
        assert case.schema_version == LATEST_VERSION >= 10  # later steps follow (drafts: 11)
        assert case.all(AnonymisationDecision) == []


def test_redaction_log_in_the_audit_trail_and_the_document(demo_case, tmp_path: Path) -> None:
    _add_return(demo_case)
    decide_all_identifying(demo_case)
    options = ExportOptions(format="docx", style="review", anonymise=True, redaction_log=True)
    written = export_case(demo_case, options, tmp_path / "r.docx")
    text = file_text(written.read_bytes(), "docx")
    assert "Redaction log" in text and "Phone number" in text
    event = demo_case.audit_events()[-1]
    logged = json.loads(event.new["options"])["redactions"]
    assert logged["removed"]["phone"] == 1 and logged["removed"]["person"] >= 3
    assert logged["decisions"] >= 5 and logged["decided_by"] == [demo_case.author]
    flat = json.dumps(logged)
    for original in ("Doyle", "Okoro", "Acorns", "07700"):
        assert original not in flat  # kinds and counts, never the originals


def test_no_identifying_metadata_and_no_bidi_controls(demo_case, tmp_path: Path,
                                                      monkeypatch) -> None:
    import datetime as dt
    import zipfile

    import pypdf

    agency = next(a for a in demo_case.all(Agency) if a.name == "Police")
    with demo_case.transaction("Add a return with an override") as tx:
        add_entry(tx, ChronologyEntry(PartialDate(2026, 4, 3), agency.id,
                                      "Message signed \u202eretraC maiL\u202c and \u2066x\u2069.",
                                      "POL-10"))
    from storage.carers import RoleAssignment

    with demo_case.transaction("Recorded by the login name") as tx:
        for role in demo_case.all(RoleAssignment):
            role.recorded_by = "root"
            tx.save(role)
    decide_all_identifying(demo_case)
    for fmt in ("docx", "pdf", "html"):
        written = export_case(demo_case, ExportOptions(format=fmt, style="court",
                                                       anonymise=True), tmp_path / f"c.{fmt}")
        data = written.read_bytes()
        text = file_text(data, fmt)
        assert not any(c in text for c in "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
        assert "Liam" not in text and "retraC" not in text
        assert "root" not in text and "Recorded by" not in text  # the login name
        assert demo_case.author not in text
    with zipfile.ZipFile(tmp_path / "c.docx") as package:
        core = package.read("docProps/core.xml").decode()
        app_xml = package.read("docProps/app.xml").decode()
        assert not any(n.startswith("docProps/thumbnail") for n in package.namelist())
    assert "<Application>Visible</Application>" in app_xml and "Macintosh" not in app_xml
    assert dt.date.today().isoformat() in core and "2013-12-23" not in core
    reader = pypdf.PdfReader(str(tmp_path / "c.pdf"))
    info = reader.metadata
    assert info.author == "Visible" and info.producer == "Visible"
    xmp = reader.trailer["/Root"]["/Metadata"].get_object().get_data().decode()
    assert "pdfuaid:part" in xmp and demo_case.author not in xmp  # XMP read, no login name
    assert "<dc:creator>" not in xmp or "Visible" in xmp
    page = (tmp_path / "c.html").read_text(encoding="utf-8")
    assert demo_case.author not in page and 'name="author"' not in page


def test_a_dispute_is_reviewed_like_the_entry_it_disputes(demo_case, tmp_path: Path) -> None:
    from storage.chronology import Dispute, DisputeParty

    agency = next(a for a in demo_case.all(Agency) if a.name == "Police")
    with demo_case.transaction("Add a disputed entry") as tx:
        add_entry(tx, ChronologyEntry(
            PartialDate(2026, 4, 4), agency.id, "Mother was pushed at the door.", "POL-11",
            disputed=True,
            disputes=[Dispute(DisputeParty.OTHER, "Gaz Wozniak pushed her, not him",
                              party_name="neighbour Bernadette Quigley")]))
    keys = {c.key for c in pending(demo_case)}
    assert {"gaz wozniak", "bernadette quigley"} <= keys, keys
    decide_all_identifying(demo_case)
    # One format is enough here: the words are replaced in the document model, before any
    # writer runs (the three formats are compared in test_anonymise_holdout).
    written = export_case(demo_case, ExportOptions(format="docx", style="review",
                                                   anonymise=True), tmp_path / "d.docx")
    text = file_text(written.read_bytes(), "docx")
    assert "disputes this" in text
    for term in ("Gaz", "Wozniak", "Bernadette", "Quigley"):
        assert term not in text, term


def test_an_unrecorded_officer_is_not_given_a_recorded_officers_label(demo_case) -> None:
    # The demo's PC Gareth Lloyd is "Police officer 1"; the third hold-out round's
    # "PC 2231 Whitaker" was suggested "Police officer 1" too, so the published review said
    # the recorded officer attended where another did.
    from app.operations.anonymisation import taken_labels
    from exports.anonymise import Anonymiser
    from storage.anonymisation_store import decisions
    from storage.snapshot import load_snapshot

    agency = next(a for a in demo_case.all(Agency) if a.name == "Police")
    with demo_case.transaction("Add an agency return") as tx:
        add_entry(tx, ChronologyEntry(PartialDate(2026, 4, 5), agency.id,
                                      "PC 2231 Whitaker and Midwife Rhiannon attended.",
                                      "POL-10"))
    staff = set(Anonymiser(load_snapshot(demo_case)).practitioners.values())
    assert {"Police officer 1", "Midwife 1"} <= staff <= taken_labels(demo_case)
    decide_all_identifying(demo_case)
    given = {d.text: d.label for d in decisions(demo_case)}
    assert given["2231 Whitaker"] == "Police officer 2"
    assert not staff & set(given.values())


def test_table_headers_are_anonymised_like_every_other_text(demo_case) -> None:
    from app.operations.export import build_document
    from exports.document import Column, Section, Table
    from storage.snapshot import load_snapshot

    options = ExportOptions(format="html", style="review", anonymise=True)
    document, anonymiser = build_document(load_snapshot(demo_case), options)
    table = Table([Column("Quarter"), Column("Liam Carter")], [], caption="Contacts")
    document.sections.append(Section([table]))
    document.map_texts(anonymiser.text)
    assert [c.title for c in table.columns] == ["Quarter", "Mother's partner"]


def test_a_recorded_persons_nickname_is_offered_as_that_person(demo_case,
                                                               tmp_path: Path) -> None:
    # Round 4: "Father (Danny Price)" and "mother calls him 'Dan'" became "Person F" and
    # "Person E": the father vanished from the published review where his own name stood.
    from storage.anonymisation_store import decisions

    agency = next(a for a in demo_case.all(Agency) if a.name == "Midwife")
    with demo_case.transaction("Add an agency return") as tx:
        add_entry(tx, ChronologyEntry(PartialDate(2026, 5, 4), agency.id,
                                      "Father (Danny Price) was present; mother calls him "
                                      "'Dan'. Tomek was there.", "MW-4"))
    by_key = {c.key: c for c in pending(demo_case)}
    # With his family name the nickname is him, replaced like his name: not a candidate.
    assert "danny price" not in by_key
    assert by_key["dan"].same_as_label == "Father"  # offered; the author decides
    assert by_key["tomek"].same_as_label == "Maternal grandfather"  # Tomasz, in Polish
    decide_all_identifying(demo_case)
    made = {d.key: d for d in decisions(demo_case)}
    assert made["dan"].decision is Decision.PSEUDONYM  # alone it may be another Dan
    written = export_case(demo_case, ExportOptions(format="html", style="review",
                                                   anonymise=True), tmp_path / "n.html")
    text = file_text(written.read_bytes(), "html")
    assert "Father was present" in text  # "Father (Father)" read as one
    assert "Danny" not in text
