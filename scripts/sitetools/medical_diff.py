"""What changed medically between a base git ref and the working tree, for a clinician reviewing a pull request.

Five lists, in the reader's language (French or English):

- facts of the registry (facts.yml) added, removed or changed: old -> new value, scope, source, and where
  a page still states the old value;
- figures of registered facts that changed in the pages, found by the facts' own patterns (page, line, old -> new);
- safety statements touched: facts whose id or statement is about stopping a drug, an emergency, bleeding,
  infection or a contraindication, and any change inside an ``!!! urgent`` box;
- pages and FAQ fragments changed in one language while their twin did not;
- review dates (and reviewer, clinical review status) that moved in the front matter.

The base version is read with ``git show REF:path`` into a temporary folder, then both trees are read with
the same code as the content check (sitetools.sources and sitetools.facts).
"""

from __future__ import annotations

import argparse
import difflib
import os
import re
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from sitetools.cli import EXIT_OK, UserError
from sitetools.facts import Fact, Registry, load_registry, normalise_value
from sitetools.messages import catalogue, speaking, words
from sitetools.sources import Doc, load_docs, site_languages

REGISTRY_FILE = "facts.yml"
TRACKED = ("mkdocs.yml", REGISTRY_FILE, "docs")
REVIEW_KEYS = ("last_reviewed", "next_review", "reviewer", "clinical_review")
# A fact is about patient safety when its id or statement names one of these (English, like facts.yml).
SAFETY_WORDS = re.compile(
    r"stop|suspend|anticoagul|antiplatelet|antithrombotic|heparin|vka|contraindicat|emergenc|urgen|"
    r"bleed|haemorrh|hemorrh|infection|allerg|fever|safety|warning",
    re.IGNORECASE,
)
URGENT_BOX = re.compile(r"^(?P<indent>[ \t]*)(?:!!!|\?\?\?\+?)[ \t]+urgent\b[ \t]*(?:\"(?P<title>[^\"]*)\")?")
LANGUAGES = ("fr", "en")
say = words("medical_diff")


def default_language(environ: dict[str, str] | None = None) -> str:
    """The reader's language from the locale variables: English when they say English, French otherwise."""
    environ = os.environ if environ is None else environ
    for name in ("LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"):
        value = environ.get(name, "")
        if value:
            first = value.split(":")[0].lower()
            return "en" if first.startswith("en") else "fr"
    return "fr"


# --- reading both versions ---------------------------------------------------------------------------------


@dataclass
class Snapshot:
    """One version of the site: its registry (None when it has none) and its Markdown sources by path."""

    registry: Registry | None
    docs: dict[str, Doc]


