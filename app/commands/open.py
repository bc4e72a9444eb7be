"""visible open [CASE] [--read-only] [--demo]"""

from __future__ import annotations

import argparse
from pathlib import Path


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser("open", help="open the desktop application")
    p.add_argument("case", metavar="CASE", type=Path, nargs="?", help="a case file to unlock")
    p.add_argument("--read-only", action="store_true", help="open without the ability to change it")
    p.add_argument("--demo", action="store_true",
                   help="open the fictional demo case (the one File > Open the demo case opens; "
                        "written on first use)")
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    # Qt is imported only here, so the CLI's other commands start fast and run without a screen.
    from app.gui import run_gui

    if args.demo and args.case is not None:
        print("visible: give a case file or --demo, not both.")
        return 2
    if args.demo:
        from app.demo_case import DEMO_PASSPHRASE, demo_path

        # One demo case: `make run`, File > Open the demo case and the start screen's button
        # all open this file (issue 12 found two different demo.vcase files).
        print(f"Demo case: {demo_path()}  (passphrase: {DEMO_PASSPHRASE})")
    return run_gui(args.case, read_only=args.read_only, demo=args.demo)
