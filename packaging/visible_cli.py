"""Entry point of the console executable (visible-cli / visible-cli.exe): the `visible` command."""

import sys

from app.cli import main

if __name__ == "__main__":
    sys.exit(main())
