"""Read a page as the reader's browser will: Python-Markdown with mkdocs.yml's own extensions, then HTML.

- :class:`Renderer` turns one page body or fragment into HTML with the extensions and settings of
  mkdocs.yml (plus the three MkDocs always adds), so the check judges what the build produces.
- :class:`SafeIncludeExtension` stands in for markdown-include everywhere (the build hooks use it too):
  same syntax and settings, but every path goes through :func:`sitetools.policy.include_target` before a
  file is opened, a cycle is refused with its chain, and text an include has just inserted is never read
  again as a new include.
- :func:`elements` walks the HTML with the standard library's HTML parser; :func:`source_line` maps a
  finding back to the Markdown line that caused it, by searching the source (as Vale does).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from html.parser import HTMLParser
from pathlib import Path
from typing import NamedTuple

import markdown
from markdown.preprocessors import Preprocessor
from markdown_include.include import INC_SYNTAX, MarkdownInclude

from sitetools.policy import INCLUDES_DIR, IncludeRefused, include_target

INCLUDE_EXTENSION = "markdown_include.include"
# MkDocs adds these to every build, whatever mkdocs.yml lists.
MKDOCS_BUILTINS = ("toc", "tables", "fenced_code")
MAX_DEPTH = 16  # fragments nest one or two deep; more is a mistake long before it is a cycle


class IncludeError(ValueError):
    """An include the rules refuse, at ``path:line`` of the file that holds it."""

    def __init__(self, path: str, line: int | None, message: str):
        self.path = path
        self.line = line
        self.message = message
        super().__init__(self.text())

    def text(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: include: {self.message}"


class SafeIncludeExtension(MarkdownInclude):
    """markdown-include's ``{!path!}`` and ``{!path!lines=1 3-5!}``, reading only fragments under base_path.

    ``source`` names the text being converted (e.g. docs/fr/faq.md) and ``source_text`` is its file as
    written, so a refusal names the right line; the build hook sets both before each page.
    """

    def __init__(self, **configs):
        super().__init__(configs)
        if self.getConfig("inheritHeadingDepth"):
            raise ValueError("markdown_include.include: inheritHeadingDepth is not supported by the safe include")
        self.source = "page"
        self.source_text: str | None = None
        self.project_root: Path | None = None
        self.raise_as: type[Exception] | None = None  # the build raises MkDocs' PluginError, with the same line
        self.resolved: dict[str, Path] = {}  # accepted include paths; the build clears it at each build

    def extendMarkdown(self, md):  # noqa: N802 - Python-Markdown's name
        md.preprocessors.register(SafeIncludePreprocessor(md, self), "include", 101)

    def label(self, path: Path) -> str:
        """``path`` relative to the project root when it is known, for messages."""
        if self.project_root is not None and path.is_relative_to(self.project_root):
            return path.relative_to(self.project_root).as_posix()
        return path.as_posix()


class SafeIncludePreprocessor(Preprocessor):
    def __init__(self, md, extension: SafeIncludeExtension):
        super().__init__(md)
        self.extension = extension
        self.base = Path(extension.getConfig("base_path"))
        self.encoding = extension.getConfig("encoding")
        self.heading_offset = int(extension.getConfig("headingOffset") or 0)

    def run(self, lines: list[str]) -> list[str]:
        ext = self.extension
        return self._expand(lines, ext.source, ext.source_text, chain=())

    def _expand(
        self, lines: list[str], source: str | Path, source_text: str | None, chain: tuple[Path, ...]
    ) -> list[str]:
        result: list[str] = []
        for index, line in enumerate(lines):
            match = INC_SYNTAX.search(line)
            if match is None:
                result.append(line)
                continue
            where = (source, source_text, index + 1, line)  # turned into path:line only for a refusal
            text, rest = "", line
            while match is not None:
                text += rest[: match.start()] + self._fragment(match, where, chain)
                rest = rest[match.end() :]
                match = INC_SYNTAX.search(rest)
            if INC_SYNTAX.search(text + rest):  # e.g. a fragment ending '{!/etc/passwd' before the page's '!}'
                self._refuse(where, "an include directive joins an included fragment with the text around it")
            result.extend((text + rest).splitlines())
        return result

    def _refuse(self, where: tuple, message: str):
        source, source_text, number, line = where
        if source_text is not None:  # the page's text has lost its front matter: find the line by search
            number = source_line(source_text, line) or number
        label = source if isinstance(source, str) else self.extension.label(source)
        error = IncludeError(label, number, message)
        raise (self.extension.raise_as(error.text()) if self.extension.raise_as else error) from None

    def _fragment(self, match, where: tuple, chain: tuple[Path, ...]) -> str:
        ext = self.extension
        target = ext.resolved.get(match[1])
        if target is None:
            try:
                target = include_target(match[1], self.base, label=f"{ext.label(self.base)}/")
            except IncludeRefused as refusal:
                self._refuse(where, str(refusal))
            ext.resolved[match[1]] = target
        if target in chain:
            cycle = [ext.label(path) for path in chain[chain.index(target) :]] + [ext.label(target)]
            self._refuse(where, f"include cycle {' → '.join(cycle)}; a fragment must not include itself")
        if len(chain) >= MAX_DEPTH:
            self._refuse(where, f"includes nested more than {MAX_DEPTH} deep at {ext.label(target)}")
        lines = self._expand(target.read_text(encoding=self.encoding).splitlines(), target, None, (*chain, target))
        if match[2] is not None:
            try:
                lines = _pick_lines(lines, match[4], ext.label(target))
            except ValueError as error:
                self._refuse(where, str(error))
        if self.heading_offset:
            lines = ["#" * self.heading_offset + line if line.startswith("#") else line for line in lines]
        return "\n".join(line.rstrip("\r\n") for line in lines).strip()


def _pick_lines(lines: list[str], spec: str, fragment: str) -> list[str]:
    """The lines ``lines=1 3-5`` asks for; a number past the end is refused (ValueError) rather than guessed."""
    picked = []
    for block in spec.split():
        start, _, end = block.partition("-")
        if not start.isdigit() or not (end or start).isdigit():
            raise ValueError(f"lines={block} of {fragment}: expected line numbers such as 1 or 3-5")
        first, last = int(start), int(end or start)
        if not 1 <= first <= last <= len(lines):
            raise ValueError(f"lines={block} of {fragment}: expected lines between 1 and {len(lines)}")
        picked += lines[first - 1 : last]
    return picked


# --- Rendering ----------------------------------------------------------------------------------------


def _resolve_relative(value: str, root: Path, docs_dir: Path) -> str:
    """A ``!relative $config_dir/...`` value from mkdocs.yml (read as plain text) as a real path."""
    text = str(value)
    if text.startswith("$config_dir"):
        return str(root / text[len("$config_dir") :].lstrip("/"))
    if text.startswith("$docs_dir"):
        return str(docs_dir / text[len("$docs_dir") :].lstrip("/"))
    return text if Path(text).is_absolute() else str(root / text)


def markdown_settings(root: Path, config: dict | None = None) -> tuple[list, dict]:
    """(extensions, extension_configs) as the build uses them, markdown-include replaced by the safe include."""
    if config is None:
        from sitetools.sources import read_mkdocs_config

        config = read_mkdocs_config(root)
    docs_dir = root / (config.get("docs_dir") or "docs")
    names: list = []
    configs: dict = {}
    for entry in config.get("markdown_extensions") or []:
        if isinstance(entry, dict):
            for name, options in entry.items():
                names.append(name)
                configs[name] = dict(options or {})
        else:
            names.append(entry)
    for name in MKDOCS_BUILTINS:
        if name not in names:
            names.append(name)
    if INCLUDE_EXTENSION in names:
        options = configs.pop(INCLUDE_EXTENSION, {})
        base_path = options.get("base_path") or f"$docs_dir/{INCLUDES_DIR}"
        options["base_path"] = _resolve_relative(base_path, root, docs_dir)
        extension = SafeIncludeExtension(**options)
        extension.project_root = root
        names[names.index(INCLUDE_EXTENSION)] = extension
    return names, configs


class Renderer:
    """Python-Markdown set up as mkdocs.yml sets it up, for one project; convert page after page."""

    def __init__(self, root: Path, config: dict | None = None):
        self.root = Path(root).resolve()
        extensions, configs = markdown_settings(self.root, config)
        self.include = next((e for e in extensions if isinstance(e, SafeIncludeExtension)), None)
        self._md = markdown.Markdown(extensions=extensions, extension_configs=configs)

    def html(self, text: str, source: str = "page", source_text: str | None = None) -> str:
        """``text`` (a page body without front matter, or a fragment) as HTML.

        ``source`` names it in include errors (IncludeError) and ``source_text``, the file as written,
        lets them name the right line.
        """
        if self.include is not None:
            self.include.source = source
            self.include.source_text = source_text
        self._md.reset()
        return self._md.convert(text)


# --- Walking the HTML ---------------------------------------------------------------------------------


class Element(NamedTuple):
    """One start tag: lower-case name, attributes with character references decoded, line in the HTML."""

    tag: str
    attrs: tuple[tuple[str, str | None], ...]
    line: int
    start_tag: str  # as written in the HTML

    def get(self, name: str) -> str | None:
        return next((value for key, value in self.attrs if key == name), None)


class _Walker(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[Element] = []

    def handle_starttag(self, tag, attrs):
        self.found.append(Element(tag, tuple(attrs), self.getpos()[0], self.get_starttag_text() or ""))

    handle_startendtag = handle_starttag


# A start or end tag in its plainest form: lower-case names, attributes separated by ASCII spaces, values in
# double quotes holding no '<', '>', '"' or '&'. When every '<' of a text opens such a tag, the browser, the
# standard library's parser and this pattern cannot disagree on where tags and attributes are.
_SPACE = "[ \t\n\f\r]"
_PLAIN_TAG = re.compile(
    rf"<(?:/[a-z][a-z0-9]*{_SPACE}*|(?P<name>[a-z][a-z0-9]*)(?P<attrs>(?:{_SPACE}+[a-z][a-z0-9_:-]*"
    rf'(?:="[^"<>&]*")?)*){_SPACE}*/?)>'
)
_PLAIN_ATTRIBUTE = re.compile(rf'{_SPACE}+([a-z][a-z0-9_:-]*)(?:="([^"<>&]*)")?')


def _plain_elements(html: str) -> list[Element] | None:
    """The elements of ``html`` if every tag in it is plain (what Markdown writes), else None."""
    found, tags, line, last = [], 0, 1, 0
    for match in _PLAIN_TAG.finditer(html):
        tags += 1
        if match["name"]:
            line += html.count("\n", last, match.start())
            last = match.start()
            attrs = tuple((m[1], m[2]) for m in _PLAIN_ATTRIBUTE.finditer(match["attrs"]))
            found.append(Element(match["name"], attrs, line, match.group(0)))
    return found if tags == html.count("<") else None


def elements(html: str) -> list[Element]:
    """Every element of ``html`` in document order, read by the standard library's HTML parser.

    A page whose tags are all plain (most of them: Markdown's own output) is read by one regular expression
    instead, four times faster, with the same result; anything else (a comment, an entity or a quote in an
    attribute, odd spacing, upper case) goes to the parser.
    """
    plain = _plain_elements(html)
    if plain is not None:
        return plain
    walker = _Walker()
    walker.feed(html)
    walker.close()
    return walker.found


def raw_attribute(start_tag: str, name: str) -> str | None:
    """The value of attribute ``name`` as written in ``start_tag`` (character references not decoded)."""
    match = re.search(
        rf"""\s{re.escape(name)}\s*=\s*(?:"(?P<double>[^"]*)"|'(?P<single>[^']*)'|(?P<bare>[^\s>]+))""",
        start_tag,
        re.IGNORECASE,
    )
    return next((v for v in match.group("double", "single", "bare") if v is not None), None) if match else None


def needles(element: Element, problem) -> list[str]:
    """Text to look for in the Markdown source to find the line behind ``problem`` (a policy.Problem) on
    ``element``, most telling first: the attribute's value as written, the decoded value, the name, the tag."""
    found = []
    if problem.attribute:
        found += [raw_attribute(element.start_tag, problem.attribute) or "", problem.needle, problem.attribute]
    else:
        found.append(problem.needle)
    return [n for n in [*found, f"<{element.tag}"] if n and n.strip()]


def source_line(text: str, needle: str | Iterable[str], start: int = 1) -> int | None:
    """The first line at or after ``start`` of ``text`` that contains ``needle`` (or any of several),
    compared in lower case; None when no line does."""
    needles = [needle] if isinstance(needle, str) else list(needle)
    needles = [n.strip().lower() for n in needles if n and n.strip()]
    if not needles:
        return None
    for number, line in enumerate(text.splitlines()[start - 1 :], start=start):
        lowered = line.lower()
        if any(n in lowered for n in needles):
            return number
    return None
