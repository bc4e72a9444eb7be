"""visible anonymise CASE [--json] [--all-identifying]
[--decide TEXT (--pseudonym LABEL | --same-as PERSON_ID | --remove | --keep)]

Lists the possible identifiers in the case's free text that the author has not decided yet
(text, kind, count, the first entries it appears in), and records decisions. An anonymised
export refuses until every candidate is decided.
"""

from __future__ import annotations

import argparse
import json
import sys

from app.commands._common import add_case_argument, open_case


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "anonymise", help="review the names, places and organisations an anonymised export "
                          "must replace",
        description="Without options: list the candidates not yet decided.")
    add_case_argument(p)
    p.add_argument("--json", action="store_true", help="machine-readable list")
    p.add_argument("--all-identifying", action="store_true",
                   help="decide every remaining candidate as identifying, each with a neutral "
                        "pseudonym (Neighbour 1, Nursery 1, Person A)")
    p.add_argument("--decide", metavar="TEXT", help="the candidate to decide (as listed)")
    how = p.add_mutually_exclusive_group()
    how.add_argument("--pseudonym", metavar="LABEL", help='replace it with LABEL, e.g. '
                                                          '"Neighbour 1"')
    how.add_argument("--same-as", metavar="PERSON_ID", type=int,
                     help="it is this recorded person (their pseudonym is used)")
    how.add_argument("--remove", action="store_true", help='replace it with "[name removed]"')
    how.add_argument("--keep", action="store_true", help="not identifying: keep as written")
    p.add_argument("--accept-older", action="store_true", help=argparse.SUPPRESS)
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from app.operations.anonymisation import (
        Choice,
        DecisionError,
        decide,
        decide_all_identifying,
        pending,
    )
    from exports.identifiers import KIND_LABELS, fold
    from storage.anonymisation import Decision

    how = [args.pseudonym is not None, args.same_as is not None, args.remove, args.keep]
    if args.decide is None and any(how):
        raise DecisionError("Say which candidate with --decide TEXT.")
    if args.decide is not None and not any(how):
        raise DecisionError("Say how to decide it: --pseudonym LABEL, --same-as PERSON_ID, "
                            "--remove or --keep.")
    with open_case(args) as case:
        if args.all_identifying:
            _, count = decide_all_identifying(case)
            print(f"Decided {count} candidate(s) as identifying, each with a neutral pseudonym.")
            return 0
        if args.decide is not None:
            key = fold(args.decide)
            found = {c.key: c for c in pending(case)}
            candidate = found.get(key)
            kind = candidate.kind if candidate else "person"
            decision = (Decision.PSEUDONYM if args.pseudonym is not None else
                        Decision.SAME_AS if args.same_as is not None else
                        Decision.REMOVE if args.remove else Decision.KEEP)
            decide(case, [Choice(key, kind, decision, args.decide, args.pseudonym or "",
                                 args.same_as)])
            print(f"Decided '{args.decide}': {decision.value.replace('_', ' ')}.")
            return 0
        left = pending(case)
    if args.json:
        json.dump({"undecided": len(left), "candidates": [c.as_json() for c in left]},
                  sys.stdout, ensure_ascii=False, indent=2)
        print()
        return 0
    if not left:
        print("Every candidate is decided: an anonymised export can be made.")
        return 0
    print(f"{len(left)} candidate(s) not decided yet:")
    for c in left:
        first = c.occurrences[0] if c.occurrences else None
        where = f" — first in {first.where}: \u201c{first.sentence}\u201d" if first else ""
        hint = f" (suggested: {c.hint})" if c.hint else ""
        print(f"  {c.text!r} · {KIND_LABELS.get(c.kind, c.kind)} · {c.count}×{hint}{where}")
    print("Decide each with --decide TEXT and --pseudonym/--same-as/--remove/--keep, or all "
          "at once with --all-identifying.")
    return 0
