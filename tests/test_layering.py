"""The core (storage, forms, exports) never imports the GUI: checked two ways."""

from __future__ import annotations

import ast
import re
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORE = ("storage", "forms", "exports")
FORBIDDEN = ("PySide6", "shiboken6", "app")
# The one core module allowed Qt, and which Qt: the genogram painter paints with QtGui only.
ALLOWED = {"exports/genogram/painter.py": {"PySide6.QtCore", "PySide6.QtGui"}}


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
            for name in _imports(source):
                if name.split(".")[0] in FORBIDDEN and name not in ALLOWED.get(rel, set()):
                    offenders.append(f"{rel} imports {name}")
    assert offenders == []


def test_the_genogram_painter_makes_no_application_object() -> None:
    """The program owns the one application object (the window's, or the CLI's bare one);
    a library making its own would clash with the QApplication widgets need."""
    tree = ast.parse((ROOT / "exports/genogram/painter.py").read_text("utf-8"))
    made = [node.lineno for node in ast.walk(tree) if isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id in ("QGuiApplication", "QApplication", "QCoreApplication")]
    assert made == []


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
    assert "Contracts: 3 kept, 0 broken." in result.stdout


# --- Operations: Qt-free, and below the rest of the app ------------------------------------
def test_operations_import_no_qt_and_no_other_part_of_the_app() -> None:
    offenders = []
    for source in (ROOT / "app" / "operations").rglob("*.py"):
        rel = source.relative_to(ROOT).as_posix()
        for name in _imports(source):
            top = name.split(".")[0]
            if top in ("PySide6", "shiboken6"):
                offenders.append(f"{rel} imports {name}")
            elif top == "app" and not name.startswith("app.operations"):
                offenders.append(f"{rel} imports {name}")
    assert offenders == []


# --- No SQL outside storage/ -----------------------------------------------------------------
# Upper-case keywords, as SQL is written here; prose ("Delete from the genogram", "select a man
# from the list") stays out. The .db and execute() checks catch SQL written any other way.
SQL_TEXT = re.compile(
    r"\b(SELECT\s.+\sFROM|INSERT\s+INTO|UPDATE\s+\w+\s+SET|DELETE\s+FROM|CREATE\s+(TABLE|INDEX|"
    r"TRIGGER|VIEW)|DROP\s+(TABLE|INDEX|TRIGGER)|PRAGMA\s+\w+)\b",
    re.DOTALL,
)
DB_CALLS = {"execute", "executemany", "executescript"}
OUTSIDE_STORAGE = ("app", "forms", "exports")


def sql_offences(source: Path) -> list[str]:
    """SQL text in string literals, `.db` attribute access and execute() calls in one file."""
    tree = ast.parse(source.read_text("utf-8"))
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef)
        and node.body and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) \
                and id(node) not in docstrings and SQL_TEXT.search(node.value):
            found.append(f"line {node.lineno}: SQL text {node.value.strip()[:40]!r}")
        elif isinstance(node, ast.Attribute) and node.attr == "db":
            found.append(f"line {node.lineno}: .db")
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) \
                and node.func.attr in DB_CALLS:
            found.append(f"line {node.lineno}: {node.func.attr}()")
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) \
                and node.func.attr == "all" and (len(node.args) > 1 or node.keywords):
            found.append(f"line {node.lineno}: all() with a filter or order")
        elif isinstance(node, ast.ImportFrom) and node.module == "storage.rows" \
                and any(alias.name == "select" for alias in node.names):
            found.append(f"line {node.lineno}: storage.rows.select (takes SQL fragments)")
    return found


def test_no_sql_outside_storage() -> None:
    offenders = []
    for package in OUTSIDE_STORAGE:
        for source in (ROOT / package).rglob("*.py"):
            rel = source.relative_to(ROOT).as_posix()
            offenders.extend(f"{rel} {o}" for o in sql_offences(source))
    assert offenders == [], "SQL belongs in storage/ (a typed query function):\n" + "\n".join(
        offenders)


def test_the_sql_check_would_catch_an_offender(tmp_path: Path) -> None:
    bad = tmp_path / "bad.py"
    bad.write_text('"""Docstrings may say SELECT x FROM y."""\n'
                   'rows = case.db.execute("SELECT id FROM person WHERE sex = ?", ("male",))\n'
                   'tx.db.executemany("INSERT INTO audit VALUES (?)", [])\n'
                   'label = "Delete from the genogram"\n'
                   'men = case.all(Person, where="sex = ?", params=("male",))\n'
                   'from storage.rows import select\n'
                   'people = case.all(Person)\n')
    found = sql_offences(bad)
    assert any("SQL text 'SELECT id FROM person" in f for f in found)
    assert any("SQL text 'INSERT INTO audit" in f for f in found)
    assert not any("Delete from" in f for f in found)
    assert sum(".db" in f for f in found) == 2
    assert {"execute()", "executemany()"} <= {f.split(": ")[1] for f in found}
    assert not any("Docstrings" in f for f in found)
    assert any("all() with a filter" in f for f in found)
    assert any("storage.rows.select" in f for f in found)
    assert sum("all()" in f for f in found) == 1  # a bare case.all(Person) is fine


def test_the_genogram_modules_have_no_import_cycle() -> None:
    """The editor uses menus, panel, view and items; none of them imports the editor back
    (not even for type checking): each can be read, tested and changed on its own."""
    package = ROOT / "app" / "genogram"
    names = {p.stem for p in package.glob("*.py")}
    graph: dict[str, set[str]] = {}
    for stem in names:
        used: set[str] = set()
        for node in ast.walk(ast.parse((package / f"{stem}.py").read_text("utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module == "app.genogram":
                used.update(alias.name for alias in node.names)  # from app.genogram import x
            elif isinstance(node, ast.ImportFrom) and node.module:
                used.add(node.module.removeprefix("app.genogram."))
            elif isinstance(node, ast.Import):
                used.update(alias.name.removeprefix("app.genogram.") for alias in node.names)
        graph[stem] = used & names

    def reaches(start: str, goal: str, seen: set[str]) -> bool:
        for nxt in graph[start]:
            if nxt == goal or (nxt not in seen and reaches(nxt, goal, seen | {nxt})):
                return True
        return False

    cycles = sorted(stem for stem in names if reaches(stem, stem, {stem}))
    assert cycles == []
