"""YAML for the project's own files: mappings that remember their lines, aliases refused, errors as one line.

Aliases are refused because one short alias chain (a "billion laughs" bomb) expands to gigabytes as soon as
a value is turned into text; nothing in the registry needs them.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from sitetools.cli import UserError
from sitetools.messages import LIBRARY_LANGUAGE, Text, words

say = words("sources")


# PyYAML's commonest problems, worded for editors in the check's catalogues (whose English is PyYAML's own).
KNOWN_PROBLEMS = {
    "mapping values are not allowed here": "yaml.colon-in-value",
    "could not find expected ':'": "yaml.missing-colon",
    "found character '\\t' that cannot start any token": "yaml.tab",
    "found unexpected end of stream": "yaml.unclosed-quote",
    "expected <block end>, but found '<block mapping start>'": "yaml.indentation",
}


class LineDict(dict):
    """A YAML mapping that remembers its own line and the line of each key (1-based)."""

    line: int = 0
    key_lines: dict

    def line_of(self, key) -> int:
        return getattr(self, "key_lines", {}).get(key, self.line)


class LineList(list):
    """A YAML sequence that remembers its own line and the line of each item (1-based)."""

    line: int = 0
    item_lines: list

    def line_of(self, index: int) -> int:
        lines = getattr(self, "item_lines", [])
        return lines[index] if 0 <= index < len(lines) else self.line


class AliasRefused(yaml.MarkedYAMLError):
    """An anchor (&name) or alias (*name) where the file may not use them."""


class LineLoader(yaml.SafeLoader):
    """SafeLoader whose mappings are LineDicts; with ``allow_aliases`` False, anchors and aliases are errors."""

    allow_aliases = False

    def compose_node(self, parent, index):
        event = self.peek_event()
        if not self.allow_aliases and (isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None)):
            raise AliasRefused(
                problem="YAML anchors and aliases (&name, *name) are not allowed; write the value out in full",
                problem_mark=event.start_mark,
            )
        return super().compose_node(parent, index)

    def construct_line_mapping(self, node):
        mapping = LineDict()
        mapping.line = node.start_mark.line + 1
        yield mapping
        mapping.update(self.construct_mapping(node))
        mapping.key_lines = {}
        for key_node, _ in node.value:
            key = self.construct_object(key_node)
            mapping.key_lines.setdefault(key, key_node.start_mark.line + 1)

    def construct_line_sequence(self, node):
        sequence = LineList()
        sequence.line = node.start_mark.line + 1
        yield sequence
        sequence.extend(self.construct_sequence(node))
        sequence.item_lines = [item.start_mark.line + 1 for item in node.value]


LineLoader.add_constructor("tag:yaml.org,2002:map", LineLoader.construct_line_mapping)
LineLoader.add_constructor("tag:yaml.org,2002:seq", LineLoader.construct_line_sequence)


def plain(value, _done: dict | None = None):
    """``value`` with its LineDicts and LineLists turned back into dicts and lists, e.g. for yaml.safe_dump.

    A value an alias shares is converted once and stays shared, so an alias chain cannot blow up here.
    """
    done = {} if _done is None else _done
    if not isinstance(value, dict | list):
        return value
    if id(value) in done:
        return done[id(value)]
    if isinstance(value, dict):
        copy = done[id(value)] = {}
        copy.update((key, plain(item, done)) for key, item in value.items())
    else:
        copy = done[id(value)] = []
        copy.extend(plain(item, done) for item in value)
    return copy


def described(value) -> Text:
    """How a YAML value reads in a message, in the reader's words: 'a list', 'une liste', "the text 'x'"."""
    if isinstance(value, dict):
        return say("found.mapping")
    if isinstance(value, list):
        return say("found.list") if value else say("found.empty-list")
    if value is None:
        return say("found.nothing")
    if isinstance(value, bool):
        return say("found.boolean", value=str(value).lower())
    if isinstance(value, str):
        return say("found.text", value=value) if len(value) <= 60 else say("found.long-text", length=len(value))
    if isinstance(value, int | float):
        return say("found.number", value=value)
    return say("found.other", kind=type(value).__name__, value=value)


def describe(value) -> str:
    """How a YAML value reads in an English message: 'a list', 'a mapping', "the text 'x'", 'the number 5'."""
    return described(value).render(LIBRARY_LANGUAGE)


def error_place(error: yaml.YAMLError, text: str) -> tuple[str | Text, int | None]:
    """(problem, 1-based line or None) of a PyYAML error, for a one-line message; PyYAML's own words stay English."""
    if isinstance(error, yaml.reader.ReaderError):
        line = text.count("\n", 0, error.position) + 1
        return say("yaml.control-character", code=f"{error.character:04x}"), line
    mark = getattr(error, "context_mark", None) or getattr(error, "problem_mark", None)
    problem = getattr(error, "problem", None) or str(error).splitlines()[0]
    known = KNOWN_PROBLEMS.get(problem)
    return Text("check", known) if known else problem, mark.line + 1 if mark else None


def load(text: str, path: Path, what: str | Text, loader: type[yaml.SafeLoader] = LineLoader):
    """Parse ``text`` read from ``path``; a problem is a UserError '<path>:<line>: <what>: <problem>'."""
    try:
        return yaml.load(text, Loader=loader)  # noqa: S506 - a SafeLoader subclass
    except AliasRefused as error:
        raise UserError(say("yaml.aliases", what=what), path=path, line=error.problem_mark.line + 1) from None
    except yaml.YAMLError as error:
        problem, line = error_place(error, text)
        raise UserError(say("yaml.invalid", what=what, problem=problem), path=path, line=line) from None
    except RecursionError:
        # PyYAML composes recursively: thousands of nested brackets exhaust the stack.
        raise UserError(say("yaml.invalid", what=what, problem=say("yaml.too-deep")), path=path) from None
