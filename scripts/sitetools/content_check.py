"""The content check's entry point, kept for its importers: the rules live in ``sitetools.check``."""

from sitetools.check import FIXES, RULES, Finding, Report, Rule, Site, check, main
from sitetools.check.facts import mentions as _mentions

__all__ = ["FIXES", "RULES", "Finding", "Report", "Rule", "Site", "_mentions", "check", "main"]
