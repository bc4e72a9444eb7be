"""Shared pieces for sub-commands: the CASE argument and opening a case from the CLI."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from app.passphrase import read_passphrase
from storage.casefile import CaseFile
from storage.errors import CaseFileDamaged
from storage.paths import printable


def add_case_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("case", metavar="CASE", type=Path, help="the case file (.vcase)")


def open_case(args: argparse.Namespace, read_only: bool = False) -> CaseFile:
    """Open args.case with the passphrase from VISIBLE_PASSPHRASE or a prompt."""
    passphrase = read_passphrase()
    case = CaseFile.open(args.case, passphrase, read_only=read_only,
                         accept_rollback=getattr(args, "accept_older", False))
    if case.damage:
        # A damaged file is opened read-only: a command that writes (export records itself,
        # import, passphrase) stops here; one that only reads goes on, after saying so.
        if not read_only:
            case.close()
            raise CaseFileDamaged(case.damage)
        print(f"visible: warning: {printable(case.damage)}", file=sys.stderr)
    return case

