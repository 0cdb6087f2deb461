"""FAQ fragments come from docs/_includes/ only, and a refused include stops the build before it is read.

markdown-include opens whatever path ``{!…!}`` names (``/proc/self/environ`` included), wherever it stands
(code fences, comments, tables, the glossary) and only prints a warning when it cannot. Here:

- on_config swaps it for sitetools.render.SafeIncludeExtension (same syntax and settings): every path goes
  through sitetools.policy.include_target before a file is opened, and a refusal is a PluginError;
- on_config also reads every Markdown file of docs/ (pages, fragments, glossary lists) for include
  directives, with markdown-include's own pattern, and refuses the first bad one with its file and line,
  and any include cycle with its chain (a.md → b.md → a.md), before a single page is rendered.
"""

from __future__ import annotations

import os
from pathlib import Path

from markdown_include.include import INC_SYNTAX
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

from sitetools.hooks.trees import tree_signature
from sitetools.policy import IncludeRefused, include_target, long_line_problem
from sitetools.render import INCLUDE_EXTENSION, SafeIncludeExtension

_extension: SafeIncludeExtension | None = None
_checked: tuple | None = None
_docs_label = "docs"


def on_config(config):
    global _extension, _docs_label
    root = Path(config.config_file_path).parent.resolve()
    _docs_label = _label(Path(config.docs_dir), root)
    extensions = config.markdown_extensions
    position = next(
        (i for i, ext in enumerate(extensions) if ext == INCLUDE_EXTENSION or isinstance(ext, SafeIncludeExtension)),
        None,
    )
    if position is None:
        return config
    existing = config.markdown_extensions[position]
    if isinstance(existing, SafeIncludeExtension):  # a later language pass of the i18n plugin
        _extension = existing
        _extension.resolved.clear()
    else:
        _extension = SafeIncludeExtension(**config.mdx_configs.pop(INCLUDE_EXTENSION, {}))
        _extension.project_root = root
        _extension.raise_as = PluginError
        config.markdown_extensions[position] = _extension
    global _checked
    signature = tree_signature(Path(config.docs_dir))
    if signature != _checked:  # not again for the next language pass of the same build
        check_tree(Path(config.docs_dir), Path(_extension.getConfig("base_path")), root)
        _checked = signature
    return config


# Before any hook reads a page.
on_config = event_priority(100)(on_config)


def on_page_markdown(markdown, page, config, files):
    if _extension is not None:
        _extension.source = f"{_docs_label}/{page.file.src_uri}"
        _extension.source_text = page.file.content_string
    return markdown


# After the hooks that add text (leaflets, glossary): just before markdown-include runs.
on_page_markdown = event_priority(-100)(on_page_markdown)


def check_tree(docs: Path, base: Path, root: Path) -> None:
    """Refuse the first include in docs/ that leaves ``base`` or is missing, then the first include cycle."""
    graph: dict[Path, list[tuple[Path, int]]] = {}
    for file in _markdown_files(docs):
        label = _label(file, root)
        edges = graph.setdefault(file.resolve(), [])
        text = file.read_text(encoding="utf-8")
        problem = long_line_problem(text)
        if problem:
            raise PluginError(f"{label}:{problem[0]}: line-length: {problem[1]}")
        for number, line in enumerate(text.splitlines(), start=1):
            for match in INC_SYNTAX.finditer(line):
                try:
                    edges.append((include_target(match[1], base, label=f"{_label(base, root)}/"), number))
                except IncludeRefused as refusal:
                    raise PluginError(f"{label}:{number}: include: {refusal}") from None
    done: set[Path] = set()
    for start in graph:
        cycle = _cycle_from(start, graph, [], done)
        if cycle:
            path, line = cycle[-2]
            chain = " → ".join(_label(step, root) for step, _ in cycle)
            message = f"include cycle {chain}; a fragment must not include itself"
            raise PluginError(f"{_label(path, root)}:{line}: include: {message}")


def _cycle_from(node: Path, graph, chain: list, done: set[Path]) -> list[tuple[Path, int]] | None:
    """[(file, line of its include of the next file), ...] ending on a file already in the chain, or None."""
    files = [step for step, _ in chain]
    if node in files:
        return chain[files.index(node) :] + [(node, 0)]
    if node in done:
        return None
    for target, line in graph.get(node, []):
        found = _cycle_from(target, graph, [*chain, (node, line)], done)
        if found:
            return found
    done.add(node)
    return None


def _markdown_files(docs: Path) -> list[Path]:
    """Every regular .md file under docs/; symlinks are neither followed nor read (content_policy judges them)."""
    files = (Path(folder) / name for folder, _, names in os.walk(docs) for name in names if name.endswith(".md"))
    return sorted(file for file in files if not file.is_symlink() and file.is_file())


def _label(path: Path, root: Path) -> str:
    path = path if path.is_absolute() else path.resolve()
    return path.relative_to(root).as_posix() if path.is_relative_to(root) else path.as_posix()
