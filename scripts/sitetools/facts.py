"""The medical facts registry (facts.yml): each fact once, with how a mention of it reads in each language.

A fact's pattern is a regular expression with one placeholder, {value}, where the figure stands. The check
finds every mention with any figure and compares the figure with the registry's value, so a changed number
is caught instead of silently not matching. Shorthands keep patterns readable and tolerant of typography.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from sitetools.cli import UserError, display_path
from sitetools.sources import SCOPES

SPACE = r"[ \t\u00a0\u202f]"
NUMBER = r"\d+(?:[.,]\d+)?"
# Between two numbers of one value: a range (2 à 4, 2 to 4, 2–4) or a choice (75 ou 150, 75 or 150, 75/150).
JOIN = rf"(?:{SPACE}*(?:-|–|—|/){SPACE}*|{SPACE}+(?:à|to|ou|or|et|and){SPACE}+)"
VALUE = rf"(?P<value>{NUMBER}(?:{SPACE}*h{SPACE}*\d\d)?(?:{JOIN}{NUMBER})*)"

SHORTHANDS = {
    "{value}": VALUE,
    "{_}": rf"{SPACE}*",  # optional space, non-breaking ones included
    "{h}": rf"{SPACE}*(?:h\b|heures?\b|hours?\b)",
    "{min}": rf"{SPACE}*(?:min\b|minutes?\b)",
    "{days}": rf"{SPACE}*(?:jours?\b|days?\b)",
    "{weeks}": rf"{SPACE}*(?:semaines?\b|weeks?\b)",
    "{months}": rf"{SPACE}*(?:mois\b|months?\b)",
    "{pct}": rf"{SPACE}*(?:%|pour{SPACE}?cent\b|per{SPACE}?cent\b)",
    "{mg}": rf"{SPACE}*mg\b",
    "{gap}": r"[^\n\d]{0,80}?",  # words between the subject and its figure: one line, no other number
}

FACT_KEYS = {"id", "statement", "scope", "source", "value", "pages", "patterns"}


@dataclass
class Fact:
    id: str
    statement: str
    scope: str
    source: str
    value: str | None
    pages: list[str]
    patterns: dict[str, re.Pattern]
    line: int
    raw_patterns: dict[str, str] = field(default_factory=dict)

    def matches(self, lang: str, text: str):
        pattern = self.patterns.get(lang)
        return pattern.finditer(text) if pattern else iter(())


@dataclass
class Registry:
    path: Path
    sources: dict[str, dict]
    allowed_hosts: list[str]
    facts: list[Fact]


def normalise_value(text: str) -> str:
    """One spelling per value: '2 à 4' == '2-4' == '2 to 4'; '75 ou 150' == '75/150'; '1,5' == '1.5'."""
    value = re.sub(rf"{SPACE}+", " ", text.strip().lower())
    value = re.sub(r"(?<=\d),(?=\d)", ".", value)
    value = re.sub(r"\s*(?:-|–|—|\bà\b|\bto\b)\s*", "-", value)
    value = re.sub(r"\s*(?:/|\bou\b|\bor\b)\s*", "/", value)
    value = re.sub(r"\s*(?:\bet\b|\band\b)\s*", "+", value)
    return value.replace(" ", "")


def expand(pattern: str) -> str:
    for shorthand, regex in SHORTHANDS.items():
        pattern = pattern.replace(shorthand, regex)
    return pattern


class _LineLoader(yaml.SafeLoader):
    """Records the line of every mapping so registry errors can point at it."""

    def construct_mapping(self, node, deep=False):
        mapping = super().construct_mapping(node, deep=deep)
        mapping["__line__"] = node.start_mark.line + 1
        return mapping


def load_registry(path: Path, languages: list[str]) -> Registry:
    """Read and validate facts.yml; any problem is a UserError naming the file and line."""
    path = display_path(path)
    if not path.is_file():
        raise UserError("expected the facts registry here, found no file", path=path)
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_LineLoader)  # noqa: S506 - a SafeLoader subclass
    except yaml.YAMLError as error:
        mark = getattr(error, "context_mark", None) or getattr(error, "problem_mark", None)
        problem = getattr(error, "problem", None) or str(error).splitlines()[0]
        raise UserError(
            f"registry: not valid YAML: {problem}", path=path, line=mark.line + 1 if mark else None
        ) from None
    if not isinstance(data, dict) or not isinstance(data.get("facts"), list):
        raise UserError("registry: expected a mapping with a 'facts' list, found something else", path=path, line=1)

    sources = {key: value for key, value in (data.get("sources") or {}).items() if key != "__line__"}
    allowed_hosts = list(data.get("allowed_hosts") or [])
    facts: list[Fact] = []
    seen: dict[str, int] = {}
    for entry in data["facts"]:
        line = entry.get("__line__") if isinstance(entry, dict) else None
        facts.append(_load_fact(entry, line, path, languages, sources, seen))
    return Registry(path=path, sources=sources, allowed_hosts=allowed_hosts, facts=facts)


def _load_fact(entry, line, path, languages, sources, seen) -> Fact:
    def fail(message: str, at: int | None = None):
        raise UserError(f"registry: {message}", path=path, line=at or line)

    if not isinstance(entry, dict):
        fail(f"expected each fact to be a mapping, found {entry!r}")
    fact_id = entry.get("id")
    if not isinstance(fact_id, str) or not re.fullmatch(r"[a-z0-9][a-z0-9.-]*", fact_id):
        fail(f"expected a fact id of lowercase letters, digits, '.' and '-', found {fact_id!r}")
    if fact_id in seen:
        fail(f"fact '{fact_id}' is listed twice (first on line {seen[fact_id]}); each fact is listed once")
    seen[fact_id] = line
    unknown = sorted(set(entry) - FACT_KEYS - {"__line__"})
    if unknown:
        fail(f"fact '{fact_id}': unknown key(s) {', '.join(unknown)}; expected {', '.join(sorted(FACT_KEYS))}")
    scope = entry.get("scope")
    if scope not in SCOPES:
        fail(f"fact '{fact_id}': expected scope one of {', '.join(SCOPES)}, found {scope!r}")
    source = entry.get("source")
    if source not in sources:
        fail(f"fact '{fact_id}': unknown source {source!r}; expected one of {', '.join(sorted(sources))}")
    value = entry.get("value")
    value = None if value is None else str(value)
    pages = entry.get("pages") or []
    if not isinstance(pages, list) or not all(isinstance(p, str) for p in pages):
        fail(f"fact '{fact_id}': expected 'pages' to be a list of page paths like metastasis/after.md")
    raw = entry.get("patterns")
    if not isinstance(raw, dict):
        fail(f"fact '{fact_id}': expected 'patterns' with one regular expression per language")
    patterns_line = raw.get("__line__", line)
    compiled = {}
    for lang in languages:
        pattern = raw.get(lang)
        if not isinstance(pattern, str) or not pattern:
            fail(f"fact '{fact_id}': expected a pattern for language '{lang}', found none", patterns_line)
        if value is not None and "{value}" not in pattern and "(?P<value>" not in pattern:
            fail(f"fact '{fact_id}': the '{lang}' pattern needs a {{value}} placeholder where the figure stands")
        try:
            compiled[lang] = re.compile(expand(pattern), re.IGNORECASE)
        except re.error as error:
            fail(f"fact '{fact_id}': the '{lang}' pattern does not compile: {error}", patterns_line)
    return Fact(
        id=fact_id,
        statement=str(entry.get("statement") or ""),
        scope=scope,
        source=source,
        value=value,
        pages=pages,
        patterns=compiled,
        line=line,
        raw_patterns={lang: raw[lang] for lang in languages},
    )
