"""visible new CASE --reference REF"""

from __future__ import annotations

import argparse

from app.commands._common import add_case_argument
from app.passphrase import read_passphrase
from storage.case import CaseDetails
from storage.casefile import CaseFile
from storage.paths import case_file_name, printable, shown


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser("new", help="create an empty, encrypted case file")
    add_case_argument(p)
    p.add_argument("--reference", required=True, help="the case reference")
    p.add_argument("--local-authority", default="")
    p.add_argument("--author", default="")
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    path = case_file_name(args.case)
    CaseFile.check_new_path(path)
    passphrase = read_passphrase("New passphrase (12+ characters): ", confirm=True)
    details = CaseDetails(reference=args.reference, local_authority=args.local_authority,
                          author=args.author)
    with CaseFile.create(path, passphrase, details):
        pass
    print(f"Created {shown(path)} (case {printable(args.reference)}).")
    return 0
