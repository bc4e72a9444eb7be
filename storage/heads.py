"""The newest audit hash of each case, kept outside the case file, per user.

Restoring an older copy of a case file (or of one of its pages) with the same key is not
detected by SQLCipher. Remembering the last audit record this user saw lets us notice on open
that the file has gone back in time. This file holds only a random case id, a sequence number
and a hash: no case data.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path


def config_dir() -> Path:
    override = os.environ.get("VISIBLE_CONFIG_DIR")
    if override:
        return Path(override)
    if sys.platform == "win32":
        return Path(os.environ.get("APPDATA", Path.home())) / "Visible"
    return Path(os.environ.get("XDG_CONFIG_HOME", Path.home() / ".config")) / "visible"


@dataclass(frozen=True, slots=True)
class Head:
    seq: int
    hash: str


class HeadStore:
    def __init__(self, path: Path | None = None) -> None:
        self.path = path or config_dir() / "case-heads.json"

    def _load(self) -> dict[str, dict[str, object]]:
        try:
            data = json.loads(self.path.read_text("utf-8"))
        except (FileNotFoundError, ValueError):
            return {}
        return data if isinstance(data, dict) else {}

    def get(self, case_id: str) -> Head | None:
        entry = self._load().get(case_id)
        if not isinstance(entry, dict):
            return None
        seq, digest = entry.get("seq"), entry.get("hash")
        if isinstance(seq, int) and isinstance(digest, str):
            return Head(seq, digest)
        return None

    def put(self, case_id: str, head: Head) -> None:
        data = self._load()
        data[case_id] = {"seq": head.seq, "hash": head.hash}
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".case-heads.", dir=self.path.parent)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as f:
                json.dump(data, f)
            os.replace(tmp, self.path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
