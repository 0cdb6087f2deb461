"""MkDocs hook: the events of sitetools.hooks.offline (the logic and its description are there)."""

from __future__ import annotations

import _sitetools  # noqa: F401  puts scripts/ on sys.path
from sitetools.hooks.offline import on_config, on_files, on_page_context, on_post_page

__all__ = ["on_config", "on_files", "on_page_context", "on_post_page"]
