"""The rule registry: every rule of the content check is one ``Rule`` constant, and every finding names one.

A rule is declared once, as a module constant in its family's module (``LINK_EXTERNAL = Rule(...)``), so a
misspelt rule is a NameError at import time, and ``RULES`` lists them all for ``--list-rules`` and the README.
Its summary, fix and messages live in the catalogues (messages/en.yml, fr.yml): a rule without them, or a
finding with an unknown message key, fails at once.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from sitetools.check.messages import catalogue, render

if TYPE_CHECKING:
    from sitetools.sources import Doc

SEVERITIES = ("error", "warning")
RULES: dict[str, Rule] = {}


@dataclass(frozen=True)
class Rule:
    id: str
    family: str
    severity: str

    def __post_init__(self):
        if self.severity not in SEVERITIES:
            raise ValueError(f"rule {self.id}: severity {self.severity!r} is not one of {SEVERITIES}")
        if self.id in RULES:
            raise ValueError(f"rule {self.id} is declared twice")
        for part in ("summary", "fix"):
            if f"{self.id}.{part}" not in catalogue("en"):
                raise ValueError(f"rule {self.id}: no {part} in messages/en.yml")
        RULES[self.id] = self

    def summary(self, lang: str = "en") -> str:
        """One line: what the rule catches (the README table)."""
        return catalogue(lang)[f"{self.id}.summary"]

    def fix(self, lang: str = "en") -> str:
        """One line: what the editor does about it."""
        return catalogue(lang)[f"{self.id}.fix"]

    def at(self, where: Doc | Path | str, line: int, message: str, /, **params) -> Finding:
        """A finding of this rule in a doc (or any file, by its path relative to the root): message key and params."""
        path = where.path.as_posix() if hasattr(where, "path") else Path(where).as_posix()
        full_key = f"{self.id}.{message}"
        return Finding(path, line, self.id, render(full_key, params, "en"), full_key, tuple(params.items()))


@dataclass(frozen=True, order=True)
class Finding:
    path: str
    line: int
    rule: str
    message: str  # in English; message_in() gives it in another language
    key: str = field(default="", compare=False)
    params: tuple = field(default=(), compare=False, repr=False)

    @property
    def severity(self) -> str:
        return RULES[self.rule].severity

    @property
    def fix(self) -> str:
        return RULES[self.rule].fix()

    def message_in(self, lang: str) -> str:
        return render(self.key, dict(self.params), lang) if self.key else self.message

    def explained(self, lang: str = "en") -> str:
        """The message followed by how to fix it."""
        return catalogue(lang)["report.with-fix"].format(message=self.message_in(lang), fix=RULES[self.rule].fix(lang))

    def text(self, lang: str = "en") -> str:
        return f"{self.path}:{self.line}: {self.rule}: {self.explained(lang)}"

    def github(self, lang: str = "en") -> str:
        """A GitHub Actions workflow command, escaped as the runner expects (properties and message differ)."""
        message = _escape_data(self.explained(lang))
        return (
            f"::{self.severity} file={_escape_property(self.path)},line={self.line},"
            f"title={_escape_property(self.rule)}::{message}"
        )


def _escape_data(text: str) -> str:
    # The order matters: '%' first, or the escapes themselves would be escaped again.
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def rules_table(families: list[str], lang: str = "en") -> str:
    """The Markdown table of every rule, family by family, as the README shows it (``--list-rules``)."""
    rows = [catalogue(lang)["report.table-head"], "| --- | --- | --- | --- |"]
    for rule in sorted(RULES.values(), key=lambda rule: families.index(rule.family)):  # stable: declaration order
        severity = catalogue(lang)[f"severity.{rule.severity}"]
        rows.append(f"| `{rule.id}` | {severity} | {rule.summary(lang)} | {rule.fix(lang)} |")
    return "\n".join(rows) + "\n"
