"""Each man's lens and the who-knew-what matrix on the demo case, against hand-computed answers.

The demo chronology repeats 12 story entries three times (36 entries). Worked by hand from the
story text in app/operations/demo.py and the rules in forms/lens/visibility.py and
forms/lens/who_knew.py:
- Liam Carter is linked to 9 of the 12 stories: seen (GP, A&E, CSC assessment), spoken to
  (police noise complaint, early help: "Liam said"), not seen (HV new-birth visit, drug service
  "did not attend", CP conference "not invited"), mentioned (housing letter).
- Daniel Price: midwife and police DA call mention him; CSC assessment ("did not reply") and the
  CP conference ("did not attend") record him not seen. Never seen or spoken to.
- Tomasz Nowak: mentioned once a cycle (minding Freya).
"""

from __future__ import annotations

import datetime as dt

from forms.lens.visibility import Contact, build_lens, find_gaps
from forms.lens.who_knew import build_matrix
from storage.dates import PartialDate


def person(case, given):
    return case.db.execute("SELECT id FROM person WHERE given_names = ?", (given,)).fetchone()[0]


def test_liam_lens(demo_case):
    lens = build_lens(demo_case, person(demo_case, "Liam"))
    assert len(lens.entries) == 27
    assert lens.counts() == {
        Contact.SEEN: 9,
        Contact.SPOKEN_TO: 6,
        Contact.ASKED_ABOUT: 0,
        Contact.NOT_SEEN: 9,
        Contact.MENTIONED: 3,
    }
    by_agency = {}
    for item in lens.entries:
        by_agency.setdefault(item.agency, set()).add(item.contact)
    assert by_agency["GP"] == {Contact.SEEN}
    assert by_agency["Hospital / A&E"] == {Contact.SEEN}
    assert by_agency["Health visitor"] == {Contact.NOT_SEEN}
    assert by_agency["Drug and alcohol service"] == {Contact.NOT_SEEN}
    assert by_agency["Housing"] == {Contact.MENTIONED}
    assert by_agency["Police"] == {Contact.SPOKEN_TO}
    assert by_agency["Early help"] == {Contact.SPOKEN_TO}
    assert by_agency["Children's social care"] == {Contact.SEEN, Contact.NOT_SEEN}
    assert sorted(lens.never_seen_by) == ["Drug and alcohol service", "Health visitor", "Housing"]


def test_daniel_never_seen_and_tomasz_only_mentioned(demo_case):
    daniel = build_lens(demo_case, person(demo_case, "Daniel"))
    assert len(daniel.entries) == 12
    assert daniel.counts()[Contact.NOT_SEEN] == 6 and daniel.counts()[Contact.MENTIONED] == 6
    assert len(daniel.gaps) == 1
    assert daniel.gaps[0].text.startswith("No agency saw or spoke to Daniel Price at any point")
    assert sorted(daniel.never_seen_by) == ["Children's social care", "Midwife", "Police"]
    tomasz = build_lens(demo_case, person(demo_case, "Tomasz"))
    assert [e.contact for e in tomasz.entries] == [Contact.MENTIONED] * 3
    assert {e.agency for e in tomasz.entries} == {"Health visitor"}


def test_gaps_in_words():
    span = (dt.date(2026, 1, 1), dt.date(2026, 12, 31))
    seen = [PartialDate(2026, 3, 10), PartialDate(2026, 3, 20), PartialDate(2026, 9, 15)]
    gaps = find_gaps("Liam", seen, span, 90)
    assert [g.text for g in gaps] == [
        "No agency saw or spoke to Liam between 20 March 2026 and 15 September 2026 (179 days).",
        "No agency saw or spoke to Liam after 15 September 2026 (the chronology runs to "
        "31 December 2026, 107 days later).",
    ]
    assert find_gaps("Liam", seen, span, 200) == []


def test_who_knew_what_for_liam(demo_case):
    matrix = build_matrix(demo_case, person(demo_case, "Liam"))
    held = {
        group: matrix.holders(group)
        for group in (
            "substance_use",
            "anger",
            "mental_health",
            "sleep",
            "domestic_abuse",
            "pressures",
            "history",
        )
    }
    assert held == {
        "substance_use": ["Children's social care", "Drug and alcohol service", "GP"],
        "anger": ["Hospital / A&E"],
        "mental_health": ["GP"],
        "sleep": ["GP"],  # "low mood and poor sleep (about four hours a night)"
        "domestic_abuse": [],  # the police call-out fact is "not known": not knowledge
        "pressures": ["Housing"],
        "history": ["Children's social care"],
    }
    assert matrix.single_agency_groups() == {
        "anger": "Hospital / A&E",
        "mental_health": "GP",
        "sleep": "GP",
        "pressures": "Housing",
        "history": "Children's social care",
    }
    # The mother's report of low frustration tolerance is shown but is not an agency knowing.
    assert "Not an agency: Mother" in matrix.non_agency
    assert matrix.cells[("Not an agency: Mother", "anger")][0].kind == "record"
    # The drug service holds both chronology entries and the record's substance facts.
    kinds = {e.kind for e in matrix.cells[("Drug and alcohol service", "substance_use")]}
    assert kinds == {"entry", "record"}


def test_who_knew_what_for_daniel(demo_case):
    matrix = build_matrix(demo_case, person(demo_case, "Daniel"))
    assert matrix.single_agency_groups() == {"domestic_abuse": "Police"}
    # Liam's cannabis and time in care, in an entry that also names Daniel, are not Daniel's.
    assert matrix.holders("substance_use") == [] and matrix.holders("history") == []
