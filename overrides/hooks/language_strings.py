"""MkDocs hook: the events of sitetools.hooks.language_strings (the logic and its description are there)."""

from __future__ import annotations

import _sitetools  # noqa: F401  puts scripts/ on sys.path
from sitetools.hooks.language_strings import on_post_page

__all__ = ["on_post_page"]
