"""The rule registry: every rule of the content check is one ``Rule`` constant, and every finding names one.

A rule is declared once, as a module constant in its family's module (``LINK_EXTERNAL = Rule(...)``), so a
misspelt rule is a NameError at import time, and ``RULES`` lists them all for ``--list-rules`` and the README.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sitetools.sources import Doc

SEVERITIES = ("error", "warning")
RULES: dict[str, Rule] = {}


@dataclass(frozen=True)
class Rule:
    id: str
    family: str
    severity: str
    summary: str  # one line: what the rule catches
    fix: str  # one line: what the editor does about it

    def __post_init__(self):
        if self.severity not in SEVERITIES:
            raise ValueError(f"rule {self.id}: severity {self.severity!r} is not one of {SEVERITIES}")
        if self.id in RULES:
            raise ValueError(f"rule {self.id} is declared twice")
        RULES[self.id] = self

    def at(self, where: Doc | Path | str, line: int, message: str) -> Finding:
        """A finding of this rule in a doc (or any file, given by its path relative to the root)."""
        path = where.path.as_posix() if hasattr(where, "path") else Path(where).as_posix()
        return Finding(path, line, self.id, message)


@dataclass(frozen=True, order=True)
class Finding:
    path: str
    line: int
    rule: str
    message: str

    @property
    def severity(self) -> str:
        return RULES[self.rule].severity

    @property
    def fix(self) -> str:
        return RULES[self.rule].fix

    def text(self, fix: str | None = None) -> str:
        return f"{self.path}:{self.line}: {self.rule}: {self.message} (fix: {fix or self.fix})"

    def github(self, fix: str | None = None, fix_label: str = "fix") -> str:
        """A GitHub Actions workflow command, escaped as the runner expects (properties and message differ)."""
        message = _escape_data(f"{self.message} ({fix_label}: {fix or self.fix})")
        return (
            f"::{self.severity} file={_escape_property(self.path)},line={self.line},"
            f"title={_escape_property(self.rule)}::{message}"
        )


def _escape_data(text: str) -> str:
    # The order matters: '%' first, or the escapes themselves would be escaped again.
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def rules_table(families: list[str]) -> str:
    """The Markdown table of every rule, family by family, as the README shows it (``--list-rules``)."""
    rows = ["| rule | severity | what it catches | how to fix it |", "| --- | --- | --- | --- |"]
    for rule in sorted(RULES.values(), key=lambda rule: families.index(rule.family)):  # stable: declaration order
        rows.append(f"| `{rule.id}` | {rule.severity} | {rule.summary} | {rule.fix} |")
    return "\n".join(rows) + "\n"
