"""The identifier detector: normalisation, recorded names in any form, candidates, recall."""

from __future__ import annotations

import datetime as dt

import pytest

from exports.identifiers import Detector, NameMatcher, Source, collect_candidates
from exports.identifiers.text import Folded, display_form, fold, has_bidi_controls
from tests.fixtures.agency_returns import entries
from tests.fixtures.measure import measure

FAMILY = [("Freya Nowak", "Baby F"), ("Katarzyna Nowak", "Mother"), ("Kasia", "Mother"),
          ("Daniel Price", "Father"), ("Liam Carter", "Mother's partner"),
          ("Tomasz Nowak", "Maternal grandfather"), ("Ewa Nowak", "Maternal grandmother"),
          ("Mason Carter", "Half-sibling"), ("Aisha Rahman", "GP1"),
          ("Joanne Whitfield", "Midwife 1"), ("Priya Shah", "Health visitor 1"),
          ("Gareth Lloyd", "Police officer 1"), ("Sam Okafor", "Social worker 1")]
DOBS = {dt.date(1998, 1, 7): "Mother's partner", dt.date(2001, 11, 19): "Father",
        dt.date(2003, 8, 2): "Mother", dt.date(2026, 3, 14): "Baby F"}


def family_matcher() -> NameMatcher:
    known = NameMatcher()
    for name, label in FAMILY:
        known.add(name, label)
    for name, label in FAMILY:
        for part in name.split():
            if part != "Nowak":
                known.add(part, label)
    return known


def labels(text: str) -> list[tuple[str, str]]:
    scan = Detector(family_matcher(), DOBS).scan(text)
    return [(f.text, f.label or f.kind) for f in scan.findings]


def test_display_form_removes_invisible_and_bidi_controls_and_reads_overrides() -> None:
    assert display_form("Li\u00adam Car\u200bter") == "Liam Carter"
    assert display_form("x \u202eretraC maiL\u202c y") == "x Liam Carter y"
    assert not has_bidi_controls(display_form("\u2066a\u2069 \u202db\u202c \u200fc"))
    assert fold("ＬＩＡＭ") == "liam"           # full-width
    assert fold("Li\u0430m") == "liam"          # Cyrillic a
    assert fold("L\u0456am") == "liam"          # Cyrillic i
    assert fold("Łukasz Wiśniewska") == "lukasz wisniewska"
    assert fold("O’Brien") == "o'brien"
    folded = Folded.of("Zoë Łoś")
    assert len(folded.skeleton) == len(folded.folded) == len(folded.origin or [])


@pytest.mark.parametrize("written", [
    "liam carter", "LIAM CARTER", "Lia\u00adm", "Liam\u200bCarter", "Liam_Carter",
    "Liam1998", "Li\u0430m", "ＬＩＡＭ", "\u202eretraC maiL\u202c",
    "Liam Carter's", "Liam’s",
])
def test_a_recorded_name_is_found_however_it_is_written(written: str) -> None:
    found = labels(f"Officers spoke to {written} at the door.")
    assert [label for _, label in found] == ["Mother's partner"], found


def test_an_online_name_or_email_made_of_a_name_is_removed_whole() -> None:
    assert labels("Messages from @LiamCarter98 and liam.carter98@gmail.com.") == [
        ("@LiamCarter98", "handle"), ("liam.carter98@gmail.com", "email")]


@pytest.mark.parametrize("written, label", [
    ("Katarzyną", "Mother"), ("Kasią", "Mother"), ("Kasię", "Mother"), ("Freyas", "Baby F"),
    ("Nowakową", "Mother"), ("KATARZYNA NOWAK", "Mother"),
])
def test_inflected_forms_match(written: str, label: str) -> None:
    known = family_matcher()
    known.add("Nowak", "Mother")
    found = Detector(known).scan(f"Probation spoke to {written} yesterday.").findings
    assert [(f.kind, f.label) for f in found] == [("recorded", label)]


