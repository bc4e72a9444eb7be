"""visible import CASE FILE --agency NAME [--mapping JSON] [--skip-invalid] [--dry-run]
[--encoding NAME] [--fallback cp1252]

Imports an agency's chronology return (.csv, .docx table, .xlsx) as one undoable transaction.
If any row is invalid, prints the per-row report (row, column, what is wrong) and imports
nothing (exit 1), unless --skip-invalid is given. A CSV's encoding is detected and printed;
--encoding overrides it; bytes not valid in it are refused (exit 1, line, row and byte named)
unless --fallback cp1252 reads them as Windows-1252.
"""

from __future__ import annotations

import argparse
import sys

from app.commands._common import add_case_argument, open_case
from app.operations.agencies import add_agency
from app.operations.importing import import_return, match_lines, match_return
from exports.return_template import template_token
from forms.importers.mapping import guess_mapping, mapping_from_argument
from forms.importers.plan import build_plan
from forms.importers.readers import read_table
from storage.chronology_store import agencies, agency_by_name
from storage.errors import CaseError
from storage.import_mapping_store import load_mapping
from storage.paths import printable

MAX_WARNINGS = 30  # errors are all listed (they block the import); warnings are summarised


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser("import", help="import an agency's chronology (.csv, .docx, .xlsx)")
    add_case_argument(p)
    p.add_argument(
        "file", metavar="FILE", help="the agency's return: .csv, .docx (a table) or .xlsx"
    )
    p.add_argument("--agency", required=True, help="the agency the return comes from, e.g. Police")
    p.add_argument(
        "--mapping",
        help="JSON (or a .json file) of field to column, e.g. "
        '\'{"event_date": "Date", "what_happened": "Event"}\'; '
        "default: the agency's remembered mapping, else guessed",
    )
    p.add_argument(
        "--skip-invalid",
        action="store_true",
        help="import the valid rows and leave out the invalid ones",
    )
    p.add_argument("--dry-run", action="store_true", help="check and report; import nothing")
    p.add_argument("--corrected", action="store_true",
                   help="a corrected return: replace the agency's latest return (a filled "
                   "template is recognised without this)")
    p.add_argument(
        "--new-agency",
        action="store_true",
        help="add the agency to the case's list if it is not there yet",
    )
    p.add_argument("--table", type=int, default=None, help="which table of a .docx (1 = first)")
    p.add_argument("--sheet", metavar="NAME", default=None,
                   help="which sheet of a .xlsx: its name as on its tab, or its number "
                   "(1 = first visible sheet); default: the one that looks like a chronology")
    p.add_argument(
        "--encoding",
        metavar="NAME",
        help="a CSV's character encoding (utf-8, cp1252, mac-roman, utf-16, ...); "
        "default: detected",
    )
    p.add_argument(
        "--fallback",
        choices=["cp1252"],
        help="read bytes that are not valid in the encoding as Windows-1252 instead of refusing",
    )
    p.add_argument("--accept-older", action="store_true", help=argparse.SUPPRESS)
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    # Read before asking for the passphrase: a file that cannot be read needs no case.
    table = read_table(args.file, args.table, encoding=args.encoding,
                       fallback=args.fallback is not None, sheet=args.sheet)
    with open_case(args, read_only=args.dry_run) as case:
        agency = agency_by_name(case, args.agency)
        if agency is None:
            if not args.new_agency:
                names = ", ".join(a.name for a in agencies(case))
                raise CaseError(
                    f"There is no agency called '{args.agency}' in this case ({names}); "
                    "check the spelling or add --new-agency."
                )
            name = " ".join(args.agency.split())
            prefix = "".join(w[0] for w in name.split() if w[:1].isalnum()).upper()[:4] or "AG"
            add_agency(case, name, prefix)
            agency = agency_by_name(case, args.agency)
        assert agency is not None and agency.id is not None
        if args.mapping:
            mapping = mapping_from_argument(args.mapping)
        else:
            mapping = load_mapping(case, agency.id) or guess_mapping(table.headers)
            if not set(mapping.values()) <= set(table.headers):
                mapping = guess_mapping(table.headers)
        plan = build_plan(case, table, agency, mapping)
        # The plan keeps what it needs of every row: the cells themselves can go before the
        # write (a 200,000-row return's table is ~100 MB).
        encoding, encoding_note = table.encoding, table.encoding_note
        del table
        # The returns log (issue 14): which asked-for return this answers; a corrected return
        # from the same agency replaces its earlier batch, after showing what changed. Matched
        # before the plan is printed: a correction's rows are not duplicates of those it
        # replaces, and must not be warned about as if they were.
        match = match_return(case, plan, template_token(args.file), args.corrected)
        if encoding:
            print(f"Read as {encoding} ({encoding_note}).")
        print(printable(plan.summary()))
        warnings = list(plan.warnings())
        for warning in warnings[:MAX_WARNINGS]:
            print(f"  warning: {printable(str(warning))}")
        if len(warnings) > MAX_WARNINGS:
            print(f"  … and {len(warnings) - MAX_WARNINGS} more warnings (use --dry-run to check).")
        report = plan.error_report()
        for line in report:
            print(f"  error: {printable(str(line))}", file=sys.stderr)
        if report and not args.skip_invalid:
            print(
                f"visible: nothing imported: {plan.invalid_count} row(s) have errors. "
                "Correct the file, or use --skip-invalid to import only the valid rows.",
                file=sys.stderr,
            )
            return 1
        for line in match_lines(match):
            print(line)
        if args.dry_run:
            print("Dry run: nothing imported.")
            return 0
        change = import_return(case, plan, match, skip_invalid=args.skip_invalid)
        result = change.result
        assert result is not None
        print(
            f"Imported {len(result.entry_ids)} entries from {printable(plan.file_name)} as "
            f"{printable(agency.name)}"
            f" (batch {result.batch_id}, change {change.txn}); {result.duplicates} flagged as "
            f"likely duplicates; {result.skipped} invalid row(s) left out."
        )
    return 0
