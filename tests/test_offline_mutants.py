"""The offline zip maker in-process, on small prepared folders: the exact zip, its refusals and its messages.

Written to kill the mutants mutmut plants in scripts/sitetools/offline.py (see scripts/mutation.sh): every
test asserts exact outputs (entry names and order, dates, modes, compression, the readme's bytes, messages).
The whole-project builds stay in test_offline.py and test_offline_contents.py; here a build is the content
check's small clean fixture tree, which mkdocs builds in well under a second.
"""

from __future__ import annotations

import json
import os
import re
import resource
import shutil
import signal
import socket
import stat
import tempfile
import zipfile
import zlib
from pathlib import Path

import pytest
from sitetools.cli import UserError, run
from sitetools.messages import speaking
from sitetools.offline import (
    DEFAULT_EPOCH,
    ZIP_EPOCH_MIN,
    ZIP_NAME,
    _partial_file,
    epoch,
    first_problem,
    human_size,
    lunr_files,
    main,
    make_offline_zip,
    site_files,
    writable_target,
    write_zip,
)

CLEAN = Path(__file__).parent / "fixtures" / "content_check" / "clean"
TOP = "cimentoplastie-hors-ligne"
README_TEXT = """\
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
README_BYTES = b"\xef\xbb\xbf" + README_TEXT.replace("\n", "\r\n").encode("utf-8")
JAN_2026 = 1_767_225_600  # 2026-01-01 00:00:00 UTC
# Text that deflate level 9 packs smaller than the default level 6 (checked in the test that uses it).
TEXT = "".join(f"<p>page {n % 97} of {n * 7919 % 1000} — vertèbre {n % 13}</p>\n" for n in range(4000)).encode()


@pytest.fixture
def tree(tmp_path) -> Path:
    target = tmp_path / "tree"
    shutil.copytree(CLEAN, target)
    return target


@pytest.fixture(autouse=True)
def english(monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    with speaking("en"):
        yield


def site(tmp_path: Path, files: dict[str, str | bytes]) -> Path:
    folder = tmp_path / "site"
    folder.mkdir(parents=True)
    for name, content in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    return folder


def error_of(call, *args) -> str:
    with pytest.raises(UserError) as error:
        call(*args)
    return str(error.value)


# --- write_zip: the exact archive ------------------------------------------------------------------------


def test_zip_entries_names_order_dates_modes_and_compression(tmp_path):
    folder = site(tmp_path, {"index.html": TEXT, "en/a/b.html": "b", "en/index.html": "en", "z.css": ""})
    output = tmp_path / "out.zip"
    files = ["en/a/b.html", "en/index.html", "index.html", "z.css"]
    assert write_zip(folder, files, output, 1_700_000_000) == 5
    with zipfile.ZipFile(output) as archive:
        infos = archive.infolist()
        assert [info.filename for info in infos] == [
            f"{TOP}/",
            f"{TOP}/LISEZ-MOI - READ ME.txt",
            f"{TOP}/en/",
            f"{TOP}/en/a/",
            f"{TOP}/en/a/b.html",
            f"{TOP}/en/index.html",
            f"{TOP}/index.html",
            f"{TOP}/z.css",
        ]
        assert archive.read(f"{TOP}/LISEZ-MOI - READ ME.txt") == README_BYTES
        assert archive.read(f"{TOP}/index.html") == TEXT
        assert archive.read(f"{TOP}/en/a/b.html") == b"b"
        assert archive.read(f"{TOP}/z.css") == b""
    assert {info.date_time for info in infos} == {(2023, 11, 14, 22, 13, 20)}
    assert {info.create_system for info in infos} == {3}
    assert [info.external_attr for info in infos if info.filename.endswith("/")] == [(0o40755 << 16) | 0x10] * 3
    assert [info.external_attr for info in infos if not info.filename.endswith("/")] == [0o100644 << 16] * 5
    assert [info.compress_type for info in infos if info.filename.endswith("/")] == [zipfile.ZIP_STORED] * 3
    assert [info.compress_type for info in infos if not info.filename.endswith("/")] == [zipfile.ZIP_DEFLATED] * 5
    assert [info.file_size for info in infos if info.filename.endswith("/")] == [0, 0, 0]


def deflated(data: bytes, level: int) -> int:
    packer = zlib.compressobj(level, zlib.DEFLATED, -15)
    return len(packer.compress(data) + packer.flush())


def test_zip_compresses_at_level_nine(tmp_path):
    folder = site(tmp_path, {"index.html": TEXT})
    output = tmp_path / "out.zip"
    write_zip(folder, ["index.html"], output, JAN_2026)
    with zipfile.ZipFile(output) as archive:
        info = archive.getinfo(f"{TOP}/index.html")
    assert deflated(TEXT, 9) != deflated(TEXT, 6)
    assert info.compress_size == deflated(TEXT, 9)


def test_zip_of_no_site_file_holds_the_top_folder_and_the_readme(tmp_path):
    output = tmp_path / "out.zip"
    assert write_zip(site(tmp_path, {}), [], output, DEFAULT_EPOCH) == 1
    with zipfile.ZipFile(output) as archive:
        assert archive.namelist() == [f"{TOP}/", f"{TOP}/LISEZ-MOI - READ ME.txt"]
        assert {info.date_time for info in archive.infolist()} == {(2026, 1, 1, 0, 0, 0)}
    assert sorted(os.listdir(tmp_path)) == ["out.zip", "site"]


def test_zip_through_a_link_replaces_the_file_it_points_to(tmp_path):
    real = tmp_path / "real" / "site.zip"
    real.parent.mkdir()
    real.write_bytes(b"old")
    link = tmp_path / "link.zip"
    link.symlink_to(real)
    write_zip(site(tmp_path, {"index.html": "x"}), ["index.html"], link, JAN_2026)
    assert link.is_symlink()
    assert zipfile.ZipFile(real).namelist() == [f"{TOP}/", f"{TOP}/LISEZ-MOI - READ ME.txt", f"{TOP}/index.html"]
    assert sorted(os.listdir(real.parent)) == ["site.zip"]


def test_zip_makes_missing_folders(tmp_path):
    output = tmp_path / "a" / "b" / ZIP_NAME
    write_zip(site(tmp_path, {"index.html": "x"}), ["index.html"], output, JAN_2026)
    assert os.listdir(output.parent) == [ZIP_NAME]


def test_zip_that_cannot_be_written_whole_is_a_user_error_and_keeps_the_old_zip(tmp_path):
    """A file size limit makes the write fail half-way (EFBIG), as a full disk would."""
    output = tmp_path / "out" / ZIP_NAME
    output.parent.mkdir()
    output.write_bytes(b"the previous zip")
    folder = site(tmp_path, {"big.bin": os.urandom(200_000)})
    previous_handler = signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    previous_limit = resource.getrlimit(resource.RLIMIT_FSIZE)
    resource.setrlimit(resource.RLIMIT_FSIZE, (50_000, previous_limit[1]))
    try:
        message = error_of(write_zip, folder, ["big.bin"], output, JAN_2026)
    finally:
        resource.setrlimit(resource.RLIMIT_FSIZE, previous_limit)
        signal.signal(signal.SIGXFSZ, previous_handler)
    assert message == f"{output}: cannot write the zip: File too large; nothing written"
    assert os.listdir(output.parent) == [ZIP_NAME]
    assert output.read_bytes() == b"the previous zip"


def test_partial_file_sits_beside_the_zip_with_a_new_file_s_mode(tmp_path):
    target = tmp_path / ZIP_NAME
    partial = _partial_file(target)
    try:
        assert partial.parent == tmp_path
        assert partial.name.startswith(f".{ZIP_NAME}.")
        assert partial.name.endswith(".partial")
        assert partial.stat().st_size == 0
        umask = os.umask(0)
        os.umask(umask)
        assert stat.S_IMODE(partial.stat().st_mode) == 0o666 & ~umask
    finally:
        partial.unlink()


def test_zip_mode_follows_the_umask(tmp_path):
    previous = os.umask(0o027)
    try:
        output = tmp_path / "out.zip"
        write_zip(site(tmp_path, {"index.html": "x"}), ["index.html"], output, JAN_2026)
    finally:
        os.umask(previous)
    assert stat.S_IMODE(output.stat().st_mode) == 0o640


# --- writable_target: where the zip may go ---------------------------------------------------------------


def test_new_path_is_accepted_and_nothing_is_left_on_disk(tmp_path):
    assert writable_target(tmp_path / ZIP_NAME) == tmp_path / ZIP_NAME
    assert writable_target(tmp_path / "new" / "deeper" / ZIP_NAME) == tmp_path / "new" / "deeper" / ZIP_NAME
    assert os.listdir(tmp_path) == []


def test_create_makes_the_missing_folders_and_returns_the_real_path(tmp_path):
    real = tmp_path / "real"
    real.mkdir()
    (tmp_path / "link").symlink_to(real)
    assert writable_target(tmp_path / "link" / "a" / ZIP_NAME, create=True) == real / "a" / ZIP_NAME
    assert os.listdir(real / "a") == []


def test_relative_output_is_resolved_from_the_current_folder(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert writable_target(Path("out.zip")) == tmp_path / "out.zip"


def test_regular_file_is_accepted_and_kept(tmp_path):
    output = tmp_path / ZIP_NAME
    output.write_bytes(b"old")
    assert writable_target(output) == output
    assert (os.listdir(tmp_path), output.read_bytes()) == ([ZIP_NAME], b"old")


def test_output_below_a_file_is_refused(tmp_path):
    (tmp_path / "file").write_text("x", encoding="utf-8")
    output = tmp_path / "file" / "sub" / ZIP_NAME
    assert error_of(writable_target, output) == (
        f"{output}: expected {tmp_path / 'file'} to be a folder, found a file; nothing written"
    )
    assert error_of(writable_target, output, True) == (
        f"{output}: expected {tmp_path / 'file'} to be a folder, found a file; nothing written"
    )


@pytest.mark.parametrize(
    ("make", "kind"),
    [
        (lambda path: path.mkdir(), "a folder"),
        (lambda path: os.mkfifo(path), "a named pipe"),
        (lambda path: socket.socket(socket.AF_UNIX).bind(str(path)), "a socket"),
    ],
)
def test_output_that_is_not_a_regular_file_is_refused(tmp_path, make, kind):
    output = tmp_path / "out.zip"
    make(output)
    expected = f"{output}: expected a new file name or a regular file to replace, found {kind}; nothing written"
    assert error_of(writable_target, output) == expected
    assert error_of(write_zip, site(tmp_path, {}), [], output, JAN_2026) == expected
    assert sorted(os.listdir(tmp_path)) == ["out.zip", "site"]


def test_output_on_a_character_device_is_refused():
    assert error_of(writable_target, Path("/dev/null")) == (
        "/dev/null: expected a new file name or a regular file to replace, found a character device; nothing written"
    )


def test_output_whose_name_is_too_long_is_refused(tmp_path):
    output = tmp_path / ("z" * 300 + ".zip")
    assert error_of(writable_target, output) == f"{output}: cannot use this path for the zip: File name too long"


def test_output_in_a_folder_that_takes_no_new_file_is_refused(tmp_path):
    if os.geteuid() == 0:
        folder = Path("/sys")  # root writes through permission bits; sysfs still refuses new files
    else:
        folder = tmp_path / "read-only"
        folder.mkdir()
        folder.chmod(0o555)
    message = error_of(writable_target, folder / ZIP_NAME)
    assert re.fullmatch(
        rf"{re.escape(str(folder / ZIP_NAME))}: cannot write the zip in {re.escape(str(folder))}: "
        r"(Permission denied|Read-only file system); nothing written",
        message,
    ), message


def test_output_in_a_new_folder_below_one_that_takes_no_file_is_refused():
    """/proc/sys takes no new folder, not even from root: the nearest existing folder is judged."""
    output = Path("/proc/sys/offline-zip-test/out.zip")
    assert error_of(writable_target, output) == (
        f"{output}: cannot write the zip in /proc/sys: Permission denied; nothing written"
    )
    with speaking("fr"):
        assert error_of(writable_target, output) == (
            f"{output}: impossible d'écrire le zip dans /proc/sys : permission refusée ; rien n'est écrit"
        )
    assert not output.parent.exists()


# --- which files the zip keeps ---------------------------------------------------------------------------


def test_site_files_leave_out_what_a_file_system_copy_never_uses(tmp_path):
    index = json.dumps({"config": {"lang": ["fr"]}, "docs": []})
    folder = site(
        tmp_path,
        {
            "index.html": "",
            "404.html": "",
            "en/404.html": "",
            "en/x/404.html": "",
            "en/index.html": "",
            "sitemap.xml": "",
            "sitemap.xml.gz": "",
            "en/sitemap.xml": "",
            "my-sitemap.xml": "",
            "assets/bundle.js": "",
            "assets/bundle.js.map": "",
            "assets/map.js": "",
            "search/search_index.json": index,
            "search/search_index.js": "",
            "search/worker.js": "",
            "en/search/search_index.json": json.dumps({"config": {"lang": ["en"]}}),
            "assets/javascripts/lunr/min/lunr.fr.min.js": "",
            "assets/javascripts/lunr/min/lunr.de.min.js": "",
            "assets/javascripts/lunr/min/lunr.stemmer.support.min.js": "",
            "assets/javascripts/lunr/min/lunr.multi.min.js": "",
            "assets/javascripts/lunr/tinyseg.js": "",
            "assets/javascripts/lunr/wordcut.js": "",
            "other/assets/javascripts/lunr/min/lunr.de.min.js": "",
        },
    )
    (folder / "empty-folder").mkdir()
    assert site_files(folder) == [
        "assets/bundle.js",
        "assets/javascripts/lunr/min/lunr.fr.min.js",
        "assets/javascripts/lunr/min/lunr.stemmer.support.min.js",
        "assets/map.js",
        "en/index.html",
        "en/search/search_index.json",  # no .js beside it: the only index of that language
        "index.html",
        "my-sitemap.xml",
        "other/assets/javascripts/lunr/min/lunr.de.min.js",
        "search/search_index.js",
        "search/worker.js",
    ]


def lunr(tmp_path: Path, *configs: dict) -> set[str]:
    files = {f"{n}/search/search_index.json": json.dumps(config) for n, config in enumerate(configs)}
    files["0/search/search_index.js"] = ""
    folder = site(tmp_path, files)
    return {name.removeprefix("assets/javascripts/lunr/") for name in lunr_files(folder, sorted(files))}


def test_lunr_files_follow_the_languages_of_every_index(tmp_path):
    assert lunr(tmp_path / "1", {"config": {"lang": ["en"]}}) == {"min/lunr.stemmer.support.min.js"}
    assert lunr(tmp_path / "2", {"config": {}}, {"docs": []}) == {"min/lunr.stemmer.support.min.js"}
    assert lunr(tmp_path / "3", {"config": {"lang": ["fr"]}}, {"config": {"lang": ["de"]}}) == {
        "min/lunr.stemmer.support.min.js",
        "min/lunr.fr.min.js",
        "min/lunr.de.min.js",
    }
    assert lunr(tmp_path / "4", {"config": {"lang": ["fr", "en"]}}, {"config": {"lang": ["en"]}}) == {
        "min/lunr.stemmer.support.min.js",
        "min/lunr.fr.min.js",
        "min/lunr.multi.min.js",
    }
    assert lunr(tmp_path / "5", {"config": {"lang": ["en"]}}, {"config": {"lang": ["ja"]}}) == {
        "min/lunr.stemmer.support.min.js",
        "min/lunr.ja.min.js",
        "tinyseg.js",
    }
    assert lunr(tmp_path / "6", {"config": {"lang": ["hi"]}}) == {
        "min/lunr.stemmer.support.min.js",
        "min/lunr.hi.min.js",
        "wordcut.js",
    }
    assert lunr(tmp_path / "7", {"config": {"lang": ["th"]}}) == {
        "min/lunr.stemmer.support.min.js",
        "min/lunr.th.min.js",
        "wordcut.js",
    }


def test_lunr_files_read_the_index_as_utf8(tmp_path):
    folder = site(tmp_path, {"search/search_index.json": '{"config": {"lang": ["fr"]}, "docs": [{"t": "vertèbre"}]}'})
    assert lunr_files(folder, ["search/search_index.json"]) == {
        "assets/javascripts/lunr/min/lunr.stemmer.support.min.js",
        "assets/javascripts/lunr/min/lunr.fr.min.js",
    }


# --- the date of every entry -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [("", DEFAULT_EPOCH), ("  ", DEFAULT_EPOCH), (" 1700000000\n", 1_700_000_000), ("0", ZIP_EPOCH_MIN)],
)
def test_epoch_reads_source_date_epoch(monkeypatch, value, expected):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", value)
    assert epoch() == expected


def test_epoch_constants_are_the_dates_the_docstring_names():
    assert (DEFAULT_EPOCH, ZIP_EPOCH_MIN) == (1_767_225_600, 315_532_800)


@pytest.mark.parametrize("value", ["-5", "1.5", "yesterday"])
def test_epoch_that_is_not_a_number_of_seconds_is_refused(monkeypatch, value):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", value)
    assert error_of(epoch) == f"SOURCE_DATE_EPOCH: expected a number of seconds since 1970, found {value!r}"


def test_epoch_just_after_1980_is_kept(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(ZIP_EPOCH_MIN + 2))
    assert epoch() == ZIP_EPOCH_MIN + 2


# --- sizes in words --------------------------------------------------------------------------------------


def test_human_size():
    assert [human_size(n) for n in (999, 1500, 999_999, 1_000_000, 1_050_000)] == [
        "1 KB",
        "2 KB",
        "1000 KB",
        "1.0 MB",
        "1.1 MB",
    ]
    with speaking("fr"):
        assert [human_size(n) for n in (1500, 1_050_000)] == ["2 ko", "1.1 Mo"]


# --- mkdocs' first problem -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("log", "expected"),
    [
        (
            "WARNING -  Excluded files:\n  - a.md\n  - b.md\nINFO -  done\n",
            "WARNING: Excluded files: a.md, b.md",
        ),
        ("WARNING -  first\nWARNING -  second\n", "WARNING: first"),
        ("WARNING -  first\nnot indented\n", "WARNING: first"),
        ("ERROR -  one\ngoes on\n  indented\n\nlater\n", "ERROR: one goes on indented"),
        ("ERROR -  one\nERROR -  two\n", "ERROR: one"),
        ("ERROR -  one\nWARNING -  two\n", "ERROR: one"),
        ("WARNING -  two\nERROR -  one\n", "ERROR: one"),
        (
            "ERROR -  one\nTraceback (most recent call last):\n  File \"/a.py\", line 3, in f\nKeyError: 'k'\n",
            "ERROR: one",
        ),
        ("ERROR-one   \n", "ERROR: one"),
        ("INFO -  fine\nWARNING -  w\nTraceback (most recent call last):\nValueError: v\n", "ValueError: v"),
        ("Error: bad config\n  at line 2\n\nError: second\n", "Error: bad config at line 2"),
        ("WARNING -  w\nError: bad\n", "WARNING: w"),
        ("Error: x\nTraceback (most recent call last):\nOSError: y\n", "OSError: y"),
        ("INFO -  a\n  last words  \n\n   \n", "last words"),
        ("\n\n", "no output"),
        ("Error:x\nfinal\n", "final"),
        ("WARNING -  w:\n - one\n   - two\n", "WARNING: w: one, two"),  # items indented by one space too
        ("INFO -  x\nError: bad\n", "Error: bad"),
        ("INFO -  first\nsecond\nthird\n", "third"),
    ],
)
def test_first_problem_picks_the_cause_in_order(log, expected):
    assert first_problem(log) == expected


@pytest.mark.parametrize(
    ("log", "expected"),
    [
        # Two tracebacks: the last one is the crash; its last frame is where.
        (
            'Traceback (most recent call last):\n  File "/a.py", line 1, in f\nValueError: first\n'
            'Traceback (most recent call last):\n  File "/b.py", line 22, in g\n    code\n'
            "  File \"/c.py\", line 333, in h\n    more code\nKeyError: 'second'\nafter\n",
            "KeyError: 'second' (at /c.py, line 333)",
        ),
        ("Traceback (most recent call last):\nSystemExit: 3\n", "SystemExit: 3"),
        # A traceback cut before its exception: no crash to quote, the last line is said.
        ('Traceback (most recent call last):\n  File "/a.py", line 1, in f\n', 'File "/a.py", line 1, in f'),
        ("Traceback (most recent call last):\n\n  \nValueError: x\n", "ValueError: x"),
        (" File context\nTraceback (most recent call last):\n x\nValueError: v\n", "ValueError: v"),
    ],
)
def test_first_problem_quotes_the_exception_of_the_last_traceback(log, expected):
    assert first_problem(log) == expected


# --- the whole maker on the small clean tree -------------------------------------------------------------


def zip_names(path: Path) -> list[str]:
    with zipfile.ZipFile(path) as archive:
        return archive.namelist()


def named_by_the_build_environment(tree: Path, record: Path) -> None:
    """A hook names the site after OFFLINE and SOURCE_DATE_EPOCH as the build sees them (the page title shows
    them) and writes where the site is built to ``record``."""
    (tree / "named.py").write_text(
        "import os\nimport pathlib\n\n\ndef on_config(config):\n"
        '    seen = os.environ.get("OFFLINE", "online"), os.environ.get("SOURCE_DATE_EPOCH", "unset")\n'
        '    config.site_name = "-".join(seen)\n'
        f"    pathlib.Path({str(record)!r}).write_text(config.site_dir)\n",
        encoding="utf-8",
    )
    with (tree / "mkdocs.yml").open("a", encoding="utf-8") as config:
        config.write("hooks:\n  - named.py\n")


def test_make_offline_zip_builds_with_offline_on_in_a_temporary_folder(tree, tmp_path, monkeypatch):
    record = tmp_path / "site-dir.txt"
    named_by_the_build_environment(tree, record)
    temp = tmp_path / "temp"
    temp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temp))
    output = tmp_path / "out" / "site.zip"
    result = make_offline_zip(tree, output)
    names = zip_names(output)
    assert (result.path, result.size, result.files) == (output, output.stat().st_size, 37)
    assert len([name for name in names if not name.endswith("/")]) == 37
    assert 0 < result.build_seconds < 600
    assert names[:3] == [f"{TOP}/", f"{TOP}/LISEZ-MOI - READ ME.txt", f"{TOP}/_includes/"]
    assert f"{TOP}/search/search_index.json" in names  # the mkdocs theme has no search_index.js
    assert not [name for name in names if name.endswith(("404.html", "sitemap.xml", "sitemap.xml.gz"))]
    with zipfile.ZipFile(output) as archive:
        assert "<title>Accueil - true-unset</title>" in archive.read(f"{TOP}/index.html").decode("utf-8")
        assert {info.date_time for info in archive.infolist()} == {(2026, 1, 1, 0, 0, 0)}
    assert sorted(p.name for p in output.parent.iterdir()) == ["site.zip"]
    site_dir = Path(record.read_text(encoding="utf-8"))
    assert (site_dir.parent.parent, site_dir.name) == (temp, "site")
    assert re.fullmatch(r"offline-site-[\w]+", site_dir.parent.name), site_dir
    assert os.listdir(temp) == []


def test_make_offline_zip_passes_source_date_epoch_to_the_build(tree, tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    named_by_the_build_environment(tree, tmp_path / "site-dir.txt")
    output = tmp_path / "out.zip"
    make_offline_zip(tree, output)
    with zipfile.ZipFile(output) as archive:
        assert "<title>Accueil - true-1700000000</title>" in archive.read(f"{TOP}/index.html").decode("utf-8")
        assert {info.date_time for info in archive.infolist()} == {(2023, 11, 14, 22, 13, 20)}


def test_make_offline_zip_default_output_and_a_blank_source_date_epoch(tree, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", " ")  # mkdocs fails on a blank one; the maker unsets it
    monkeypatch.chdir(tree / "docs")
    result = make_offline_zip(Path(".."))
    assert result.path == tree / "dist" / ZIP_NAME
    assert zip_names(tree / "dist" / ZIP_NAME)[:2] == [f"{TOP}/", f"{TOP}/LISEZ-MOI - READ ME.txt"]


def test_make_offline_zip_without_a_project(tmp_path):
    (tmp_path / "mkdocs.yml").mkdir()
    assert error_of(make_offline_zip, tmp_path, tmp_path / "out.zip") == (
        f"{tmp_path}: expected a project folder with mkdocs.yml, found none"
    )
    assert os.listdir(tmp_path) == ["mkdocs.yml"]


def test_make_offline_zip_checks_the_output_before_the_content(tree, tmp_path):
    (tree / "docs" / "en" / "osteoporosis" / "index.md").unlink()
    folder = tmp_path / "folder.zip"
    folder.mkdir()
    assert error_of(make_offline_zip, tree, folder) == (
        f"{folder}: expected a new file name or a regular file to replace, found a folder; nothing written"
    )


def test_make_offline_zip_stops_on_content_errors(tree, tmp_path):
    page = tree / "docs" / "en" / "index.md"
    page.write_text(
        page.read_text(encoding="utf-8").replace("(osteoporosis/index.md)", "(nowhere.md)"), encoding="utf-8"
    )
    output = tmp_path / "out.zip"
    assert error_of(make_offline_zip, tree, output) == (
        "content check failed (1 error), no zip written; first: docs/en/index.md:16: link-broken: link 'nowhere.md' "
        "points to docs/en/nowhere.md, which does not exist (fix: point the link at an existing page of the same "
        "language)"
    )
    (tree / "docs" / "en" / "osteoporosis" / "index.md").unlink()
    message = error_of(make_offline_zip, tree, output)
    assert re.fullmatch(
        r"content check failed \(\d+ errors\), no zip written; first: docs/en/index\.md:16: .*", message
    )
    assert not re.search(r"\(1 errors?\)", message)
    assert os.listdir(tmp_path) == ["tree"]


def test_make_offline_zip_quotes_a_failed_build(tree, tmp_path):
    hook = tree / "broken.py"
    hook.write_text('def on_config(config):\n    raise ValueError("no centre configured")\n', encoding="utf-8")
    with (tree / "mkdocs.yml").open("a", encoding="utf-8") as config:
        config.write("hooks:\n  - broken.py\n")
    assert error_of(make_offline_zip, tree, tmp_path / "out.zip") == (
        f"mkdocs build failed: ValueError: no centre configured (at {hook}, line 2)"
    )
    assert os.listdir(tmp_path) == ["tree"]


# --- the command line ------------------------------------------------------------------------------------


def test_main_prints_one_summary_line(tree, tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert run(main, ["--lang", "en", "--root", str(tree), "--output", "out.zip"], prog="make_offline_zip") == 0
    out, err = capsys.readouterr()
    size = (tmp_path / "out.zip").stat().st_size
    assert re.fullmatch(
        rf"out\.zip: {size} bytes \({size / 1000:.0f} KB\), 37 files, site built in \d+\.\d s\n", out
    ), out
    assert err == ""


def test_main_writes_in_the_project_by_default_and_speaks_french(tree, capsys):
    assert run(main, ["--lang", "fr", "--root", str(tree)], prog="make_offline_zip") == 0
    out, _ = capsys.readouterr()
    assert re.fullmatch(
        re.escape(f"{tree / 'dist' / ZIP_NAME} : ")
        + r"\d+ octets \(\d+ ko\), 37 fichiers, site construit en \d+\.\d s\n",
        out,
    ), out
    assert (tree / "dist" / ZIP_NAME).is_file()


def test_main_help_names_the_options(capsys, monkeypatch):
    monkeypatch.setenv("COLUMNS", "200")
    with pytest.raises(SystemExit) as exit_:
        main(["--help"])
    assert exit_.value.code == 0
    assert capsys.readouterr().out.splitlines() == [
        "usage: make_offline_zip.py [-h] [--output OUTPUT] [--root ROOT] [--lang {fr,en}]",
        "",
        "Build the site for reading without a connection and write it as one reproducible zip.",
        "",
        "options:",
        "  -h, --help       show this help message and exit",
        f"  --output OUTPUT  where to write the zip (default: dist/{ZIP_NAME} in the project folder)",
        "  --root ROOT      project folder (default: this project)",
        "  --lang {fr,en}   language of the messages (default: from the locale, French when unsure)",
    ]


def test_main_builds_this_project_by_default(tmp_path, monkeypatch):
    """Without --root, the project is this one, wherever the command runs: its output is judged first."""
    monkeypatch.chdir(tmp_path)
    assert error_of(main, ["--lang", "en", "--output", "/dev/null"]) == (
        "/dev/null: expected a new file name or a regular file to replace, found a character device; nothing written"
    )


def test_main_reports_a_bad_output_in_its_language(tmp_path, capsys):
    (tmp_path / "mkdocs.yml").write_text("site_name: x\n", encoding="utf-8")
    assert run(main, ["--lang", "en", "--root", str(tmp_path), "--output", "/dev/null"], prog="make_offline_zip") == 2
    assert capsys.readouterr() == (
        "",
        "make_offline_zip: error: /dev/null: expected a new file name or a regular file to replace, found a "
        "character device; nothing written\n",
    )
