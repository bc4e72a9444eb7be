"""What we tell a user before a file leaves the encrypted case, in one place.

The window asks for confirmation with these words (app/leaving.py, Cancel the default); the
command line prints the same sentence after writing. One sentence per kind of file, because
what to do with it differs: an export can be password-protected, a letter or a return template
is sent by secure email.
"""

from __future__ import annotations

EXPORT = (
    "The exported file leaves the encrypted case file. Anyone who gets a copy can read it "
    "unless you protect it with a password. Handle it as its protective marking requires."
)
PICTURE = (
    "The genogram picture leaves the encrypted case file. It shows names and years of birth, "
    "and anyone who gets a copy can read it. Handle it as the case's protective marking "
    "requires."
)
LETTER = (
    "The letter leaves the encrypted case file. Anyone who gets a copy can read it: send it "
    "only by secure email or another route its protective marking allows."
)
TEMPLATE = (
    "The template leaves the encrypted case file. It names the case reference and the "
    "period asked for: send it only by secure email."
)
