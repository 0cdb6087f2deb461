"""Check the site's Markdown: medical facts agree with the registry, twins mirror, links and includes resolve.

Rules (each finding is printed as ``path:line: rule: message``):

- front-matter       every page has title, description, scope, sources, last_reviewed, next_review, reviewer
- review-due         (warning) the page is past its next_review date
- twin-missing       a page or fragment has no twin in another language
- twin-sections      twin pages have a different number of ``##`` sections
- twin-front-matter  twin pages disagree on scope or sources
- twin-stale         (warning) the default-language page changed in git after its translation
- fact-value         a mention of a registered fact has another value than the registry's
- fact-missing       a page the registry names for a fact does not mention it
- fact-twin          a fact is stated on a page but not on its twin
- fact-scope         a fact of one scope (metastasis, osteoporosis) is stated outside that scope
- number-twin        a number appears on a page but not on its twin
- include-missing, include-language, include-scope    markdown-include fragments
- link-broken, link-anchor, link-language, link-external, link-absolute    links and images
"""

from __future__ import annotations

import argparse
import datetime as dt
import posixpath
import re
import subprocess
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from sitetools.cli import EXIT_FINDINGS, EXIT_OK, UserError
from sitetools.facts import Fact, Registry, load_registry, normalise_value
from sitetools.sources import INCLUDES_DIR, Doc, load_docs, site_languages

REGISTRY_FILE = "facts.yml"
REQUIRED_META = ("title", "description", "scope", "sources", "last_reviewed", "next_review", "reviewer")
DESCRIPTION_LENGTH = (50, 160)
NUMBER = re.compile(r"(?<![\w.,])\d+(?:[.,]\d+)?(?![\w])")
LINK_TARGET = re.compile(r"\]\([^)]*\)|\{[:#.][^}]*\}|<[^>]+>")

FIXES = {
    "front-matter": "fix the YAML block at the top of the page (see CONTRIBUTING.md, 'Front matter')",
    "review-due": "have the page reviewed, then update last_reviewed and next_review",
    "twin-missing": "create the twin file at the same path in the other language",
    "twin-sections": "give both languages the same '##' sections, in the same order",
    "twin-front-matter": "use the same scope and sources on both twins",
    "twin-stale": "check the translation against the French page and update it",
    "fact-value": "use the registry's value, or change facts.yml first if the source changed",
    "fact-missing": "state this fact on the page, or remove the page from the fact's 'pages' in facts.yml",
    "fact-twin": "state the same fact on both twins",
    "fact-scope": "move the sentence to a page or fragment of the fact's scope",
    "number-twin": "write the same figures, as digits, on both twins",
    "include-missing": "check the fragment path under docs/_includes/",
    "include-language": "include the fragment of the page's own language",
    "include-scope": "include only fragments of the page's scope (or of 'both')",
    "link-broken": "point the link at an existing page of the same language",
    "link-anchor": "use the slug of an existing heading of the target page",
    "link-language": "link inside the same language; the language switch leads to the other one",
    "link-external": "link only to hosts in allowed_hosts of facts.yml",
    "link-absolute": "use a relative link to the .md file",
}
WARNING_RULES = {"review-due", "twin-stale"}


@dataclass(frozen=True, order=True)
class Finding:
    path: str
    line: int
    rule: str
    message: str

    @property
    def severity(self) -> str:
        return "warning" if self.rule in WARNING_RULES else "error"

    def text(self) -> str:
        return f"{self.path}:{self.line}: {self.rule}: {self.message} (fix: {FIXES[self.rule]})"

    def github(self) -> str:
        message = f"{self.message} (fix: {FIXES[self.rule]})".replace("%", "%25").replace("\n", "%0A")
        return f"::{self.severity} file={self.path},line={self.line},title={self.rule}::{message}"


@dataclass
class Report:
    findings: list[Finding]
    pages: int
    fragments: int
    facts: int

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "error"]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "warning"]

    def summary(self) -> str:
        errors, warnings = len(self.errors), len(self.warnings)
        return (
            f"checked {self.pages} pages and {self.fragments} fragments against {self.facts} facts: "
            f"{errors} error{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)}"
        )


