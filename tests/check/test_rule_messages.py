"""Each rule family on the corpus's clean base tree with one small edit: the whole English report, word for word.

The corpus (tests/content_check) pins path, line and rule; these pin what each message says (the values it
names), each boundary (a description of 50 and 160 characters passes, 49 and 161 fail; a review due today is
not late), exit codes (warnings alone exit 0) and the summary's counts. The scenarios are rule_messages.yml:
an edit is [path, old, new], old replaced once by new; old APPEND appends new; old null writes a new file
(old and new null: deletes it).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml
from sitetools.check import main

HERE = Path(__file__).parent
BASE = HERE.parent / "content_check" / "base"
TODAY = "2026-06-01"
SCENARIOS = yaml.safe_load((HERE / "rule_messages.yml").read_text(encoding="utf-8"))


def apply(root: Path, edits) -> None:
    for path, old, new in edits:
        file = root / path
        if old is None and new is None:
            file.unlink()
            continue
        if old is None:
            file.parent.mkdir(parents=True, exist_ok=True)
            file.write_text(new, encoding="utf-8")
            continue
        text = file.read_text(encoding="utf-8")
        if old == "APPEND":
            file.write_text(text + new, encoding="utf-8")
            continue
        assert old in text, (path, old)
        file.write_text(text.replace(old, new, 1), encoding="utf-8")


def report(root: Path, capsys, *options: str) -> tuple[int, list[str]]:
    code = main(["--lang", "en", "--root", str(root), "--today", TODAY, *options])
    return code, capsys.readouterr().out.splitlines()


@pytest.fixture
def tree(tmp_path) -> Path:
    root = tmp_path / "tree"
    shutil.copytree(BASE, root)
    return root


@pytest.mark.parametrize("scenario", SCENARIOS, ids=[scenario["id"] for scenario in SCENARIOS])
def test_one_edit_gives_exactly_this_report(tree, capsys, scenario):
    apply(tree, scenario["edits"])
    assert report(tree, capsys) == (scenario["exit"], scenario["report"])
