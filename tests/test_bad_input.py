"""Hostile or careless input: one line naming the file (and line), exit 2, no traceback, nothing lost or half-written.

The registry check, mkdocs.yml and the pages run on copies of the content check's clean fixture tree; the offline
zip's output checks need no build, as they run before it. Runs that could hang or blow up (a 100,000-digit line,
a pattern that backtracks, an alias bomb) run in a child process with a generous time and memory cap.
"""

from __future__ import annotations

import os
import re
import resource
import shutil
import signal
import stat
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
from sitetools.cli import UserError, run
from sitetools.content_check import Site, main
from sitetools.facts import expand, load_registry
from sitetools.offline import ZIP_NAME, first_problem, make_offline_zip, write_zip
from sitetools.sources import site_languages

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = Path(__file__).parent / "fixtures" / "content_check" / "clean"
CHECK = ROOT / "scripts" / "check_content.py"
MAKE_ZIP = ROOT / "scripts" / "make_offline_zip.py"
TIME_CAP = 10  # seconds: generous caps, far above a normal run, so only a runaway fails
MEMORY_CAP_MB = 500
SOURCES = (
    "sources:\n  metastasis-centre: {title: Metastasis centre}\n  osteoporosis-centre: {title: Osteoporosis centre}"
)
ADDRESS_SPACE_LIMIT = 2 * 1024**3  # a runaway child dies at 2 GB instead of taking the machine with it


@pytest.fixture
def tree(tmp_path) -> Path:
    target = tmp_path / "tree"
    shutil.copytree(FIXTURE, target)
    return target


def edit(file: Path, old: str, new: str) -> None:
    text = file.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {file}"
    file.write_text(text.replace(old, new, 1), encoding="utf-8")


def check_cli(tree: Path, capsys, monkeypatch) -> tuple[int, str, str]:
    monkeypatch.chdir(tree)
    code = run(main, ["--lang", "en", "--root", str(tree)], prog="check_content")
    out, err = capsys.readouterr()
    return code, out, err


def run_bounded(command: list[str], cwd: Path, env: dict | None = None) -> tuple[int, str, str, float, float]:
    """Run ``command`` with the caps; (exit code, stdout, stderr, seconds, peak memory in MB) of that child alone."""

    def limit_memory() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (ADDRESS_SPACE_LIMIT, ADDRESS_SPACE_LIMIT))

    out_file, err_file = cwd.parent / "bounded.out", cwd.parent / "bounded.err"
    started = time.monotonic()
    with out_file.open("wb") as out, err_file.open("wb") as err:
        process = subprocess.Popen(command, cwd=cwd, stdout=out, stderr=err, env=env, preexec_fn=limit_memory)
    while True:
        pid, status, usage = os.wait4(process.pid, os.WNOHANG)
        if pid:
            break
        if time.monotonic() - started > TIME_CAP:
            process.kill()
            os.wait4(process.pid, 0)
            pytest.fail(f"{' '.join(command)} still running after {TIME_CAP} s")
        time.sleep(0.02)
    process.returncode = os.waitstatus_to_exitcode(status)  # reaped here: tell Popen not to wait again
    seconds = time.monotonic() - started
    peak_mb = usage.ru_maxrss / 1024  # kilobytes on Linux
    return (
        process.returncode,
        out_file.read_text(encoding="utf-8"),
        err_file.read_text(encoding="utf-8"),
        seconds,
        peak_mb,
    )


def assert_one_line(err: str, expected: str) -> None:
    assert "Traceback" not in err
    assert err == expected + "\n"


