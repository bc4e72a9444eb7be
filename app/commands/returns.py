"""visible returns CASE [--json]: the returns tracker — agencies asked, returned, overdue."""

from __future__ import annotations

import argparse
import datetime as dt
import json

from app.commands._common import add_case_argument, open_case
from forms.returns import return_state
from storage.chronology import Agency
from storage.requests_store import agency_returns


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "returns", help="agency chronology returns: asked, returned, overdue",
        description="Exit status: 0, or 1 on an error.",
    )
    add_case_argument(p)
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.add_argument("--accept-older", action="store_true", help=argparse.SUPPRESS)
    p.set_defaults(handler=run)


def _day(d: dt.date | None) -> str:
    return f"{d:%d/%m/%Y}" if d else "—"


def run(args: argparse.Namespace) -> int:
    today = dt.date.today()
    with open_case(args, read_only=True) as case:
        names = {a.id: a.name for a in case.all(Agency)}
        items = agency_returns(case)
    rows = [{
        "id": r.id, "agency": names.get(r.agency_id, str(r.agency_id)),
        "state": return_state(r, today),
        "requested_on": r.requested_on.isoformat() if r.requested_on else None,
        "due_on": r.due_on.isoformat() if r.due_on else None,
        "received_on": r.received_on.isoformat() if r.received_on else None,
        "rows": r.row_count, "corrections": r.corrections, "batch_id": r.batch_id,
        "template": r.template_file,
    } for r in items]
    if args.json:
        print(json.dumps(rows, indent=2, ensure_ascii=False))
        return 0
    if not items:
        print("No agency returns asked for or received yet (`visible template` asks for one).")
        return 0
    print(f"{'Agency':28} {'State':10} {'Requested':10} {'Due':10} {'Received':10} Rows")
    for r, row in zip(items, rows, strict=True):
        print(f"{row['agency'][:28]:28} {row['state']:10} {_day(r.requested_on):10} "
              f"{_day(r.due_on):10} {_day(r.received_on):10} {r.row_count}"
              + (f" ({r.corrections} correction{'s' if r.corrections != 1 else ''})"
                 if r.corrections else ""))
    counts = {s: sum(1 for row in rows if row["state"] == s)
              for s in ("asked", "overdue", "returned", "corrected")}
    print(f"{len(rows)} returns: {counts['asked']} awaited, {counts['overdue']} overdue, "
          f"{counts['returned'] + counts['corrected']} returned.")
    return 0
