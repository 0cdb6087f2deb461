#!/usr/bin/env python3
"""Measure how fast the site builds, checks, zips and publishes, and how heavy its pages are.

Time the strict bilingual build (beside one plain Material build per language), the content check (on
the site and on synthetic trees of 10x and 100x its pages), the offline zip, and publishing to a local
moto S3 server (beside `aws s3 sync`); weigh the built site, each page's first visit in Chromium from
that bucket (every byte it sent until the network was idle, stored gzip-compressed by publish.py) beside a
static gzip estimate, and the search indexes; score representative pages with Lighthouse, loaded from the
bucket too. Each time is the median of --runs runs
after one warm-up, with min and max. Print a table, marking figures over budget as OVER, and write JSON
(default: benchmark-results.json). --quick does one small run of each, without Lighthouse or awscli.
--enforce exits 1 when a budgeted figure is over budget or could not be measured. awscli and Lighthouse
are installed on first use under .cache/benchmark-tools/.
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from sitetools.benchmark import main  # noqa: E402
from sitetools.cli import run  # noqa: E402

if __name__ == "__main__":
    raise SystemExit(run(main, prog="benchmark"))
