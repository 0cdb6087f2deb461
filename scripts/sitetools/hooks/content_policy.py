"""What a pull request puts in docs/ cannot leak a file or run script: the build refuses it, in one line.

Before MkDocs lists a single file (on_config):
- a symlink under docs/ or overrides/ that resolves outside its tree (or loops back on itself);
- a file in docs/ other than Markdown, or images of listed types in an assets/ folder;
- an SVG image that could run script or load something (script, foreignObject, on*=, outside references).

For each page, what templates print without escaping must be plain text (no '<', '>' or '"'): its front
matter values (on_page_markdown) and its title, also when it comes from the first heading (on_page_content).

After each page is rendered (on_page_content, last): every element of the page's HTML is held against the
raw HTML allow-list of sitetools.policy (elements, attributes, URL schemes, loads from another origin).
The finding is mapped back to the Markdown line that caused it: the page, else the fragments it includes.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from markdown_include.include import INC_SYNTAX
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

from sitetools.hooks.trees import tree_signature
from sitetools.policy import (
    GLOSSARY_DIR,
    INCLUDES_DIR,
    element_problems,
    escaping_symlinks,
    file_problem,
    plain_text_problem,
    svg_problems,
)
from sitetools.render import SafeIncludeExtension, elements, needles, source_line

_checked: tuple | None = None


def on_config(config):
    root = Path(config.config_file_path).parent.resolve()
    docs = Path(config.docs_dir)
    trees = [docs, *([Path(config.theme.custom_dir)] if config.theme.custom_dir else [])]
    global _checked
    signature = tree_signature(*trees)
    if signature == _checked:  # the next language pass of the same build
        return config
    for tree in trees:
        for link, target in escaping_symlinks(tree):
            where = (
                f"outside {_label(tree, root)}/" if not target.is_relative_to(tree.resolve()) else "a folder holding it"
            )
            raise PluginError(
                f"{_label(link, root)}: symlink: points to {target}, {where}; expected a real file inside the tree"
            )
    for folder, _, names in os.walk(docs):
        for name in sorted(names):
            file = Path(folder) / name
            if not file.is_file():  # a pipe or a device would hang the build or read the machine
                raise PluginError(f"{_label(file, root)}: file-type: expected a regular file, found a special file")
            problem = file_problem(file.relative_to(docs).as_posix())
            if problem:
                raise PluginError(f"{_label(file, root)}: file-type: {problem}")
            if file.suffix.lower() == ".svg":
                problems = svg_problems(file.read_text(encoding="utf-8", errors="replace"))
                if problems:
                    raise PluginError(f"{_label(file, root)}: svg: {problems[0]}; an image must not script or load")
    _checked = signature
    return config


# Before MkDocs walks docs/ (it follows symlinks) and before any hook reads a file.
on_config = event_priority(110)(on_config)


def on_page_markdown(markdown, page, config, files):
    for key, value in (page.meta or {}).items():
        for text in _strings([key, value]):
            problem = plain_text_problem(text)
            if problem:
                source = page.file.content_string
                line = source_line(source, f"{key}:") or 1
                raise PluginError(f"{_page_label(page, config)}:{line}: front-matter: {key}: {problem}")
    return markdown


# Before any hook uses the front matter.
on_page_markdown = event_priority(100)(on_page_markdown)


def on_page_content(html, page, config, files):
    problem = plain_text_problem(page.title or "")
    if problem:  # a title taken from the first heading, e.g. '# A &lt;/title&gt;&lt;script&gt;'
        source = page.file.content_string
        line = next((n for n, text in enumerate(source.splitlines(), start=1) if TITLE.match(text)), 1)
        raise PluginError(f"{_page_label(page, config)}:{line}: title: {problem}")
    for element in elements(html):
        problems = element_problems(element.tag, list(element.attrs))
        if problems:
            where = _where(needles(element, problems[0]), page, config)
            more = f" (and {len(problems) - 1} more on this element)" if len(problems) > 1 else ""
            raise PluginError(f"{where}: {problems[0].rule}: {problems[0].message}{more}")
    return html


# After every hook that changes the page's HTML.
on_page_content = event_priority(-100)(on_page_content)


TITLE = re.compile(r"^#\s")


def _strings(value) -> list[str]:
    """Every string inside a front matter value (lists and mappings included)."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [text for item in value.items() for text in _strings(list(item))]
    if isinstance(value, list | tuple):
        return [text for item in value for text in _strings(item)]
    return []


def _page_label(page, config) -> str:
    return _label(Path(page.file.abs_src_path), Path(config.config_file_path).parent.resolve())


def _where(texts: list[str], page, config) -> str:
    """path:line of the Markdown that produced a finding: the page, else a fragment it includes, else the glossary."""
    root = Path(config.config_file_path).parent.resolve()
    docs = Path(config.docs_dir)
    text = page.file.content_string
    candidates = [(Path(page.file.abs_src_path), text)]
    include = next((e for e in config.markdown_extensions if isinstance(e, SafeIncludeExtension)), None)
    base = Path(include.getConfig("base_path")) if include else docs / INCLUDES_DIR
    seen: set[Path] = set()
    index = 0
    while index < len(candidates):  # the page, then its fragments, breadth first
        _, source = candidates[index]
        index += 1
        for match in INC_SYNTAX.finditer(source):
            fragment = (base / match[1].strip()).resolve()
            if fragment not in seen and fragment.is_file():
                seen.add(fragment)
                candidates.append((fragment, fragment.read_text(encoding="utf-8")))
    candidates += [
        (glossary, glossary.read_text(encoding="utf-8")) for glossary in sorted((docs / GLOSSARY_DIR).glob("*.md"))
    ]
    for text in texts:  # the most telling text first, in every candidate file
        for path, source in candidates:
            line = source_line(source, text)
            if line:
                return f"{_label(path, root)}:{line}"
    return _label(Path(page.file.abs_src_path), root)


def _label(path: Path, root: Path) -> str:
    path = path if path.is_absolute() else path.resolve()
    return path.relative_to(root).as_posix() if path.is_relative_to(root) else path.as_posix()
