"""The core (storage, forms, exports) never imports the GUI: checked two ways."""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORE = ("storage", "forms", "exports")
FORBIDDEN = ("PySide6", "shiboken6", "app")
ALLOWED = {"exports/genogram_picture.py"}  # renders the genogram picture for documents


def _imports(source: Path) -> set[str]:
    tree = ast.parse(source.read_text("utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
    return found


def test_core_packages_do_not_import_qt_or_app() -> None:
    offenders = []
    for package in CORE:
        for source in (ROOT / package).rglob("*.py"):
            rel = source.relative_to(ROOT).as_posix()
            if rel in ALLOWED:
                continue
            for name in _imports(source):
                if name.split(".")[0] in FORBIDDEN:
                    offenders.append(f"{rel} imports {name}")
    assert offenders == []


def test_the_ast_check_would_catch_an_offender(tmp_path: Path) -> None:
    bad = tmp_path / "bad.py"
    bad.write_text("from PySide6.QtWidgets import QWidget\nimport app.cli\n")
    assert _imports(bad) == {"PySide6.QtWidgets", "app.cli"}


def test_import_linter_contracts_hold() -> None:
    lint = shutil.which("lint-imports", path=str(Path(sys.executable).parent))
    assert lint is not None, "import-linter is a test dependency (pyproject [test] extra)"
    result = subprocess.run([lint, "--no-cache"], cwd=ROOT, capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Contracts: 2 kept, 0 broken." in result.stdout