def test_names_that_are_ordinary_words_stay_words() -> None:
    known = NameMatcher()
    known.add("Daniel Price", "Father")
    known.add("Price", "Father")
    known.add("Will", "Uncle")
    scan = Detector(known).scan(
        "The price of cannabis went up. Will the father attend? Price said no; "
        "he will call Will later.")
    assert [(f.text, f.label) for f in scan.findings] == [("Price", "Father"),
                                                          ("Will", "Uncle")]


def test_a_double_barrelled_name_is_never_half_replaced() -> None:
    known = NameMatcher()
    known.add("Smith", "Social worker 1")
    scan = Detector(known).scan("The father (Mr Smith-Kowalski) attended.")
    assert [(f.text, f.kind) for f in scan.findings] == [("Smith-Kowalski", "person")]


def test_candidates_of_every_kind_are_found() -> None:
    found = labels(
        "Neighbour Pat Doyle of 22 Hawthorn Street rang 07700 900461; nursery worker sarah at "
        "Little Acorns Day Nursery, Dr Okoro at Riverside Surgery, DOB 7.1.98, NHS 943 476 "
        "5919, kasia.n@gmail.com, crime ref CR/2026/004512, EB4 2QT. "
        "Hope attended with Rose. Mother was full of hope.")
    kinds = dict(found)
    assert kinds["Pat Doyle"] == "person" and kinds["sarah"] == "person"
    assert kinds["22 Hawthorn Street"] == "place"
    assert kinds["Little Acorns Day Nursery"] == kinds["Riverside Surgery"] == "organisation"
    assert kinds["Okoro"] == "person"
    assert kinds["7.1.98"] == "date_of_birth"
    # A recorded date of birth is found in any written form, even without "DOB" in front.
    assert ("7th January 1998", "Mother's partner") in labels("Liam (7th January 1998).")
    assert ("1998-01-07", "Mother's partner") in labels("Liam, 1998-01-07, attended.")
    assert kinds["943 476 5919"] == "nhs_number"
    assert kinds["07700 900461"] == "phone" and kinds["EB4 2QT"] == "postcode"
    assert kinds["kasia.n@gmail.com"] == "email" and kinds["CR/2026/004512"] == "reference"
    assert kinds["Hope"] == kinds["Rose"] == "person"
    assert "hope" not in kinds


def test_an_nhs_number_needs_its_check_digit() -> None:
    assert ("943 476 5919", "nhs_number") in labels("NHS number 943 476 5919.")
    assert all(kind != "nhs_number" for _, kind in labels("Number 943 476 5910."))


def test_candidates_are_grouped_with_their_sentences() -> None:
    detector = Detector(family_matcher(), DOBS)
    cands = collect_candidates([
        Source("Entry 1 (Police)", "Neighbour Pat Doyle rang. Pat Doyle's dog barked."),
        Source("Entry 2 (GP)", "Seen by Dr Okoro at Riverside Surgery."),
    ], detector)
    by_key = {c.key: c for c in cands}
    assert by_key["pat doyle"].count == 2 and by_key["pat doyle"].hint == "Neighbour"
    assert by_key["okoro"].hint == "Doctor"
    assert by_key["riverside surgery"].kind == "organisation"
    occ = by_key["okoro"].occurrences[0]
    assert occ.sentence[occ.start:occ.end] == "Okoro" and occ.where == "Entry 2 (GP)"


def test_recall_on_the_agency_returns_fixture_is_at_least_99_percent() -> None:
    detector = Detector(family_matcher(), DOBS)

    def spans(text: str) -> list[tuple[int, int, str]]:
        return [(f.start, f.end, f.kind) for f in detector.scan(text).findings]

    figures = measure(spans, recorded=[n for n, _ in FAMILY])
    rows, planted = entries()
    assert figures.planted == len(planted) >= 100
    assert {p.kind for p in planted} >= {"person", "place", "organisation", "date_of_birth",
                                         "postcode", "phone", "nhs_number", "email",
                                         "reference", "recorded"}
    assert figures.recall >= 0.99, [(p.kind, p.text) for p in figures.missed]
    assert figures.false_per_100 <= 10, figures.false


