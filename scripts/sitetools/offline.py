"""Build the offline copy of the site: one zip to unpack and read from the file system, no network needed.

The content check runs first; then mkdocs builds the site with OFFLINE=true (Material's offline plugin and
overrides/hooks/offline.py) into a temporary folder, and the zip is written from it.

The zip is reproducible: the same sources give the same bytes. Entries are sorted, every entry carries the
same timestamp (SOURCE_DATE_EPOCH when set, else 2026-01-01 00:00 UTC: a fixed date rather than the last
commit's, so a copy of the sources outside git gives the same zip), permissions are 0644 for files and 0755
for folders, and everything is deflated at level 9 (the bytes can differ between zlib versions).
"""

from __future__ import annotations

import argparse
import calendar
import errno
import json
import os
import re
import stat
import tempfile
import time
import zipfile
from dataclasses import dataclass
from pathlib import Path

from sitetools.build import run_strict_build
from sitetools.cli import EXIT_OK, UserError, display_path, os_reason
from sitetools.content_check import check
from sitetools.messages import Spoken, add_language_option, speaking, words

say = words("offline")

PROJECT_ROOT = Path(__file__).resolve().parents[2]
ZIP_NAME = "cimentoplastie-hors-ligne.zip"
TOP_FOLDER = "cimentoplastie-hors-ligne"
DEFAULT_OUTPUT = Path("dist") / ZIP_NAME
README_NAME = "LISEZ-MOI - READ ME.txt"
DEFAULT_EPOCH = calendar.timegm((2026, 1, 1, 0, 0, 0))
ZIP_EPOCH_MIN = calendar.timegm((1980, 1, 1, 0, 0, 0))  # the earliest date a zip entry can hold

README = """\
Cimentoplastie — information des patients (copie hors ligne)

Pour lire le site : décompressez le fichier zip, puis ouvrez index.html (dans ce dossier)
avec votre navigateur, par un double-clic. Aucune connexion à Internet n'est nécessaire :
toutes les pages, les images et la recherche fonctionnent sans réseau.
Ces pages donnent une information générale ; elles ne remplacent pas l'avis de votre
médecin ni de votre équipe soignante.

Cementoplasty — patient information (offline copy)

To read the site: unzip the file, then open en/index.html (English) or index.html
(French) in your web browser, by double-clicking it. No internet connection is needed:
every page, picture and the search work without a network.
These pages give general information; they do not replace advice from your doctor or
your care team.
"""

# Site files a copy read from the file system never uses.
UNUSED_FILES = {"sitemap.xml", "sitemap.xml.gz", "404.html"}  # 404.html: no server, and its links are absolute
LUNR = "assets/javascripts/lunr/"
LEVEL = re.compile(r"^(ERROR|WARNING)\s*-\s*(.*)")
TRACEBACK_FRAME = re.compile(r'^\s+File "(?P<file>[^"]+)", line (?P<line>\d+)')


@dataclass(frozen=True)
class OfflineZip:
    path: Path
    size: int
    files: int
    build_seconds: float


def make_offline_zip(root: Path = PROJECT_ROOT, output: Path | None = None) -> OfflineZip:
    """Check the content of the project at ``root``, build it for offline reading and write the zip."""
    root = Path(root).resolve()
    output = Path(output) if output is not None else root / DEFAULT_OUTPUT
    if not (root / "mkdocs.yml").is_file():
        raise UserError(say("error.no-project"), path=root)
    writable_target(output)  # before the minutes of checking and building
    report = check(root)
    if report.errors:
        count = len(report.errors)
        first = report.errors[0]
        raise UserError(
            say(
                "error.check-failed",
                errors=say("words.error" if count == 1 else "words.errors", count=count),
                first=Spoken(first.text),
            )
        )
    timestamp = epoch()  # a bad SOURCE_DATE_EPOCH fails before the build, which reads it too
    with tempfile.TemporaryDirectory(prefix="offline-site-") as temp:
        site = Path(temp) / "site"
        started = time.monotonic()
        build(root, site)
        seconds = time.monotonic() - started
        files = write_zip(site, site_files(site), output, timestamp)
    return OfflineZip(path=output, size=output.stat().st_size, files=files, build_seconds=seconds)


def build(root: Path, site: Path) -> None:
    """Build the site with the offline plugin on; a failed build raises UserError with mkdocs' first problem."""
    env: dict[str, str | None] = {"OFFLINE": "true"}
    if not os.environ.get("SOURCE_DATE_EPOCH", "").strip():
        env["SOURCE_DATE_EPOCH"] = None  # mkdocs fails on an empty one; unset means the same as empty here
    result = run_strict_build(root, site, env)
    if result.returncode != 0:
        raise UserError(say("error.build-failed", problem=first_problem(result.stderr + result.stdout)))


