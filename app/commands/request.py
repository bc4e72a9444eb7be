"""visible request add|letter|sent|chased|answered|withdrawn|prompts: one information request.

    visible request add CASE --person NAME --agency NAME [--prompts KEY,...] [--question TEXT]
                        [--basis TEXT [--basis-detail TEXT]] [--include NAME] [--due DATE]
    visible request edit CASE ID [--basis TEXT [--basis-detail TEXT]] [--prompts KEY,...]
                        [--question TEXT ...] [--include NAME ...] [--nhs-number N] [--due DATE]
    visible request letter CASE ID --out FILE.docx|FILE.pdf [--preview]
    visible request sent CASE ID --how TEXT [--on DATE] [--due DATE]
    visible request chased CASE ID [--on DATE] [--how TEXT] [--due DATE]
    visible request answered CASE ID [--on DATE] [--summary TEXT] [--fact KEY=VALUE ...]
                        [--not-held KEY ...] | --nothing-held | --refused REASON
    visible request withdrawn CASE ID [--reason TEXT]
    visible request bases CASE [--add LABEL [--needs-detail PROMPT]] [--archive LABEL]
    visible request prompts [KIND]

Every change is one undoable action. Exit 0 ok, 1 a problem explained in one line (nothing is
written), 2 usage.
"""

from __future__ import annotations

import argparse
import json
import sys

from app.commands._common import add_case_argument, open_case
from app.commands._requests_common import agency_named, date_arg, person_named
from app.operations import requests as ops
from forms.requests import KIND_LABELS, PROMPTS, answer_fields, status_label
from storage.carers import FactStatus
from storage.errors import CaseError
from storage.ids import AgencyId, PersonId, RequestId
from storage.requests import AgencyKind, RequestStatus
from storage.requests_store import all_requests, get_request


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "request", help="make, send, chase and answer an information request about a man",
        description="Exit status: 0 ok, 1 a problem (nothing written), 2 usage.",
    )
    verbs = p.add_subparsers(dest="verb", metavar="VERB", required=True)

    def verb(name: str, help_text: str, with_id: bool = True) -> argparse.ArgumentParser:
        v = verbs.add_parser(name, help=help_text)
        add_case_argument(v)
        if with_id:
            v.add_argument("id", metavar="ID", type=int, help="the request number (#ID)")
        v.add_argument("--accept-older", action="store_true", help=argparse.SUPPRESS)
        return v

    add = verb("add", "make a draft request to an agency about a person", with_id=False)
    add.add_argument("--person", required=True, help="who it is about (a man, usually)")
    add.add_argument("--agency", required=True, help="the agency asked, e.g. GP")
    add.add_argument("--kind", choices=[k.value for k in AgencyKind],
                     help="which prompt set and letter (default: from the agency's name)")
    add.add_argument("--prompts", help="comma-separated prompt keys, or 'none' (default: the "
                     "kind's usual prompts; see `visible request prompts`)")
    add.add_argument("--question", action="append", default=[], help="a free question")
    add.add_argument("--basis", default="", help="the basis for sharing, as listed in the case")
    add.add_argument("--basis-detail", default="", help="e.g. why consent was refused")
    add.add_argument("--include", action="append", default=[],
                     help="another person to name in the letter (nobody else is named)")
    add.add_argument("--nhs-number", default="", help="his NHS number, if known")
    add.add_argument("--due", help="the due date (default: ten working days after sending)")
    add.set_defaults(handler=run_add)

    # A draft made without a basis for sharing cannot be sent; this is where it gets one (and
    # where a mistake seen in the letter preview is put right).
    edit = verb("edit", "change a draft: basis for sharing, prompts, questions, who is named")
    edit.add_argument("--basis", help="the basis for sharing, as listed in the case")
    edit.add_argument("--basis-detail", help="e.g. why consent was refused")
    edit.add_argument("--prompts", help="comma-separated prompt keys, or 'none'")
    edit.add_argument("--question", action="append", default=None,
                      help="a free question (replaces the draft's questions; '' for none)")
    edit.add_argument("--include", action="append", default=None,
                      help="another person to name in the letter (replaces the list; '' for "
                      "nobody)")
    edit.add_argument("--nhs-number", help="his NHS number ('' to remove it)")
    edit.add_argument("--due", help="the due date")
    edit.set_defaults(handler=run_edit)

    letter = verb("letter", "write the request letter (.docx or .pdf)")
    letter.add_argument("--out", required=True, help="FILE.docx or FILE.pdf")
    letter.add_argument("--preview", action="store_true",
                        help="show the letter's text and write nothing")
    letter.set_defaults(handler=run_letter)

    sent = verb("sent", "record that the request was sent")
    sent.add_argument("--on", help="date sent (default today)")
    sent.add_argument("--how", required=True, help="e.g. 'Secure email'")
    sent.add_argument("--due", help="due date (default ten working days after sending)")
    sent.set_defaults(handler=run_sent)

    chased = verb("chased", "record a chase")
    chased.add_argument("--on", help="date chased (default today)")
    chased.add_argument("--how", default="", help="e.g. Telephone")
    chased.add_argument("--notes", default="")
    chased.add_argument("--due", help="a new due date agreed")
    chased.set_defaults(handler=run_chased)

    answered = verb("answered", "record the agency's reply (facts go on his record)")
    answered.add_argument("--on", help="date answered (default today)")
    answered.add_argument("--summary", default="", help="the answer in brief")
    answered.add_argument("--fact", action="append", default=[], metavar="KEY=VALUE",
                          help="a fact from the agency's record, e.g. anger.any_incidents=yes "
                          "(VALUE may be JSON); verified from a record, <agency>, <date>")
    answered.add_argument("--not-held", action="append", default=[], metavar="KEY",
                          help="the agency's record holds nothing on this field")
    outcome = answered.add_mutually_exclusive_group()
    outcome.add_argument("--nothing-held", action="store_true",
                         help="the agency holds nothing about him")
    outcome.add_argument("--refused", metavar="REASON", help="the agency refused, and why")
    answered.set_defaults(handler=run_answered)

    withdrawn = verb("withdrawn", "withdraw the request")
    withdrawn.add_argument("--reason", default="")
    withdrawn.set_defaults(handler=run_withdrawn)

    bases = verb("bases", "list or edit the case's bases for sharing", with_id=False)
    bases.add_argument("--add", metavar="LABEL", help="add a basis for sharing")
    bases.add_argument("--needs-detail", metavar="PROMPT", default=None,
                       help="with --add: the letter must say more (e.g. the reason)")
    bases.add_argument("--archive", metavar="LABEL", help="stop offering a basis (requests "
                       "already made keep the words they used)")
    bases.set_defaults(handler=run_bases)

    prompts = verbs.add_parser("prompts", help="list the prompt sets per agency kind")
    prompts.add_argument("kind", nargs="?", choices=[k.value for k in AgencyKind])
    prompts.set_defaults(handler=run_prompts)


