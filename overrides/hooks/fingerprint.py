"""MkDocs hook: the events of sitetools.hooks.fingerprint (the logic and its description are there)."""

from __future__ import annotations

import _sitetools  # noqa: F401  puts scripts/ on sys.path
from sitetools.hooks.fingerprint import on_config, on_files

__all__ = ["on_config", "on_files"]