class Site:
    """The docs of every language, indexed for twin and link look-ups."""

    def __init__(self, root: Path, languages: list[str], default: str):
        self.root = root
        self.languages = languages
        self.default = default
        self.docs = load_docs(root, languages)
        self.by_key = {(d.lang, d.kind, d.tree_path): d for d in self.docs}
        self.includers: dict[Doc, list[Doc]] = defaultdict(list)
        for doc in self.docs:
            for include in doc.includes():
                fragment = self.fragment(include.path)
                if fragment is not None:
                    self.includers[fragment].append(doc)

    def fragment(self, include_path: str) -> Doc | None:
        lang, _, tree_path = include_path.strip().partition("/")
        return self.by_key.get((lang, "fragment", tree_path))

    def twin(self, doc: Doc, lang: str) -> Doc | None:
        return self.by_key.get((lang, doc.kind, doc.tree_path))

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


def check(root: Path, today: dt.date | None = None, registry_path: Path | None = None) -> Report:
    """Run every rule on the project at ``root``; registry and config problems raise UserError."""
    root = root.resolve()
    languages, default = site_languages(root)
    registry = load_registry(registry_path or root / REGISTRY_FILE, languages)
    site = Site(root, languages, default)
    today = today or dt.date.today()
    findings: list[Finding] = []
    findings += check_front_matter(site, registry, today)
    findings += check_twins(site)
    findings += check_includes(site)
    findings += check_links(site, registry)
    fact_findings = check_facts(site, registry)
    findings += fact_findings
    # A wrong figure is reported once, as fact-value, not again as a number missing from the twin.
    wrong_figure = {_twin_key(f.path) for f in fact_findings if f.rule == "fact-value"}
    findings += [f for f in check_numbers(site) if _twin_key(f.path) not in wrong_figure]
    findings += check_staleness(site)
    pages = sum(1 for d in site.docs if d.kind == "page")
    return Report(sorted(set(findings)), pages, len(site.docs) - pages, len(registry.facts))


def _twin_key(path: str) -> str:
    """The same key for a file and its twins: docs/fr/x.md and docs/en/x.md -> x.md."""
    parts = path.split("/")
    return "/".join(parts[3:] if parts[1] == INCLUDES_DIR else parts[2:])


def _relative(path: Path, root: Path) -> Path:
    resolved = path.resolve()
    return resolved.relative_to(root) if resolved.is_relative_to(root) else path


def _finding(doc: Doc | Path | str, line: int, rule: str, message: str) -> Finding:
    path = doc.path.as_posix() if isinstance(doc, Doc) else Path(doc).as_posix()
    return Finding(path, line, rule, message)


# --- front matter -----------------------------------------------------------------------------------------


def check_front_matter(site: Site, registry: Registry, today: dt.date) -> list[Finding]:
    findings = []
    for doc in site.docs:
        if doc.kind != "page":
            continue
        if doc.meta_error:
            findings.append(_finding(doc, doc.meta_error_line, "front-matter", doc.meta_error))
            continue
        meta, lines = doc.meta, doc.meta_lines
        for key in REQUIRED_META:
            if key not in meta or meta[key] in (None, ""):
                findings.append(_finding(doc, 1, "front-matter", f"expected '{key}:' in the front matter, found none"))
        for key in ("title", "reviewer"):
            if key in meta and meta[key] is not None and not isinstance(meta[key], str):
                findings.append(_finding(doc, lines.get(key, 1), "front-matter", f"expected '{key}' to be text"))
        description = meta.get("description")
        if isinstance(description, str):
            low, high = DESCRIPTION_LENGTH
            if not low <= len(description) <= high:
                findings.append(
                    _finding(
                        doc,
                        lines.get("description", 1),
                        "front-matter",
                        f"expected a description of {low} to {high} characters, found {len(description)}",
                    )
                )
        scope = meta.get("scope")
        if scope is not None and doc.scope is None:
            findings.append(
                _finding(
                    doc,
                    lines.get("scope", 1),
                    "front-matter",
                    f"expected scope metastasis, osteoporosis or both, found {scope!r}",
                )
            )
        sources = meta.get("sources")
        if sources is not None:
            if not isinstance(sources, list):
                findings.append(
                    _finding(doc, lines.get("sources", 1), "front-matter", "expected 'sources' to be a list")
                )
            else:
                for source in sources:
                    if source not in registry.sources:
                        findings.append(
                            _finding(
                                doc,
                                lines.get("sources", 1),
                                "front-matter",
                                f"unknown source {source!r}; expected one of {', '.join(sorted(registry.sources))}",
                            )
                        )
        dates = {}
        for key in ("last_reviewed", "next_review"):
            value = meta.get(key)
            if value in (None, ""):
                continue
            if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
                dates[key] = value
            else:
                findings.append(
                    _finding(
                        doc,
                        lines.get(key, 1),
                        "front-matter",
                        f"expected '{key}' as a date YYYY-MM-DD, found {value!r}"
                        + (" in quotes: remove the quotes" if _is_iso_date(value) else ""),
                    )
                )
        if len(dates) == 2:
            if dates["next_review"] <= dates["last_reviewed"]:
                findings.append(
                    _finding(
                        doc,
                        lines["next_review"],
                        "front-matter",
                        f"expected next_review after last_reviewed ({dates['last_reviewed']}), "
                        f"found {dates['next_review']}",
                    )
                )
            elif dates["next_review"] < today:
                findings.append(
                    _finding(
                        doc,
                        lines["next_review"],
                        "review-due",
                        f"review was due on {dates['next_review']} (last reviewed {dates['last_reviewed']})",
                    )
                )
        if dates.get("last_reviewed") and dates["last_reviewed"] > today:
            findings.append(
                _finding(
                    doc,
                    lines["last_reviewed"],
                    "front-matter",
                    f"expected last_reviewed on or before today ({today}), found {dates['last_reviewed']}",
                )
            )
    return findings


