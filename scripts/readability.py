#!/usr/bin/env python3
"""Score every page for readability: Kandel-Moles in French, Flesch reading ease in English.

One line per page, `path: score (threshold): ok|LOW` (`TROP DIFFICILE` in French), then a summary; exit 1 if
a page is below its threshold. Messages in French or English: --lang fr|en, by default the locale's.
Thresholds and what is scored: scripts/sitetools/readability.py.
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from sitetools.cli import run  # noqa: E402
from sitetools.readability import main  # noqa: E402

if __name__ == "__main__":
    raise SystemExit(run(main, prog="readability"))
