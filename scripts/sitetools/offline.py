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
import json
import os
import re
import tempfile
import time
import zipfile
from dataclasses import dataclass
from pathlib import Path

from sitetools.build import run_strict_build
from sitetools.cli import EXIT_OK, UserError, display_path
from sitetools.content_check import check

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
        raise UserError("expected a project folder with mkdocs.yml, found none", path=root)
    report = check(root)
    if report.errors:
        count = len(report.errors)
        raise UserError(
            f"content check failed ({count} error{'s' * (count != 1)}), no zip written; "
            f"first: {report.errors[0].text()}"
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
        raise UserError(f"mkdocs build failed: {first_problem(result.stderr + result.stdout)}")


def first_problem(log: str) -> str:
    """mkdocs' first ERROR or WARNING as one line, with the items it lists on the lines below it."""
    lines = [line.rstrip() for line in log.splitlines() if line.strip()]
    for number, line in enumerate(lines):
        match = LEVEL.match(line)
        if match:
            details = []
            for following in lines[number + 1 :]:
                if not following[:1].isspace():
                    break
                details.append(following.strip().removeprefix("- "))
            return " ".join([f"{match[1]}: {match[2]}", ", ".join(details)]).strip()
    return lines[-1].strip() if lines else "no output"


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
        raise UserError(f"SOURCE_DATE_EPOCH: expected a number of seconds since 1970, found {value!r}")
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

    output.parent.mkdir(parents=True, exist_ok=True)
    partial = output.with_name(f".{output.name}.partial")
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
        partial.replace(output)
    finally:
        partial.unlink(missing_ok=True)
    return len(files) + 1


def human_size(size: int) -> str:
    if size >= 1_000_000:
        return f"{size / 1_000_000:.1f} MB"
    return f"{size / 1000:.0f} KB"


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
    args = parser.parse_args(argv)
    result = make_offline_zip(args.root, args.output)
    print(
        f"{display_path(result.path)}: {result.size} bytes ({human_size(result.size)}), "
        f"{result.files} files, site built in {result.build_seconds:.1f} s"
    )
    return EXIT_OK
