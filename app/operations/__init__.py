"""Every change to a case, made the same way from the window and from the command line.

Each module holds the operations of one area of the case (people, roles, chronology...). An
operation is a plain function `op(case, ...) -> Changes`: it checks its input against the
rules in forms/, writes in exactly one transaction (one undo entry, one set of audit records)
and returns what changed. The GUI runs operations through its session (disk guard, undo
history, refreshing views); the CLI calls them directly. Nothing here imports Qt or the rest
of app/ (an import-linter contract), so both front ends get the same rules and messages.
"""
