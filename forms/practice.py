"""The father-inclusion audit: an anonymous practice summary per case, and the measures a
partnership report aggregates from any number of them.

§17.1 of the source review: audits "need to focus on how men are being assessed and engaged and
outcomes should be reported to safeguarding partners". §12.4 gives the figures to compare with:
fathers are invited to child-protection conferences only 55% of the time, and only 68% of
completed assessments included contact with the father.

A summary holds counts and coded answers only — no names, dates of birth, addresses, free text
or case reference: a case id that cannot be traced back without the case file, the local
authority, the period (in quarters), and per role and per man what was done. The written file
is scanned for every recorded name and date of birth before it is kept
(exports/practice_summary.py).

Every coded answer is one of yes / no / not_known / not_asked / not_recorded, so a report can
tell "he was not invited" from "nobody wrote down whether he was".
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from forms.completeness import check_case
from forms.male_carer import SEEN_BY
from forms.record import Answer, Answers, load_all_facts
from storage.carers import CarerRole, FactBasis, FactStatus
from storage.casefile import CaseFile
from storage.facts_store import screenings_of
from storage.ids import PersonId
from storage.practice_store import chronology_span, information_requests

SUMMARY_FORMAT = "visible-practice-summary"
SUMMARY_VERSION = 1

YES, NO, NOT_KNOWN, NOT_ASKED, NOT_RECORDED = "yes", "no", "not_known", "not_asked", "not_recorded"
ANSWER_STATES = (YES, NO, NOT_KNOWN, NOT_ASKED, NOT_RECORDED)
AGENCY_KINDS = tuple(c.value for c in SEEN_BY)
ICON_TOUCHPOINTS = {
    "hospital": "engagement.icon_hospital",
    "midwife_10_days": "engagement.icon_midwife",
    "hv_14_days": "engagement.icon_hv_14_days",
    "hv_3_weeks": "engagement.icon_hv_3_weeks",
    "gp_6_8_weeks": "engagement.icon_gp_6_8_weeks",
}
ICON_LABELS = {
    "hospital": "Hospital, before discharge",
    "midwife_10_days": "Community midwife, first 10 days",
    "hv_14_days": "Health visitor, first 14 days",
    "hv_3_weeks": "Health visitor at three weeks",
    "gp_6_8_weeks": "GP at the 6–8 week check",
}
INFORMATION_FROM = ("gp", "police", "other")
ROLE_STATES = ("linked", "declared_none", "declared_not_known", "not_addressed")
# Request statuses (storage/requests.py) that mean the request went out / came back answered.
_SENT = {"sent", "chased", "answered", "nothing_held", "refused"}
_ANSWERED = {"answered", "nothing_held"}
_BASIS_ORDER = {FactBasis.VERIFIED_RECORD: 0, FactBasis.REPORTED_BY_OTHER: 1,
                FactBasis.SELF_REPORTED: 2, None: 3}


# Building one case's summary ---------------------------------------------------------------
def coded(answer: Answer | None) -> str:
    """A yes/no answer as one code. Where sources disagree the best-evidenced statement wins
    (verified from a record, then another person's report, then his own account)."""
    if answer is None or not answer.statements:
        return NOT_RECORDED
    answered = answer.answered
    if answered:
        best = min(answered, key=lambda s: (_BASIS_ORDER[s.basis], s.position))
        return YES if best.value == YES else NO if best.value == NO else NOT_RECORDED
    return NOT_KNOWN if answer.status is FactStatus.NOT_KNOWN else NOT_ASKED


def _list_values(answer: Answer | None, part: str) -> list[str]:
    found: list[str] = []
    for value in (answer.values if answer else []):
        for item in value if isinstance(value, list) else []:
            v = item.get(part) if isinstance(item, dict) else None
            if isinstance(v, str) and v not in found:
                found.append(v)
    return found


def _choices(answer: Answer | None) -> list[str]:
    found: list[str] = []
    for value in (answer.values if answer else []):
        for v in value if isinstance(value, list) else []:
            if isinstance(v, str) and v not in found:
                found.append(v)
    return found


def _kind_of_request(kind: str) -> str:
    return kind if kind in ("gp", "police") else "other"


def _quarter(sort_key: str | None) -> str | None:
    """'2025-07-14' -> '2025-Q3'. Quarters, not months: a month could be a baby's birth month."""
    if not sort_key:
        return None
    year, month = sort_key[:4], int(sort_key[5:7] or 0)
    return f"{year}-Q{(month - 1) // 3 + 1}" if month else year


def case_token(case_id: str) -> str:
    """The summary's case id: stable for one case (so a report counts it once) but random to
    anyone without the case file, and never the case reference."""
    return "c-" + hashlib.sha256(f"visible-practice-summary:{case_id}".encode()).hexdigest()[:16]


def man_summary(local_id: str, roles: list[str], answers: Answers, screenings: dict[str, int],
                requests: list[Any], record: dict[str, int]) -> dict[str, Any]:
    seen_by = [k for k in AGENCY_KINDS if k in _list_values(answers.get("engagement.seen"), "by")]
    contacted_by = [k for k in AGENCY_KINDS
                    if k in _choices(answers.get("engagement.contacted_by"))]
    contacted = coded(answers.get("engagement.contacted"))
    if contacted != YES and (seen_by or contacted_by):
        contacted = YES  # being seen or contacted by an agency is contact, whatever else says
    seen_answer = answers.get("engagement.seen")
    # An answered list with nobody in it is "not seen"; not known / not asked are not recorded.
    seen = YES if seen_by else NO if seen_answer is not None and seen_answer.answered \
        else NOT_RECORDED

    information: dict[str, dict[str, str]] = {k: {"sought": NOT_RECORDED, "answered": NOT_RECORDED}
                                              for k in INFORMATION_FROM}
    gp_asked = coded(answers.get("engagement.gp_info_sought"))
    information["gp"]["sought"] = gp_asked
    gp_answer = answers.get("engagement.gp_info_answer")
    if gp_asked == YES:
        information["gp"]["answered"] = YES if gp_answer and gp_answer.answered else NO
    for request in requests:
        kind = _kind_of_request(str(getattr(request, "kind", "other")))
        status = str(getattr(request, "status", ""))
        if status in _SENT:
            information[kind]["sought"] = YES
            if status in _ANSWERED:
                information[kind]["answered"] = YES
            elif information[kind]["answered"] != YES:
                information[kind]["answered"] = NO
    return {
        "id": local_id,
        "roles": roles,
        "identified": True,
        "contacted": contacted,
        "contacted_by": contacted_by,
        "seen": seen,
        "seen_by": seen_by,
        "record": record,
        "cp_conference": {"invited": coded(answers.get("engagement.cp_invited")),
                          "attended": coded(answers.get("engagement.cp_attended"))},
        "information": information,
        "icon": {point: coded(answers.get(key)) for point, key in ICON_TOUCHPOINTS.items()},
        "screenings": dict(sorted(screenings.items())),
    }


def build_summary(case: CaseFile, today: dt.date | None = None) -> dict[str, Any]:
    """The anonymous practice summary of one open case."""
    today = today or dt.date.today()
    report = check_case(case, today)
    facts = load_all_facts(case)
    screened: dict[int, dict[str, int]] = {}
    for result in screenings_of(case):
        mine = screened.setdefault(result.person_id, {})
        mine[result.instrument] = mine.get(result.instrument, 0) + 1
    requests: dict[int, list[Any]] = {}
    for request in information_requests(case):
        requests.setdefault(int(request.person_id), []).append(request)

    local: dict[int, str] = {}
    for n, man in enumerate(report.men, start=1):
        local[man.person_id] = f"M{n}"
    roles_out = []
    roles_of: dict[int, list[str]] = {}
    for child in report.children:
        for role in child.roles:
            if role.men:
                state = "linked"
            elif role.declaration and role.addressed:
                state = f"declared_{role.declaration}"
            else:
                state = "not_addressed"
            men = [local[m["id"]] for m in role.men if m["id"] in local]
            for m in role.men:
                roles_of.setdefault(m["id"], [])
                if role.role not in roles_of[m["id"]]:
                    roles_of[m["id"]].append(role.role)
            roles_out.append({"role": role.role, "status": state, "men": men})
    men_out = []
    for man in report.men:
        answers = facts.get(PersonId(man.person_id), {})
        record = {
            "required": man.required,
            "recorded": man.required - len(man.missing),
            "not_asked": sum(1 for g in man.missing if g.not_asked),
            "not_known": len(man.not_known),
            "self_report_only": len(man.self_report_only),
            "sources_disagree": len(man.sources_disagree),
        }
        men_out.append(man_summary(local[man.person_id], roles_of.get(man.person_id, []),
                                   answers, screened.get(man.person_id, {}),
                                   requests.get(man.person_id, []), record))
    first, last = chronology_span(case)
    created = case.details().created_at[:10] or today.isoformat()
    return {
        "format": SUMMARY_FORMAT,
        "version": SUMMARY_VERSION,
        "case": case_token(case.case_id),
        "local_authority": case.details().local_authority.strip() or "not recorded",
        "period": {"from": _quarter(first or created), "to": _quarter(last or today.isoformat())},
        "generated": _quarter(today.isoformat()),
        "index_children": sum(1 for c in report.children if c.child_id is not None),
        "roles": roles_out,
        "men": men_out,
    }


# Reading summaries back ---------------------------------------------------------------------
class SummaryProblem(ValueError):
    """A summary that cannot be counted; the message names what is wrong in one line."""


class SummaryTooNew(SummaryProblem):
    pass


def _need(ok: bool, what: str) -> None:
    if not ok:
        raise SummaryProblem(what)


def validate_summary(data: Any) -> dict[str, Any]:
    """Check a parsed summary's shape; returns it, or raises SummaryProblem / SummaryTooNew."""
    _need(isinstance(data, dict) and data.get("format") == SUMMARY_FORMAT,
          "not a Visible practice summary")
    version = data.get("version")
    _need(isinstance(version, int) and not isinstance(version, bool) and version >= 1,
          "its version is missing or not a whole number")
    if version > SUMMARY_VERSION:
        raise SummaryTooNew(
            f"written by a newer version of Visible (summary version {version}; this version "
            f"reads up to {SUMMARY_VERSION}). Update Visible to include it")
    _need(isinstance(data.get("case"), str) and bool(data["case"]), "it has no case id")
    _need(isinstance(data.get("local_authority"), str), "its local authority is missing")
    roles, men = data.get("roles"), data.get("men")
    _need(isinstance(roles, list) and isinstance(men, list), "its roles or men are missing")
    # Every code is checked, not only the shape: an unknown role would become a row of the
    # report's By role table, and an unknown answer would be counted as "not recorded".
    role_codes = {r.value for r in CarerRole}
    for role in roles:
        _need(isinstance(role, dict) and role.get("status") in ROLE_STATES
              and role.get("role") in role_codes, "a role entry is malformed")
    for man in men:
        _need(isinstance(man, dict) and isinstance(man.get("roles"), list)
              and isinstance(man.get("record"), dict) and isinstance(man.get("icon"), dict)
              and isinstance(man.get("information"), dict)
              and isinstance(man.get("cp_conference"), dict), "a man's entry is malformed")
        _need(all(r in role_codes for r in man["roles"]), "a man's role is not a male-carer role")
        rec = man["record"]
        required, recorded = rec.get("required"), rec.get("recorded")
        _need(_count(required) and _count(recorded) and recorded <= required,
              "a man's record counts are malformed")
        codes = [man.get("contacted"), man.get("seen"), *man["cp_conference"].values(),
                 *man["icon"].values()]
        for source in man["information"].values():
            _need(isinstance(source, dict), "a man's information sought is malformed")
            codes += list(source.values())
        _need(all(isinstance(c, str) and c in ANSWER_STATES for c in codes),
              f"a coded answer is not one of {', '.join(ANSWER_STATES)}")
    return data


def _count(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


# Measures --------------------------------------------------------------------------------
# An outcome per man (or per role): counted yes, counted no, not recorded (excluded from the
# percentage but reported), or not applicable (excluded and not reported).
# Small ints, so the count is one list index (aggregate() runs these 10,000s of times).
Outcome = int
COUNT_YES, COUNT_NO, UNRECORDED, NOT_APPLICABLE = 0, 1, 2, -1


def _yn(code: str) -> Outcome:
    return COUNT_YES if code == YES else COUNT_NO if code == NO else UNRECORDED


@dataclass(frozen=True, slots=True)
class Measure:
    key: str
    group: str
    label: str
    per: str  # "man" or "role"
    outcome: Callable[[dict[str, Any]], Outcome]
    benchmark: float | None = None  # §12.4, percent
    benchmark_note: str = ""


@dataclass(frozen=True, slots=True)
class Group:
    key: str
    title: str
    note: str


GROUPS = (
    Group("identification", "Identifying the men",
          "Each of the five male-carer roles per child: addressed (a man recorded, or none / "
          "not known declared with the reason and efforts), and a man identified where one "
          "exists."),
    Group("contact", "Contact and being seen",
          "Per man: contacted directly, and seen, by any agency and by each kind (§12.4)."),
    Group("conferences", "Child-protection conferences",
          "Per man, where the record says whether he was invited (§12.4)."),
    Group("information", "Information sought about him",
          "Per man: information asked of his GP, the police and others, and answered (§9.5, "
          "§9.7)."),
    Group("icon", "ICON crying messages",
          "Per man, at each of the five touchpoints (§14.1)."),
    Group("record", "His record and screening",
          "Per man: the record complete, no answer resting on his account alone, a screening "
          "done."),
)


def _role_addressed(role: dict[str, Any]) -> Outcome:
    return COUNT_NO if role["status"] == "not_addressed" else COUNT_YES


def _role_identified(role: dict[str, Any]) -> Outcome:
    if role["status"] == "declared_none":
        return NOT_APPLICABLE  # there is no such man
    return COUNT_YES if role["status"] == "linked" else COUNT_NO


def _seen_by(kind: str) -> Callable[[dict[str, Any]], Outcome]:
    def outcome(man: dict[str, Any]) -> Outcome:
        if kind in man.get("seen_by", []):
            return COUNT_YES
        return COUNT_NO if man.get("seen") in (YES, NO) else UNRECORDED
    return outcome


def _attended(man: dict[str, Any]) -> Outcome:
    if man["cp_conference"].get("invited") != YES:
        return NOT_APPLICABLE
    return _yn(man["cp_conference"].get("attended", NOT_RECORDED))


def _sought(source: str) -> Callable[[dict[str, Any]], Outcome]:
    def outcome(man: dict[str, Any]) -> Outcome:
        return _yn(man["information"].get(source, {}).get("sought", NOT_RECORDED))
    return outcome


def _answered(source: str) -> Callable[[dict[str, Any]], Outcome]:
    def outcome(man: dict[str, Any]) -> Outcome:
        info = man["information"].get(source, {})
        if info.get("sought") != YES:
            return NOT_APPLICABLE
        return _yn(info.get("answered", NOT_RECORDED))
    return outcome


def _icon(point: str) -> Callable[[dict[str, Any]], Outcome]:
    def outcome(man: dict[str, Any]) -> Outcome:
        return _yn(man["icon"].get(point, NOT_RECORDED))
    return outcome


def _complete(man: dict[str, Any]) -> Outcome:
    rec = man["record"]
    return COUNT_YES if rec["recorded"] >= rec["required"] else COUNT_NO


def _checked(man: dict[str, Any]) -> Outcome:
    return COUNT_NO if man["record"].get("self_report_only", 0) else COUNT_YES


def _screened(man: dict[str, Any]) -> Outcome:
    return COUNT_YES if man.get("screenings") else COUNT_NO


_SEEN_LABELS = {c.value: c.label for c in SEEN_BY}

MEASURES: tuple[Measure, ...] = (
    Measure("roles_addressed", "identification", "Roles addressed", "role", _role_addressed),
    Measure("man_identified", "identification", "A man identified (roles not declared none)",
            "role", _role_identified),
    Measure("contacted", "contact", "Contacted directly", "man",
            lambda m: _yn(m.get("contacted", NOT_RECORDED)), 68.0,
            "68% of completed assessments included contact with the father (§12.4)"),
    Measure("seen", "contact", "Seen by any agency", "man",
            lambda m: _yn(m.get("seen", NOT_RECORDED))),
    *(Measure(f"seen_by_{kind}", "contact", f"Seen by: {_SEEN_LABELS[kind]}", "man",
              _seen_by(kind))
      for kind in ("social_worker", "health_visitor", "midwife", "gp")),
    Measure("cp_invited", "conferences", "Invited to child-protection conferences", "man",
            lambda m: _yn(m["cp_conference"].get("invited", NOT_RECORDED)), 55.0,
            "fathers are invited to CP conferences 55% of the time (§12.4)"),
    Measure("cp_attended", "conferences", "Attended (of those invited)", "man", _attended),
    Measure("gp_sought", "information", "His GP asked", "man", _sought("gp")),
    Measure("gp_answered", "information", "His GP answered (of those asked)", "man",
            _answered("gp")),
    Measure("police_sought", "information", "Police asked", "man", _sought("police")),
    Measure("police_answered", "information", "Police answered (of those asked)", "man",
            _answered("police")),
    Measure("other_sought", "information", "Other agencies asked", "man", _sought("other")),
    Measure("other_answered", "information", "Other agencies answered (of those asked)", "man",
            _answered("other")),
    *(Measure(f"icon_{point}", "icon", label, "man", _icon(point))
      for point, label in ICON_LABELS.items()),
    Measure("record_complete", "record", "Record complete (every required answer)", "man",
            _complete),
    Measure("record_checked", "record", "No answer resting on his account alone", "man",
            _checked),
    Measure("screened", "record", "At least one screening done", "man", _screened),
)


@dataclass(slots=True)
class Tally:
    yes: int = 0
    no: int = 0
    unrecorded: int = 0

    @property
    def denominator(self) -> int:
        return self.yes + self.no

    @property
    def percent(self) -> float | None:
        return None if not self.denominator else 100.0 * self.yes / self.denominator


@dataclass(slots=True)
class Aggregate:
    """Tallies per scope ("all", by local authority, by role) and measure."""

    cases: int = 0
    men: int = 0
    roles: int = 0
    local_authorities: dict[str, int] = field(default_factory=dict)  # cases per LA
    men_by_role: dict[str, int] = field(default_factory=dict)
    periods: tuple[str | None, str | None] = (None, None)
    duplicates: int = 0  # summaries of a case already counted (the newest is kept)
    tallies: dict[tuple[str, str, str], Tally] = field(default_factory=dict)

    def tally(self, scope: str, value: str, measure: str) -> Tally:
        return self.tallies.get((scope, value, measure)) or Tally()


_SCOPE_ALL = ("all", "")


def aggregate(summaries: Iterable[dict[str, Any]]) -> Aggregate:
    """Count every measure over every man (and role) of the summaries, overall, by local
    authority and by role. Two summaries of one case (same case id) count once: the one
    generated last (then the later one given) is kept."""
    newest: dict[str, dict[str, Any]] = {}
    duplicates = 0
    for s in summaries:
        case = s["case"]
        if case in newest:
            duplicates += 1
            if str(s.get("generated") or "") < str(newest[case].get("generated") or ""):
                continue
        newest[case] = s
    out = Aggregate(duplicates=duplicates)
    man_measures = [(n, m.outcome) for n, m in enumerate(MEASURES) if m.per == "man"]
    role_measures = [(n, m.outcome) for n, m in enumerate(MEASURES) if m.per == "role"]
    # Per scope one [yes, no, not recorded] counter per measure (indexed by the outcome). Each
    # man's outcomes are worked out once and added to his local authority's and his roles'
    # counters; "all" is the sum of the local authorities, added up once at the end.
    counts: dict[tuple[str, str], list[list[int]]] = {}

    def bucket(scope: tuple[str, str]) -> list[list[int]]:
        found = counts.get(scope)
        if found is None:
            found = counts[scope] = [[0, 0, 0] for _ in MEASURES]
        return found

    first: str | None = None
    last: str | None = None
    for s in newest.values():
        out.cases += 1
        la = s["local_authority"] or "not recorded"
        out.local_authorities[la] = out.local_authorities.get(la, 0) + 1
        by_la = bucket(("local_authority", la))
        period = s.get("period") or {}
        if period.get("from") and (first is None or period["from"] < first):
            first = period["from"]
        if period.get("to") and (last is None or period["to"] > last):
            last = period["to"]
        for role in s["roles"]:
            out.roles += 1
            by_role = bucket(("role", role["role"]))
            for n, outcome in role_measures:
                o = outcome(role)
                if o >= 0:
                    by_la[n][o] += 1
                    by_role[n][o] += 1
        for man in s["men"]:
            out.men += 1
            targets_m = [by_la]
            for r in man["roles"]:
                out.men_by_role[r] = out.men_by_role.get(r, 0) + 1
                targets_m.append(bucket(("role", r)))
            for n, outcome in man_measures:
                o = outcome(man)
                if o >= 0:
                    for b in targets_m:
                        b[n][o] += 1
    everyone = bucket(_SCOPE_ALL)
    for (scope, _value), per_measure in list(counts.items()):
        if scope == "local_authority":
            for n, (yes, no, unrecorded) in enumerate(per_measure):
                tally = everyone[n]
                tally[0] += yes
                tally[1] += no
                tally[2] += unrecorded
    for (scope, value), per_measure in counts.items():
        for n, (yes, no, unrecorded) in enumerate(per_measure):
            if yes or no or unrecorded:
                out.tallies[(scope, value, MEASURES[n].key)] = Tally(yes, no, unrecorded)
    out.periods = (first, last)
    return out


def role_label(value: str) -> str:
    try:
        return CarerRole(value).label
    except ValueError:
        return value
