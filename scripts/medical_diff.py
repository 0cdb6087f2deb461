#!/usr/bin/env python3
"""List what changed medically since a git ref: facts, figures in the pages, safety statements, twins, dates.

Usage: python scripts/medical_diff.py --base main [--format markdown|text] [--lang fr|en]
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from sitetools.cli import run  # noqa: E402
from sitetools.medical_diff import main  # noqa: E402

if __name__ == "__main__":
    raise SystemExit(run(main, prog="medical_diff"))
