"""Files: docs/ holds Markdown and images in an assets/ folder, no SVG with script, no symlink leaving its tree."""

from __future__ import annotations

import os
from pathlib import Path

from sitetools.check.html import DANGEROUS_SCHEMES, is_remote, scheme
from sitetools.check.rendered import parse_html
from sitetools.check.rule import Rule
from sitetools.check.site import Context

FILE_TYPE = Rule(
    "file-type",
    "files",
    "error",
    "a file in docs/ other than Markdown, or than an image of a listed type in an assets/ folder (`.html`, `.js`…)",
    "keep only .md files in docs/, and images (.png, .jpg, .jpeg, .gif, .webp, .svg) under an assets/ folder",
)
FILE_SVG_SCRIPT = Rule(
    "file-svg-script",
    "files",
    "error",
    "an SVG image that carries a script, an event handler, a `javascript:` link or a remote resource",
    "export the image again as a plain drawing (no script, no links, nothing remote)",
)
SYMLINK_OUTSIDE = Rule(
    "symlink-outside",
    "files",
    "error",
    "a symlink under docs/ or overrides/ that resolves outside that folder",
    "replace the symlink with the file itself, or remove it",
)

IMAGE_TYPES = (".png", ".jpg", ".jpeg", ".gif", ".webp", ".svg")
ASSETS_DIR = "assets"
CHECKED_TREES = ("docs", "overrides")
SVG_ELEMENTS_REFUSED = {"script", "foreignobject", "iframe", "object", "embed", "handler", "listener"}


def run(ctx: Context) -> list:
    root, findings = ctx.site.root, []
    for tree in CHECKED_TREES:
        top = root / tree
        if not top.is_dir():
            continue
        for folder, dirnames, filenames in os.walk(top):  # does not follow symlinked folders
            for name in sorted(dirnames + filenames):
                path = Path(folder) / name
                relative = path.relative_to(root)
                if path.is_symlink():
                    real = Path(os.path.realpath(path))
                    if not real.is_relative_to(top.resolve()):
                        findings.append(SYMLINK_OUTSIDE.at(relative, 1, f"symlink to {real}, outside {tree}/: refused"))
                    continue
                if tree == "docs" and name in filenames:
                    findings += _check_file(path, relative)
    return findings


def _check_file(path: Path, relative: Path) -> list:
    suffix = path.suffix.lower()
    if suffix == ".md":
        return []
    in_assets = ASSETS_DIR in relative.parts[1:-1]
    if suffix not in IMAGE_TYPES or not in_assets:
        found = f"a {suffix} file" if suffix else "a file with no extension"
        if suffix in IMAGE_TYPES:
            found = f"an image outside an {ASSETS_DIR}/ folder"
        return [
            FILE_TYPE.at(
                relative,
                1,
                f"expected Markdown (.md), or an image ({', '.join(IMAGE_TYPES)}) in an {ASSETS_DIR}/ folder; "
                f"found {found}",
            )
        ]
    if suffix == ".svg":
        return _check_svg(path, relative)
    return []


def _check_svg(path: Path, relative: Path) -> list:
    text = path.read_text(encoding="utf-8", errors="replace")
    lines = text.lower().splitlines()
    findings = []

    def line_of(*needles: str) -> int:
        for needle in needles:
            for number, line in enumerate(lines, start=1):
                if needle and needle.lower() in line:
                    return number
        return 1

    for element in parse_html(text).elements:
        tag = element.tag
        if tag in SVG_ELEMENTS_REFUSED:
            findings.append(FILE_SVG_SCRIPT.at(relative, line_of(f"<{tag}"), f"the SVG contains <{tag}>"))
            continue
        for name, value in element.attrs:
            if name.startswith("on"):
                problem = f"the event handler '{name}' on <{tag}>"
            elif scheme(value) in DANGEROUS_SCHEMES and name in ("href", "xlink:href", "src"):
                problem = f"a '{scheme(value)}:' address on <{tag}>"
            elif name in ("href", "xlink:href", "src") and is_remote(value):
                problem = f"a remote address on <{tag}>"
            elif name == "style" and ("url(" in value.lower() or "@import" in value.lower()):
                problem = f"a style loading from elsewhere on <{tag}>"
            else:
                continue
            findings.append(FILE_SVG_SCRIPT.at(relative, line_of(f"{name}=", name), f"the SVG contains {problem}"))
    if "<style" in text.lower() and ("@import" in text.lower() or "url(http" in text.lower().replace(" ", "")):
        findings.append(FILE_SVG_SCRIPT.at(relative, line_of("@import", "url("), "the SVG contains a remote style"))
    return findings
