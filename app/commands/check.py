"""visible check CASE [--json]: is every male-carer role addressed and every man's record complete?

Exit 0 when complete, 3 when not (see app/cli.py). The rules live in forms/completeness.py so the
app and the exports apply exactly the same ones. --json also carries each man's factor map
(forms/factor_map.py): per factor group present / absent / not known, with every statement it
rests on (source, date learned, basis) and the questions where sources disagree.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json

from app.commands._common import add_case_argument, open_case
from forms.completeness import CompletenessReport, check_case
from forms.factor_map import factor_map
from forms.record import load_all_facts
from forms.requests_report import request_problems
from storage.casefile import CaseFile
from storage.ids import PersonId

EXIT_COMPLETE, EXIT_INCOMPLETE = 0, 3


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "check",
        help="list male-carer roles not addressed and men's records still incomplete",
        description="Exit status: 0 complete, 3 incomplete, 1 error.",
    )
    add_case_argument(p)
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.add_argument("--accept-older", action="store_true", help=argparse.SUPPRESS)
    p.set_defaults(handler=run)


def report_lines(report: CompletenessReport) -> list[str]:
    lines = []
    for problem in report.problems:
        lines.append(f"! {problem}")
    for child in report.children:
        lines.append(f"Male-carer roles for {child.child_name}:")
        for role in child.roles:
            mark = "ok " if role.addressed else "MISSING"
            detail = role.summary() + (
                f" ({role.problem})" if role.problem and role.declaration else ""
            )
            lines.append(f"  [{mark:7}] {role.label}: {detail}")
    for man in report.unlinked_men:
        lines.append(f"! {man['name']} lives in the household but is in no male-carer role.")
    for man in report.men:
        lines.append(f"{man.name} ({'; '.join(man.roles)}): {man.badge()}")
        if man.missing:
            lines.append("  required, not recorded:")
            lines.extend(
                f"    - {g.section} › {g.label}{' (recorded as not asked)' if g.not_asked else ''}"
                for g in man.missing
            )
        if man.self_report_only:
            lines.append("  his own account only (not checked with anyone else):")
            lines.extend(f"    - {g.section} › {g.label}" for g in man.self_report_only)
        if man.sources_disagree:
            lines.append("  sources disagree (both versions are kept):")
            lines.extend(f"    - {g.section} › {g.label}" for g in man.sources_disagree)
    lines.append("Complete." if report.complete else "Incomplete.")
    return lines


def report_json(case: CaseFile, report: CompletenessReport) -> dict:
    """The completeness report plus each man's factor map."""
    data = report.to_json()
    facts = load_all_facts(case)
    for man in data["men"]:
        groups = factor_map(facts.get(man["person_id"], {}))
        man["factor_map"] = [g.to_json() for g in groups]
    return data


def run(args: argparse.Namespace) -> int:
    with open_case(args, read_only=True) as case:
        report = check_case(case)
        data = report_json(case, report) if args.json else None
        # Information seeking (issue 14): overdue requests, men no health agency was asked about.
        today = dt.date.today()
        sought = request_problems(case, [(PersonId(m.person_id), m.name) for m in report.men],
                                  today)
    complete = report.complete and sought.complete
    if data is not None:
        data.update(requests=sought.to_json(), complete=complete)
        print(json.dumps(data, indent=2, ensure_ascii=False))
    else:
        lines = report_lines(report)
        lines[-1:-1] = sought.lines(today)
        lines[-1] = "Complete." if complete else "Incomplete."
        print("\n".join(lines))
    return EXIT_COMPLETE if complete else EXIT_INCOMPLETE
