#!/usr/bin/env python3
"""Check that medical facts, translations, links, includes and HTML of the site are consistent and safe."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from sitetools.cli import run  # noqa: E402
from sitetools.content_check import main  # noqa: E402

if __name__ == "__main__":
    raise SystemExit(run(main, prog="check_content"))
