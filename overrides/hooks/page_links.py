"""MkDocs hook: the events of sitetools.hooks.page_links (the logic and its description are there)."""

from __future__ import annotations

import _sitetools  # noqa: F401  puts scripts/ on sys.path
from sitetools.hooks.page_links import on_page_context

__all__ = ["on_page_context"]