def _is_iso_date(value) -> bool:
    try:
        dt.date.fromisoformat(str(value))
    except ValueError:
        return False
    return isinstance(value, str)


# --- twins ------------------------------------------------------------------------------------------------


def check_twins(site: Site) -> list[Finding]:
    findings = []
    for doc in site.docs:
        for lang in site.languages:
            if lang == doc.lang:
                continue
            twin = site.twin(doc, lang)
            if twin is None:
                expected = (
                    f"docs/{lang}/{doc.tree_path}"
                    if doc.kind == "page"
                    else f"docs/{INCLUDES_DIR}/{lang}/{doc.tree_path}"
                )
                findings.append(
                    _finding(doc, 1, "twin-missing", f"no '{lang}' twin: expected {expected}, found no file")
                )
                continue
            if doc.lang != site.default or doc.kind != "page":
                continue
            ours = [h for h in doc.headings() if h.level == 2]
            theirs = [h for h in twin.headings() if h.level == 2]
            if len(ours) != len(theirs):
                findings.append(
                    _finding(
                        twin,
                        theirs[0].line if theirs else 1,
                        "twin-sections",
                        f"{len(theirs)} '##' sections here, {len(ours)} in {doc.path.as_posix()}",
                    )
                )
            for key in ("scope", "sources"):
                if doc.meta.get(key) != twin.meta.get(key) and key in doc.meta and key in twin.meta:
                    findings.append(
                        _finding(
                            twin,
                            twin.meta_lines.get(key, 1),
                            "twin-front-matter",
                            f"{key} is {twin.meta.get(key)!r} here but {doc.meta.get(key)!r} in {doc.path.as_posix()}",
                        )
                    )
    return findings


def check_staleness(site: Site) -> list[Finding]:
    """Warn when a default-language page changed in git after its translation did."""
    changed = _last_commit_times(site.root)
    if not changed:
        return []
    findings = []
    for doc in site.docs:
        if doc.lang != site.default:
            continue
        for lang in site.languages:
            twin = site.twin(doc, lang) if lang != doc.lang else None
            if twin is None:
                continue
            ours, theirs = changed.get(doc.path.as_posix()), changed.get(twin.path.as_posix())
            if ours and theirs and ours > theirs:
                day = lambda t: dt.datetime.fromtimestamp(t, dt.UTC).date().isoformat()  # noqa: E731
                findings.append(
                    _finding(
                        twin,
                        1,
                        "twin-stale",
                        f"possibly outdated: {doc.path.as_posix()} changed on {day(ours)}, "
                        f"this translation last on {day(theirs)}",
                    )
                )
    return findings


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


# --- includes and links -----------------------------------------------------------------------------------


def check_includes(site: Site) -> list[Finding]:
    findings = []
    for doc in site.docs:
        for include in doc.includes():
            lang, _, rest = include.path.partition("/")
            fragment = site.fragment(include.path)
            if fragment is None:
                findings.append(
                    _finding(
                        doc,
                        include.line,
                        "include-missing",
                        f"fragment '{include.path}' not found: expected docs/{INCLUDES_DIR}/{include.path}",
                    )
                )
                continue
            if lang != doc.lang:
                findings.append(
                    _finding(
                        doc,
                        include.line,
                        "include-language",
                        f"a '{doc.lang}' page includes the '{lang}' fragment '{include.path}'",
                    )
                )
            scope = doc.scope
            if scope and scope != "both" and fragment.scope not in (scope, "both"):
                findings.append(
                    _finding(
                        doc,
                        include.line,
                        "include-scope",
                        f"a '{scope}' page includes the '{fragment.scope}' fragment '{include.path}'",
                    )
                )
    return findings


