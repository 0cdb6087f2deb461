"""Read the Markdown sources of the site: pages, FAQ fragments, front matter, headings, links, includes.

The site tree is docs/<lang>/**.md for pages, docs/_includes/<lang>/<scope>/*.md for fragments and
docs/_glossary/<lang>.md for the glossary tooltips (about both situations).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from markdown.extensions.toc import slugify
from markdown_include.include import INC_SYNTAX

from sitetools.cli import UserError

INCLUDES_DIR = "_includes"
GLOSSARY_DIR = "_glossary"
SCOPES = ("metastasis", "osteoporosis", "both")

# markdown-include's own pattern ({!path!} and {!path!lines=1-3}): the check sees every include it reads.
INCLUDE = INC_SYNTAX
# [text](target "title") and ![alt](src); the target stops at whitespace or ')'.
LINK = re.compile(r"(?P<image>!?)\[(?P<text>[^\]]*)\]\((?P<target>[^)\s]+)(?:\s+\"[^\"]*\")?\)")
HEADING = re.compile(r"^(?P<hashes>#{1,6})\s+(?P<text>.+?)\s*#*\s*$")
EXPLICIT_ID = re.compile(r"\{\s*[^}]*#(?P<id>[\w-]+)[^}]*\}\s*$")
ATTR_LIST = re.compile(r"\s*\{:?[^}]*\}\s*$")
FENCE = re.compile(r"^\s*(```|~~~)")
HTML_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)


@dataclass
class Heading:
    level: int
    text: str
    anchor: str
    line: int


@dataclass
class Link:
    target: str
    line: int
    image: bool


@dataclass
class Include:
    path: str
    line: int


@dataclass(eq=False)  # identity: each source file is one Doc
class Doc:
    """One Markdown source: a page (with front matter) or a fragment (without)."""

    root: Path
    path: Path  # relative to root, e.g. docs/fr/metastasis/after.md
    lang: str
    kind: str  # "page", "fragment" or "glossary"
    tree_path: str  # path inside the language tree, e.g. metastasis/after.md
    text: str
    meta: dict = field(default_factory=dict)
    meta_lines: dict = field(default_factory=dict)
    meta_error: str | None = None
    meta_error_line: int = 1
    body_start: int = 1  # first line number of the body

    @property
    def scope(self) -> str | None:
        if self.kind == "fragment":
            return self.tree_path.split("/", 1)[0]
        if self.kind == "glossary":
            return "both"
        scope = self.meta.get("scope")
        return scope if scope in SCOPES else None

    @property
    def lines(self) -> list[str]:
        return self.text.splitlines()

    def body_lines(self) -> list[tuple[int, str]]:
        """(line number, text) of the body, outside code fences and HTML comments."""
        result = []
        in_fence = False
        text_lines = self.lines
        body = "\n".join(text_lines[self.body_start - 1 :])
        # Blank out HTML comments but keep line numbers.
        body = HTML_COMMENT.sub(lambda m: "\n" * m.group(0).count("\n"), body)
        for offset, line in enumerate(body.splitlines()):
            if FENCE.match(line):
                in_fence = not in_fence
                continue
            if not in_fence:
                result.append((self.body_start + offset, line))
        return result

    def headings(self) -> list[Heading]:
        found = []
        for number, line in self.body_lines():
            match = HEADING.match(line)
            if not match:
                continue
            raw = match["text"]
            explicit = EXPLICIT_ID.search(raw)
            text = ATTR_LIST.sub("", raw).strip()
            anchor = explicit["id"] if explicit else slugify(text, "-")
            found.append(Heading(len(match["hashes"]), text, anchor, number))
        return found

    def links(self) -> list[Link]:
        return [
            Link(m["target"], number, bool(m["image"]))
            for number, line in self.body_lines()
            for m in LINK.finditer(line)
        ]

    def includes(self) -> list[Include]:
        return [Include(m[1], number) for number, line in self.body_lines() for m in INCLUDE.finditer(line)]

    def raw_includes(self) -> list[Include]:
        """Every include markdown-include expands: in fences and HTML comments too, which body_lines skips."""
        start = self.body_start if self.kind == "page" else 1
        return [
            Include(m[1], number)
            for number, line in enumerate(self.lines[start - 1 :], start=start)
            for m in INCLUDE.finditer(line)
        ]


def _line_of(node: yaml.Node) -> int:
    return node.start_mark.line + 1


class _FrontMatterLoader(yaml.SafeLoader):
    """Keeps an impossible date (2026-13-01) as text, so the check reports it instead of crashing."""

    def construct_yaml_timestamp(self, node):
        try:
            return super().construct_yaml_timestamp(node)
        except ValueError:
            return self.construct_scalar(node)


_FrontMatterLoader.add_constructor("tag:yaml.org,2002:timestamp", _FrontMatterLoader.construct_yaml_timestamp)


def parse_front_matter(doc: Doc) -> None:
    """Fill doc.meta and doc.meta_lines from the YAML block between the first two '---' lines."""
    lines = doc.lines
    if not lines or lines[0].strip() != "---":
        doc.meta_error = "expected front matter starting with '---' on line 1, found none"
        return
    try:
        end = next(i for i in range(1, len(lines)) if lines[i].strip() in ("---", "..."))
    except StopIteration:
        doc.meta_error = "front matter opened with '---' on line 1 is never closed with '---'"
        return
    block = "\n".join(lines[1:end])
    doc.body_start = end + 2
    try:
        node = yaml.compose(block, Loader=yaml.SafeLoader)
        data = yaml.load(block, Loader=_FrontMatterLoader) if node is not None else {}  # noqa: S506 - SafeLoader
    except yaml.YAMLError as error:
        mark = getattr(error, "context_mark", None) or getattr(error, "problem_mark", None)
        doc.meta_error_line = mark.line + 2 if mark else 1  # +1 for the opening ---
        problem = getattr(error, "problem", None) or str(error).splitlines()[0]
        doc.meta_error = f"front matter is not valid YAML: {problem}"
        return
    if not isinstance(data, dict):
        doc.meta_error = f"front matter must be a mapping of keys to values, found {type(data).__name__}"
        return
    doc.meta = data
    if isinstance(node, yaml.MappingNode):
        doc.meta_lines = {key.value: _line_of(key) + 1 for key, _ in node.value}


def load_docs(root: Path, languages: list[str]) -> list[Doc]:
    """Every page and fragment of every language, sorted by path."""
    docs_dir = root / "docs"
    if not docs_dir.is_dir():
        raise UserError(f"expected a docs/ folder in {root}, found none", path=root)
    found = []
    for lang in languages:
        for kind, base in (("page", docs_dir / lang), ("fragment", docs_dir / INCLUDES_DIR / lang)):
            if not base.is_dir():
                continue
            for file in sorted(base.rglob("*.md")):
                doc = Doc(
                    root=root,
                    path=file.relative_to(root),
                    lang=lang,
                    kind=kind,
                    tree_path=file.relative_to(base).as_posix(),
                    text=file.read_text(encoding="utf-8"),
                )
                if kind == "page":
                    parse_front_matter(doc)
                found.append(doc)
    return found


def load_glossaries(root: Path, languages: list[str]) -> list[Doc]:
    """The glossary tooltip lists, docs/_glossary/<lang>.md, as docs of scope 'both'."""
    found = []
    for lang in languages:
        file = root / "docs" / GLOSSARY_DIR / f"{lang}.md"
        if file.is_file() and not file.is_symlink():
            text = file.read_text(encoding="utf-8", errors="replace")
            found.append(Doc(root, file.relative_to(root), lang, "glossary", GLOSSARY_DIR, text))
    return found


class _TolerantLoader(yaml.SafeLoader):
    """Reads mkdocs.yml, whose !ENV and !relative tags only matter to MkDocs."""


def _any_tag(loader, suffix, node):
    if isinstance(node, yaml.SequenceNode):
        values = loader.construct_sequence(node)
        return values[-1] if values else None
    if isinstance(node, yaml.MappingNode):
        return loader.construct_mapping(node)
    return loader.construct_scalar(node)


_TolerantLoader.add_multi_constructor("!", _any_tag)
_TolerantLoader.add_multi_constructor("tag:yaml.org,2002:python/", _any_tag)


def read_mkdocs_config(root: Path) -> dict:
    """mkdocs.yml as plain data (tags such as !ENV give their default); bad input is a UserError."""
    config_path = root / "mkdocs.yml"
    if not config_path.is_file():
        raise UserError("expected mkdocs.yml at the project root, found none", path=config_path)
    try:
        return yaml.load(config_path.read_text(encoding="utf-8"), Loader=_TolerantLoader) or {}  # noqa: S506 - SafeLoader
    except yaml.YAMLError as error:
        mark = getattr(error, "context_mark", None) or getattr(error, "problem_mark", None)
        raise UserError(
            f"mkdocs.yml is not valid YAML: {getattr(error, 'problem', error)}",
            path=config_path,
            line=mark.line + 1 if mark else None,
        ) from None


def site_languages(root: Path) -> tuple[list[str], str]:
    """(languages, default language) from the i18n plugin in mkdocs.yml."""
    config_path = root / "mkdocs.yml"
    config = read_mkdocs_config(root)
    for plugin in config.get("plugins") or []:
        if isinstance(plugin, dict) and "i18n" in plugin:
            languages = plugin["i18n"].get("languages") or []
            locales = [lang["locale"] for lang in languages if lang.get("build", True)]
            default = next((lang["locale"] for lang in languages if lang.get("default")), locales[0])
            return locales, default
    raise UserError("expected the i18n plugin with its languages in mkdocs.yml, found none", path=config_path)
