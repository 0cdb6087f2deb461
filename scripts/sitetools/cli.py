"""What every script shares: one clear line on bad input, never a traceback."""

from __future__ import annotations

import signal
import sys
import threading
import unicodedata
from collections.abc import Callable
from pathlib import Path

# Exit codes shared by every script.
EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_USAGE = 2
EXIT_INTERRUPTED = 130  # 128 + SIGINT, as a shell reports Ctrl-C
EXIT_TERMINATED = 143  # 128 + SIGTERM


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
        return one_line(f"{where}{self.message}")


class Terminated(BaseException):
    """SIGTERM, raised like Ctrl-C so that `finally` blocks and `with` exits clean up before the script ends."""


# Control characters (CR, LF, ESC...) and the Unicode line and paragraph separators.
BREAKING = {"Cc", "Zl", "Zp"}


def one_line(text: str) -> str:
    """``text`` with line breaks and other control characters escaped, so a message stays one line."""
    return "".join(repr(char)[1:-1] if unicodedata.category(char) in BREAKING else char for char in text)


def display_path(path: str | Path) -> Path:
    """The path as the user would type it: relative to the current folder when it is inside it."""
    path = Path(path)
    try:
        return path.resolve().relative_to(Path.cwd().resolve())
    except (ValueError, OSError):
        return path


def read_text(path: str | Path, shown: str | Path | None = None) -> str:
    """The UTF-8 text of ``path``; a file that cannot be read or is not UTF-8 is a UserError naming it
    (as ``shown`` when given) and, for bad bytes, their line."""
    shown = display_path(path) if shown is None else shown
    try:
        data = Path(path).read_bytes()
    except OSError as error:
        raise UserError(f"cannot read the file: {error.strerror or error}", path=shown) from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise UserError(
            f"expected UTF-8 text, found byte 0x{data[error.start]:02x} that is not UTF-8; save the file as UTF-8",
            path=shown,
            line=line,
        ) from None


def _raise_terminated(signum, frame):
    signal.signal(signal.SIGTERM, signal.SIG_IGN)  # a second SIGTERM must not cut the clean-up short
    raise Terminated


def run(main: Callable[[list[str] | None], int], argv: list[str] | None = None, prog: str = "") -> int:
    """Run ``main`` and turn a UserError, Ctrl-C or SIGTERM into one line on stderr and an exit code."""
    label = f"{prog}: " if prog else ""
    in_main_thread = threading.current_thread() is threading.main_thread()
    previous = signal.signal(signal.SIGTERM, _raise_terminated) if in_main_thread else None
    try:
        return main(argv)
    except UserError as error:
        print(f"{label}error: {error.render()}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print(f"{label}interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    except Terminated:
        print(f"{label}terminated", file=sys.stderr)
        return EXIT_TERMINATED
    finally:
        if in_main_thread:
            signal.signal(signal.SIGTERM, previous)
