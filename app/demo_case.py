"""The demo case offered on the start screen: a fictional family, for training and trying out.

It is created on first use in the per-user config folder with a published passphrase (the
same one `make run` prints): the family is fictional, so the passphrase protects nothing.
"""

from __future__ import annotations

from pathlib import Path

from storage.casefile import CaseFile
from storage.heads import config_dir

DEMO_PASSPHRASE = "visible-demo-passphrase"


def demo_path() -> Path:
    return config_dir() / "demo" / "demo.vcase"


def open_or_create_demo(author: str | None = None) -> CaseFile:
    """Open the demo case for editing, creating it first if needed (runs off the GUI thread)."""
    path = demo_path()
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        # Imported here: the demo's writer (its whole family and chronology) is not needed to
        # start the app, only to make the demo case the first time.
        from app.operations.demo import create_demo

        case = create_demo(str(path), DEMO_PASSPHRASE)
        if author:
            case.author = author
        return case
    return CaseFile.open(path, DEMO_PASSPHRASE, author=author)
