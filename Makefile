# Two commands for a fresh machine: `make run` and `make test`. Everything else is set up on demand.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed

.PHONY: run test test-slow bench bench-quick lint system-deps package clean screenshots

# Qt needs a few shared libraries that minimal Debian/Ubuntu images lack; install them only
# when they are missing and we are allowed to (root with apt-get). Nothing here needs a screen.
# poppler-utils: the tests read tagged PDFs' structure back with `pdfinfo -struct-text`.
system-deps:
	@if command -v apt-get >/dev/null 2>&1 && [ "$$(id -u)" = "0" ]; then \
	  missing=""; for p in libegl1 libgl1 libxkbcommon0 libxkbcommon-x11-0 libfontconfig1 libdbus-1-3 libglib2.0-0 libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-image0 libxcb-render-util0 libxcb-shape0 libxcb-randr0 libxcb-xinerama0 poppler-utils; do \
	    dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	  if [ -n "$$missing" ]; then echo "Installing system packages:$$missing"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; fi; \
	fi

$(STAMP): pyproject.toml
	@$(MAKE) --no-print-directory system-deps
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	@touch $(STAMP)

# The demo case is the app's own (File > Open the demo case): one file, in the per-user
# config folder, written on first use; its published passphrase is printed (it is fictional).
run: $(STAMP)
	$(PY) -m app open $(if $(CASE),$(CASE),--demo)

# One worker per core (at most four: each may hold a large test case in memory); a test
# file's tests stay on one worker so its module fixtures are built once.
test: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest -q -n auto --maxprocesses 4 --dist loadfile
	$(VENV)/bin/lint-imports --no-cache
	$(VENV)/bin/ruff check .
	$(VENV)/bin/mypy storage forms exports app/operations

test-slow: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest -q -m slow

# The user guide's pictures, made from the real app on the demo case, and the workspace's room
# criteria measured on a 1366x768 and a 1920x1080 screen (every page in build/screenshots/).
screenshots: $(STAMP)
	$(PY) -m tools.screenshots --check

bench: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(PY) -m benchmarks

bench-quick: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(PY) -m benchmarks --quick

clean:
	rm -rf $(VENV) build dist *.egg-info

# One-folder desktop build (PyInstaller) in dist/visible, then a smoke start of the *built*
# executables offscreen (packaging/build.py). PACKAGE_PY=/path/to/python builds with an
# existing environment that already has the `package` extra (a CI image) instead of .venv.
PACKAGE_PY ?=
package: $(if $(PACKAGE_PY),,$(STAMP))
	$(if $(PACKAGE_PY),,$(PY) -m pip install --quiet -e '.[package]')
	QT_QPA_PLATFORM=offscreen $(or $(PACKAGE_PY),$(PY)) packaging/build.py
