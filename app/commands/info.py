"""visible info CASE [--json]"""

from __future__ import annotations

import argparse
import json

from app.commands._common import add_case_argument, open_case
from storage.counts_store import case_counts


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser("info", help="counts and schema version of a case")
    add_case_argument(p)
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.add_argument("--accept-older", action="store_true", help=argparse.SUPPRESS)
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    with open_case(args, read_only=True) as case:
        counts = case_counts(case)
    if args.json:
        print(json.dumps(counts, indent=2, ensure_ascii=False))
    else:
        for key, value in counts.items():
            if isinstance(value, dict):
                print(f"{key}:")
                for k, v in value.items():
                    print(f"  {k}: {v}")
            else:
                print(f"{key}: {value}")
    return 0
