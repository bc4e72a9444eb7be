"""Entry point of the windowed executable (Visible / Visible.exe).

Double-clicking a .vcase file runs `Visible.exe C:\\path\\case.vcase`: anything that is not a
command name is treated as a case to open, so file associations work.
"""

import sys

from app.cli import main
from app.gui import gui_argv

if __name__ == "__main__":
    sys.exit(main(gui_argv(sys.argv[1:])))