@pytest.mark.parametrize(("text", "expected"), [
    ("Crime number 0412345/26 recorded.", ("0412345/26", "reference")),
    ("Landlord at Flat 3b, Orchard Court.", ("Flat 3b, Orchard Court", "place")),
    ("Visit at 14A Tennyson Close.", ("14A Tennyson Close", "place")),
    ("Flat 2, 41 Victoria Terrace.", ("Flat 2, 41 Victoria Terrace", "place")),
])
def test_hold_out_misses_are_found_whole(text: str, expected: tuple[str, str]) -> None:
    assert expected in labels(text)


def test_every_title_in_a_row_goes_with_the_name() -> None:
    scan = Detector(family_matcher(), DOBS).scan("Det Sgt Ward and Det Sgt Gareth Lloyd.")
    ward, lloyd = scan.findings
    assert (ward.text, ward.hint) == ("Ward", "Police officer")
    assert scan.text[ward.title_start:ward.end] == "Det Sgt Ward"
    assert scan.text[lloyd.title_start:lloyd.end] == "Det Sgt Gareth Lloyd"


def test_hold_out_readability_a_dotted_title_a_place_and_a_polish_genitive() -> None:
    found = labels("Seen at The Elms Surgery by Dr. Adebayo. Daniel was arrested in Hounslow. "
                   "Her sister Kasi came. Nanny jean came. It was seen by the Dr. She said so.")
    assert ("The Elms Surgery", "organisation") in found  # "at Surgery 1", not "at The Surgery 1"
    assert ("Kasi", "Mother") in found  # Kasia's genitive is the recorded mother
    scan = Detector(family_matcher(), DOBS).scan("Seen by Dr. Adebayo in Hounslow; nanny jean.")
    by_text = {f.text: f for f in scan.findings}
    assert by_text["Adebayo"].hint == "Doctor" and by_text["Adebayo"].title_start == 8
    assert (by_text["Hounslow"].kind, by_text["Hounslow"].hint) == ("place", "Place")
    assert by_text["jean"].hint == "Relative"
    assert "She" not in {f.text for f in Detector(family_matcher(), DOBS).scan(
        "It was seen by the Dr. She said so.").findings}


@pytest.mark.parametrize(("text", "expected"), [
    ("Threats from jbloggs at hotmail dot com today.", ("jbloggs at hotmail dot com", "email")),
    ("Van AB12 CDE seized.", ("AB12 CDE", "reference")),
    ("NI number JG 10 37 59 A on file.", ("JG 10 37 59 A", "reference")),
    ("Postcode Ls6 2qt on the form.", ("Ls6 2qt", "postcode")),
    ("Associate born in March 1990.", ("March 1990", "date_of_birth")),
    ("His brother, born 1998, was there.", ("1998", "date_of_birth")),
    ("Associate (DOB 1990) arrested.", ("1990", "date_of_birth")),
    ("Uncle, b. 1975, visits.", ("1975", "date_of_birth")),
    ("Moved to 42 The Green.", ("42 The Green", "place")),
    ("Moved to Flat 12 Acacia Mansions.", ("Flat 12 Acacia Mansions", "place")),
    ("Seen by dr smith today.", ("smith", "person")),
    ("Profile facebook.com/j.bloggs.77 shared.", ("facebook.com/j.bloggs.77", "handle")),
    ("TikTok user kaz.loves.u sent it.", ("kaz.loves.u", "handle")),
    ("Then J. R. Smith came.", ("J. R. Smith", "person")),
    ("Seen with L. Carter and Kasia N. today.", ("L. Carter", "Mother's partner")),
    ("Seen with L. Carter and Kasia N. today.", ("Kasia N.", "Mother")),
])
def test_second_hold_out_round_misses_are_found(text: str, expected: tuple[str, str]) -> None:
    assert expected in labels(text)


