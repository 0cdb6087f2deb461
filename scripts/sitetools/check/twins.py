"""Twins: every page, fragment and glossary exists in every language, with the same shape."""

from __future__ import annotations

import datetime as dt
import subprocess
from pathlib import Path

from sitetools.check.rule import Rule
from sitetools.check.site import Context
from sitetools.sources import GLOSSARY_DIR, INCLUDES_DIR

TWIN_MISSING = Rule("twin-missing", "twins", "error")
TWIN_SECTIONS = Rule("twin-sections", "twins", "error")
TWIN_FRONT_MATTER = Rule("twin-front-matter", "twins", "error")
TWIN_STALE = Rule("twin-stale", "twins", "warning")


def _expected_path(doc, lang: str) -> str:
    if doc.kind == "page":
        return f"docs/{lang}/{doc.tree_path}"
    if doc.kind == "glossary":
        return f"docs/{GLOSSARY_DIR}/{lang}.md"
    return f"docs/{INCLUDES_DIR}/{lang}/{doc.tree_path}"


def run(ctx: Context) -> list:
    site, findings = ctx.site, []
    for doc in site.all_docs:
        for lang in site.languages:
            if lang == doc.lang:
                continue
            twin = site.twin(doc, lang)
            if twin is None:
                expected = _expected_path(doc, lang)
                findings.append(TWIN_MISSING.at(doc, 1, "missing", lang=lang, expected=expected))
                continue
            if doc.lang != site.default or doc.kind != "page":
                continue
            ours = [h for h in doc.headings() if h.level == 2]
            theirs = [h for h in twin.headings() if h.level == 2]
            if len(ours) != len(theirs):
                findings.append(
                    TWIN_SECTIONS.at(
                        twin,
                        theirs[0].line if theirs else 1,
                        "count",
                        theirs=len(theirs),
                        ours=len(ours),
                        other=doc.path.as_posix(),
                    )
                )
            for key in ("scope", "sources"):
                if doc.meta.get(key) != twin.meta.get(key) and key in doc.meta and key in twin.meta:
                    findings.append(
                        TWIN_FRONT_MATTER.at(
                            twin,
                            twin.meta_lines.get(key, 1),
                            "differ",
                            key=key,
                            here=twin.meta.get(key),
                            there=doc.meta.get(key),
                            other=doc.path.as_posix(),
                        )
                    )
    return findings + _staleness(ctx)


def _staleness(ctx: Context) -> list:
    """Warn when a default-language page changed in git after its translation did."""
    site = ctx.site
    changed = _last_commit_times(site.root)
    if not changed:
        return []
    findings = []
    for doc in site.docs:
        if doc.lang != site.default:
            continue
        for twin in site.twins(doc):
            ours, theirs = changed.get(doc.path.as_posix()), changed.get(twin.path.as_posix())
            if ours and theirs and ours > theirs:
                findings.append(
                    TWIN_STALE.at(
                        twin,
                        1,
                        "outdated",
                        other=doc.path.as_posix(),
                        ours=_day(ours),
                        theirs=_day(theirs),
                    )
                )
    return findings


def _day(timestamp: int) -> str:
    return dt.datetime.fromtimestamp(timestamp, dt.UTC).date().isoformat()


def _last_commit_times(root: Path) -> dict[str, int]:
    """Path (relative to root) -> time of the last commit that touched it, from one git log call."""
    try:
        top = subprocess.run(
            ["git", "-C", str(root), "rev-parse", "--show-toplevel"], capture_output=True, text=True, check=False
        )
        # Only a project's own history counts: a tree nested in another repository (a test fixture) has none.
        if top.returncode != 0 or Path(top.stdout.strip()).resolve() != root.resolve():
            return {}
        result = subprocess.run(
            ["git", "-C", str(root), "log", "--format=%x00%ct", "--name-only", "--relative", "--", "docs"],
            capture_output=True,
            text=True,
            check=False,
        )
    except OSError:
        return {}
    if result.returncode != 0:
        return {}
    times: dict[str, int] = {}
    for block in result.stdout.split("\x00")[1:]:
        lines = [line for line in block.splitlines() if line.strip()]
        if not lines:
            continue
        stamp = int(lines[0])
        for name in lines[1:]:
            times.setdefault(name, stamp)  # newest first: keep the first seen
    return times
