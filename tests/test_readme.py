"""The README opens with exactly two commands, and CI runs the second one and nothing else."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BLOCK = re.compile(r"```sh\n(.*?)\n```", re.DOTALL)


def opening_commands() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    before_prose = text.split("\n\n## ", 1)[0]
    return [block.strip() for block in BLOCK.findall(before_prose)]


def test_readme_opens_with_two_commands_before_any_prose():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if line.strip()]
    assert lines[0].startswith("# ")
    assert lines[1:7] == ["```sh", opening_commands()[0], "```", "```sh", opening_commands()[1], "```"]


def test_first_command_sets_up_and_builds_the_site():
    command = opening_commands()[0]
    assert "pip install -r requirements.txt" in command
    assert "mkdocs build" in command
    assert (ROOT / "requirements.txt").is_file()


def test_ci_runs_exactly_the_readme_test_command():
    test_command = opening_commands()[1]
    ci_lines = [
        line.strip()
        for line in (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.lstrip().startswith("#")
    ]
    assert ci_lines[-1] == test_command
    assert all(line.startswith(("set ", "cd ")) for line in ci_lines[:-1]), ci_lines
    script = ROOT / shlex.split(test_command)[1]
    assert script.is_file()
