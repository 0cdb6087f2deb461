"""Each rule family on the corpus's clean base tree with one small edit: the whole English report, word for word.

The corpus (tests/content_check) pins path, line and rule; these pin what each message says (the values it
names), each boundary (a description of 50 and 160 characters passes, 49 and 161 fail; a review due today is
not late), exit codes (warnings alone exit 0) and the summary's counts. The scenarios are rule_messages.yml:
an edit is [path, old, new], old replaced once by new; old APPEND appends new; old null writes a new file
(old and new null: deletes it).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers.scenarios import (
    SCENARIO_IDS,
    SCENARIOS,
    apply_edits,
)
from sitetools.check import main

TODAY = "2026-06-01"


def report(root: Path, capsys, *options: str) -> tuple[int, list[str]]:
    code = main(["--lang", "en", "--root", str(root), "--today", TODAY, *options])
    return code, capsys.readouterr().out.splitlines()


@pytest.mark.parametrize("scenario", SCENARIOS, ids=SCENARIO_IDS)
def test_one_edit_gives_exactly_this_report(tree, capsys, scenario):
    apply_edits(tree, scenario["edits"])
    assert report(tree, capsys) == (scenario["exit"], scenario["report"])