@pytest.mark.parametrize("text", [
    "Van AB12 CDE seized.", "TikTok user kaz.loves.u sent it.", "The account closed.",
    "Part A. Section B. Appendix C.", "Seen in January 2026.", "The dr said no.",
    "We met at home at noon.", "Print it as an A4 PDF for user 2026.",
    "The flat was built in 1998.", "Referred in 2019; seen 2020.",
])
def test_second_hold_out_round_ordinary_words_stay_words(text: str) -> None:
    found = {t for t, _ in labels(text)}
    assert not found & {"Van", "TikTok", "closed", "Section", "January 2026", "said", "home",
                        "A4 PDF", "2026", "1998", "2019", "2020"}


def test_a_candidate_is_shown_in_its_whole_sentence_or_its_clause_when_long() -> None:
    from exports.identifiers import sentence_around

    text = "Attended by PC 4471 Reeves; no offences disclosed. Next."
    start = text.index("Reeves")
    sentence, s, e = sentence_around(text, start, start + 6)
    assert sentence == "Attended by PC 4471 Reeves; no offences disclosed." and \
        sentence[s:e] == "Reeves"
    long = "Words " * 50 + "; seen by Reeves today; " + "more words " * 30 + "."
    start = long.index("Reeves")
    sentence, s, e = sentence_around(long, start, start + 6)
    assert sentence == "seen by Reeves today;" and sentence[s:e] == "Reeves"


def test_a_name_in_capitals_ends_where_the_name_does() -> None:
    assert ("JOHN SMITH", "person") in labels("MR JOHN SMITH ATTENDED WITH HIS SON KYLE.")
    assert ("HANNAH MORRIS", "person") in labels("DC HANNAH MORRIS TOOK A STATEMENT.")


def test_faith_leaders_titles() -> None:
    found = labels("Spoke to Fr. O'Donnell and Imam Hassan; the imam said it was fine.")
    assert ("O'Donnell", "person") in found and ("Hassan", "person") in found
    assert "imam" not in {t for t, _ in found}


def test_lower_case_words_that_the_name_lists_also_hold_are_words() -> None:
    # Found by running the 8,000 commonest English words through the detector: 'per' (the
    # Scandinavian name Per) was taken for a name in "entries per area" (6a92399).
    text = "Two entries per area, among them a christian charity and a german school."
    assert labels(text) == []


@pytest.mark.parametrize(("text", "expected"), [
    # Third hold-out round (tests/fixtures/holdout.py RETURNS_3): each was missed on main.
    ("Seen by PS 1187 Oduya.", ("1187 Oduya", "person")),
    ("Staying at Rose Cottage, off Sefton Road.", ("Rose Cottage", "place")),
    ("Mob +44 (0)7700 900987 today.", ("+44 (0)7700 900987", "phone")),
    ("Home (0113) 496 0500 today.", ("(0113) 496 0500", "phone")),
    ("Mason's teacher at Oakwood Juniors said so.", ("Oakwood Juniors", "organisation")),
    ("Vehicle yx66 abc seen outside.", ("yx66 abc", "reference")),
    ("The lodger's number is jg 10 37 59 b.", ("jg 10 37 59 b", "reference")),
    ("Mother turned 22 on 2 August.", ("2 August", "date_of_birth")),
    ("Her friend, 19, birthday 14th Feb, stays over.", ("14th Feb", "date_of_birth")),
    ("Snap kayz_xo, insta kaydee.x.", ("kayz_xo", "handle")),
    ("Snap kayz_xo, insta kaydee.x.", ("kaydee.x", "handle")),
    ("She lives in the LS6 area now.", ("LS6", "postcode")),
    ("It was \"LS6 2-something\".", ("LS6 2", "postcode")),
    ("Postcode M14 on the form.", ("M14", "postcode")),
    ("Seen by Dr Kowal-\nczyk today.", ("Kowal-\nczyk", "person")),
    ("Mother Kata-\nrzyna was present.", ("Kata-\nrzyna", "Mother")),
    ("Home is The Old Rectory, Church Lane.", ("Church Lane", "place")),
    ("PNC: CARTER Liam DOB 07/01/1998.", ("CARTER Liam", "Mother's partner")),
    ("Household: Carter, Liam and Nowak, Katarzyna.", ("Carter, Liam", "Mother's partner")),
    ("Household: Carter, Liam and Nowak, Katarzyna.", ("Nowak, Katarzyna", "Mother")),
    ("Letter about Mr L Carter.", ("L Carter", "Mother's partner")),
    ("Grandmother Bernadette D\u2019Arcy came.", ("Bernadette D\u2019Arcy", "person")),
    ("Ewy was mentioned.", ("Ewy", "Maternal grandmother")),
])
def test_third_hold_out_round_misses_are_found(text: str, expected: tuple[str, str]) -> None:
    assert expected in labels(text)


