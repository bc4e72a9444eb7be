"""visible demo CASE [--entries N]"""

from __future__ import annotations

import argparse

from app.commands._common import add_case_argument
from app.operations.demo import create_demo
from app.passphrase import read_passphrase
from storage.paths import shown


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser("demo", help="write a realistic, fictional demo case")
    add_case_argument(p)
    p.add_argument("--entries", type=int, default=None,
                   help="number of chronology entries (default: a few dozen)")
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    if args.entries is not None and not 0 <= args.entries <= 1_000_000:
        print("visible: --entries must be between 0 and 1,000,000.")
        return 2
    passphrase = read_passphrase("New passphrase (12+ characters): ", confirm=True,
                                 allow_demo=True)
    with create_demo(str(args.case), passphrase, args.entries):
        pass
    print(f"Wrote the demo case to {shown(args.case)}.")
    return 0
