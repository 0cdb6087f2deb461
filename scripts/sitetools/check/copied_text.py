"""Copied text: no run of 8 or more words taken as it is from a source document (`--sources DIR`).

Words are compared after lower-casing, with one apostrophe (’ and ' alike), any spacing, and French elisions
left out (d'une reads as une, so a run copied from just after an elision is still found). A quotation marked as
such is allowed: text between « » or “ ”, or a Markdown blockquote whose first line names its source
(`> Source : …`, `> D'après …`, `> According to …`), and a reference cited with its DOI (the sources page cites
the guideline exactly as the seeds do). Like pylint's similarity checker, each window of 8 words
of the sources is indexed once, so the check stays linear in the size of the site.
"""

from __future__ import annotations

import bisect
import re
from pathlib import Path

from sitetools.check.rule import Rule
from sitetools.check.site import Context
from sitetools.cli import UserError
from sitetools.messages import Text
from sitetools.sources import INCLUDE, Doc

COPIED_TEXT = Rule("copied-text", "copied_text", "error")

RUN = 8
WORD = re.compile(r"\w+(?:'\w+)*|\x00")
APOSTROPHES = str.maketrans({"’": "'", "ʼ": "'", "‘": "'", "´": "'", "`": "'"})
QUOTATION = re.compile(r"«[^»]*»|“[^”]*”", re.DOTALL)
CITATION = re.compile(r"^\s*>\s*[*_]*\s*(?:sources?\b|d'après\b|selon\b|according to\b|citation\b|extrait\b|excerpt\b)")
BLOCKQUOTE = re.compile(r"^\s*>")
REFERENCE = re.compile(r"doi\.org/10\.|\bdoi\s*:?\s*\[?10\.\d{4,}", re.IGNORECASE)
# Markup that is not prose: link targets, attribute lists, includes, HTML tags, reference definitions.
MARKUP = re.compile(r"\]\([^)]*\)|\]\[[^\]]*\]|\{[:#.][^}]*\}|<[^>]*>|^\s*\[[^\]]+\]:\s*\S+", re.MULTILINE)
BREAK = "\x00"
ELISION = re.compile(r"^(?:[cdjlmnst]|qu|jusqu|lorsqu|puisqu)'")


def normalise(word: str) -> str:
    return ELISION.sub("", word.lower())


def words(text: str) -> list[str]:
    return [normalise(w) for w in WORD.findall(text.translate(APOSTROPHES)) if w != BREAK]


def load_sources(folder: Path) -> dict[tuple[str, ...], str]:
    """Every window of RUN words of every source file, with the file it comes from."""
    if not folder.is_dir():
        raise UserError(Text("check", "report.no-sources"), path=folder)
    windows: dict[tuple[str, ...], str] = {}
    files = sorted(f for f in folder.rglob("*") if f.is_file() and not f.name.startswith("."))
    if not files:
        raise UserError(Text("check", "report.no-source-files"), path=folder)
    for file in files:
        tokens = words(file.read_text(encoding="utf-8", errors="replace"))
        for start in range(len(tokens) - RUN + 1):
            windows.setdefault(tuple(tokens[start : start + RUN]), file.name)
    return windows


def prose(doc: Doc) -> tuple[str, list[int]]:
    """The doc's prose as one text (quotations and markup blanked, lines kept) and each text line's number."""
    kept, numbers = [], []
    in_blockquote = quoting = False
    for number, line in doc.body_lines():
        if BLOCKQUOTE.match(line):
            if not in_blockquote:  # the first line of a blockquote says whether it is a quotation
                quoting = bool(CITATION.match(line.translate(APOSTROPHES).lower()))
            in_blockquote = True
        else:
            in_blockquote = quoting = False
        kept.append(BREAK if quoting or REFERENCE.search(line) else INCLUDE.sub(" ", line))
        numbers.append(number)
    text = MARKUP.sub(" ", "\n".join(kept))
    text = QUOTATION.sub(lambda m: BREAK + "\n" * m.group(0).count("\n"), text)
    return text, numbers


def run(ctx: Context) -> list:
    if ctx.sources_dir is None:
        return []
    windows = load_sources(ctx.sources_dir)
    findings = []
    for doc in ctx.site.all_docs:
        text, numbers = prose(doc)
        text = text.translate(APOSTROPHES)
        starts = [0] + [i + 1 for i, c in enumerate(text) if c == "\n"]
        matches = list(WORD.finditer(text))
        tokens = [(normalise(m.group(0)), m.start()) for m in matches]
        covered: list[str | None] = [None] * len(tokens)
        for start in range(len(tokens) - RUN + 1):
            window = tuple(word for word, _ in tokens[start : start + RUN])
            source = windows.get(window) if BREAK not in window else None
            if source:
                for index in range(start, start + RUN):
                    covered[index] = covered[index] or source
        index = 0
        while index < len(tokens):
            if covered[index] is None:
                index += 1
                continue
            end = index
            while end + 1 < len(tokens) and covered[end + 1] is not None:
                end += 1
            line = numbers[bisect.bisect_right(starts, tokens[index][1]) - 1]
            last = matches[min(end, index + RUN - 1)]
            excerpt = " ".join(text[matches[index].start() : last.end()].split())
            more = "…" if end + 1 - index > RUN else ""
            findings.append(
                COPIED_TEXT.at(
                    doc,
                    line,
                    "run",
                    count=end + 1 - index,
                    source=covered[index],
                    excerpt=excerpt + more,
                )
            )
            index = end + 1
    return findings
