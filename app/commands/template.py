"""visible template CASE --agency NAME --out FILE.xlsx|FILE.docx [--from DATE] [--to DATE]
[--due DATE]: the chronology return template for an agency (logged as asked for).

The filled template imports with `visible import` and no column mapping.
"""

from __future__ import annotations

import argparse
import sys

from app.commands._common import add_case_argument, open_case
from app.commands._requests_common import agency_named, date_arg
from app.operations.returns import ask_for_return
from storage.ids import AgencyId


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "template", help="write an agency's chronology return template (.xlsx or .docx)",
        description="Exit status: 0 ok, 1 a problem (nothing written), 2 usage.",
    )
    add_case_argument(p)
    p.add_argument("--agency", required=True, help="the agency asked, e.g. Police")
    p.add_argument("--out", required=True, help="FILE.xlsx or FILE.docx")
    p.add_argument("--from", dest="period_from", help="start of the period to cover")
    p.add_argument("--to", dest="period_to", help="end of the period to cover")
    p.add_argument("--due", help="return by (default: ten working days from today)")
    p.add_argument("--accept-older", action="store_true", help=argparse.SUPPRESS)
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    with open_case(args) as case:
        agency = agency_named(case, args.agency)
        written, change = ask_for_return(
            case, AgencyId(agency.id or 0), args.out,
            date_arg(args.period_from, "the period starts", default_today=False),
            date_arg(args.period_to, "the period ends", default_today=False),
            date_arg(args.due, "due", default_today=False),
        )
    print(f"Wrote {written}: {agency.name}'s return template, logged as asked for "
          f"(change {change.txn}).")
    print("visible: the template leaves the encrypted case file; send it by secure email.",
          file=sys.stderr)
    return 0