def _anchors(site: Site, page: Doc) -> set[str]:
    anchors, counts = set(), defaultdict(int)
    for heading in page.headings():
        anchor = heading.anchor
        if counts[anchor]:
            anchors.add(f"{anchor}_{counts[anchor]}")
        else:
            anchors.add(anchor)
        counts[heading.anchor] += 1
    return anchors


def check_links(site: Site, registry: Registry) -> list[Finding]:
    findings = []
    for doc in site.docs:
        # A fragment's relative links resolve from each page that includes it.
        bases = [doc] if doc.kind == "page" else site.includers.get(doc, [])
        for link in doc.links():
            for base in bases:
                finding = _check_link(site, registry, doc, base, link)
                if finding:
                    findings.append(finding)
                    break
    return findings


def _check_link(site: Site, registry: Registry, doc: Doc, base: Doc, link) -> Finding | None:
    target = link.target
    parts = urlsplit(target)
    where = "" if base is doc else f" (as included in {base.path.as_posix()})"
    if parts.scheme in ("http", "https"):
        host = (parts.hostname or "").lower()
        if not any(host == allowed or host.endswith(f".{allowed}") for allowed in registry.allowed_hosts):
            return _finding(
                doc,
                link.line,
                "link-external",
                f"link to {host or target} is not allowed; allowed hosts: {', '.join(registry.allowed_hosts)}",
            )
        return None
    if parts.scheme in ("mailto", "tel"):
        return None
    if parts.scheme or target.startswith("/"):
        return _finding(doc, link.line, "link-absolute", f"link '{target}' is absolute{where}")
    path, anchor = parts.path, parts.fragment
    if not path:
        page = base
    else:
        resolved = posixpath.normpath(posixpath.join(posixpath.dirname(base.tree_path), path))
        if resolved.startswith("../"):
            outside = resolved.split("/")[1] if resolved.count("/") else ""
            if outside in site.languages:
                return _finding(
                    doc, link.line, "link-language", f"link '{target}' leaves the '{base.lang}' pages for '{outside}'"
                )
            return _finding(doc, link.line, "link-broken", f"link '{target}' points outside the docs{where}")
        if not resolved.endswith(".md"):
            file = site.root / "docs" / base.lang / resolved
            if not file.exists():
                kind = "image" if link.image else "file"
                return _finding(
                    doc,
                    link.line,
                    "link-broken",
                    f"{kind} '{target}' not found: expected {file.relative_to(site.root)}{where}",
                )
            return None
        page = site.page(base.lang, resolved)
        if page is None:
            return _finding(
                doc,
                link.line,
                "link-broken",
                f"link '{target}' points to docs/{base.lang}/{resolved}, which does not exist{where}",
            )
    if anchor and anchor not in _anchors(site, page):
        return _finding(
            doc,
            link.line,
            "link-anchor",
            f"link '{target}': no heading with anchor '#{anchor}' in {page.path.as_posix()}{where}",
        )
    return None


# --- facts and numbers ------------------------------------------------------------------------------------


@dataclass
class Mention:
    fact: Fact
    doc: Doc
    line: int
    value: str | None


def _mentions(site: Site, registry: Registry) -> list[Mention]:
    found = []
    for doc in site.docs:
        for number, line in doc.body_lines():
            for fact in registry.facts:
                for match in fact.matches(doc.lang, line):
                    value = match.groupdict().get("value")
                    found.append(Mention(fact, doc, number, value))
    return found


# How a line on a page about both situations says which one it speaks of (French and English alike).
SCOPE_LABELS = {
    "metastasis": re.compile(r"m[ée]tastas", re.IGNORECASE),
    "osteoporosis": re.compile(r"ost[ée]opor", re.IGNORECASE),
}


def _labelled(doc: Doc, line: int, scope: str) -> bool:
    """On a page or fragment about both situations, a scoped fact is fine where its line or heading names the scope."""
    if doc.scope != "both":
        return False
    label = SCOPE_LABELS[scope]
    text = dict(doc.body_lines())
    if label.search(text.get(line, "")):
        return True
    headings = [h for h in doc.headings() if h.line < line]
    return bool(headings) and bool(label.search(headings[-1].text))


