"""Build the one-folder application with PyInstaller, then smoke-start what was built.

    python packaging/build.py            # build into dist/visible and smoke-test it
    python packaging/build.py --no-build # smoke-test an existing dist/visible

The smoke test runs the *built* executables, not the source: `visible-cli --help` (every
command plug-in was bundled), `visible-cli selfcheck` (SQLCipher encryption, fonts, Qt, the
main window drawn offscreen on the demo case and locked), and the same through the windowed
`Visible` executable. It runs in a private config folder, so it touches no user's settings.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DIST = ROOT / "dist"
OUT = DIST / "visible"
EXE = ".exe" if sys.platform == "win32" else ""


def build() -> None:
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "PyInstaller", "--noconfirm", "--clean",
                    "--log-level", "WARN", "--distpath", str(DIST),
                    "--workpath", str(ROOT / "build" / "pyinstaller"),
                    str(ROOT / "packaging" / "visible.spec")], cwd=ROOT, check=True)
    print(f"built {OUT} in {time.perf_counter() - started:.0f} s")


def folder_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file() and not p.is_symlink())


def smoke() -> None:
    cli = OUT / f"visible-cli{EXE}"
    gui = OUT / f"Visible{EXE}"
    for exe in (cli, gui):
        if not exe.is_file():
            sys.exit(f"build.py: {exe} is missing; build first.")
    with tempfile.TemporaryDirectory(prefix="visible-smoke-") as tmp:
        env = {**os.environ, "VISIBLE_CONFIG_DIR": str(Path(tmp) / "config"),
               "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen"),
               "PYTHONPATH": ""}  # prove the bundle does not lean on the source tree
        runs = [
            ([str(cli), "--help"], "selfcheck"),
            ([str(cli), "selfcheck"], "selfcheck: OK"),
            ([str(gui), "selfcheck"], "selfcheck: OK"),
        ]
        demo = Path(tmp) / "demo.vcase"
        runs.append(([str(cli), "demo", str(demo)], ""))
        runs.append(([str(cli), "verify", str(demo)], ""))
        env["VISIBLE_PASSPHRASE"] = "smoke-test-demo-passphrase"
        for argv, expect in runs:
            started = time.perf_counter()
            done = subprocess.run(argv, env=env, capture_output=True, text=True, timeout=300,
                                  cwd=tmp)
            took = time.perf_counter() - started
            shown = " ".join(Path(a).name if os.sep in a else a for a in argv)
            if done.returncode != 0 or expect not in done.stdout:
                print(done.stdout, done.stderr, sep="\n", file=sys.stderr)
                sys.exit(f"smoke test FAILED: {shown} (exit {done.returncode})")
            print(f"smoke ok: {shown} ({took:.2f} s)")
            for line in done.stdout.splitlines():
                if line.startswith(("encryption:", "window:")):
                    print(f"    {line}")
    print(f"dist/visible: {folder_size(OUT) / 1e6:.0f} MB, "
          f"{sum(1 for _ in OUT.rglob('*'))} files")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-build", action="store_true", help="only smoke-test dist/visible")
    args = parser.parse_args()
    if not args.no_build:
        if shutil.which("objdump") is None and sys.platform.startswith("linux"):
            print("note: binutils (objdump) is missing; PyInstaller may need it", file=sys.stderr)
        build()
    smoke()


if __name__ == "__main__":
    main()
