"""Publish the built site to an S3 bucket, uploading only files whose content changed.

Text files (HTML, CSS, JS, JSON, XML, SVG) are stored gzip-compressed with Content-Encoding: gzip (--no-compress
stores them as they are). Upload assets first, then pages, then the home pages, each wave only once the previous
one finished, printing each upload as it completes; delete stale objects (--delete) only after every upload
succeeded, at most 10 % of the objects under the prefix unless --max-delete allows more, and never a home page
or the offline zip. An interrupted run leaves the old site working and a rerun finishes it. --require-sign-off
refuses pages a clinician has not signed off; --remove-prefix deletes a preview under previews/. Credentials
come from the standard AWS chain: AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY, or a profile. For another
S3-compatible provider pass its --endpoint-url and --region. This does not run the content check: CI
publishes only from main after the check, the strict build and the tests passed. Messages in French or
English: --lang fr|en, by default the locale's (French when unsure).
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from sitetools.cli import run  # noqa: E402
from sitetools.publish import main  # noqa: E402

if __name__ == "__main__":
    raise SystemExit(run(main, prog="publish"))