def test_a_title_and_a_bare_initial_go_with_the_name() -> None:
    scan = Detector(family_matcher(), DOBS).scan("Letter about Mr L Carter.")
    (found,) = scan.findings
    assert scan.text[found.title_start:found.end] == "Mr L Carter"


@pytest.mark.parametrize("text", [
    # The third round's new shapes must not take ordinary text.
    "Vitamin B12 3 times a week.", "The M1 was closed.", "CO2 levels were high.",
    "Seen on 2 August at home.", "Birthday party planned for 2026.", "PS Please call back.",
    "Hospital / A&E, Early help.", "The Family Court made an order.",
    "the price Daniel paid", "Vehicle was seen in the car park.", "Print it as A4 PDF.",
    "Grace period agreed.", "Rose bush pulled up.",
])
def test_third_hold_out_round_ordinary_words_stay_words(text: str) -> None:
    found = labels(text)
    assert all(label in ("Father",) for _, label in found), found


def test_a_decided_name_word_stays_a_word_before_a_noun_a_recorded_name_does_not() -> None:
    # The third round's "Grace (TA)", decided identifying, had made "Grace period agreed"
    # read "Person K period agreed" in the published review.
    known = NameMatcher()
    known.add("Grace", "Person K", recorded=False)
    known.add("Mason", "Half-sibling")
    found = [(f.text, f.label) for f in Detector(known).scan(
        "Grace period agreed. Grace said no. Grace's period. Mason nursery place. "
        "Mason's friend came.").findings]
    assert found == [("Grace", "Person K"), ("Grace", "Person K"), ("Mason", "Half-sibling"),
                     ("Mason", "Half-sibling")]


@pytest.mark.parametrize(("text", "expected"), [
    # Fourth hold-out round (RETURNS_4): found on main only in part, or not at all.
    ("Friends Maria de Souza and Ahmed el-Sayed came.", ("Maria de Souza", "person")),
    ("Friends Maria de Souza and Ahmed el-Sayed came.", ("Ahmed el-Sayed", "person")),
    ("His snapchat is shaneb2020 now.", ("shaneb2020", "handle")),
    ("Mother was born in the summer of 1998.", ("1998", "date_of_birth")),
    ("Repairs at no. 14 Larch Cl. were done.", ("14 Larch Cl", "place")),
    # Someone else's given name before a recorded family name: the author decides who it is
    # (it read "Relative 3 Father" for the father's sister).
    ("Paternal aunt Sarah Price offered care.", ("Sarah Price", "person")),
    ("Father (Danny Price) was present.", ("Danny Price", "person")),
])
def test_fourth_hold_out_round_misses_are_found(text: str, expected: tuple[str, str]) -> None:
    assert expected in labels(text)


def test_a_lower_case_street_word_after_a_name_is_a_street_only_when_no_verb() -> None:
    assert labels("Kai and his mum Leanne walk him home.") == [("Kai", "person"),
                                                               ("Leanne", "person")]
    assert ("Mill road", "place") in labels("He lives on Mill road.")
    assert ("Daniel Price", "Father") in labels("Daniel Price and Mrs Price came.")



