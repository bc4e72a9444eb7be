"""visible passphrase CASE — change the passphrase (re-encrypts every page)."""

from __future__ import annotations

import argparse

from app.commands._common import add_case_argument, open_case
from app.passphrase import read_passphrase
from storage.paths import shown


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser("passphrase", help="change a case's passphrase")
    add_case_argument(p)
    p.add_argument("--accept-older", action="store_true", help=argparse.SUPPRESS)
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    with open_case(args) as case:
        new = read_passphrase("New passphrase (12+ characters): ", env="VISIBLE_NEW_PASSPHRASE",
                              confirm=True)
        case.change_passphrase(new)
    print(f"The passphrase of {shown(args.case.name)} has been changed.")
    return 0