def first_problem(log: str) -> str:
    """The line of mkdocs' output that says why the build failed, as one line.

    In order: the first ERROR (with the lines that continue it), the exception a crash ended with, the first
    WARNING (strict mode aborts on it, listing its items on indented lines), click's "Error:", then the last line.
    """
    lines = [line.rstrip() for line in log.splitlines()]
    problems = {"ERROR": None, "WARNING": None}
    for number, line in enumerate(lines):
        match = LEVEL.match(line)
        if match and problems[match[1]] is None:
            continued = match[1] == "ERROR"  # an ERROR's message can go on over unindented lines
            details = []
            for following in lines[number + 1 :]:
                if not following.strip() or LEVEL.match(following) or following.startswith(CRASH):
                    break
                if not following[:1].isspace() and not continued:
                    break
                details.append(following.strip().removeprefix("- "))
            separator = " " if continued else ", "
            problems[match[1]] = " ".join([f"{match[1]}: {match[2]}", separator.join(details)]).strip()
    crash = _crash(lines)
    click_error = next((_joined(lines, n) for n, line in enumerate(lines) if line.startswith("Error: ")), None)
    for problem in (problems["ERROR"], crash, problems["WARNING"], click_error):
        if problem:
            return problem
    last = [line.strip() for line in lines if line.strip()]
    return last[-1] if last else "no output"


CRASH = "Traceback (most recent call last):"


def _crash(lines: list[str]) -> str | None:
    """The exception a Python traceback ends with ('KeyError: 'kaboom''), with the file and line it came from."""
    if CRASH not in lines:
        return None
    start = len(lines) - 1 - lines[::-1].index(CRASH)
    where, exception = None, None
    for line in lines[start + 1 :]:
        frame = TRACEBACK_FRAME.match(line)
        if frame:
            where = f"{frame['file']}, line {frame['line']}"
        elif line.strip() and not line[:1].isspace():
            exception = line.strip()
            break
    if exception is None:
        return None
    return f"{exception} (at {where})" if where else exception


def _joined(lines: list[str], start: int) -> str:
    """Line ``start`` and the lines that continue it (up to a blank line), as one line."""
    parts = []
    for line in lines[start:]:
        if not line.strip():
            break
        parts.append(line.strip())
    return " ".join(parts)


def site_files(site: Path) -> list[str]:
    """Site-relative paths (with '/') of the files the offline copy needs, sorted."""
    every = sorted(path.relative_to(site).as_posix() for path in site.rglob("*") if path.is_file())
    present = set(every)
    lunr_needed = lunr_files(site, every)
    kept = []
    for name in every:
        if name.rsplit("/", 1)[-1] in UNUSED_FILES or name.endswith(".map"):  # .map: only for developer tools
            continue
        # From file://, Material's search loads search_index.js; the .json beside it is for servers.
        if name.endswith("search/search_index.json") and name[: -len("json")] + "js" in present:
            continue
        if name.startswith(LUNR) and name not in lunr_needed:
            continue
        kept.append(name)
    return kept


def lunr_files(site: Path, names: list[str]) -> set[str]:
    """The lunr scripts Material's search worker imports for the languages of the site's search indexes.

    Mirrors the worker: the stemmer support, one script per language but English, the multi-language
    plugin when an index has several, and the Japanese, Hindi or Thai segmenters.
    """
    languages: set[str] = set()
    several = False
    for name in names:
        if name.endswith("search/search_index.json"):
            config = json.loads((site / name).read_text(encoding="utf-8")).get("config", {})
            lang = config.get("lang", ["en"])
            languages.update(lang)
            several = several or len(lang) > 1
    needed = {"min/lunr.stemmer.support.min.js"}
    needed.update(f"min/lunr.{language}.min.js" for language in languages if language != "en")
    if several:
        needed.add("min/lunr.multi.min.js")
    if "ja" in languages:
        needed.add("tinyseg.js")
    if languages & {"hi", "th"}:
        needed.add("wordcut.js")
    return {LUNR + name for name in needed}


def epoch() -> int:
    """The timestamp of every zip entry: SOURCE_DATE_EPOCH when set, else 2026-01-01 00:00 UTC."""
    value = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not value:
        return DEFAULT_EPOCH
    if not value.isdigit():
        raise UserError(say("error.bad-epoch", found=repr(value)))
    return max(int(value), ZIP_EPOCH_MIN)


