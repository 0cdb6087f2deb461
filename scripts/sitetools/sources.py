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

from sitetools.cli import UserError, display_path, read_text
from sitetools.messages import Text, policy_text, words
from sitetools.policy import long_line_problem
from sitetools.yamlfile import LineDict, LineList, LineLoader, described, load, plain

say = words("sources")

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
    # One parse gives both the values and the node tree that knows each key's line.
    loader = _FrontMatterLoader(block)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else {}
    except yaml.YAMLError as error:
        mark = getattr(error, "context_mark", None) or getattr(error, "problem_mark", None)
        doc.meta_error_line = mark.line + 2 if mark else 1  # +1 for the opening ---
        problem = getattr(error, "problem", None) or str(error).splitlines()[0]
        doc.meta_error = f"front matter is not valid YAML: {problem}"
        return
    finally:
        loader.dispose()
    if not isinstance(data, dict):
        doc.meta_error = f"front matter must be a mapping of keys to values, found {type(data).__name__}"
        return
    doc.meta = data
    if isinstance(node, yaml.MappingNode):
        for key, _ in node.value:
            line = _line_of(key) + 1
            doc.meta_lines[key.value] = line
            # YAML reads some keys as other values (`yes:` is True): the check names a key by str(value).
            doc.meta_lines.setdefault(str(loader.construct_object(key)), line)


def load_docs(root: Path, languages: list[str]) -> list[Doc]:
    """Every page and fragment of every language, sorted by path."""
    docs_dir = root / "docs"
    if not docs_dir.is_dir():
        raise UserError(say("docs.no-folder", root=root), path=root)
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
                    text=read_bounded_text(file, root),
                )
                if kind == "page":
                    parse_front_matter(doc)
                found.append(doc)
    return found


def read_bounded_text(file: Path, root: Path) -> str:
    """The file's UTF-8 text; a line too long to parse in bounded time is a UserError naming file and line."""
    shown = file.relative_to(root)
    text = read_text(file, shown)
    problem = long_line_problem(text)
    if problem:
        raise UserError(policy_text(problem[1]), path=shown, line=problem[0])
    return text


def load_glossaries(root: Path, languages: list[str]) -> list[Doc]:
    """The glossary tooltip lists, docs/_glossary/<lang>.md, as docs of scope 'both'."""
    found = []
    for lang in languages:
        file = root / "docs" / GLOSSARY_DIR / f"{lang}.md"
        if file.is_file() and not file.is_symlink():
            text = read_bounded_text(file, root)
            found.append(Doc(root, file.relative_to(root), lang, "glossary", GLOSSARY_DIR, text))
    return found


class _TolerantLoader(LineLoader):
    """Reads mkdocs.yml, whose !ENV and !relative tags only matter to MkDocs, and whose anchors are MkDocs' own."""

    allow_aliases = True


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
    return plain(_read_mkdocs_config(root))


def _read_mkdocs_config(root: Path) -> LineDict:
    """mkdocs.yml with the line of each mapping and list, for messages."""
    config_path = display_path(root / "mkdocs.yml")
    if not config_path.is_file():
        raise UserError(say("mkdocs.missing"), path=config_path)
    config = load(read_text(config_path, config_path), config_path, say("mkdocs.what"), _TolerantLoader)
    if config is None:
        return LineDict()
    if not isinstance(config, dict):
        raise UserError(say("mkdocs.not-mapping", found=described(config)), config_path, 1)
    return config


def site_languages(root: Path) -> tuple[list[str], str]:
    """(languages, default language) from the i18n plugin in mkdocs.yml."""
    config_path = display_path(root / "mkdocs.yml")
    config = _read_mkdocs_config(root)

    def fail(message: Text, line: int | None) -> None:
        raise UserError(say("i18n.problem", problem=message), path=config_path, line=line)

    plugins = config.get("plugins") or []
    if isinstance(plugins, dict):  # MkDocs also takes plugins as a mapping of name to options
        holders = [plugins] if "i18n" in plugins else []
    elif isinstance(plugins, list):
        holders = [plugin for plugin in plugins if isinstance(plugin, dict) and "i18n" in plugin]
    else:
        fail(say("i18n.plugins-not-list", found=described(plugins)), _line(config, "plugins"))
    if not holders:
        raise UserError(say("i18n.missing"), path=config_path)
    holder = holders[0]
    options = holder["i18n"]
    if not isinstance(options, dict):
        fail(say("i18n.options", found=described(options)), _line(holder, "i18n"))
    languages = options.get("languages")
    if not isinstance(languages, list) or not languages:
        fail(say("i18n.no-languages", found=described(languages)), _line(options, "languages"))
    locales, default = [], None
    for number, language in enumerate(languages):
        line = language.line if isinstance(language, LineDict) else _line(languages, number)
        if not isinstance(language, dict):
            fail(say("i18n.language-not-mapping", found=described(language)), line)
        if not isinstance(language.get("locale"), str) or not language["locale"]:
            fail(say("i18n.bad-locale", found=described(language.get("locale"))), line)
        for flag in ("build", "default"):
            if not isinstance(language.get(flag, False), bool):
                found = described(language[flag])
                fail(say("i18n.bad-flag", locale=language["locale"], flag=flag, found=found), line)
        if language.get("build", True):
            locales.append(language["locale"])
        if language.get("default") and default is None:
            default = language["locale"]
    if not locales:
        fail(say("i18n.none-built"), _line(options, "languages"))
    return locales, default or locales[0]


def _line(node, key) -> int | None:
    """The line of a key of a mapping or an item of a sequence read by LineLoader, else None."""
    return node.line_of(key) if isinstance(node, LineDict | LineList) else None