# --- facts.yml: every field's type, aliases, encoding -----------------------------------------------------


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            SOURCES,
            "sources: [metastasis-centre, osteoporosis-centre]",
            "facts.yml:1: registry: expected 'sources' to be a mapping of source ids to their title, seed or doi, "
            "found a list",
        ),
        (
            SOURCES,
            "sources: [[metastasis-centre]]",
            "facts.yml:1: registry: expected 'sources' to be a mapping of source ids to their title, seed or doi, "
            "found a list",
        ),
        (
            "  osteoporosis-centre: {title: Osteoporosis centre}",
            "  osteoporosis-centre: [Osteoporosis centre]",
            "facts.yml:3: registry: source 'osteoporosis-centre': expected a mapping with a title, found a list",
        ),
        (
            "  osteoporosis-centre: {title: Osteoporosis centre}",
            "  osteoporosis-centre: {doi: 10.1/x}",
            "facts.yml:3: registry: source 'osteoporosis-centre': expected a 'title' text, found nothing",
        ),
        (
            "  osteoporosis-centre: {title: Osteoporosis centre}",
            "  osteoporosis-centre: {title: Osteoporosis centre, year: [2017]}",
            "facts.yml:3: registry: source 'osteoporosis-centre': expected 'year' to be a text, found a list",
        ),
        (
            "  osteoporosis-centre: {title: Osteoporosis centre}",
            "  2017: {title: Osteoporosis centre}",
            "facts.yml:3: registry: expected a source id of lowercase letters, digits, '.' and '-', "
            "found the number 2017",
        ),
        (
            "allowed_hosts: [doi.org]",
            "allowed_hosts: doi.org",
            "facts.yml:4: registry: expected 'allowed_hosts' to be a list of host names like [doi.org], "
            "found the text 'doi.org'",
        ),
        (
            "allowed_hosts: [doi.org]",
            "allowed_hosts: [{x: 1}]",
            "facts.yml:4: registry: expected each of 'allowed_hosts' to be a lowercase host name like doi.org, "
            "found a mapping",
        ),
        (
            "allowed_hosts: [doi.org]",
            "allowed_hosts: [https://doi.org/]",
            "facts.yml:4: registry: expected each of 'allowed_hosts' to be a lowercase host name like doi.org, "
            "found the text 'https://doi.org/'",
        ),
        (
            "facts:\n",
            "facts: 5\nold_facts:\n",
            "facts.yml:5: registry: expected 'facts' to be a list of facts, found the number 5",
        ),
        (
            "facts:\n",
            "facts:\n  - just a sentence\n",
            "facts.yml:6: registry: expected fact 1 to be a mapping of id, statement, scope..., "
            "found the text 'just a sentence'",
        ),
        (
            "    source: metastasis-centre\n    value: 2\n",
            "    source: [a]\n    value: 2\n",
            "facts.yml:9: registry: fact 'metastasis-walking': expected 'source' to be one source id, found a list",
        ),
        (
            "    statement: Walking 2 hours after.",
            "    statement: {text: Walking}",
            "facts.yml:7: registry: fact 'metastasis-walking': expected 'statement' to be a sentence, found a mapping",
        ),
        (
            "    value: 2\n",
            "    value: [1, 2]\n",
            "facts.yml:10: registry: fact 'metastasis-walking': expected 'value' to be a figure like 2-4 or 75/150, "
            "found a list",
        ),
        (
            "    value: 2\n",
            "    value: 2026-01-01\n",
            "facts.yml:10: registry: fact 'metastasis-walking': expected 'value' to be a figure like 2-4 or 75/150, "
            "found a date (2026-01-01)",
        ),
        (
            "    pages: [metastasis/after.md]\n    patterns:\n      fr: 'march",
            "    pages: metastasis/after.md\n    patterns:\n      fr: 'march",
            "facts.yml:11: registry: fact 'metastasis-walking': expected 'pages' to be a list of page paths like "
            "metastasis/after.md, found the text 'metastasis/after.md'",
        ),
        (
            "      fr: 'march\\w*{gap}{value}{h}'",
            "      fr: '(?<!dé)march\\w*{gap}{value}{h}'",
            "facts.yml:13: registry: fact 'metastasis-walking': the 'fr' pattern does not compile: "
            "invalid perl operator: (?<!; registry patterns run on RE2, which has no lookarounds "
            "((?=, (?!, (?<=, (?<!), backreferences, atomic groups or possessive quantifiers",
        ),
        (
            "      fr: 'march\\w*{gap}{value}{h}'",
            "      fr: '(march)\\w*{gap}{value}{h}\\1'",
            "facts.yml:13: registry: fact 'metastasis-walking': the 'fr' pattern does not compile: "
            "invalid escape sequence: \\1; registry patterns run on RE2, which has no lookarounds "
            "((?=, (?!, (?<=, (?<!), backreferences, atomic groups or possessive quantifiers",
        ),
        (
            "    value: 2\n    pages: [metastasis/after.md]\n    patterns:\n      fr: 'march\\w*{gap}{value}{h}'",
            "    pages: [metastasis/after.md]\n    patterns:\n      fr: '(?:march)?'",
            "facts.yml:12: registry: fact 'metastasis-walking': the 'fr' pattern matches empty text; "
            "make it match the words",
        ),
        (
            "    value: 2\n",
            "    value: &walking 2\n",
            "facts.yml:10: registry: YAML anchors and aliases (&name, *name) are not allowed; "
            "write the value out in full",
        ),
    ],
)
def test_registry_of_the_wrong_shape_is_one_line_with_file_and_line(tree, capsys, monkeypatch, old, new, expected):
    edit(tree / "facts.yml", old, new)
    code, out, err = check_cli(tree, capsys, monkeypatch)
    assert (code, out) == (2, "")
    assert_one_line(err, f"check_content: error: {expected}")


