"""File names as SQLite and people see them.

SQLite reads `file:` URIs with `?` starting the options, `#` ending the name and `%XX` decoded,
so a case called `Smith#Jones.vcase` opened as `f"file:{path}?mode=ro"` is the file `Smith`.
Every URI here is built by percent-encoding the absolute path (`Path.as_uri`), and every name
shown to a person goes through `shown()`, so a file name holding a newline or a terminal
escape sequence is printed as visible `\\n` / `\\x1b` text, not acted on by the terminal.
"""

from __future__ import annotations

import os
import unicodedata
from pathlib import Path


def sqlite_uri(path: Path, mode: str) -> str:
    """A `file:` URI for SQLite naming exactly `path` (mode: ro, rw or rwc)."""
    absolute = Path(os.path.abspath(path))
    return f"{absolute.as_uri()}?mode={mode}"


CASE_SUFFIX = ".vcase"
# Names SQLite (journal, WAL) and the case lock give their working files beside a case.
SIDECAR_ENDINGS = ("-journal", "-wal", "-shm", ".lock")


def case_file_name(path: str | os.PathLike[str]) -> Path:
    """The name a new case is created under: `.vcase` added unless it is there already, so
    the file shows as a case in the file dialogs and a double-click opens it in Visible. A
    working file's name is left as typed, to be refused under that name (refuse_sidecar_name)."""
    path = Path(path)
    if path.suffix.lower() == CASE_SUFFIX or path.name.endswith(SIDECAR_ENDINGS):
        return path
    return path.with_name(path.name + CASE_SUFFIX)


def journal_path(path: Path) -> Path:
    """SQLite's rollback journal beside the case while a write is under way (or interrupted)."""
    return path.with_name(path.name + "-journal")


def printable(text: str) -> str:
    """`text` with control and format characters (newlines, ESC, bidi overrides) escaped."""
    out = []
    for ch in text:
        if unicodedata.category(ch)[0] == "C":
            code = ord(ch)
            if ch == "\n":
                out.append("\\n")
            elif ch == "\t":
                out.append("\\t")
            elif ch == "\r":
                out.append("\\r")
            elif code < 0x100:
                out.append(f"\\x{code:02x}")
            else:
                out.append(f"\\u{code:04x}")
        else:
            out.append(ch)
    return "".join(out)


def shown(path: str | os.PathLike[str]) -> str:
    """A path or file name ready to print or put in a message."""
    return printable(os.fspath(path))
