#!/usr/bin/env python3
"""Build the site for reading without a connection and write it as one reproducible zip."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from sitetools.cli import run  # noqa: E402
from sitetools.offline import main  # noqa: E402

if __name__ == "__main__":
    raise SystemExit(run(main, prog="make_offline_zip"))