def test_registry_that_is_not_utf8_names_its_line(tree, capsys, monkeypatch):
    registry = tree / "facts.yml"
    registry.write_bytes(registry.read_bytes().replace(b"Walking 2 hours after.", b"Walking 2 hours apr\xe8s."))
    code, out, err = check_cli(tree, capsys, monkeypatch)
    assert (code, out) == (2, "")
    assert_one_line(
        err,
        "check_content: error: facts.yml:7: expected UTF-8 text, found byte 0xe8 that is not UTF-8; "
        "save the file as UTF-8",
    )


def test_control_character_in_the_registry_names_its_line(tree, capsys, monkeypatch):
    edit(tree / "facts.yml", "Walking 2 hours after.", "Walking 2 hours\x1b[31m after.")
    code, out, err = check_cli(tree, capsys, monkeypatch)
    assert (code, out) == (2, "")
    assert_one_line(
        err,
        "check_content: error: facts.yml:7: registry: not valid YAML: unacceptable character #x001b: "
        "control characters are not allowed",
    )


def test_registry_nested_thousands_deep_is_one_line(tree, capsys, monkeypatch):
    (tree / "facts.yml").write_text("facts: " + "[" * 5000 + "]" * 5000 + "\n", encoding="utf-8")
    code, out, err = check_cli(tree, capsys, monkeypatch)
    assert (code, out) == (2, "")
    assert_one_line(err, "check_content: error: facts.yml: registry: not valid YAML: nested too deeply")


# --- pages and mkdocs.yml -------------------------------------------------------------------------------------


def test_page_that_is_not_utf8_names_the_page_and_line(tree, capsys, monkeypatch):
    page = tree / "docs" / "fr" / "metastasis" / "after.md"
    page.write_bytes(page.read_bytes().replace("Les médicaments".encode(), b"Les m\xe9dicaments"))
    code, out, err = check_cli(tree, capsys, monkeypatch)
    assert (code, out) == (2, "")
    assert_one_line(
        err,
        "check_content: error: docs/fr/metastasis/after.md:17: expected UTF-8 text, found byte 0xe9 that is not "
        "UTF-8; save the file as UTF-8",
    )


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            "      languages:\n        - locale: fr\n          default: true\n          name: Français\n"
            "        - locale: en\n          name: English\n",
            "      languages: []\n",
            "mkdocs.yml:6: i18n plugin: expected 'languages' to list at least one language, found an empty list",
        ),
        (
            "  - i18n:\n      docs_structure: folder\n",
            "  - i18n: 5\n  - other:\n      docs_structure: folder\n",
            "mkdocs.yml:4: i18n plugin: expected the plugin's options (docs_structure, languages), found the number 5",
        ),
        (
            "      languages:\n        - locale: fr\n",
            "      languages: fr\n      old:\n        - locale: fr\n",
            "mkdocs.yml:6: i18n plugin: expected 'languages' to list at least one language, found the text 'fr'",
        ),
        (
            "        - locale: fr\n",
            "        - locale: [fr]\n",
            "mkdocs.yml:7: i18n plugin: expected each language's 'locale' to be a code such as fr, found a list",
        ),
        (
            "        - locale: en\n          name: English\n",
            "        - English\n",
            "mkdocs.yml:10: i18n plugin: expected each language to be a mapping with a 'locale' such as fr, "
            "found the text 'English'",
        ),
        (
            "          default: true\n",
            "          default: yes please\n",
            "mkdocs.yml:7: i18n plugin: language 'fr': expected 'default' to be true or false, "
            "found the text 'yes please'",
        ),
        (
            "plugins:\n  - search\n",
            "plugins: search\nold_plugins:\n  - search\n",
            "mkdocs.yml:2: i18n plugin: expected 'plugins' to be a list, found the text 'search'",
        ),
        (
            "site_name: Fixture\n",
            "site_name: [Fixture\n",
            "mkdocs.yml:1: mkdocs.yml: not valid YAML: expected ',' or ']', but got ':'",
        ),
    ],
)
def test_mkdocs_config_of_the_wrong_shape_is_one_line_with_file_and_line(tree, capsys, monkeypatch, old, new, expected):
    edit(tree / "mkdocs.yml", old, new)
    code, out, err = check_cli(tree, capsys, monkeypatch)
    assert (code, out) == (2, "")
    assert_one_line(err, f"check_content: error: {expected}")


