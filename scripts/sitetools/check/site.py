"""The site as the rules see it: every doc of every language, indexed for twin, include and link look-ups."""

from __future__ import annotations

import posixpath
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from sitetools.check.rendered import Element, Renderer, render_docs, renderer_for
from sitetools.facts import Registry
from sitetools.sources import GLOSSARY_DIR, INCLUDES_DIR, Doc, load_docs, load_glossaries


class Site:
    """The docs of every language (pages, fragments, glossaries), indexed for twin and link look-ups."""

    def __init__(self, root: Path, languages: list[str], default: str):
        self.root = root
        self.languages = languages
        self.default = default
        self.docs = load_docs(root, languages)
        self.glossaries = load_glossaries(root, languages)
        self.by_key = {(d.lang, d.kind, d.tree_path): d for d in [*self.docs, *self.glossaries]}
        self.includers: dict[Doc, list[Doc]] = defaultdict(list)
        for doc in self.docs:
            for include in doc.includes():
                fragment = self.fragment(include.path)
                if fragment is not None:
                    self.includers[fragment].append(doc)

    @property
    def all_docs(self) -> list[Doc]:
        """Pages, fragments and glossaries: everything markdown reads."""
        return [*self.docs, *self.glossaries]

    def fragment(self, include_path: str) -> Doc | None:
        lang, _, tree_path = posixpath.normpath(include_path.strip()).partition("/")
        return self.by_key.get((lang, "fragment", tree_path))

    def twin(self, doc: Doc, lang: str) -> Doc | None:
        return self.by_key.get((lang, doc.kind, doc.tree_path))

    def twins(self, doc: Doc) -> list[Doc]:
        """The doc's counterpart in each other language, where there is one."""
        found = (self.twin(doc, lang) for lang in self.languages if lang != doc.lang)
        return [twin for twin in found if twin is not None]

    def page(self, lang: str, tree_path: str) -> Doc | None:
        return self.by_key.get((lang, "page", tree_path))

    def expanded_lines(self, doc: Doc) -> list[tuple[Doc, int, str]]:
        """The page's body with its fragments pulled in: (source doc, line, text)."""
        result = []
        for number, line in doc.body_lines():
            included = [self.fragment(m.path) for m in doc.includes() if m.line == number]
            if included and included[0] is not None:
                result.extend((included[0], n, text) for n, text in included[0].body_lines())
            else:
                result.append((doc, number, line))
        return result


@dataclass
class Context:
    """What a family of rules may need; each view is built once and shared."""

    site: Site
    registry: Registry
    today: object  # datetime.date
    sources_dir: Path | None = None
    cache: dict = field(default_factory=dict)

    @cached_property
    def pages(self) -> list[Doc]:
        return [d for d in self.site.docs if d.kind == "page"]

    @cached_property
    def renderer(self) -> Renderer:
        return renderer_for(self.site.root)

    def rendered(self, doc: Doc) -> list[Element]:
        """The doc's HTML elements as Python-Markdown writes them, parsed once for every rule that needs them."""
        key = ("rendered", doc)
        if key not in self.cache:
            self.cache[key] = render_docs(self.renderer, doc)
        return self.cache[key]


def twin_key(path: str) -> str:
    """The same key for a file and its twins: docs/fr/x.md and docs/en/x.md -> x.md."""
    parts = path.split("/")
    if parts[1] == GLOSSARY_DIR:
        return GLOSSARY_DIR
    return "/".join(parts[3:] if parts[1] == INCLUDES_DIR else parts[2:])


def relative(path: Path, root: Path) -> Path:
    resolved = path.resolve()
    return resolved.relative_to(root) if resolved.is_relative_to(root) else path