def check_facts(site: Site, registry: Registry) -> list[Finding]:
    findings = []
    mentions = _mentions(site, registry)
    by_doc: dict[Doc, dict[str, Mention]] = defaultdict(dict)
    for mention in mentions:
        fact, doc = mention.fact, mention.doc
        by_doc[doc].setdefault(fact.id, mention)
        if fact.value is not None and mention.value is not None:
            if normalise_value(mention.value) != normalise_value(fact.value):
                findings.append(
                    _finding(
                        doc,
                        mention.line,
                        "fact-value",
                        f"fact '{fact.id}' ({fact.statement}): found {mention.value.strip()}, expected {fact.value}",
                    )
                )
        if fact.scope != "both" and doc.scope != fact.scope and not _labelled(doc, mention.line, fact.scope):
            findings.append(
                _finding(
                    doc,
                    mention.line,
                    "fact-scope",
                    f"fact '{fact.id}' belongs to {fact.scope} pages, found on a {doc.scope or 'unscoped'} "
                    f"{doc.kind} ({fact.statement})",
                )
            )
    # Required pages: the page itself or a fragment it includes states the fact.
    for fact in registry.facts:
        for tree_path in fact.pages:
            for lang in site.languages:
                page = site.page(lang, tree_path)
                if page is None:
                    findings.append(
                        _finding(
                            _relative(registry.path, site.root),
                            fact.line,
                            "fact-missing",
                            f"fact '{fact.id}' names page {tree_path}, but docs/{lang}/{tree_path} does not exist",
                        )
                    )
                    continue
                docs = {page} | {site.fragment(i.path) for i in page.includes()}
                if not any(fact.id in by_doc.get(d, {}) for d in docs if d is not None):
                    findings.append(
                        _finding(
                            page,
                            page.body_start,
                            "fact-missing",
                            f"fact '{fact.id}' ({fact.statement}) must appear on this page; "
                            f"the '{lang}' pattern found no mention",
                        )
                    )
    # Twins state the same facts.
    for doc, stated in by_doc.items():
        for lang in site.languages:
            if lang == doc.lang:
                continue
            twin = site.twin(doc, lang)
            if twin is None:
                continue
            for fact_id, mention in stated.items():
                if fact_id not in by_doc.get(twin, {}):
                    findings.append(
                        _finding(
                            doc,
                            mention.line,
                            "fact-twin",
                            f"fact '{fact_id}' is stated here but not in {twin.path.as_posix()}",
                        )
                    )
    return findings


def _numbers(doc: Doc) -> dict[str, int]:
    """Each number in the body (outside links, attributes and includes) with its first line."""
    numbers: dict[str, int] = {}
    for number, line in doc.body_lines():
        cleaned = LINK_TARGET.sub(" ", re.sub(r"\{!.*?!\}", " ", line))
        for match in NUMBER.finditer(cleaned):
            numbers.setdefault(match.group(0).replace(",", "."), number)
    return numbers


def check_numbers(site: Site) -> list[Finding]:
    findings = []
    for doc in site.docs:
        ours = _numbers(doc)
        for lang in site.languages:
            twin = site.twin(doc, lang) if lang != doc.lang else None
            if twin is None:
                continue
            theirs = _numbers(twin)
            for value, line in sorted(ours.items(), key=lambda item: item[1]):
                if value not in theirs:
                    findings.append(
                        _finding(
                            doc,
                            line,
                            "number-twin",
                            f"the number {value} appears here but not in {twin.path.as_posix()}",
                        )
                    )
    return findings


# --- command line -----------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    """Check that medical facts, translations, links and includes of the site are consistent."""
    parser = argparse.ArgumentParser(prog="check_content.py", description=main.__doc__)
    parser.add_argument("--root", type=Path, default=Path.cwd(), help="project folder (default: current folder)")
    parser.add_argument("--format", choices=("text", "github"), default="text", help="output format")
    parser.add_argument("--registry", type=Path, default=None, help=f"facts registry (default: ROOT/{REGISTRY_FILE})")
    parser.add_argument("--today", type=dt.date.fromisoformat, default=None, help="date for review checks (YYYY-MM-DD)")
    args = parser.parse_args(argv)
    if not args.root.is_dir():
        raise UserError("expected a project folder, found none", path=args.root)
    report = check(args.root, today=args.today, registry_path=args.registry)
    for finding in report.findings:
        print(finding.github() if args.format == "github" else finding.text())
    print(report.summary())
    return EXIT_FINDINGS if report.errors else EXIT_OK
