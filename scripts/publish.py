"""Publish the built site to an S3 bucket, uploading only files whose content changed.

Upload assets first, then pages, then the home pages, and delete stale objects (--delete) only after every
upload succeeded, so an interrupted run leaves the old site working and a rerun finishes it. Credentials
come from the standard AWS chain: AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY, or a profile. For another
S3-compatible provider pass its --endpoint-url and --region. This does not run the content check: CI
publishes only from main after the check, the strict build and the tests passed.
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from sitetools.cli import run  # noqa: E402
from sitetools.publish import main  # noqa: E402

if __name__ == "__main__":
    raise SystemExit(run(main, prog="publish"))
