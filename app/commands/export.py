"""visible export CASE --format docx|pdf|html --style court|review [--anonymise]
[--proceedings-issued DATE] [--all-events | --key-events-only] [--[no-]bundle]
[--password-env VAR] [--marking TEXT] --out FILE [--overwrite]

A court export prints its page count (the PDF's, as the court counts pages)."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from app.commands._common import add_case_argument, open_case
from exports.document import DEFAULT_MARKING, ExportFormat, ExportOptions
from exports.errors import ExportError
from exports.options import checked, resolve_target
from exports.styles import STYLES
from forms.dates import parse_day
from storage.errors import InvalidValue
from storage.paths import printable, shown

if TYPE_CHECKING:
    from exports.court import PageCount
    from storage.casefile import CaseFile


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
    p.add_argument("--redaction-log", action="store_true",
                   help="with --anonymise: append the redaction log (kinds and counts removed)")
    p.add_argument("--proceedings-issued", metavar="DATE",
                   help="court style: count the two years back from this date (e.g. 03/03/2026)"
                        " instead of the date recorded in the case")
    scope = p.add_mutually_exclusive_group()
    scope.add_argument("--all-events", action="store_true",
                       help="court style: every event, not only the two years before proceedings")
    scope.add_argument("--key-events-only", action="store_true",
                       help="court style: key events only")
    p.add_argument("--household-on-key-events", action="store_true",
                   help="review style: under each key event, who lived with the child that day")
    p.add_argument("--bundle", action=argparse.BooleanOptionalAction, default=None,
                   help="PDF ready for a court e-bundle: A4 portrait, 12 pt text with 1.5 line "
                        "spacing, a linked contents page (default: on for --style court)")
    p.add_argument("--password-env", metavar="VAR",
                   help="protect the file with the password in environment variable VAR")
    p.add_argument("--marking", default=DEFAULT_MARKING,
                   help=f"protective marking on every page (default {DEFAULT_MARKING})")
    p.add_argument("--accept-older", action="store_true", help=argparse.SUPPRESS)
    p.add_argument("--out", required=True, type=Path, metavar="FILE", help="file to write")
    p.add_argument("--overwrite", action="store_true",
                   help="replace FILE if it exists (otherwise an existing file is refused)")
    p.set_defaults(handler=run)


def options_from(args: argparse.Namespace) -> ExportOptions:
    """The options the command line gives; exports.options checks them (as for the dialog)."""
    password = None
    if args.password_env:
        password = os.environ.get(args.password_env)
        if not password:
            raise ExportError(f"The environment variable {args.password_env} is not set or is "
                              "empty; set it to the export password.")
    issued = None
    if args.proceedings_issued:
        try:
            issued = parse_day(args.proceedings_issued)  # the one date grammar, a whole day
        except InvalidValue as exc:
            raise ExportError(f"--proceedings-issued: {exc}") from None
    fmt = ExportFormat(args.format) if args.format else None
    path, fmt = resolve_target(args.out, fmt)
    if path.exists() and not path.is_dir() and not args.overwrite:
        # A court or review chronology sent earlier under this name must not be replaced by
        # a repeated command line; the window's file dialog asks the same question.
        raise ExportError(f"{shown(path)} already exists; give another --out name, or add "
                          "--overwrite to replace it.")
    return checked(ExportOptions(format=fmt, style=args.style, anonymise=args.anonymise,
                                 all_events=args.all_events,
                                 key_events_only=args.key_events_only,
                                 proceedings_issued=issued,
                                 household_on_key_events=args.household_on_key_events,
                                 password=password,
                                 marking=args.marking, bundle=args.bundle,
                                 redaction_log=args.redaction_log))


def court_pages(case: CaseFile, options: ExportOptions) -> PageCount:
    """The page count of the court chronology just written, from the same document's layout
    (a password-protected PDF cannot be reopened to count it, and Word counts its own)."""
    from app.genogram.rendering import render_png
    from app.operations.export import build, prepare
    from exports.court import page_count

    # Prepared as the export was (same snapshot reading, same genogram figure, same options).
    nowhere = Path(f"count.{ExportFormat(options.format).value}")  # prepare reads its suffix
    return page_count(build(prepare(case, options, nowhere, render_png))[0])


def run(args: argparse.Namespace) -> int:
    from app.genogram.rendering import render_png
    from app.operations.export import export_case

    options = options_from(args)  # before the passphrase prompt: a typo costs nothing
    pages = None
    with open_case(args) as case:
        result = export_case(case, options, args.out, render_genogram=render_png)
        if options.style == "court":
            pages = court_pages(case, options)
    protection = "password-protected" if options.password else "NOT password-protected"
    print(f"Wrote {shown(result.path)} ({protection}; it is outside the encrypted case file).")
    if pages is not None:
        laid_out = "" if options.format is ExportFormat.PDF else " as laid out in the PDF version"
        print(f"Court chronology: {pages}{laid_out}.")
        from app.settings import Settings

        limit = Settings().court_page_limit
        if pages.chronology > limit:
            # The same warning the builder shows (app/chronology/court_builder.py).
            print(f"The chronology runs to {pages.chronology} pages, more than the {limit}-page "
                  "limit set in Preferences; leave out entries or summarise older history. The "
                  "court's directions on length prevail over this setting.", file=sys.stderr)
    if not options.password:
        print("Handle it as the marking requires: " + printable(options.marking), file=sys.stderr)
    return 0
