"""The build pass helpers of sitetools.hooks.i18n, for the hooks still written here (search_per_language)."""

from __future__ import annotations

import _sitetools  # noqa: F401  puts scripts/ on sys.path
from sitetools.hooks.i18n import (
    current_language,
    default_language,
    i18n_plugin,
    is_final_pass,
    is_offline,
    language_prefix,
)

__all__ = ["current_language", "default_language", "i18n_plugin", "is_final_pass", "is_offline", "language_prefix"]
