"""Packaging: the self-check the build runs, the windowed entry's arguments, the spec's shape."""

from __future__ import annotations

from pathlib import Path

from app.cli import main
from app.gui import gui_argv

ROOT = Path(__file__).resolve().parents[1]


def test_selfcheck_passes_in_process(capsys):
    assert main(["selfcheck"]) == 0
    out = capsys.readouterr().out
    assert "file is ciphertext" in out and "locked" in out and out.endswith("selfcheck: OK\n")


def test_windowed_entry_treats_a_path_as_open():
    assert gui_argv([]) == ["open"]
    assert gui_argv([r"C:\Cases\a.vcase"]) == ["open", r"C:\Cases\a.vcase"]
    assert gui_argv(["selfcheck"]) == ["selfcheck"]
    assert gui_argv(["--help"]) == ["--help"]


def test_spec_is_one_folder_and_bundles_plugins():
    spec = (ROOT / "packaging" / "visible.spec").read_text()
    assert "COLLECT(" in spec and spec.count("exclude_binaries=True") == 2  # one-folder
    assert 'collect_submodules(package)' in spec and '"app"' in spec  # pkgutil plug-ins
    makefile = (ROOT / "Makefile").read_text()
    assert "packaging/build.py" in makefile