def _done(case, change, what: str) -> int:  # noqa: ANN001
    print(f"{what} (change {change.txn}; undo it in the app with Ctrl+Z).")
    return 0


def _name(case, request_id: int) -> str:  # noqa: ANN001
    request = get_request(case, request_id)
    if request is None:
        raise CaseError(f"There is no information request {request_id} in this case.")
    return ops.describe(case, request)


def run_add(args: argparse.Namespace) -> int:
    with open_case(args) as case:
        person = person_named(case, args.person)
        agency = agency_named(case, args.agency)
        kind = AgencyKind(args.kind) if args.kind else None
        prompts = _prompt_keys(args.prompts)
        draft = ops.RequestDraft(
            PersonId(person.id or 0), AgencyId(agency.id or 0), kind=kind, prompts=prompts,
            questions=args.question, include_people=[
                person_named(case, name).id or 0 for name in args.include],
            basis=args.basis, basis_detail=args.basis_detail, nhs_number=args.nhs_number,
            due_on=date_arg(args.due, "due", default_today=False),
        )
        change = ops.add_information_request(case, draft)
        new_id = max(r.id or 0 for r in all_requests(case))
        return _done(case, change, f"Drafted {_name(case, new_id)}")


def _prompt_keys(text: str | None) -> list[str] | None:
    if text is None:
        return None
    if text.strip().lower() == "none":
        return []
    return [k.strip() for k in text.split(",") if k.strip()]


def run_edit(args: argparse.Namespace) -> int:
    with open_case(args) as case:
        current = get_request(case, args.id)
        if current is None:
            raise CaseError(f"There is no information request {args.id} in this case.")
        include = None if args.include is None else [
            person_named(case, name).id or 0 for name in args.include if name.strip()]
        draft = ops.RequestDraft(
            current.person_id, current.agency_id, kind=current.kind,
            prompts=_prompt_keys(args.prompts),
            questions=args.question, include_people=include,
            basis=current.basis if args.basis is None else args.basis,
            basis_detail=current.basis_detail if args.basis_detail is None
            else args.basis_detail,
            nhs_number=current.nhs_number if args.nhs_number is None else args.nhs_number,
            due_on=current.due_on if args.due is None
            else date_arg(args.due, "due", default_today=False),
            notes=current.notes,
        )
        change = ops.edit_request(case, RequestId(args.id), draft)
        return _done(case, change, f"Edited {_name(case, args.id)}")


