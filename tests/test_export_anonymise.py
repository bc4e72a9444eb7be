"""Anonymised exports of the demo case leak no name, date of birth, address or reference."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from app.operations.export import build_document
from exports.anonymise import Anonymiser
from exports.document import ExportOptions, Paragraph
from exports.errors import AnonymisationLeak
from exports.file_text import file_text
from exports.output import write_document
from tests.export_support import _demo_snapshot  # noqa: F401  (fixture)

DEMO_NAMES = ["Freya", "Katarzyna", "Kasia", "Nowak", "Daniel", "Price", "Liam", "Carter",
              "Tomasz", "Ewa", "Mason", "Aisha", "Rahman", "Joanne", "Whitfield", "Priya", "Shah",
              "Gareth", "Lloyd", "Okafor"]
DEMO_PRIVATE = ["14/03/2026", "02/08/2003", "19/11/2001", "07/01/1998", "30/05/1973",
                "21/06/2019", "Larch Close", "Mill Road", "Orchard Row", "EB4 2QT", "EB1 5HX",
                "DEMO-2026-0147", "POLICE-1001", "HOSPITAL-1003"]


def test_free_text_names_possessives_addresses_and_dobs_are_replaced(demo_snapshot) -> None:
    anonymiser = Anonymiser(demo_snapshot)
    text = anonymiser.text(
        "Kasia's partner Liam Carter told Dr Aisha Rahman that Daniel visited 14 Larch Close, "
        "Eastbridge EB4 2QT; LIAM said the price was high. Freya born 14/03/2026. "
        "Mrs Nowak was not seen (ref POLICE-1001 p.2).")
    # "Kasia's partner Liam Carter": the label would repeat what the words say (no doubling).
    assert text.startswith("Mother's partner told GP1 that Father visited")
    assert "LIAM" not in text and "the price was high" in text
    assert "[date of birth removed]" in text and "Baby F born" in text
    assert "[address removed]" in text and "Larch" not in text and "EB4" not in text
    assert "Nowak" not in text  # a family name shared by three people is removed, not guessed
    assert "POLICE-1001" not in text
    assert anonymiser.pseudonyms[demo_snapshot.index_child.id] == "Baby F"
    # A role word followed by the same role's pseudonym is not doubled.
    assert anonymiser.text("the baby's father Daniel; Midwife Joanne Whitfield") == \
        "the baby's father; Midwife 1"
    assert anonymiser.text("her partner Liam; maternal grandfather Tomasz 'helps out'") == \
        "her partner; maternal grandfather 'helps out'"
    assert anonymiser.text("Kasia (mother) and baby Freya") == "Mother and Baby F"
    assert set(anonymiser.pseudonyms.values()) >= {
        "Baby F", "Mother", "Father", "Mother's partner", "Maternal grandfather"}
    assert {"GP1", "Midwife 1", "Health visitor 1"} <= set(anonymiser.practitioners.values())


def test_a_recorded_address_goes_with_its_house_and_flat_number(demo_snapshot) -> None:
    anonymiser = Anonymiser(demo_snapshot)
    assert anonymiser.text("Seen at 12 Larch Close; then at Flat 3, 12 Larch Close.") == \
        "Seen at [address removed]; then at [address removed]."
    # A date or a year before a street is not a house number.
    assert anonymiser.text("On 12 March, Larch Close; in 2026 Larch Close.") == \
        "On 12 March, [address removed]; in 2026 [address removed]."


@pytest.mark.parametrize("style", ["court", "review"])
@pytest.mark.parametrize("fmt", ["pdf", "docx"])
def test_anonymised_export_contains_no_identifying_text(demo_snapshot, tmp_path: Path,
                                                        style: str, fmt: str) -> None:
    options = ExportOptions(format=fmt, style=style, anonymise=True)
    document, anonymiser = build_document(demo_snapshot, options)
    path = write_document(document, tmp_path / f"anon.{fmt}", fmt,
                          verify=lambda data: anonymiser.check(file_text(data, fmt)))
    text = file_text(path.read_bytes(), fmt)
    assert "Baby F" in text and "Mother's partner" in text
    lowered = text.lower()
    for term in DEMO_NAMES:
        assert f" {term.lower()} " not in f" {lowered} ".replace("\n", " "), term
        assert term not in text, term
    for term in DEMO_PRIVATE:
        assert term not in text, term
    assert "aged 8 months" in text  # Baby F on 26/11/2026


def test_the_scan_refuses_a_file_with_a_leftover_name(demo_snapshot, tmp_path: Path) -> None:
    options = ExportOptions(format="pdf", style="court", anonymise=True)
    document, anonymiser = build_document(demo_snapshot, options)
    document.sections[0].blocks.append(Paragraph("Typed after anonymising: KATARZYNA."))
    with pytest.raises(AnonymisationLeak, match="KATARZYNA"):
        write_document(document, tmp_path / "leak.pdf", "pdf",
                       verify=lambda data: anonymiser.check(file_text(data, "pdf")))
    assert list(tmp_path.iterdir()) == []


def _tiny_png() -> bytes:
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))

    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 2, 2, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(b"\x00" + b"\xff" * 6 + b"\x00" + b"\xff" * 6))
            + chunk(b"IEND", b""))


@pytest.mark.parametrize("fmt", ["pdf", "docx", "html"])
def test_the_scan_reads_alt_text_and_metadata_too(demo_snapshot, tmp_path: Path,
                                                 fmt: str) -> None:
    from exports.document import Figure, TitlePage

    options = ExportOptions(format=fmt, style="court", anonymise=True)
    document, anonymiser = build_document(demo_snapshot, options)
    png = _tiny_png()
    document.sections[0].blocks.append(Figure(png, caption="A picture",
                                              alt_text="Drawn by Liam Carter"))
    with pytest.raises(AnonymisationLeak, match="Liam"):
        write_document(document, tmp_path / f"alt.{fmt}", fmt,
                       verify=lambda data: anonymiser.check(file_text(data, fmt)))
    document, anonymiser = build_document(demo_snapshot, options)
    document.title_page = TitlePage("Chronology about Katarzyna Nowak")  # the file's title
    with pytest.raises(AnonymisationLeak, match="Katarzyna"):
        write_document(document, tmp_path / f"title.{fmt}", fmt,
                       verify=lambda data: anonymiser.check(file_text(data, fmt)))
    assert list(tmp_path.iterdir()) == []


def test_the_same_person_gets_the_same_pseudonym_in_both_styles(demo_snapshot) -> None:
    first = Anonymiser(demo_snapshot).pseudonyms
    again = Anonymiser(dataclasses.replace(demo_snapshot)).pseudonyms
    assert first == again
    assert len(set(first.values())) == len(first)


def test_trie_pattern_matches_like_a_longest_first_alternation() -> None:
    import random
    import re

    from exports.anonymise import trie_pattern

    rng = random.Random(4)
    terms = {f"{rng.choice(['POL', 'GP', 'HOSP'])}-{rng.randrange(1000, 1300)}"
             f"{rng.choice(['', ' p.1', ' p.12'])}" for _ in range(400)}
    terms |= {"Ann", "Anna", "Annabel"}
    text = " ".join(rng.choice(sorted(terms)) + rng.choice([" ", ", ", "x "]) for _ in range(3000))
    plain = re.compile(r"(?<!\w)(" + "|".join(re.escape(t) for t in
                                                sorted(terms, key=len, reverse=True)) + r")(?!\w)")
    trie = re.compile(r"(?<!\w)(" + trie_pattern(terms) + r")(?!\w)")
    assert [m.span() for m in trie.finditer(text)] == [m.span() for m in plain.finditer(text)]
    assert trie.findall("Annabel met Anna and Ann; Annab") == ["Annabel", "Anna", "Ann"]


def test_people_named_by_title_but_not_recorded_are_removed(demo_snapshot) -> None:
    anonymiser = Anonymiser(demo_snapshot)
    text = anonymiser.text(
        "PC Smith and Dr Okoro visited with Nurse Ann Lee; Mrs Patel-Green (neighbour) called. "
        "Mr Price was told.")
    for name in ("Smith", "Okoro", "Ann", "Lee", "Patel", "Green", "Price"):
        assert name not in text
    assert text.startswith("PC [name removed] and Dr [name removed] visited with Nurse "
                           "[name removed]; Mrs [name removed] (neighbour) called.")
    assert text.endswith(" Father was told.")  # the title goes with the name it stood before


def test_a_recorded_address_is_removed_abbreviated_or_written_out(demo_snapshot) -> None:
    anonymiser = Anonymiser(demo_snapshot)
    text = anonymiser.text("Repairs at no. 14 Larch Cl. and at 88 Mill Rd; Larch Close again.")
    assert "Larch" not in text and "Mill" not in text, text


def test_a_recorded_persons_nickname_with_the_family_name_is_that_person(demo_snapshot) -> None:
    # Round 4: "Father (Danny Price)" read "Father (Person F Father)"; the midwife's
    # "Jo Whitfield" left "Jo". A nickname beside the family name is the recorded person.
    anonymiser = Anonymiser(demo_snapshot)
    text = anonymiser.text("Father (Danny Price) came; Jo Whitfield and Gary Lloyd; "
                           "Tomek Nowak too.")
    assert text == "Father came; Midwife 1 and Police officer 1; Maternal grandfather too."
