"""Shared pieces for sub-commands: the CASE argument and opening a case from the CLI."""

from __future__ import annotations

import argparse
from pathlib import Path

from app.passphrase import read_passphrase
from storage.casefile import CaseFile


def add_case_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("case", metavar="CASE", type=Path, help="the case file (.vcase)")


def open_case(args: argparse.Namespace, read_only: bool = False) -> CaseFile:
    """Open args.case with the passphrase from VISIBLE_PASSPHRASE or a prompt."""
    passphrase = read_passphrase()
    return CaseFile.open(args.case, passphrase, read_only=read_only,
                         accept_rollback=getattr(args, "accept_older", False))

