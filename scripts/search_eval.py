#!/usr/bin/env python3
"""Type the patient questions into the site's search box in Chromium and report how many it answers."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from sitetools.cli import run  # noqa: E402
from sitetools.search_eval import main  # noqa: E402

if __name__ == "__main__":
    raise SystemExit(run(main, prog="search_eval"))