def run_letter(args: argparse.Namespace) -> int:
    from exports.request_letter import letter_from_case, letter_text

    with open_case(args, read_only=args.preview) as case:
        request = get_request(case, args.id)
        if request is not None and request.status is RequestStatus.WITHDRAWN:
            # Refused before the letter is shown, not after printing it in full.
            raise CaseError(f"{ops.describe(case, request)} was withdrawn; no letter is "
                            "written.")
        text = letter_text(letter_from_case(case, args.id))
        print(text)
        print()
        if args.preview:
            print("Preview only: nothing written.")
            return 0
        print(f"visible: {ops.LEAVES_CASE_WARNING}", file=sys.stderr)
        written, _change = ops.write_letter(case, RequestId(args.id), args.out)
    print(f"Wrote {written} (NOT password-protected; it is outside the encrypted case file).")
    return 0


def run_sent(args: argparse.Namespace) -> int:
    with open_case(args) as case:
        change = ops.mark_sent(case, RequestId(args.id), date_arg(args.on, "sent"), args.how,
                               date_arg(args.due, "due", default_today=False))
        request = get_request(case, args.id)
        assert request is not None and request.due_on is not None
        return _done(case, change, f"Sent {_name(case, args.id)}; due "
                     f"{request.due_on:%d/%m/%Y}")


def run_chased(args: argparse.Namespace) -> int:
    with open_case(args) as case:
        change = ops.chase(case, RequestId(args.id), date_arg(args.on, "chased"), args.how,
                           args.notes, date_arg(args.due, "due", default_today=False))
        return _done(case, change, f"Chased {_name(case, args.id)}")


def _fact_value(text: str) -> object:
    try:
        return json.loads(text)
    except json.JSONDecodeError:
        return text


def run_answered(args: argparse.Namespace) -> int:
    facts = []
    for item in args.fact:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            raise CaseError(f"--fact {item!r}: write KEY=VALUE, e.g. anger.any_incidents=yes.")
        facts.append(ops.AgencyFact(key.strip(), _fact_value(value.strip())))
    facts += [ops.AgencyFact(k.strip(), None, FactStatus.NOT_KNOWN) for k in args.not_held]
    outcome = RequestStatus.ANSWERED
    summary = args.summary
    if args.nothing_held:
        outcome = RequestStatus.NOTHING_HELD
    elif args.refused is not None:
        outcome, summary = RequestStatus.REFUSED, args.refused
    with open_case(args) as case:
        change = ops.record_reply(case, RequestId(args.id), date_arg(args.on, "answered"),
                                  outcome, summary, facts)
        request = get_request(case, args.id)
        assert request is not None
        n = len(request.facts_written)
        return _done(case, change, f"{status_label(outcome)}: {_name(case, args.id)}; "
                     f"{n} fact{'s' if n != 1 else ''} on his record")


def run_withdrawn(args: argparse.Namespace) -> int:
    with open_case(args) as case:
        change = ops.withdraw(case, RequestId(args.id), args.reason)
        return _done(case, change, f"Withdrew {_name(case, args.id)}")


def run_bases(args: argparse.Namespace) -> int:
    from storage.ids import SharingBasisId
    from storage.requests_store import sharing_bases

    with open_case(args, read_only=not (args.add or args.archive)) as case:
        if args.add:
            ops.add_basis(case, args.add, args.needs_detail is not None, args.needs_detail or "")
        if args.archive:
            found = next((b for b in sharing_bases(case)
                          if b.label.lower() == args.archive.strip().lower()), None)
            if found is None or found.id is None:
                raise CaseError(f"There is no basis for sharing called '{args.archive}'.")
            ops.edit_basis(case, SharingBasisId(found.id), archived=True)
        for basis in sharing_bases(case):
            extra = f" (needs: {basis.detail_prompt or 'more detail'})" if basis.needs_detail \
                else ""
            print(f"- {basis.label}{extra}")
    return 0


def run_prompts(args: argparse.Namespace) -> int:
    kinds = [AgencyKind(args.kind)] if args.kind else list(AgencyKind)
    for kind in kinds:
        print(f"{kind.value} — {KIND_LABELS[kind]}:")
        if not PROMPTS[kind]:
            print("    (no prompt set: write free questions with --question)")
        for p in PROMPTS[kind]:
            mark = "[x]" if p.ticked else "[ ]"
            print(f"  {mark} {p.key}: {p.text}")
            print(f"        fills: {', '.join(answer_fields([p.key]))}")
    return 0
