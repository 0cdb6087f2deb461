"""One harness for the corpus: each case is the clean base tree plus a few files, and its findings are marked inline.

A case is a folder under cases/. Its files are copied over base/ (a name ending in ``.append`` is appended to
the base file of the same name instead); ``symlinks.txt`` lists links to make (``link -> target``, a relative
target being taken from the case's temporary folder, outside the project), and ``expect.txt`` lists findings
on lines that cannot carry a marker (``path | text on the line, or empty for line 1 | rule``). An offending
line ends with ``<!-- expect: rule-id -->`` (several ids separated by commas). The check's findings and the
markers must match both ways, and the command line must exit 1 naming each file and line. A case whose name
starts with ``clean-`` holds look-alikes that must pass: no marker, no finding, exit 0.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
from pathlib import Path

import pytest
from sitetools.check import check, main

HERE = Path(__file__).parent
BASE = HERE / "base"
CASES = sorted(path.name for path in (HERE / "cases").iterdir() if path.is_dir())
TODAY = dt.date(2026, 6, 1)
MARKER = re.compile(r"<!-- expect: (?P<rules>[a-z0-9, -]+?) -->")
CANARY = "CANARY-7f3a: a secret that must never reach the site"


def build_case(name: str, tmp_path: Path) -> Path:
    """The base tree with the case's files laid over it, in tmp_path/project; tmp_path/outside holds a canary."""
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "canary.md").write_text(f"{CANARY}\n", encoding="utf-8")
    root = tmp_path / "project"
    shutil.copytree(BASE, root)
    case = HERE / "cases" / name
    for file in sorted(case.rglob("*")):
        relative = file.relative_to(case)
        if file.is_dir() or relative.name in ("symlinks.txt", "expect.txt"):
            continue
        if relative.suffix == ".append":
            target = root / relative.with_suffix("")
            target.write_text(target.read_text(encoding="utf-8") + file.read_text(encoding="utf-8"), encoding="utf-8")
        else:
            (root / relative).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(file, root / relative)
    links = case / "symlinks.txt"
    if links.exists():
        for line in links.read_text(encoding="utf-8").splitlines():
            link, _, target = (part.strip() for part in line.partition("->"))
            (root / link).parent.mkdir(parents=True, exist_ok=True)
            os.symlink(target if target.startswith("/") else tmp_path / target, root / link)
    return root


def expected_findings(name: str, root: Path) -> list[str]:
    """'path:line: rule' for every marker in the composed tree and every line of the case's expect.txt."""
    expected = []
    for file in sorted(root.rglob("*")):
        if file.is_symlink() or not file.is_file() or file.suffix not in (".md", ".svg", ".html"):
            continue
        for number, line in enumerate(file.read_text(encoding="utf-8").splitlines(), start=1):
            for marker in MARKER.finditer(line):
                for rule in marker["rules"].split(","):
                    expected.append(f"{file.relative_to(root).as_posix()}:{number}: {rule.strip()}")
    extra = HERE / "cases" / name / "expect.txt"
    if extra.exists():
        for entry in extra.read_text(encoding="utf-8").splitlines():
            path, text, rule = (part.strip() for part in entry.split("|"))
            lines = (root / path).read_text(encoding="utf-8").splitlines() if text else []
            number = next((n for n, line in enumerate(lines, start=1) if text in line), 1)
            expected.append(f"{path}:{number}: {rule}")
    return sorted(expected)


def test_base_tree_is_clean(capsys):
    assert main(["--lang", "en", "--root", str(BASE), "--today", TODAY.isoformat()]) == 0
    assert capsys.readouterr().out.splitlines()[-1].endswith(": 0 errors, 0 warnings")


# Words that belong to one language only: a finding line of the other language must not hold them.
ENGLISH_WORDS = re.compile(r"\b(found|expected|allowed|refused)\b", re.IGNORECASE)
FRENCH_WORDS = re.compile(r"(trouvé|attendu|refusé)", re.IGNORECASE)


@pytest.mark.parametrize("name", [name for name in CASES if not name.startswith("clean-")])
def test_case_findings_speak_only_the_chosen_language(name, tmp_path, capsys):
    """Each family's case, in French then English: no finding line borrows the other language's words."""
    root = build_case(name, tmp_path)
    lines = {}
    for lang in ("fr", "en"):
        assert main(["--lang", lang, "--root", str(root), "--today", TODAY.isoformat()]) == 1
        lines[lang] = capsys.readouterr().out.splitlines()
        assert len(lines[lang]) > 1, (name, lang)
    assert [line for line in lines["fr"] if ENGLISH_WORDS.search(line)] == []
    assert [line for line in lines["en"] if FRENCH_WORDS.search(line)] == []


@pytest.mark.parametrize("name", CASES)
def test_case(name, tmp_path, capsys):
    root = build_case(name, tmp_path)
    expected = expected_findings(name, root)
    clean = name.startswith("clean-")
    assert bool(expected) != clean, f"case {name}: a clean- case marks no finding, any other case marks some"
    found = sorted(f"{f.path}:{f.line}: {f.rule}" for f in check(root, today=TODAY).findings)
    assert found == expected
    assert main(["--lang", "en", "--root", str(root), "--today", TODAY.isoformat()]) == (0 if clean else 1)
    out = capsys.readouterr().out
    assert CANARY not in out
    for finding in expected:
        assert any(line.startswith(finding + ":") for line in out.splitlines()), finding
