"""What every script shares: one clear line on bad input, never a traceback."""

from __future__ import annotations

import errno
import signal
import sys
import threading
import unicodedata
from collections.abc import Callable
from pathlib import Path

from sitetools.messages import Text, current_language, words

say = words("cli")
# Exit codes shared by every script.
EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_USAGE = 2
EXIT_INTERRUPTED = 130  # 128 + SIGINT, as a shell reports Ctrl-C
EXIT_TERMINATED = 143  # 128 + SIGTERM


class UserError(Exception):
    """Bad input the user can fix: printed as one line, exit code 2.

    The message names the file (and line, where there is one), what was expected and what was found. It is a
    string, or a ``sitetools.messages.Text`` put in words in the language of the script that raised it.
    """

    lang: str | None = None  # set by sitetools.messages.speaking when the error leaves a script's main

    def __init__(self, message: str | Text, path: str | Path | None = None, line: int | None = None):
        self.path = str(path) if path is not None else None
        self.line = line
        self.message = message
        super().__init__(self.render())

    def render(self, lang: str | None = None) -> str:
        where = ""
        if self.path:
            where = f"{self.path}:{self.line}: " if self.line else f"{self.path}: "
        message = self.message
        if isinstance(message, Text) or hasattr(message, "render"):  # a Text of any catalogue
            message = message.render(lang or self.lang or current_language())
        return one_line(f"{where}{message}")

    def __str__(self) -> str:
        return self.render()


class Terminated(BaseException):
    """SIGTERM, raised like Ctrl-C so that `finally` blocks and `with` exits clean up before the script ends."""


# Control characters (CR, LF, ESC...) and the Unicode line and paragraph separators.
BREAKING = {"Cc", "Zl", "Zp"}


def one_line(text: str) -> str:
    """``text`` with line breaks and other control characters escaped, so a message stays one line."""
    return "".join(repr(char)[1:-1] if unicodedata.category(char) in BREAKING else char for char in text)


# System errors the catalogues word themselves; any other keeps the system's (English) wording.
KNOWN_ERRORS = {
    errno.ENOENT: "no-such-file",
    errno.EACCES: "permission-denied",
    errno.EPERM: "permission-denied",
    errno.EISDIR: "is-a-folder",
    errno.ENOTDIR: "not-a-folder",
    errno.ENOSPC: "disk-full",
    errno.EROFS: "read-only",
    errno.EEXIST: "exists",
}


def os_reason(error: OSError) -> Text | str:
    """Why the system refused, in the reader's words: 'No such file or directory', 'fichier introuvable'."""
    known = KNOWN_ERRORS.get(error.errno)
    return say(f"os.{known}") if known else str(error.strerror or error)


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
        raise UserError(say("read.cannot-read", reason=os_reason(error)), path=shown) from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise UserError(
            say("read.not-utf8", byte=f"0x{data[error.start]:02x}"),
            path=shown,
            line=line,
        ) from None


def _raise_terminated(signum, frame):
    signal.signal(signal.SIGTERM, signal.SIG_IGN)  # a second SIGTERM must not cut the clean-up short
    raise Terminated


def _language_of(error: BaseException) -> str:
    return getattr(error, "lang", None) or current_language()


def run(main: Callable[[list[str] | None], int], argv: list[str] | None = None, prog: str = "") -> int:
    """Run ``main`` and turn a UserError, Ctrl-C or SIGTERM into one line on stderr and an exit code, in the
    language ``main`` chose (``sitetools.messages.speaking``); English when it chose none."""
    label = f"{prog}: " if prog else ""
    in_main_thread = threading.current_thread() is threading.main_thread()
    previous = signal.signal(signal.SIGTERM, _raise_terminated) if in_main_thread else None
    try:
        return main(argv)
    except UserError as error:
        lang = error.lang or current_language()
        print(label + say("run.error", message=error.render(lang)).render(lang), file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt as interrupt:
        print(label + say("run.interrupted").render(_language_of(interrupt)), file=sys.stderr)
        return EXIT_INTERRUPTED
    except Terminated as terminated:
        print(label + say("run.terminated").render(_language_of(terminated)), file=sys.stderr)
        return EXIT_TERMINATED
    finally:
        if in_main_thread:
            signal.signal(signal.SIGTERM, previous)
