"""What every script shares: one clear line on bad input, never a traceback."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

# Exit codes shared by every script.
EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_USAGE = 2


class UserError(Exception):
    """Bad input the user can fix: printed as one line, exit code 2.

    The message names the file (and line, where there is one), what was expected and what was found.
    """

    def __init__(self, message: str, path: str | Path | None = None, line: int | None = None):
        self.path = str(path) if path is not None else None
        self.line = line
        self.message = message
        super().__init__(self.render())

    def render(self) -> str:
        where = ""
        if self.path:
            where = f"{self.path}:{self.line}: " if self.line else f"{self.path}: "
        return f"{where}{self.message}"


def display_path(path: str | Path) -> Path:
    """The path as the user would type it: relative to the current folder when it is inside it."""
    path = Path(path)
    try:
        return path.resolve().relative_to(Path.cwd().resolve())
    except ValueError:
        return path


def run(main: Callable[[list[str] | None], int], argv: list[str] | None = None, prog: str = "") -> int:
    """Run ``main`` and turn a UserError or Ctrl-C into one line on stderr and an exit code."""
    try:
        return main(argv)
    except UserError as error:
        print(f"{prog + ': ' if prog else ''}error: {error.render()}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print(f"{prog + ': ' if prog else ''}interrupted", file=sys.stderr)
        return 130
