"""MkDocs hook: the events of sitetools.hooks.leaflets (the logic and its description are there)."""

from __future__ import annotations

import _sitetools  # noqa: F401  puts scripts/ on sys.path
from sitetools.hooks.leaflets import on_page_markdown

__all__ = ["on_page_markdown"]
