"""The `visible` command line: scriptable, used by tests and power users.

Each sub-command lives in its own module under app/commands/ with a `register(subparsers)`
function, so features add commands without editing this file. Exit codes: 0 success; 1 a
user-facing error (one line on stderr, never a traceback); 2 usage; 3 incomplete (check);
4 verify found a problem.
"""

from __future__ import annotations

import argparse
import importlib
import os
import pkgutil
import sys
from collections.abc import Sequence
from pathlib import Path

import sqlcipher3

import app.commands
from storage.casefile import db_error
from storage.errors import CaseError
from storage.paths import printable, shown

EXIT_OK, EXIT_USER_ERROR, EXIT_USAGE = 0, 1, 2
EXIT_BROKEN_PIPE = 128 + 13  # what a shell reports for a process ended by SIGPIPE


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="visible",
        description="Visible: encrypted case files for child safeguarding.",
    )
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for info in sorted(pkgutil.iter_modules(app.commands.__path__), key=lambda m: m.name):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"app.commands.{info.name}")
        module.register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        args = parser.parse_args(["open", *(argv or [])])
    try:
        return int(args.handler(args) or 0)
    except CaseError as exc:
        print(f"visible: {printable(str(exc))}", file=sys.stderr)
        return exc.exit_code
    except sqlcipher3.DatabaseError as exc:
        # A damaged page surfaces only when it is read, which may be long after opening.
        path = getattr(args, "case", None)
        print(f"visible: {printable(str(db_error(exc, Path(path or 'the case file'))))}",
              file=sys.stderr)
        return EXIT_USER_ERROR
    except BrokenPipeError:
        # `visible check CASE | head`: the reader has gone; stop quietly, as a SIGPIPE would.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_BROKEN_PIPE
    except KeyboardInterrupt:
        print("visible: cancelled.", file=sys.stderr)
        return EXIT_USER_ERROR
    except OSError as exc:
        # Disk full, permissions, missing folders: say which file and what happened, no traceback.
        name = f" {shown(exc.filename)}" if exc.filename else ""
        print(f"visible: could not read or write{name}: {exc.strerror or exc}.", file=sys.stderr)
        return EXIT_USER_ERROR
