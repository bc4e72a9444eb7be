"""visible practice-summary CASE --out S.json: the case's anonymous father-inclusion summary.

No names, dates of birth, addresses or free text: a case id, the local authority, the period
in quarters, and per role and man what was done (forms/practice.py). The written file is
scanned for every recorded name and date of birth and refused if one appears.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from app.commands._common import add_case_argument, open_case


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "practice-summary",
        help="write the case's anonymous father-inclusion summary (JSON) for a practice report",
        description="The summary holds codes and counts only; it is scanned for every recorded "
                    "name and date of birth before it is kept.")
    add_case_argument(p)
    p.add_argument("--out", required=True, type=Path, metavar="S.json", help="file to write")
    p.add_argument("--accept-older", action="store_true", help=argparse.SUPPRESS)
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from app.operations.practice import write_practice_summary
    from exports.errors import ExportError

    if args.out.suffix.lower() != ".json":
        raise ExportError(f"{args.out.name}: a practice summary is written as .json.")
    with open_case(args) as case:
        written = write_practice_summary(case, args.out).path
    print(f"Wrote {written} (anonymous practice summary; checked for names and dates of birth).")
    return 0
