"""visible requests CASE [--person NAME] [--json]: every information request and its state."""

from __future__ import annotations

import argparse
import json

from app.commands._common import add_case_argument, open_case
from app.commands._requests_common import person_named
from forms.requests_report import RequestLine, requests_overview


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "requests", help="list information requests to agencies about each man",
        description="Exit status: 0, or 1 on an error.",
    )
    add_case_argument(p)
    p.add_argument("--person", help="only requests about this person")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.add_argument("--accept-older", action="store_true", help=argparse.SUPPRESS)
    p.set_defaults(handler=run)


def line_text(line: RequestLine) -> list[str]:
    r = line.request
    dates = []
    if r.sent_on:
        dates.append(f"sent {r.sent_on:%d/%m/%Y}" + (f" by {r.sent_how.lower()}"
                                                     if r.sent_how else ""))
    if r.due_on:
        dates.append(f"due {r.due_on:%d/%m/%Y}")
    if line.chases:
        dates.append("chased " + ", ".join(f"{c.chased_on:%d/%m/%Y}" for c in line.chases))
    if r.answered_on:
        dates.append(f"{line.status.lower()} {r.answered_on:%d/%m/%Y}")
    out = [f"#{line.id} {line.agency} about {line.person}: {line.status}"
           + (f" — {'; '.join(dates)}" if dates else "")]
    out.extend(f"    asks: {text}" for text in line.asked())
    if r.basis:
        out.append(f"    basis: {r.basis}" + (f" ({r.basis_detail})" if r.basis_detail else ""))
    if r.answer_summary:
        out.append(f"    answer: {r.answer_summary}")
    return out


def run(args: argparse.Namespace) -> int:
    with open_case(args, read_only=True) as case:
        overview = requests_overview(case)
        lines = overview.lines
        if args.person:
            lines = overview.of_person(person_named(case, args.person).id or 0)
    if args.json:
        print(json.dumps([line.to_json() for line in lines], indent=2, ensure_ascii=False))
        return 0
    if not lines:
        print("No information requests yet.")
        return 0
    for line in lines:
        print("\n".join(line_text(line)))
    overdue = sum(1 for line in lines if line.overdue)
    print(f"{len(lines)} request{'s' if len(lines) != 1 else ''}, "
          f"{sum(1 for line in lines if line.request.status.value in ('sent', 'chased'))} "
          f"outstanding, {overdue} overdue.")
    return 0
