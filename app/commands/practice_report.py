"""visible practice-report S1.json S2.json … | DIR --out report.pdf|report.docx|report.csv

Aggregates any number of practice summaries into the partnership's father-inclusion report
(exports/practice_report.py). A summary from a newer version is refused; a malformed one stops
the report unless --skip-invalid is given, and is then named here and left out.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "practice-report",
        help="aggregate practice summaries into a partnership report (.pdf, .docx or .csv)",
        description="Each measure as a percentage with its counts, the §12.4 figures beside "
                    "them, a chart per group, and breakdowns by local authority and by role.")
    p.add_argument("inputs", nargs="+", metavar="SUMMARY", type=Path,
                   help="practice summary files (.json), or folders of them")
    p.add_argument("--out", required=True, type=Path, metavar="FILE",
                   help="report.pdf, report.docx or report.csv")
    p.add_argument("--skip-invalid", action="store_true",
                   help="leave out (and name) files that are not usable summaries")
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from app.operations.practice import write_practice_report

    written, loaded = write_practice_report(args.inputs, args.out, args.skip_invalid)
    for name, why in loaded.skipped:
        print(f"Skipped {name}: {why}.", file=sys.stderr)
    print(f"Wrote {written} from {len(loaded.summaries)} practice summar"
          f"{'y' if len(loaded.summaries) == 1 else 'ies'}.")
    return 0