def write_zip(site: Path, files: list[str], output: Path, timestamp: int) -> int:
    """Write the zip atomically: one top folder, folders and files sorted, fixed dates and permissions.

    Returns the number of files in it (the readme included, folders not).
    """
    date_time = time.gmtime(timestamp)[:6]
    folders = {TOP_FOLDER}
    for name in files:
        parts = name.split("/")[:-1]
        folders.update(f"{TOP_FOLDER}/{'/'.join(parts[:depth])}" for depth in range(1, len(parts) + 1))
    entries: list[tuple[str, bytes | None]] = [(f"{folder}/", None) for folder in folders]
    entries += [(f"{TOP_FOLDER}/{name}", (site / name).read_bytes()) for name in files]
    readme = ("\ufeff" + README).replace("\n", "\r\n").encode("utf-8")  # BOM and CRLF: old Notepad reads it right
    entries.append((f"{TOP_FOLDER}/{README_NAME}", readme))
    entries.sort(key=lambda entry: entry[0])

    target = writable_target(output, create=True)
    partial = _partial_file(target)
    try:
        with zipfile.ZipFile(partial, "w") as archive:
            for name, data in entries:
                info = zipfile.ZipInfo(name, date_time=date_time)
                info.create_system = 3  # Unix, so the permission bits below are read
                if data is None:
                    info.external_attr = (0o40755 << 16) | 0x10  # directory flag for DOS readers too
                    archive.writestr(info, b"")
                else:
                    info.external_attr = 0o100644 << 16
                    info.compress_type = zipfile.ZIP_DEFLATED
                    archive.writestr(info, data, compress_type=zipfile.ZIP_DEFLATED, compresslevel=9)
        writable_target(output)  # still not a folder or device: os.replace would put the zip in its place
        os.replace(partial, target)
    except OSError as error:
        raise UserError(say("error.cannot-write", reason=os_reason(error)), path=output) from None
    finally:
        partial.unlink(missing_ok=True)
    return len(files) + 1


FILE_KINDS = {
    stat.S_IFDIR: "kind.folder",
    stat.S_IFCHR: "kind.character-device",
    stat.S_IFBLK: "kind.block-device",
    stat.S_IFIFO: "kind.named-pipe",
    stat.S_IFSOCK: "kind.socket",
}


def writable_target(output: Path, create: bool = False) -> Path:
    """The real path the zip will replace (symbolic links followed), once it is known to be a new path or a
    regular file in a folder we can write to; anything else is a UserError naming ``output``.

    With ``create``, missing folders are made; without, nothing is left on disk.
    """
    target = Path(os.path.abspath(output)).resolve()
    folder = next(parent for parent in target.parents if parent.exists())  # "/" at worst
    if not folder.is_dir():
        raise UserError(say("error.parent-is-file", folder=display_path(folder)), path=output)
    try:
        mode = target.stat().st_mode
    except FileNotFoundError:
        mode = None
    except OSError as error:
        raise UserError(say("error.unusable-path", reason=os_reason(error)), path=output) from None
    if mode is not None and not stat.S_ISREG(mode):
        kind = say(FILE_KINDS.get(stat.S_IFMT(mode), "kind.other"))
        raise UserError(say("error.not-regular", kind=kind), path=output)
    try:
        if create:
            target.parent.mkdir(parents=True, exist_ok=True)
            folder = target.parent
        if folder == target.parent:
            _partial_file(target).unlink()  # proves the folder takes new files, before the long build
        elif not os.access(folder, os.W_OK):
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES))
    except OSError as error:
        raise UserError(
            say("error.cannot-write-in", folder=display_path(folder), reason=os_reason(error)), path=output
        ) from None
    return target


def _partial_file(target: Path) -> Path:
    """A new empty file beside ``target``, with the permissions a new file gets, for the zip to be written to."""
    handle, name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".partial")
    os.close(handle)
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(name, 0o666 & ~umask)  # mkstemp's 0600 would make the zip private to its owner
    return Path(name)


def human_size(size: int) -> str:
    if size >= 1_000_000:
        return str(say("size.megabytes", size=size / 1_000_000))
    return str(say("size.kilobytes", size=size / 1000))


def main(argv: list[str] | None = None) -> int:
    """Build the site for reading without a connection and write it as one reproducible zip."""
    parser = argparse.ArgumentParser(prog="make_offline_zip.py", description=main.__doc__)
    parser.add_argument(
        "--output",
        type=Path,
        default=None,
        help=f"where to write the zip (default: {DEFAULT_OUTPUT.as_posix()} in the project folder)",
    )
    parser.add_argument("--root", type=Path, default=PROJECT_ROOT, help="project folder (default: this project)")
    add_language_option(parser)
    args = parser.parse_args(argv)
    with speaking(args.lang):
        result = make_offline_zip(args.root, args.output)
        print(
            say(
                "done.line",
                path=display_path(result.path),
                size=result.size,
                human=human_size(result.size),
                files=result.files,
                seconds=result.build_seconds,
            )
        )
    return EXIT_OK
