"""Files: docs/ holds Markdown and images in an assets/ folder, no SVG that scripts, no symlink leaving its tree.

The rules themselves are sitetools.policy's (file_problem, svg_problems, escaping_symlinks), which the build
applies too; this family reports every case with its file instead of stopping at the first.
"""

from __future__ import annotations

import os
from pathlib import Path

from sitetools import policy
from sitetools.check.messages import from_policy
from sitetools.check.rule import Rule
from sitetools.check.site import Context

FILE_TYPE = Rule("file-type", "files", "error")
FILE_SVG = Rule("file-svg", "files", "error")
SYMLINK_OUTSIDE = Rule("symlink-outside", "files", "error")

CHECKED_TREES = ("docs", "overrides")


def run(ctx: Context) -> list:
    root, findings = ctx.site.root, []
    for tree in CHECKED_TREES:
        top = root / tree
        if not top.is_dir():
            continue
        for link, target in policy.escaping_symlinks(top):
            findings.append(SYMLINK_OUTSIDE.at(link.relative_to(root), 1, "outside", target=target, tree=tree))
    docs = root / "docs"
    if docs.is_dir():
        for folder, _, names in os.walk(docs):  # does not follow symlinked folders
            for name in names:
                file = Path(folder) / name
                if not file.is_symlink():
                    findings += _check_file(file, root, docs)
    return findings


def _check_file(file: Path, root: Path, docs: Path) -> list:
    relative = file.relative_to(root)
    problem = policy.file_problem(file.relative_to(docs).as_posix())
    if problem:
        return [FILE_TYPE.at(relative, 1, "policy", message=from_policy(problem))]
    if file.suffix.lower() != ".svg":
        return []
    findings = []
    for problem in policy.svg_problems(file.read_text(encoding="utf-8", errors="replace")):
        # Each is 'line N: <what>': the line goes to the finding, the rest is its message.
        line, message = problem.params["line"], problem.params["problem"]
        findings.append(FILE_SVG.at(relative, line, "policy", message=from_policy(message)))
    return findings