def test_mkdocs_config_that_is_a_list_or_not_utf8(tree, capsys, monkeypatch):
    config = tree / "mkdocs.yml"
    config.write_text("- site_name: Fixture\n", encoding="utf-8")
    assert check_cli(tree, capsys, monkeypatch)[2] == (
        "check_content: error: mkdocs.yml:1: expected mkdocs.yml to be a mapping of settings, found a list\n"
    )
    config.write_bytes(b"site_name: Fixture\nsite_author: \xff\n")
    assert check_cli(tree, capsys, monkeypatch)[2] == (
        "check_content: error: mkdocs.yml:2: expected UTF-8 text, found byte 0xff that is not UTF-8; "
        "save the file as UTF-8\n"
    )


def test_error_message_with_a_line_break_stays_one_line(capsys):
    def fails(argv):
        raise UserError("expected a name, found none", path="docs/fr/evil\nname,x.md", line=3)

    assert run(fails, prog="tool") == 2
    assert capsys.readouterr().err == "tool: error: docs/fr/evil\\nname,x.md:3: expected a name, found none\n"


# --- bounded: long lines, backtracking patterns, alias bombs ---------------------------------------------------


@pytest.mark.parametrize("unit", ["7", "<!--", "{!", "[", "](", "<"])
def test_hundred_thousand_character_line_is_refused_in_bounded_time_and_memory(tree, unit):
    # Python-Markdown's inline patterns take minutes on such lines ('[' or '<!--' repeated): refused unread.
    page = tree / "docs" / "fr" / "metastasis" / "after.md"
    line = unit * (100_000 // len(unit))
    page.write_text(page.read_text(encoding="utf-8") + "\n" + line + "\n", encoding="utf-8")
    code, out, err, seconds, peak_mb = run_bounded(
        [sys.executable, str(CHECK), "--lang", "en", "--root", str(tree)], tree
    )
    assert (code, out) == (2, "")
    assert_one_line(
        err,
        "check_content: error: docs/fr/metastasis/after.md:21: expected lines of at most 2000 characters, "
        f"found one of {len(line)}; break it into shorter lines",
    )
    assert seconds < TIME_CAP
    assert peak_mb < MEMORY_CAP_MB


def test_line_of_the_longest_allowed_length_is_checked(tree):
    page = tree / "docs" / "fr" / "metastasis" / "after.md"
    page.write_text(page.read_text(encoding="utf-8") + "\n" + "a " * 1000 + "\n", encoding="utf-8")
    code, out, err, seconds, peak_mb = run_bounded(
        [sys.executable, str(CHECK), "--lang", "en", "--root", str(tree)], tree
    )
    assert (code, out, err) == (0, "checked 6 pages and 2 fragments against 3 facts: 0 errors, 0 warnings\n", "")


def test_backtracking_pattern_on_a_long_line_stays_bounded(tree):
    edit(tree / "facts.yml", "      fr: 'march\\w*{gap}{value}{h}'", "      fr: '(a+)+$|march\\w*{gap}{value}{h}'")
    page = tree / "docs" / "fr" / "metastasis" / "after.md"
    # As long as a line may be (2000 characters): Python's re would backtrack for ages on it, RE2 does not.
    page.write_text(page.read_text(encoding="utf-8") + "\n" + "a" * 1_999 + "!\n", encoding="utf-8")
    code, out, err, seconds, peak_mb = run_bounded(
        [sys.executable, str(CHECK), "--lang", "en", "--root", str(tree)], tree
    )
    assert (code, out, err) == (0, "checked 6 pages and 2 fragments against 3 facts: 0 errors, 0 warnings\n", "")
    assert seconds < TIME_CAP
    assert peak_mb < MEMORY_CAP_MB


def test_alias_bomb_in_the_registry_is_refused_in_bounded_time_and_memory(tree):
    bomb = ["lol0: &lol0 [lol]"] + [f"lol{n}: &lol{n} [{', '.join([f'*lol{n - 1}'] * 10)}]" for n in range(1, 10)]
    registry = tree / "facts.yml"
    registry.write_text(
        "\n".join(bomb)
        + "\n"
        + registry.read_text(encoding="utf-8").replace("    statement: Walking 2 hours after.", "    statement: *lol9"),
        encoding="utf-8",
    )
    code, out, err, seconds, peak_mb = run_bounded(
        [sys.executable, str(CHECK), "--lang", "en", "--root", str(tree)], tree
    )
    assert (code, out) == (2, "")
    assert_one_line(
        err,
        "check_content: error: facts.yml:1: registry: YAML anchors and aliases (&name, *name) are not allowed; "
        "write the value out in full",
    )
    assert seconds < TIME_CAP
    assert peak_mb < MEMORY_CAP_MB


def test_alias_bomb_in_mkdocs_config_is_read_in_bounded_time_and_memory(tree):
    """mkdocs.yml may use anchors (MkDocs reads it too), so a bomb there must stay folded while we read it."""
    bomb = ["  lol0: &lol0 [lol]"] + [f"  lol{n}: &lol{n} [{', '.join([f'*lol{n - 1}'] * 10)}]" for n in range(1, 10)]
    config = tree / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8") + "extra:\n" + "\n".join(bomb) + "\n", encoding="utf-8")
    read = (
        f"import sys; sys.path.insert(0, {str(ROOT / 'scripts')!r}); from pathlib import Path; "
        "from sitetools.sources import read_mkdocs_config, site_languages; "
        "config = read_mkdocs_config(Path('.')); print(site_languages(Path('.')), len(config['extra']['lol9']))"
    )
    runs = {
        "(['fr', 'en'], 'fr') 10\n": [sys.executable, "-c", read],
        "checked 6 pages and 2 fragments against 3 facts: 0 errors, 0 warnings\n": [
            sys.executable,
            str(CHECK),
            "--lang",
            "en",
        ],
    }
    for expected, command in runs.items():
        code, out, err, seconds, peak_mb = run_bounded(command, tree)
        assert (code, out, err) == (0, expected, "")
        assert seconds < TIME_CAP
        assert peak_mb < MEMORY_CAP_MB


def test_registry_patterns_find_the_same_mentions_as_python_re(project_root):
    """RE2 runs the patterns; on the real site it finds exactly what Python's re finds (spans and values)."""
    languages, default = site_languages(project_root)
    registry = load_registry(project_root / "facts.yml", languages)
    site = Site(project_root, languages, default)
    compared = 0
    for fact in registry.facts:
        for lang, raw in fact.raw_patterns.items():
            python = re.compile(expand(raw), re.IGNORECASE)
            for doc in (d for d in site.docs if d.lang == lang):
                for _, line in doc.body_lines():
                    expected = [(m.span(), m.groupdict()) for m in python.finditer(line)]
                    assert [(m.span(), m.groupdict()) for m in fact.matches(lang, line)] == expected, (fact.id, line)
                    compared += len(expected)
    assert compared >= 55


# --- the offline zip: where it may be written --------------------------------------------------------------


def make_zip_cli(tree: Path, output: Path | str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, str(MAKE_ZIP), "--lang", "en", "--root", str(tree), "--output", str(output)],
        capture_output=True,
        text=True,
        check=False,
        env=env,
    )


