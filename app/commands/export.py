"""visible export CASE --format docx|pdf|html --style court|review [--anonymise] [--all-events]
[--password-env VAR] [--marking TEXT] --out FILE"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from app.commands._common import add_case_argument, open_case
from exports.document import DEFAULT_MARKING, ExportFormat, ExportOptions
from exports.errors import ExportError
from exports.options import checked, resolve_target
from exports.styles import STYLES


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "export", help="write a court or review chronology as Word, PDF or HTML",
        description="The exported file leaves the encrypted case file: protect it with "
                    "--password-env, or handle it as the marking requires.")
    add_case_argument(p)
    p.add_argument("--format", choices=[f.value for f in ExportFormat], default=None,
                   help="docx, pdf or html (default: from the --out suffix)")
    p.add_argument("--style", choices=list(STYLES), default="court",
                   help="; ".join(f"{spec.name}: {spec.title}" for spec in STYLES.values()))
    p.add_argument("--anonymise", action="store_true",
                   help="pseudonyms for people and staff, ages for dates of birth, no addresses")
    p.add_argument("--all-events", action="store_true",
                   help="court style: the last two years of events plus key earlier events")
    p.add_argument("--bundle", action=argparse.BooleanOptionalAction, default=None,
                   help="PDF ready for a court e-bundle: A4 portrait, 12 pt text with 1.5 line "
                        "spacing, a linked contents page (default: on for --style court)")
    p.add_argument("--password-env", metavar="VAR",
                   help="protect the file with the password in environment variable VAR")
    p.add_argument("--marking", default=DEFAULT_MARKING,
                   help=f"protective marking on every page (default {DEFAULT_MARKING})")
    p.add_argument("--accept-older", action="store_true", help=argparse.SUPPRESS)
    p.add_argument("--out", required=True, type=Path, metavar="FILE", help="file to write")
    p.set_defaults(handler=run)


def options_from(args: argparse.Namespace) -> ExportOptions:
    """The options the command line gives; exports.options checks them (as for the dialog)."""
    password = None
    if args.password_env:
        password = os.environ.get(args.password_env)
        if not password:
            raise ExportError(f"The environment variable {args.password_env} is not set or is "
                              "empty; set it to the export password.")
    fmt = ExportFormat(args.format) if args.format else None
    _path, fmt = resolve_target(args.out, fmt)
    return checked(ExportOptions(format=fmt, style=args.style, anonymise=args.anonymise,
                                 all_events=args.all_events, password=password,
                                 marking=args.marking, bundle=args.bundle))


def run(args: argparse.Namespace) -> int:
    from app.genogram_render import snapshot_png
    from app.operations.export import export_case

    options = options_from(args)  # before the passphrase prompt: a typo costs nothing
    with open_case(args) as case:
        result = export_case(case, options, args.out, render_genogram=snapshot_png)
    protection = "password-protected" if options.password else "NOT password-protected"
    print(f"Wrote {result.path} ({protection}; it is outside the encrypted case file).")
    if not options.password:
        print("Handle it as the marking requires: " + options.marking, file=sys.stderr)
    return 0
