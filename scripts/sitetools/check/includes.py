"""Includes: a page pulls in only FAQ fragments of docs/_includes/, of its language and scope, without cycles.

markdown-include expands `{!path!}` and `{!path!lines=…}` on every line it is given (code fences, HTML
comments, lists, tables, blockquotes, the glossary appended to every page), so every such line counts here.
"""

from __future__ import annotations

import os
import posixpath

from sitetools.check.messages import Text, from_policy, text
from sitetools.check.rule import Rule
from sitetools.check.site import Context, Site
from sitetools.policy import IncludeRefused, include_target
from sitetools.sources import INCLUDES_DIR, Doc, Include

INCLUDE_OUTSIDE = Rule("include-outside", "includes", "error")
INCLUDE_MISSING = Rule("include-missing", "includes", "error")
INCLUDE_LANGUAGE = Rule("include-language", "includes", "error")
INCLUDE_SCOPE = Rule("include-scope", "includes", "error")
INCLUDE_CYCLE = Rule("include-cycle", "includes", "error")


def refusal(site: Site, path: str) -> Text | None:
    """Why the build would refuse this include (sitetools.policy's problem), None when it reads a fragment.

    A plain path to a file that does not exist is left to include-missing.
    """
    base = site.root / "docs" / INCLUDES_DIR
    try:
        include_target(path, base, label=f"docs/{INCLUDES_DIR}/")
    except IncludeRefused as refused:
        plain = not path.startswith("~") and not os.path.isabs(path) and ".." not in path.replace("\\", "/").split("/")
        if plain and not os.path.lexists(base / path):
            return None
        return from_policy(refused.message)
    except (OSError, RuntimeError) as error:  # a symlink loop, a name the file system refuses
        return text("include-outside.unreadable", label=f"docs/{INCLUDES_DIR}/", path=path, error=type(error).__name__)
    return None


def run(ctx: Context) -> list:
    site, findings = ctx.site, []
    graph: dict[Doc, list[tuple[Include, Doc]]] = {}
    for doc in site.all_docs:
        edges = graph.setdefault(doc, [])
        for include in doc.raw_includes():
            refused = refusal(site, include.path)
            if refused:
                findings.append(INCLUDE_OUTSIDE.at(doc, include.line, "refused", message=refused))
                continue
            findings += _check_fragment(site, doc, include, edges)
    return findings + _cycles(graph)


def _check_fragment(site: Site, doc: Doc, include: Include, edges: list) -> list:
    lang = posixpath.normpath(include.path).partition("/")[0]
    fragment = site.fragment(include.path)
    if fragment is None:
        return [
            INCLUDE_MISSING.at(
                doc,
                include.line,
                "missing",
                path=include.path,
            )
        ]
    edges.append((include, fragment))
    findings = []
    if lang != doc.lang:
        findings.append(
            INCLUDE_LANGUAGE.at(
                doc,
                include.line,
                "other-language",
                lang=doc.lang,
                kind=text(f"words.{doc.kind}"),
                other=lang,
                path=include.path,
            )
        )
    scope = doc.scope
    if scope and scope != "both" and fragment.scope not in (scope, "both"):
        findings.append(
            INCLUDE_SCOPE.at(
                doc,
                include.line,
                "other-scope",
                scope=scope,
                kind=text(f"words.{doc.kind}"),
                other=fragment.scope,
                path=include.path,
            )
        )
    return findings


def _cycles(graph: dict[Doc, list[tuple[Include, Doc]]]) -> list:
    """Each cycle once, reported on the include line of its first file (by path) that closes it."""
    findings, seen = [], set()
    state: dict[Doc, int] = {}  # 1: on the current path, 2: done
    stack: list[tuple[Doc, Include]] = []

    def visit(doc: Doc) -> None:
        state[doc] = 1
        for include, target in graph.get(doc, []):
            stack.append((doc, include))
            if state.get(target) == 1:
                start = next(i for i, (d, _) in enumerate(stack) if d is target)
                cycle = stack[start:]
                key = frozenset(d for d, _ in cycle)
                if key not in seen:
                    seen.add(key)
                    first = min(range(len(cycle)), key=lambda i: cycle[i][0].path.as_posix())
                    cycle = cycle[first:] + cycle[:first]
                    chain = " → ".join([*(d.path.as_posix() for d, _ in cycle), cycle[0][0].path.as_posix()])
                    doc0, include0 = cycle[0]
                    findings.append(INCLUDE_CYCLE.at(doc0, include0.line, "cycle", chain=chain))
            elif state.get(target) is None:
                visit(target)
            stack.pop()
        state[doc] = 2

    for doc in sorted(graph, key=lambda d: d.path.as_posix()):
        if state.get(doc) is None:
            visit(doc)
    return findings
