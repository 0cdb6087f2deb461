"""The medical facts registry (facts.yml): each fact once, with how a mention of it reads in each language.

A fact's pattern is a regular expression with one placeholder, {value}, where the figure stands. The check
finds every mention with any figure and compares the figure with the registry's value, so a changed number
is caught instead of silently not matching. Shorthands keep patterns readable and tolerant of typography.

Patterns run on RE2 (google-re2), whose time is linear in the text whatever the pattern, so a careless
pattern such as (a+)+$ or a page with a 100,000-digit line cannot stall the check. RE2 has no lookarounds
and no backreferences, and its \\w, \\d and \\b know only ASCII letters and digits.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import re2

from sitetools.cli import UserError, display_path, read_text
from sitetools.messages import Text, words
from sitetools.sources import SCOPES
from sitetools.yamlfile import LineDict, LineList, LineLoader, described, load

SPACE = "[ \t\u00a0\u202f]"  # the characters themselves, not \\u escapes: RE2 has none
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
ID = re.compile(r"[a-z0-9][a-z0-9.-]*")
HOST = re.compile(r"[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)+")


def _options() -> re2.Options:
    options = re2.Options()
    options.case_sensitive = False
    options.log_errors = False  # RE2 would print its own copy of every error on stderr
    return options


OPTIONS = _options()
say = words("registry")


class PatternMatch:
    """A mention found by a registry pattern; takes group names in start/end/span, as Python's re does."""

    __slots__ = ("_match",)

    def __init__(self, match):
        self._match = match

    def _index(self, group) -> int:
        return self._match.re.groupindex[group] if isinstance(group, str) else group

    def __getitem__(self, group):
        return self._match[group]

    def group(self, *groups):
        return self._match.group(*groups)

    def groupdict(self, default=None) -> dict:
        return self._match.groupdict(default)

    def start(self, group=0) -> int:
        return self._match.start(self._index(group))

    def end(self, group=0) -> int:
        return self._match.end(self._index(group))

    def span(self, group=0) -> tuple[int, int]:
        return self._match.span(self._index(group))


class Pattern:
    """A registry pattern compiled by RE2, case-insensitive; raises ValueError with a readable reason."""

    def __init__(self, pattern: str):
        self.pattern = pattern
        try:
            self._regexp = re2.compile(expand(pattern), OPTIONS)
        except re2.error as error:
            raise ValueError(_compile_error(expand(pattern), error)) from None
        self.groupindex = dict(self._regexp.groupindex)

    def finditer(self, text: str):
        return (PatternMatch(match) for match in self._regexp.finditer(text))

    def search(self, text: str) -> PatternMatch | None:
        match = self._regexp.search(text)
        return PatternMatch(match) if match else None


def _compile_error(expanded: str, error: re2.error) -> str:
    reason = error.args[0].decode("utf-8", "replace") if error.args and isinstance(error.args[0], bytes) else str(error)
    try:
        re.compile(expanded)
    except re.error as python_error:
        return str(python_error)  # for plain syntax errors, Python's message says where
    except (RecursionError, OverflowError):
        return reason
    return (
        f"{reason}; registry patterns run on RE2, which has no lookarounds ((?=, (?!, (?<=, (?<!), "
        "backreferences, atomic groups or possessive quantifiers"
    )


@dataclass
class Fact:
    id: str
    statement: str
    scope: str
    source: str
    value: str | None
    pages: list[str]
    patterns: dict[str, Pattern]
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


def load_registry(path: Path, languages: list[str]) -> Registry:
    """Read and validate facts.yml; any problem is a UserError naming the file and line."""
    path = display_path(path)
    if not path.is_file():
        raise UserError(say("registry.missing"), path=path)
    data = load(read_text(path), path, say("registry.what"), LineLoader)

    def fail(message: Text, line: int | None):
        raise UserError(say("registry.problem", problem=message), path=path, line=line)

    if not isinstance(data, dict):
        fail(say("registry.not-mapping", found=described(data)), 1)
    if not isinstance(data.get("facts"), list):
        fail(say("registry.facts-not-list", found=described(data.get("facts"))), data.line_of("facts"))

    sources = _load_sources(data, fail)
    allowed_hosts = _load_allowed_hosts(data, fail)
    facts: list[Fact] = []
    seen: dict[str, int] = {}
    for number, entry in enumerate(data["facts"]):
        line = entry.line if isinstance(entry, LineDict) else _item_line(data["facts"], number)
        if not isinstance(entry, dict):
            fail(say("registry.fact-not-mapping", number=number + 1, found=described(entry)), line)
        facts.append(_load_fact(entry, line, languages, sources, seen, fail))
    return Registry(path=path, sources=sources, allowed_hosts=allowed_hosts, facts=facts)


