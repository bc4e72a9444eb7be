"""How strong a case passphrase or export password must be, judged by zxcvbn.

A length rule alone let "aaaaaaaaaaaa" and twelve spaces through. zxcvbn (Dropbox's estimator,
the `zxcvbn` package on PyPI, MIT) counts how many guesses an attacker working through
dictionaries, names, keyboard patterns, repeats, sequences and dates would need, and explains
what is weak in plain words. We chose it over the Rust binding `zxcvbn-rs-py` (7x faster, but
~3 ms per check is already instant for a dialog) because it is pure Python: nothing to
compile or ship per platform in the PyInstaller build for managed Windows estates.

Rule: at least MIN_PASSPHRASE characters and zxcvbn score >= 3 ("safely unguessable:
moderate protection from offline slow-hash scenario", about 10^8 guesses or more) — the case
file's key derivation is a slow hash. Words from the case itself (its reference, file name)
count as guessable. The published demo passphrase is refused for everything but the demo.
"""

from __future__ import annotations

from collections.abc import Iterable

from storage.errors import WeakPassphrase

MIN_PASSPHRASE = 12
MIN_EXPORT_PASSWORD = 10
MIN_SCORE = 3
# Printed by `make run` and in the README: it protects only the fictional demo family.
DEMO_PASSPHRASE = "visible-demo-passphrase"
_APP_WORDS = ["visible", "vcase", "safeguarding", "chronology", "genogram"]


def weakness(secret: str, context: Iterable[str] = ()) -> str | None:
    """Why `secret` is too easy to guess, in words, or None when it is strong enough."""
    from zxcvbn import zxcvbn  # imported here: a dictionary load (~0.1 s) only when checking

    words = [w for w in context if w] + _APP_WORDS
    # zxcvbn reads at most its first 100 characters; a longer passphrase is judged on those.
    result = zxcvbn(secret[:100], user_inputs=words)
    if result["score"] >= MIN_SCORE:
        return None
    feedback = result.get("feedback") or {}
    parts = [feedback.get("warning") or "it would be guessed quickly"]
    parts.extend(feedback.get("suggestions") or [])
    return " ".join(p.rstrip(".") + "." for p in parts if p)


def check_passphrase_strength(
    passphrase: str, context: Iterable[str] = (), allow_demo: bool = False
) -> None:
    """Refuse a case passphrase that is short, guessable or the published demo one."""
    if passphrase == DEMO_PASSPHRASE and not allow_demo:
        raise WeakPassphrase(
            "That is the published demo passphrase; choose your own for a real case."
        )
    if len(passphrase) < MIN_PASSPHRASE:
        raise WeakPassphrase(
            f"The passphrase is too short ({len(passphrase)} characters). Use at least "
            f"{MIN_PASSPHRASE} characters; a few unrelated words are easy to remember."
        )
    if passphrase == DEMO_PASSPHRASE:
        return
    why = weakness(passphrase, context)
    if why:
        raise WeakPassphrase(
            f"The passphrase is too easy to guess: {why} A few unrelated words, "
            "not about the case, are strong and easy to remember."
        )


def export_password_problem(password: str) -> str | None:
    """Why an export password is not good enough (None when it is)."""
    if password == DEMO_PASSPHRASE:
        return "that is the published demo passphrase; choose another."
    if len(password) < MIN_EXPORT_PASSWORD:
        return (
            f"it is too short ({len(password)} characters); use at least {MIN_EXPORT_PASSWORD}."
        )
    why = weakness(password)
    if why:
        return f"it is too easy to guess: {why}"
    return None
