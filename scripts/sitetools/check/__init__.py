"""The content check: medical facts agree with the registry, twins mirror, links, includes and HTML are safe.

Each family of rules lives in its own module (front_matter, twins, facts, includes, links, html, files,
copied_text) and declares its rules as ``Rule`` constants; ``RULES`` lists them all (``--list-rules``).
Each finding is printed as ``path:line: rule: message (fix: …)``, then one summary line.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from dataclasses import dataclass
from pathlib import Path

from sitetools.check import copied_text, facts, files, front_matter, html, includes, links, twins
from sitetools.check.messages import LANGUAGES, catalogue, language_from_environment
from sitetools.check.rule import RULES, Finding, Rule, rules_table
from sitetools.check.site import Context, Site
from sitetools.cli import EXIT_FINDINGS, EXIT_OK, UserError
from sitetools.facts import load_registry
from sitetools.messages import Text, speaking
from sitetools.sources import site_languages

__all__ = ["FIXES", "RULES", "Finding", "Report", "Rule", "Site", "check", "main"]

REGISTRY_FILE = "facts.yml"
# Every family, in the order the README lists them; each is walked once per run.
FAMILIES = (front_matter, twins, facts, includes, links, html, files, copied_text)
FIXES = {rule_id: rule.fix() for rule_id, rule in RULES.items()}


def list_rules(lang: str = "en") -> str:
    """The rule table of the README (in English), generated from the registry."""
    return rules_table([family.__name__.rpartition(".")[2] for family in FAMILIES], lang)


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

    def summary(self, lang: str = "en") -> str:
        words = catalogue(lang)
        errors, warnings = len(self.errors), len(self.warnings)
        return words["report.summary"].format(
            pages=self.pages,
            fragments=self.fragments,
            facts=self.facts,
            errors=words["report.error" if _singular(errors, lang) else "report.errors"].format(count=errors),
            warnings=words["report.warning" if _singular(warnings, lang) else "report.warnings"].format(count=warnings),
        )


def _singular(count: int, lang: str) -> bool:
    """English says '0 errors', French '0 erreur'."""
    return count == 1 or (lang == "fr" and count == 0)


def check(
    root: Path,
    today: dt.date | None = None,
    registry_path: Path | None = None,
    sources_dir: Path | None = None,
) -> Report:
    """Run every rule on the project at ``root``; registry and config problems raise UserError."""
    root = root.resolve()
    languages, default = site_languages(root)
    registry = load_registry(registry_path or root / REGISTRY_FILE, languages)
    site = Site(root, languages, default)
    ctx = Context(site, registry, today or dt.date.today(), sources_dir)
    findings: list[Finding] = []
    for family in FAMILIES:
        findings += family.run(ctx)
    pages = len(ctx.pages)
    return Report(sorted(set(findings)), pages, len(site.docs) - pages, len(registry.facts))


def main(argv: list[str] | None = None) -> int:
    """Check that medical facts, translations, links, includes and HTML of the site are consistent and safe."""
    parser = argparse.ArgumentParser(prog="check_content.py", description=main.__doc__)
    parser.add_argument("--root", type=Path, default=Path.cwd(), help="project folder (default: current folder)")
    parser.add_argument("--format", choices=("text", "github"), default="text", help="output format")
    parser.add_argument("--registry", type=Path, default=None, help=f"facts registry (default: ROOT/{REGISTRY_FILE})")
    parser.add_argument("--today", type=dt.date.fromisoformat, default=None, help="date for review checks (YYYY-MM-DD)")
    parser.add_argument(
        "--sources", type=Path, default=None, metavar="DIR", help="source documents for the copied-text rule"
    )
    parser.add_argument("--list-rules", action="store_true", help="print the table of rules (Markdown) and stop")
    parser.add_argument(
        "--lang",
        choices=LANGUAGES,
        default=None,
        help="language of the messages (default: from the locale, French when unsure); rule ids do not change",
    )
    args = parser.parse_args(argv)
    lang = args.lang or language_from_environment()
    if args.list_rules:
        sys.stdout.write(list_rules(lang))
        return EXIT_OK
    # The shared readers (mkdocs.yml, facts.yml, docs/) raise their errors in this language too.
    with speaking(lang):
        if not args.root.is_dir():
            raise UserError(Text("check", "report.no-project"), path=args.root)
        report = check(args.root, today=args.today, registry_path=args.registry, sources_dir=args.sources)
    for finding in report.findings:
        print(finding.github(lang) if args.format == "github" else finding.text(lang))
    print(report.summary(lang))
    return EXIT_FINDINGS if report.errors else EXIT_OK