def test_zip_onto_a_folder_is_refused_and_the_folder_kept(tree, tmp_path):
    folder = tmp_path / "downloads"
    folder.mkdir()
    (folder / "keep.txt").write_text("mine", encoding="utf-8")
    result = make_zip_cli(tree, folder)
    assert (result.returncode, result.stdout) == (2, "")
    assert_one_line(
        result.stderr,
        f"make_offline_zip: error: {folder}: expected a new file name or a regular file to replace, found a folder; "
        "nothing written",
    )
    assert sorted(p.name for p in folder.iterdir()) == ["keep.txt"]


@pytest.mark.parametrize("device", ["/dev/full", "/dev/null"])
def test_zip_onto_a_device_is_refused_and_the_device_kept(tree, tmp_path, device):
    link = tmp_path / "link.zip"
    link.symlink_to(device)
    for output in (Path(device), link):
        result = make_zip_cli(tree, output)
        assert (result.returncode, result.stdout) == (2, "")
        assert_one_line(
            result.stderr,
            f"make_offline_zip: error: {output}: expected a new file name or a regular file to replace, "
            "found a character device; nothing written",
        )
        assert stat.S_ISCHR(os.stat(device).st_mode)
    assert link.is_symlink()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["link.zip", "tree"]


def test_zip_onto_a_named_pipe_is_refused(tree, tmp_path):
    pipe = tmp_path / "pipe.zip"
    os.mkfifo(pipe)
    result = make_zip_cli(tree, pipe)
    assert (result.returncode, result.stdout) == (2, "")
    assert_one_line(
        result.stderr,
        f"make_offline_zip: error: {pipe}: expected a new file name or a regular file to replace, "
        "found a named pipe; nothing written",
    )
    assert stat.S_ISFIFO(os.stat(pipe).st_mode)


