"""The letter asking an agency what its records hold about one man.

One template per agency kind (the wording differs; the structure does not): a cover sheet, who
the request is about, the basis for sharing, what is asked, and a reply pro-forma (SIRS, source
report §9.5: prompts sent to the father's GP and answered on a pro-forma). Data minimisation is
the rule: the letter carries only what the agency needs to find his record — name, date of
birth, address, and the NHS number for health services — and nobody else's name unless the
practitioner ticked that person. The child is "a child we are working with", never named.

Built into the shared document model (exports/document.py) so the same .docx and .pdf writers
draw it, with the protective marking on every page.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from exports.document import (
    BulletList,
    Column,
    Document,
    Heading,
    KeyValueList,
    Paragraph,
    Row,
    Section,
    Table,
    TitlePage,
)
from exports.errors import ExportError
from forms.requests import HEALTH_KINDS, PROMPTS_BY_KEY, kind_label
from forms.working_days import DEFAULT_WORKING_DAYS, add_working_days
from storage.case import CaseDetails
from storage.casefile import CaseFile
from storage.people import Person
from storage.requests import AgencyKind, InformationRequest

# Per agency kind: who the letter is addressed to, and why that agency is being asked.
_TEMPLATES: dict[AgencyKind, tuple[str, str]] = {
    AgencyKind.GP: (
        "The practice safeguarding lead",
        "Babies' health records hold only the mother, so what his own GP record holds is not "
        "seen unless we ask. Please tell us what his record holds on each question below.",
    ),
    AgencyKind.HEALTH: (
        "The safeguarding team",
        "Please tell us what your records hold about him on each question below.",
    ),
    AgencyKind.POLICE: (
        "The public protection unit / MASH police team",
        "Please tell us what police systems hold about him on each question below, "
        "including call-outs to any address where he has lived.",
    ),
    AgencyKind.PROBATION: (
        "The offender manager or the probation safeguarding lead",
        "Please tell us whether probation knows him and what your records hold on each "
        "question below.",
    ),
    AgencyKind.MENTAL_HEALTH: (
        "The safeguarding lead, adult mental health services",
        "Please tell us what your records hold about his mental health on each question "
        "below, including any risk to a child.",
    ),
    AgencyKind.DRUG_ALCOHOL: (
        "The safeguarding lead, drug and alcohol service",
        "Please tell us what your records hold about his substance use and treatment on "
        "each question below.",
    ),
    AgencyKind.PREVIOUS_LA: (
        "Children's services (front door / MASH)",
        "He has lived in your area. Please tell us what your children's services records "
        "hold about him on each question below, as a child and as a parent.",
    ),
    AgencyKind.OTHER: (
        "The safeguarding lead",
        "Please tell us what your records hold about him on each question below.",
    ),
}


@dataclass(slots=True)
class LetterParts:
    """What the letter is built from (read from the case by the caller)."""

    request: InformationRequest
    person: Person
    agency_name: str
    details: CaseDetails
    author: str
    included: list[Person]  # the other people the practitioner ticked, and only them
    written_on: dt.date


def letter_reference(details: CaseDetails, request: InformationRequest) -> str:
    return f"{details.reference}/IR{request.id}"


def asked(request: InformationRequest) -> list[str]:
    out = [PROMPTS_BY_KEY[k].text for k in request.prompts if k in PROMPTS_BY_KEY]
    return out + list(request.questions)


def identifiers(parts: LetterParts) -> list[tuple[str, str]]:
    """Only what the agency needs to find his record."""
    p = parts.person
    pairs = [("Name", p.full_name)]
    if p.known_as and p.known_as != p.given_names:
        pairs.append(("Also known as", p.known_as))
    pairs.append(("Date of birth", p.date_of_birth.display() if p.date_of_birth else
                  "not known"))
    pairs.append(("Address", p.address or "not known"))
    # The NHS number finds a health record; other agencies have no use for it.
    if parts.request.kind in HEALTH_KINDS | {AgencyKind.DRUG_ALCOHOL} and \
            parts.request.nhs_number:
        pairs.append(("NHS number", parts.request.nhs_number))
    return pairs


def build_letter(parts: LetterParts) -> Document:
    r = parts.request
    addressee, why = _TEMPLATES[r.kind]
    reference = letter_reference(parts.details, r)
    # A draft has no due date yet: a letter written today and sent today is due ten working
    # days from now, and a date is clearer to the reader than a rule.
    due_day = r.due_on or add_working_days(parts.written_on, DEFAULT_WORKING_DAYS)
    due = f"{due_day:%d/%m/%Y}"
    cover = TitlePage(
        "Request for information",
        parts.agency_name if parts.agency_name.lower() == kind_label(r.kind).lower()
        else f"{kind_label(r.kind)}: {parts.agency_name}",
        [
            ("To", f"{addressee}, {parts.agency_name}"),
            ("From", parts.author + (f", {parts.details.local_authority}"
                                     if parts.details.local_authority else "")),
            ("Our reference", reference),
            ("Date", f"{parts.written_on:%d/%m/%Y}"),
            ("Please reply by", due),
        ],
    )
    questions = asked(r)
    blocks: list = [
        Heading(f"Request for information about {parts.person.full_name}"),
        Paragraph(
            "We are working with a child whose family includes the person named below, and we "
            "are asking every agency that may know him (The Myth of Invisible Men, Child "
            f"Safeguarding Practice Review Panel, 2021). {why}"
        ),
        Heading("Who this request is about", 2),
        KeyValueList(identifiers(parts)),
    ]
    if parts.included:
        blocks.append(Heading("Other people this request concerns", 2))
        blocks.append(KeyValueList([
            (p.full_name, "date of birth " + (p.date_of_birth.display() if p.date_of_birth
                                              else "not known"))
            for p in parts.included
        ]))
    blocks += [
        Heading("Basis for sharing", 2),
        Paragraph(r.basis or "Not yet chosen.", bold=True),
    ]
    if r.basis_detail:
        blocks.append(Paragraph(r.basis_detail))
    blocks += [
        Heading("What we are asking", 2),
        # Numbered (not bulleted) so the reply pro-forma's rows can point back to them.
        *[Paragraph(f"{n}. {text}") for n, text in enumerate(questions, start=1)],
        Heading("Your reply", 2),
        Paragraph(
            f"Please reply by {due}, quoting {reference}, by secure email. For each question "
            "say what your records hold and the date of each record. If your records hold "
            "nothing on a question, please say so: 'nothing held' is an answer too."
        ),
        Table(
            [Column("Question", 1.2), Column("What your records hold (with dates)", 2.8)],
            [Row([f"{n}. {text}", ""]) for n, text in enumerate(questions, start=1)],
            caption="Reply pro-forma",
        ),
        Paragraph("Reply completed by (name, role, date):", italic=True),
        Paragraph(
            f"This letter is marked {parts.details.protective_marking or 'OFFICIAL-SENSITIVE'}. "
            "It contains personal information: keep it secure and share it only as the "
            "marking allows.",
            italic=True,
        ),
    ]
    return Document(cover, [Section(blocks)],
                    marking=parts.details.protective_marking or "OFFICIAL-SENSITIVE")


def letter_text(document: Document) -> str:
    """The letter as plain text, for the on-screen check before it is written."""
    lines = [document.marking, "", document.title_page.title, document.title_page.subtitle]
    lines += [f"{label}: {value}" for label, value in document.title_page.details]
    for block in document.blocks():
        if isinstance(block, Heading):
            lines += ["", block.text.upper() if block.level == 1 else block.text]
        elif isinstance(block, Paragraph):
            lines.append(block.text)
        elif isinstance(block, BulletList):
            lines += [f"  {item}" for item in block.items]
        elif isinstance(block, KeyValueList):
            lines += [f"  {label}: {value}" for label, value in block.pairs]
        elif isinstance(block, Table):
            lines.append(f"  [{block.caption}: one row per question, for the agency to fill]")
    return "\n".join(lines)


def letter_from_case(case: CaseFile, request_id: int, today: dt.date | None = None) -> Document:
    from storage.chronology import Agency
    from storage.requests_store import get_request

    request = get_request(case, request_id)
    if request is None:
        raise ExportError(f"There is no information request {request_id} in this case.")
    person = case.get(Person, request.person_id)
    agency = case.get(Agency, request.agency_id)
    assert person is not None and agency is not None  # foreign keys
    included = [p for pid in request.include_people if (p := case.get(Person, pid)) is not None]
    parts = LetterParts(request, person, agency.name, case.details(), case.author, included,
                        today or dt.date.today())
    return build_letter(parts)
