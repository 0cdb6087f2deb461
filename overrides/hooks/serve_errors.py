"""MkDocs hook: the events of sitetools.hooks.serve_errors (the logic and its description are there)."""

from __future__ import annotations

import _sitetools  # noqa: F401  puts scripts/ on sys.path
from sitetools.hooks.serve_errors import on_serve

__all__ = ["on_serve"]
