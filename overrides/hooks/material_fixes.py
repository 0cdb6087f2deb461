"""MkDocs hook: the events of sitetools.hooks.material_fixes (the logic and its description are there)."""

from __future__ import annotations

import _sitetools  # noqa: F401  puts scripts/ on sys.path
from sitetools.hooks.material_fixes import on_post_page, on_post_template

__all__ = ["on_post_page", "on_post_template"]
