"""Where the CLI gets passphrases: the environment for scripts, else a hidden prompt."""

from __future__ import annotations

import getpass
import os
import sys

from storage.errors import CaseError
from storage.strength import check_passphrase_strength


def read_passphrase(prompt: str = "Passphrase: ", env: str = "VISIBLE_PASSPHRASE",
                    confirm: bool = False, allow_demo: bool = False) -> str:
    value = os.environ.get(env)
    if value is not None:
        if confirm:
            check_passphrase_strength(value, allow_demo=allow_demo)
        return value
    if not sys.stdin.isatty():
        # getpass would fall back to echoing the passphrase; scripts use the environment.
        raise CaseError(f"No passphrase given: set {env} or run in a terminal.")
    try:
        first = getpass.getpass(prompt)
    except EOFError:
        raise CaseError(f"No passphrase given: set {env} or run in a terminal.") from None
    if not first:  # Enter on its own, or an empty line piped in: not a wrong passphrase
        raise CaseError(f"No passphrase given: type it at the prompt, or set {env}.")
    if confirm:
        check_passphrase_strength(first, allow_demo=allow_demo)
        if getpass.getpass("Repeat the passphrase: ") != first:
            raise CaseError("The two passphrases differ; nothing was created.")
    return first