def _load_sources(data: LineDict, fail) -> dict[str, dict]:
    raw = data.get("sources")
    line = data.line_of("sources")
    if not isinstance(raw, dict):
        fail(say("sources.not-mapping", found=described(raw)), line)
    sources = {}
    for source_id, source in raw.items():
        at = raw.line_of(source_id)
        if not isinstance(source_id, str) or not ID.fullmatch(source_id):
            fail(say("sources.bad-id", found=described(source_id)), at)
        if not isinstance(source, dict):
            fail(say("sources.source-not-mapping", source=source_id, found=described(source)), at)
        if not isinstance(source.get("title"), str) or not source["title"].strip():
            fail(say("sources.no-title", source=source_id, found=described(source.get("title"))), at)
        for key, value in source.items():
            if not isinstance(key, str) or not isinstance(value, str | int | float) or isinstance(value, bool):
                found = described(value)
                fail(say("sources.not-text", source=source_id, field=key, found=found), source.line_of(key))
        sources[source_id] = dict(source)
    return sources


def _load_allowed_hosts(data: LineDict, fail) -> list[str]:
    raw = data.get("allowed_hosts")
    line = data.line_of("allowed_hosts")
    if raw is None:
        return []
    if not isinstance(raw, list):
        fail(say("hosts.not-list", found=described(raw)), line)
    for number, host in enumerate(raw):
        if not isinstance(host, str) or not HOST.fullmatch(host):
            fail(say("hosts.bad-host", found=described(host)), _item_line(raw, number))
    return list(raw)


def _item_line(sequence, index: int) -> int | None:
    return sequence.line_of(index) if isinstance(sequence, LineList) else None


def _load_fact(entry: LineDict, line: int, languages, sources, seen, fail) -> Fact:
    fact_id = entry.get("id")
    if not isinstance(fact_id, str) or not ID.fullmatch(fact_id):
        fail(say("fact.bad-id", found=described(fact_id)), line)
    if fact_id in seen:
        fail(say("fact.twice", fact=fact_id, first=seen[fact_id]), line)
    seen[fact_id] = line
    unknown = sorted(str(key) for key in entry if key not in FACT_KEYS)
    if unknown:
        fail(
            say("fact.unknown-keys", fact=fact_id, unknown=", ".join(unknown), expected=", ".join(sorted(FACT_KEYS))),
            line,
        )

    def at(key: str) -> int:
        return entry.line_of(key) if isinstance(entry, LineDict) else line

    statement = entry.get("statement", "")
    if not isinstance(statement, str):
        fail(say("fact.statement", fact=fact_id, found=described(statement)), at("statement"))
    scope = entry.get("scope")
    if not isinstance(scope, str) or scope not in SCOPES:
        fail(say("fact.scope", fact=fact_id, scopes=", ".join(SCOPES), found=scope), line)
    source = entry.get("source")
    if not isinstance(source, str):
        fail(say("fact.source-not-id", fact=fact_id, found=described(source)), at("source"))
    if source not in sources:
        fail(say("fact.unknown-source", fact=fact_id, source=source, known=", ".join(sorted(sources))), line)
    value = entry.get("value")
    if isinstance(value, bool) or not isinstance(value, str | int | float | None):
        fail(say("fact.value", fact=fact_id, found=described(value)), at("value"))
    value = None if value is None else str(value)
    pages = entry.get("pages") or []
    if not isinstance(pages, list) or not all(isinstance(p, str) for p in pages):
        fail(say("fact.pages", fact=fact_id, found=described(pages)), at("pages"))
    raw = entry.get("patterns")
    if not isinstance(raw, dict):
        fail(say("fact.no-patterns", fact=fact_id), line)
    compiled = {}
    for lang in languages:
        pattern = raw.get(lang)
        pattern_line = raw.line_of(lang) if isinstance(raw, LineDict) and lang in raw else at("patterns")
        if not isinstance(pattern, str) or not pattern:
            fail(say("fact.no-pattern", fact=fact_id, lang=lang), pattern_line)
        if value is not None and "{value}" not in pattern and "(?P<value>" not in pattern:
            fail(say("fact.no-placeholder", fact=fact_id, lang=lang), line)
        try:
            compiled[lang] = Pattern(pattern)
        except ValueError as error:
            fail(say("fact.bad-pattern", fact=fact_id, lang=lang, reason=str(error)), pattern_line)
        if compiled[lang].search("") is not None:  # it would find the fact on every line of every page
            fail(say("fact.matches-empty", fact=fact_id, lang=lang), pattern_line)
    return Fact(
        id=fact_id,
        statement=statement,
        scope=scope,
        source=source,
        value=value,
        pages=list(pages),
        patterns=compiled,
        line=line,
        raw_patterns={lang: raw[lang] for lang in languages},
    )