def _git(root: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(["git", "-C", str(root), *args], capture_output=True, check=False)


def resolve_ref(root: Path, ref: str) -> str:
    """The full commit name of ``ref``; a UserError when root is not in a repository or the ref is unknown."""
    if _git(root, "rev-parse", "--git-dir").returncode != 0:
        raise UserError(say("error.not_git"), path=root)
    result = _git(root, "rev-parse", "--verify", "--quiet", "--end-of-options", f"{ref}^{{commit}}")
    if result.returncode != 0:
        raise UserError(say("error.ref", ref=ref), path=root)
    return result.stdout.decode().strip()


def export_base(root: Path, commit: str, target: Path) -> None:
    """Write mkdocs.yml, facts.yml and the Markdown under docs/ as they are at ``commit`` into ``target``."""
    listing = _git(root, "ls-tree", "-r", "-z", "--name-only", commit, "--", *TRACKED)
    for name in listing.stdout.decode().split("\0"):
        if not name or (name.startswith("docs/") and not name.endswith(".md")):
            continue
        content = _git(root, "show", f"{commit}:./{name}").stdout
        destination = target / name
        destination.parent.mkdir(parents=True, exist_ok=True)
        destination.write_bytes(content)


def load_snapshot(root: Path, languages: list[str], label: str | None = None) -> Snapshot:
    """Read a tree; a registry error names ``label`` (for example main:facts.yml) instead of a temporary path."""
    registry = None
    if (root / REGISTRY_FILE).is_file():
        try:
            registry = load_registry(root / REGISTRY_FILE, languages)
        except UserError as error:
            if label is None:
                raise
            raise UserError(error.message, path=label, line=error.line) from None
    docs = load_docs(root, languages) if (root / "docs").is_dir() else []
    return Snapshot(registry=registry, docs={doc.path.as_posix(): doc for doc in docs})


# --- comparing them ----------------------------------------------------------------------------------------


@dataclass
class FactChange:
    kind: str  # added, removed, changed
    fact: Fact  # the new version (the old one when removed)
    old: Fact | None = None
    still_old: list[tuple[str, int]] = field(default_factory=list)  # (path, line) still giving the old value


@dataclass
class FigureChange:
    path: str
    line: int
    fact: Fact
    old: str | None  # None: the mention is new
    new: str | None  # None: the mention is gone
    has_value: bool


@dataclass
class UrgentChange:
    path: str
    line: int
    title: str
    kind: str  # changed, added, removed


@dataclass
class Report:
    ref: str
    sha: str
    facts: list[FactChange]
    figures: list[FigureChange]
    safety_facts: list[tuple[Fact, list[str]]]  # fact, where it was touched
    urgent: list[UrgentChange]
    one_language: list[tuple[str, str, str]]  # (changed path, twin path, twin_unchanged or twin_absent)
    review: list[tuple[str, int, str, str, str]]  # (path, line, key, old, new)
    included_in: dict[str, list[str]]  # fragment path -> pages of the working tree that include it


def is_safety(fact: Fact) -> bool:
    return bool(SAFETY_WORDS.search(f"{fact.id} {fact.statement}"))


def mentions(fact: Fact, doc: Doc) -> list[tuple[int, str | None]]:
    """(line, normalised figure or None) of every mention of ``fact`` in ``doc``, found by its pattern."""
    found = []
    for number, line in doc.body_lines():
        for match in fact.matches(doc.lang, line):
            value = match.groupdict().get("value")
            found.append((number, normalise_value(value) if value else None))
    return found


def compare_mentions(fact: Fact, path: str, old: Doc | None, new: Doc | None) -> list[FigureChange]:
    before = mentions(fact, old) if old else []
    after = mentions(fact, new) if new else []
    has_value = fact.value is not None
    changes = []
    matcher = difflib.SequenceMatcher(None, [v for _, v in before], [v for _, v in after], autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        paired = min(i2 - i1, j2 - j1)
        for k in range(paired):
            changes.append(FigureChange(path, after[j1 + k][0], fact, before[i1 + k][1], after[j1 + k][1], has_value))
        for line, value in after[j1 + paired : j2]:
            changes.append(FigureChange(path, line, fact, None, value, has_value))
        for line, value in before[i1 + paired : i2]:
            changes.append(FigureChange(path, line, fact, value, None, has_value))
    return changes


def urgent_boxes(doc: Doc) -> list[tuple[int, int, str]]:
    """(first line, last line, title) of every ``!!! urgent`` box: the marker and the lines indented under it."""
    lines = doc.lines
    boxes = []
    index = 0
    while index < len(lines):
        match = URGENT_BOX.match(lines[index])
        if not match:
            index += 1
            continue
        indent = len(match["indent"].expandtabs(4))
        end = index
        for later in range(index + 1, len(lines)):
            text = lines[later]
            if text.strip() and len(text) - len(text.lstrip()) <= indent:
                break
            if text.strip():
                end = later
        boxes.append((index + 1, end + 1, match["title"] or "urgent"))
        index = end + 1
    return boxes


def compare_urgent(path: str, old: Doc | None, new: Doc | None) -> list[UrgentChange]:
    old_boxes = urgent_boxes(old) if old else []
    new_boxes = urgent_boxes(new) if new else []
    touched_old: set[int] = set()
    touched_new: set[int] = set()
    old_lines = old.lines if old else []
    new_lines = new.lines if new else []
    matcher = difflib.SequenceMatcher(None, old_lines, new_lines, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        for box, (first, last, _) in enumerate(old_boxes):
            if i1 < last and i2 >= first:  # 0-based [i1, i2) against 1-based [first, last]
                touched_old.add(box)
        for box, (first, last, _) in enumerate(new_boxes):
            if j1 < last and j2 >= first:
                touched_new.add(box)
    changes = []
    old_titles = {title for _, _, title in old_boxes}
    new_titles = {title for _, _, title in new_boxes}
    for box in sorted(touched_new):
        first, _, title = new_boxes[box]
        changes.append(UrgentChange(path, first, title, "changed" if title in old_titles else "added"))
    for box in sorted(touched_old):
        first, _, title = old_boxes[box]
        if title not in new_titles:
            changes.append(UrgentChange(path, first, title, "removed"))
    return changes


def twin_path(doc: Doc, lang: str) -> str:
    """The same file in another language: the language folder (docs/fr/, docs/_includes/fr/) or file (fr.md)."""
    parts = doc.path.as_posix().split("/")
    for index, part in enumerate(parts):
        if part == doc.lang:
            return "/".join([*parts[:index], lang, *parts[index + 1 :]])
        if part == f"{doc.lang}.md":
            return "/".join([*parts[:index], f"{lang}.md", *parts[index + 1 :]])
    return doc.path.as_posix()


def compare(base: Snapshot, head: Snapshot, languages: list[str], ref: str, sha: str) -> Report:
    old_facts = {fact.id: fact for fact in (base.registry.facts if base.registry else [])}
    new_facts = {fact.id: fact for fact in (head.registry.facts if head.registry else [])}
    paths = sorted(set(base.docs) | set(head.docs))
    changed_paths = [
        path
        for path in paths
        if path not in base.docs or path not in head.docs or base.docs[path].text != head.docs[path].text
    ]

    facts: list[FactChange] = []
    for fact_id, fact in new_facts.items():
        if fact_id not in old_facts:
            facts.append(FactChange("added", fact))
        elif _fact_fields(old_facts[fact_id]) != _fact_fields(fact):
            change = FactChange("changed", fact, old_facts[fact_id])
            if change.old.value is not None and change.old.value != fact.value:
                old_value = normalise_value(change.old.value)
                change.still_old = [
                    (path, line)
                    for path, doc in head.docs.items()
                    for line, value in mentions(fact, doc)
                    if value == old_value
                ]
            facts.append(change)
    facts += [FactChange("removed", fact) for fact_id, fact in old_facts.items() if fact_id not in new_facts]

    # Each fact's own pattern reads both versions, so a changed pattern does not pass for a changed figure.
    pattern_of = {**old_facts, **new_facts}
    figures = [
        change
        for path in changed_paths
        for fact in pattern_of.values()
        for change in compare_mentions(fact, path, base.docs.get(path), head.docs.get(path))
    ]
    figures.sort(key=lambda change: (change.path, change.line, change.fact.id))

    touched: dict[str, list[str]] = {}
    for change in facts:
        if is_safety(change.fact):
            touched.setdefault(change.fact.id, []).append(REGISTRY_FILE)
    for change in figures:
        if is_safety(change.fact):
            touched.setdefault(change.fact.id, []).append(f"{change.path}:{change.line}")
    safety_facts = [(pattern_of[fact_id], list(dict.fromkeys(where))) for fact_id, where in touched.items()]
    safety_facts.sort(key=lambda item: item[0].id)
    urgent = [
        change for path in changed_paths for change in compare_urgent(path, base.docs.get(path), head.docs.get(path))
    ]

    changed = set(changed_paths)
    one_language = []
    for path in changed_paths:
        doc = head.docs.get(path) or base.docs[path]
        for lang in languages:
            twin = twin_path(doc, lang)
            if lang != doc.lang and twin not in changed:
                exists = twin in head.docs or twin in base.docs
                one_language.append((path, twin, "twin_unchanged" if exists else "twin_absent"))

    review = []
    for path in changed_paths:
        old, new = base.docs.get(path), head.docs.get(path)
        if not old or not new or old.kind != "page":
            continue
        for key in REVIEW_KEYS:
            before, after = old.meta.get(key), new.meta.get(key)
            if before != after:
                review.append(
                    (path, new.meta_lines.get(key, old.meta_lines.get(key, 1)), key, _text(before), _text(after))
                )

    included_in: dict[str, list[str]] = {}
    for path, doc in head.docs.items():
        for include in doc.includes() if doc.kind == "page" else []:
            included_in.setdefault(f"docs/_includes/{include.path}", []).append(path)
    return Report(ref, sha, facts, figures, safety_facts, urgent, one_language, review, included_in)


def _fact_fields(fact: Fact) -> tuple:
    return (fact.statement, fact.scope, fact.source, fact.value, list(fact.pages), dict(fact.raw_patterns))


def _text(value) -> str:
    return "—" if value is None else str(value)


# --- writing the report ------------------------------------------------------------------------------------


class Writer:
    """Text for a terminal, Markdown for a pull request comment; the same lists in both."""

    def __init__(self, lang: str, markdown: bool):
        self.messages = catalogue("medical_diff", lang)
        self.markdown = markdown
        self.lines: list[str] = []

    def say(self, message: str, **values) -> str:
        return self.messages[f"report.{message}"].format(**values)

    def code(self, text: str) -> str:
        return f"`{text}`" if self.markdown else text

    def strong(self, text: str) -> str:
        return f"**{text}**" if self.markdown else text

    def heading(self, message: str) -> None:
        title = self.say(message)
        if self.markdown:
            self.lines += ["", f"### {title}", ""]
        else:
            self.lines += ["", title]

    def item(self, text: str, level: int = 0) -> None:
        self.lines.append(("  " * level + "- " + text) if self.markdown else ("  " * (level + 1) + text))

    def section(self, message: str, entries: list) -> None:
        self.heading(message)
        if not entries:
            self.item(self.say("none"))
        for entry in entries:
            if isinstance(entry, tuple):
                text, children = entry
                self.item(text)
                for child in children:
                    self.item(child, 1)
            else:
                self.item(entry)


def render(report: Report, lang: str, markdown: bool) -> str:
    out = Writer(lang, markdown)
    colon = " : " if lang == "fr" else ": "
    title = out.say("title", ref=out.code(report.ref), sha=out.code(report.sha[:7]))
    out.lines.append(f"## {title}" if markdown else title)

    def value(fact: Fact | None) -> str:
        return out.say("no_value") if fact is None or fact.value is None else fact.value

    def where(path: str, line: int) -> str:
        return out.code(f"{path}:{line}")

    def fact_entry(change: FactChange):
        fact = change.fact
        figure = value(fact)
        details = []
        if change.kind == "changed":
            old = change.old
            if old.value != fact.value:
                figure = out.strong(f"{value(old)} → {value(fact)}")
            if old.scope != fact.scope:
                details.append(out.say("field_scope", old=old.scope, new=fact.scope))
            if old.source != fact.source:
                details.append(out.say("field_source", old=old.source, new=fact.source))
            if old.statement != fact.statement:
                details.append(out.say("field_statement", old=old.statement))
            if old.pages != fact.pages:
                details.append(out.say("field_pages", old=", ".join(old.pages), new=", ".join(fact.pages)))
            if old.raw_patterns != fact.raw_patterns:
                details.append(out.say("field_patterns"))
        scope_source = out.say("scope_source", scope=fact.scope, source=fact.source)
        text = f"{out.say('fact_' + change.kind)}{colon}{out.code(fact.id)}{colon}{figure} ({scope_source})"
        text += f" — {fact.statement}" + "".join(f"; {detail}" for detail in details)
        children = [
            out.say("still_old", value=out.strong(change.old.value), where=where(path, line))
            for path, line in change.still_old
        ]
        return text, children

    out.section("facts", [fact_entry(change) for change in report.facts])

    def figure_entry(change: FigureChange):
        if change.old is not None and change.new is not None:
            what = out.strong(out.say("mention_changed", old=change.old, new=change.new))
        elif change.old is None:
            what = out.say("mention_added", new=change.new) if change.has_value else out.say("mention_added_plain")
        else:
            what = out.say("mention_removed", old=change.old) if change.has_value else out.say("mention_removed_plain")
        text = f"{where(change.path, change.line)}{colon}{out.code(change.fact.id)}{colon}{what}"
        return text, _included(out, report, change.path)

    out.section("figures", [figure_entry(change) for change in report.figures])

    safety = [
        f"{out.code(fact.id)} ({fact.statement}){colon}" + ", ".join(out.code(w) for w in where_touched)
        for fact, where_touched in report.safety_facts
    ]
    safety += [
        (
            f"{where(change.path, change.line)}{colon}{out.say('urgent_' + change.kind, title=change.title)}",
            _included(out, report, change.path),
        )
        for change in report.urgent
    ]
    out.section("safety", safety)
    out.section(
        "one_language",
        [out.say(message, path=out.code(path), twin=out.code(twin)) for path, twin, message in report.one_language],
    )
    out.section(
        "review",
        [
            f"{where(path, line)}{colon}{out.say('review_moved', key=key, old=old, new=new)}"
            for path, line, key, old, new in report.review
        ],
    )
    counts = {
        "changed": sum(change.kind == "changed" for change in report.facts),
        "added": sum(change.kind == "added" for change in report.facts),
        "removed": sum(change.kind == "removed" for change in report.facts),
        "figures": len(report.figures),
        "safety": len(report.safety_facts) + len(report.urgent),
        "one_language": len(report.one_language),
        "review": len(report.review),
    }
    out.lines += ["", out.say("summary", **counts)]
    return "\n".join(out.lines) + "\n"


def _included(out: Writer, report: Report, path: str) -> list[str]:
    pages = report.included_in.get(path)
    return [out.say("included_in", pages=", ".join(out.code(page) for page in pages))] if pages else []


# --- command line ------------------------------------------------------------------------------------------


def medical_diff(root: Path, ref: str, lang: str, markdown: bool) -> str:
    """The report comparing the working tree at ``root`` with ``ref``, as text or Markdown; errors (a bad ref,
    a broken facts.yml) are UserErrors in ``lang`` too."""
    with speaking(lang):
        if not root.is_dir():
            raise UserError(say("error.no_root"), path=root)
        sha = resolve_ref(root, ref)
        languages, _ = site_languages(root)
        head = load_snapshot(root, languages)
        with tempfile.TemporaryDirectory(prefix="medical-diff-") as folder:
            export_base(root, sha, Path(folder))
            base = load_snapshot(Path(folder), languages, f"{ref}:{REGISTRY_FILE}")
        return render(compare(base, head, languages, ref, sha), lang, markdown)


def main(argv: list[str] | None = None) -> int:
    """List what changed medically since a git ref: facts, figures in the pages, safety statements, twins, dates."""
    parser = argparse.ArgumentParser(prog="medical_diff.py", description=main.__doc__)
    parser.add_argument("--base", required=True, help="git ref to compare with (branch, tag or commit)")
    parser.add_argument("--root", type=Path, default=Path.cwd(), help="project folder (default: current folder)")
    parser.add_argument("--format", choices=("text", "markdown"), default="text", help="output format")
    parser.add_argument(
        "--lang", choices=LANGUAGES, default=None, help="language of the report (default: from the locale, else fr)"
    )
    args = parser.parse_args(argv)
    print(medical_diff(args.root, args.base, args.lang or default_language(), args.format == "markdown"), end="")
    return EXIT_OK
