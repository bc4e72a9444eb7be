"""visible verify CASE — page HMACs, structure and the audit chain. Exit 4 on any problem."""

from __future__ import annotations

import argparse
import sys

from app.commands._common import add_case_argument, open_case
from storage.errors import CaseFileDamaged, RolledBack
from storage.paths import printable, shown

EXIT_PROBLEM = 4


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "verify", help="check the file's encryption, structure and audit trail")
    add_case_argument(p)
    p.add_argument("--accept-older", action="store_true", help=argparse.SUPPRESS)
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    try:
        case = open_case(args, read_only=True)
    except (CaseFileDamaged, RolledBack) as exc:
        print(f"visible: {printable(str(exc))}", file=sys.stderr)
        return EXIT_PROBLEM
    with case:
        problems = case.verify()
    if problems:
        for problem in problems:
            print(f"PROBLEM: {printable(problem)}")
        print(f"{shown(args.case.name)}: {len(problems)} problem(s) found. Restore your latest "
              "backup and keep this copy for investigation.", file=sys.stderr)
        return EXIT_PROBLEM
    print(f"{shown(args.case.name)}: encryption, structure and audit trail all OK.")
    return 0