def test_zip_below_a_file_is_refused(tree, tmp_path):
    result = make_zip_cli(tree, tree / "mkdocs.yml" / ZIP_NAME)
    assert (result.returncode, result.stdout) == (2, "")
    assert_one_line(
        result.stderr,
        f"make_offline_zip: error: {tree / 'mkdocs.yml' / ZIP_NAME}: expected {tree / 'mkdocs.yml'} to be a folder, "
        "found a file; nothing written",
    )


def test_zip_in_a_read_only_place_is_refused_before_the_build(tree, tmp_path):
    if os.geteuid() == 0:
        folder = Path("/sys")  # root writes through permission bits; sysfs still refuses new files
    else:
        folder = tmp_path / "read-only"
        folder.mkdir()
        folder.chmod(0o555)
    before = sorted(os.listdir(folder))
    result = make_zip_cli(tree, folder / ZIP_NAME)
    assert (result.returncode, result.stdout) == (2, "")
    assert "Traceback" not in result.stderr
    refusal = "(Permission denied|Read-only file system)"  # a container may mount /sys read-only
    assert re.fullmatch(
        rf"make_offline_zip: error: {re.escape(str(folder / ZIP_NAME))}: cannot write the zip in "
        rf"{re.escape(str(folder))}: {refusal}; nothing written\n",
        result.stderr,
    ), result.stderr
    assert sorted(os.listdir(folder)) == before


def test_zip_replaces_a_regular_file_whole_and_leaves_no_partial_file(tmp_path):
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("<p>accueil</p>", encoding="utf-8")
    output = tmp_path / "out" / ZIP_NAME
    output.parent.mkdir()
    output.write_bytes(b"an older zip")
    assert write_zip(site, ["index.html"], output, 1_767_225_600) == 2
    with zipfile.ZipFile(output) as archive:
        assert archive.read("cimentoplastie-hors-ligne/index.html") == b"<p>accueil</p>"
    assert os.listdir(output.parent) == [ZIP_NAME]
    umask = os.umask(0)
    os.umask(umask)
    assert stat.S_IMODE(output.stat().st_mode) == 0o666 & ~umask


def test_zip_writer_refuses_a_device_even_after_the_build(tmp_path):
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("x", encoding="utf-8")
    with pytest.raises(UserError, match=r"^/dev/full: expected a new file name .* found a character device"):
        write_zip(site, ["index.html"], Path("/dev/full"), 1_767_225_600)
    assert stat.S_ISCHR(os.stat("/dev/full").st_mode)


# --- the offline zip: stopped mid-build, failed build --------------------------------------------------------


@pytest.mark.parametrize(
    ("signum", "code", "said"), [(signal.SIGTERM, 143, "terminated"), (signal.SIGINT, 130, "interrupted")]
)
def test_stopped_zip_run_leaves_no_temporary_folder_and_no_zip(copy_of_project, tmp_path, signum, code, said):
    """Stopped once the whole site sits in the temporary folder (a hook holds the build there): all of it goes."""
    built = tmp_path / "built"
    hook = copy_of_project / "overrides" / "hooks" / "hold.py"
    hook.write_text(
        "import pathlib, time\n\n\ndef on_post_build(config):\n"
        f"    pathlib.Path({str(built)!r}).write_text(config['site_dir'])\n    time.sleep(120)\n",
        encoding="utf-8",
    )
    edit(copy_of_project / "mkdocs.yml", "hooks:\n", "hooks:\n  - overrides/hooks/hold.py\n")
    temp = tmp_path / "temp"
    temp.mkdir()
    output = tmp_path / "out" / ZIP_NAME
    process = subprocess.Popen(
        [sys.executable, str(MAKE_ZIP), "--lang", "en", "--root", str(copy_of_project), "--output", str(output)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "TMPDIR": str(temp)},
    )
    deadline = time.monotonic() + 120
    while not built.exists() and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    assert process.poll() is None, process.communicate()
    assert Path(built.read_text()).is_relative_to(temp)
    assert list(temp.glob("offline-site-*/site/index.html"))
    process.send_signal(signum)
    out, err = process.communicate(timeout=60)
    assert (process.returncode, out, err) == (code, "", f"make_offline_zip: {said}\n")
    assert list(temp.iterdir()) == []
    assert not output.parent.exists() or list(output.parent.iterdir()) == []


