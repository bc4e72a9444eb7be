"""visible backup CASE DEST — an encrypted copy under the same passphrase."""

from __future__ import annotations

import argparse
from pathlib import Path

from app.commands._common import add_case_argument, open_case
from storage.paths import shown


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser("backup", help="write an encrypted backup copy of a case")
    add_case_argument(p)
    p.add_argument("dest", type=Path, metavar="DEST")
    p.add_argument("--damaged", action="store_true",
                   help="copy a case found damaged, for investigation (not a backup to restore)")
    p.add_argument("--accept-older", action="store_true", help=argparse.SUPPRESS)
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    with open_case(args, read_only=True) as case:
        case.backup(args.dest, damaged=args.damaged)
        if case.damage is not None:
            print(f"Copied the damaged {shown(args.case.name)} to {shown(args.dest)} for "
                  "investigation (encrypted, same passphrase); it is not a backup to restore.")
            return 0
    print(f"Backed up {shown(args.case.name)} to {shown(args.dest)} (encrypted, same passphrase).")
    return 0
