"""visible [open [CASE]] — the desktop application."""

from __future__ import annotations

import argparse
from pathlib import Path


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser("open", help="open the desktop application")
    p.add_argument("case", metavar="CASE", type=Path, nargs="?", help="a case file to unlock")
    p.add_argument("--read-only", action="store_true", help="open without the ability to change it")
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    # Qt is imported only here, so the CLI's other commands start fast and run without a screen.
    from app.gui import run_gui

    return run_gui(args.case, read_only=args.read_only)
