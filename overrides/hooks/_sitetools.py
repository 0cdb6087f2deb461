"""Lets the hooks import sitetools (scripts/sitetools), so the build and the content check share one rule book.

A copy of the project without scripts/ (the tests' throwaway copies) finds sitetools on PYTHONPATH instead,
which sitetools.build sets.
"""

from __future__ import annotations

import sys
from pathlib import Path

SCRIPTS = Path(__file__).resolve().parents[2] / "scripts"
if (SCRIPTS / "sitetools").is_dir() and str(SCRIPTS) not in sys.path:
    sys.path.insert(0, str(SCRIPTS))