@pytest.mark.parametrize(("text", "expected"), [
    # Fifth hold-out round (RETURNS_5): missed on main.
    ("Poppy has a cold today.", ("Poppy", "person")),
    ("Summer is their older sister.", ("Summer", "person")),
    ("Hope is his sponsor at NA.", ("Hope", "person")),
    ("Oakley filmed it on his phone.", ("Oakley", "person")),
    ("Male known as 'Smudge' was there.", ("Smudge", "person")),
    ("Another who goes by Tank was there.", ("Tank", "person")),
    ("A female nicknamed Tiny left.", ("Tiny", "person")),
    ("And the Bishops opposite said nothing.", ("Bishops", "person")),
])
def test_fifth_hold_out_round_misses_are_found(text: str, expected: tuple[str, str]) -> None:
    assert expected in labels(text)


@pytest.mark.parametrize("text", [
    "Hope is expressed by mother that things improve.", "Grace was given to pay.",
    "Paracetamol was given.", "Summer term starts.", "He is known as a quiet man.",
])
def test_fifth_hold_out_round_ordinary_words_stay_words(text: str) -> None:
    assert labels(text) == []


def test_a_decided_name_word_is_replaced_at_a_sentence_start_only_where_it_was_listed() -> None:
    # Round 5: the sister "Summer" and the sponsor "Hope" decided identifying had made
    # "Summer holidays", "Summer term" and "Hope for the summer" read "Person P holidays".
    known = NameMatcher()
    known.add("Summer", "Person P", recorded=False)
    known.add("Hope", "Person H", recorded=False)
    text = ("Summer holidays ahead. Summer is their sister. Hope for the summer. Hope is his "
            "sponsor. Summer's school rang. Summer (sister) came. Hope is expressed.")
    found = [(f.text, f.label) for f in Detector(known).scan(text).findings]
    assert found == [("Summer", "Person P"), ("Hope", "Person H"), ("Summer", "Person P"),
                     ("Summer", "Person P")]


@pytest.mark.parametrize(("text", "expected"), [
    # Sixth hold-out round (RETURNS_6): missed on main.
    ("Attended by PC 4471 today.", ("4471", "person")),
    ("Attended by PC5520 today.", ("PC5520", "person")),
    ("Subject S BRENNAN was seen.", ("S BRENNAN", "person")),
    ("Subject DOB 07011996 on file.", ("07011996", "date_of_birth")),
    ("Partner D.O.B 110998 on file.", ("110998", "date_of_birth")),
    ("Visitors: Seán Ó Briain and Aoife Ní Bhriain.", ("Seán Ó Briain", "person")),
    ("Visitors: Seán Ó Briain and Aoife Ní Bhriain.", ("Aoife Ní Bhriain", "person")),
    ("Then Dafydd ap Rhys phoned.", ("Dafydd ap Rhys", "person")),
    ("Neighbour Li Na came.", ("Li Na", "person")),
    ("Profile linkedin.com/in/shane-brennan noted.",
     ("linkedin.com/in/shane-brennan", "handle")),
])
def test_sixth_hold_out_round_misses_are_found(text: str, expected: tuple[str, str]) -> None:
    assert expected in labels(text)


def test_an_officers_name_never_runs_across_a_full_stop_and_numbers_stay_numbers() -> None:
    found = labels("Attended by PC5520. Subject S BRENNAN was seen.")
    assert ("PC5520", "person") in found and ("S BRENNAN", "person") in found
    assert labels("Order 07011996 made; DC 12 and Sgt 3 of the team.") == []
    assert ("Gareth Lloyd", "Police officer 1") in labels("PC 4471 Gareth Lloyd came.")
    assert labels("I SAW BRENNAN A MINUTE AGO.") == [("BRENNAN", "person")]
