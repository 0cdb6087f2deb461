#!/usr/bin/env bash
# Set up everything the tests need on a fresh Debian machine with Python 3.11, then run every test.
# Extra arguments go to pytest (for example: bash scripts/test.sh -k content_check; -n 0 runs in one process).
set -euo pipefail
cd "$(dirname "$0")/.."

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

# Browser tests drive Debian's Chromium; Playwright's own browser download does not work here.
missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
if [ -f package-lock.json ] && ! command -v npm >/dev/null; then missing+=(nodejs npm); fi
# Debian's python3 makes virtual environments only with its python3-venv package.
if [ ! -x .venv/bin/python ] && ! python3 -c "import ensurepip" 2>/dev/null; then missing+=(python3-venv); fi
if [ ${#missing[@]} -gt 0 ]; then
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi

[ -x .venv/bin/python ] || python3 -m venv .venv
# Every version and hash is locked (requirements-test.in -> requirements-test.txt, see README).
.venv/bin/python -m pip install -q --disable-pip-version-check -r requirements-test.txt --require-hashes
# axe-core (accessibility rules) comes from its npm package, at the version package-lock.json pins.
if [ -f package-lock.json ]; then npm ci --ignore-scripts --no-audit --no-fund --loglevel=error; fi

export NO_MKDOCS_2_WARNING=1
.venv/bin/ruff check .
if [ -d ../shared/seeds ]; then .venv/bin/python scripts/check_content.py --sources ../shared/seeds; else echo "check_content: ../shared/seeds not found: the copied-text rule is skipped"; .venv/bin/python scripts/check_content.py; fi
# One worker per core (pytest-xdist); a test file stays on one worker, so its module fixtures are built once.
.venv/bin/python -m pytest -n auto --dist loadfile "$@"