def test_failed_build_quotes_the_exception_that_stopped_it(copy_of_project, tmp_path):
    hook = copy_of_project / "overrides" / "hooks" / "broken.py"
    hook.write_text('def on_config(config):\n    raise ValueError("no centre configured")\n', encoding="utf-8")
    edit(copy_of_project / "mkdocs.yml", "hooks:\n", "hooks:\n  - overrides/hooks/broken.py\n")
    with pytest.raises(UserError) as error:
        make_offline_zip(copy_of_project, tmp_path / ZIP_NAME)
    assert str(error.value) == f"mkdocs build failed: ValueError: no centre configured (at {hook}, line 2)"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["project"]


# What mkdocs 1.6 prints when a build fails, trimmed to the lines that matter.
EXTENSION_LOG = """\
INFO    -  Cleaning site directory
ERROR   -  Config value 'markdown_extensions': Failed to load extension 'no_such_extension'.
ModuleNotFoundError: No module named 'no_such_extension'

Aborted with a configuration error!
"""
PAGE_CRASH_LOG = """\
INFO    -  Building documentation...
WARNING -  A warning that came first
ERROR   -  Error reading page 'fr/faq.md': 'kaboom'
Traceback (most recent call last):
  File "/project/overrides/hooks/bad.py", line 2, in on_page_markdown
    raise KeyError("kaboom")
KeyError: 'kaboom'
"""
TEMPLATE_CRASH_LOG = """\
INFO    -  Building documentation...
INFO    -  Cleaning site directory
Traceback (most recent call last):
  File "/venv/lib/python3.11/site-packages/mkdocs/__main__.py", line 272, in build_command
    build.build(cfg, dirty=not clean)
  File "/project/overrides/main.html", line 16, in template
    {% if %}
    ^^^^^^^^^
jinja2.exceptions.TemplateSyntaxError: Expected an expression, got 'end of statement block'
"""
STRICT_LOG = """\
INFO    -  Building documentation...
WARNING -  Doc file 'fr/index.md' contains a link 'nowhere.md', but the target 'fr/nowhere.md' is not found.
INFO    -  Documentation built in 2.01 seconds

Aborted with 1 warnings in strict mode!
"""
CONFIG_LOG = """\
Error: MkDocs encountered an error parsing the configuration file: while parsing a flow sequence
  in "mkdocs.yml", line 1, column 12
expected ',' or ']', but got '<stream end>'
  in "mkdocs.yml", line 2, column 1
"""


@pytest.mark.parametrize(
    ("log", "expected"),
    [
        (
            EXTENSION_LOG,
            "ERROR: Config value 'markdown_extensions': Failed to load extension 'no_such_extension'. "
            "ModuleNotFoundError: No module named 'no_such_extension'",
        ),
        (PAGE_CRASH_LOG, "ERROR: Error reading page 'fr/faq.md': 'kaboom'"),
        (
            TEMPLATE_CRASH_LOG,
            "jinja2.exceptions.TemplateSyntaxError: Expected an expression, got 'end of statement block' "
            "(at /project/overrides/main.html, line 16)",
        ),
        (
            STRICT_LOG,
            "WARNING: Doc file 'fr/index.md' contains a link 'nowhere.md', "
            "but the target 'fr/nowhere.md' is not found.",
        ),
        (
            CONFIG_LOG,
            "Error: MkDocs encountered an error parsing the configuration file: while parsing a flow sequence "
            "in \"mkdocs.yml\", line 1, column 12 expected ',' or ']', but got '<stream end>' "
            'in "mkdocs.yml", line 2, column 1',
        ),
        ("", "no output"),
    ],
)
def test_failed_build_names_its_cause_not_the_line_before(log, expected):
    assert first_problem(log) == expected
