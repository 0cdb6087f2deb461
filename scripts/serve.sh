#!/usr/bin/env bash
# Set up what a user needs to build, serve, check, zip and publish the site (the locked requirements.txt, in
# .venv), build the site into site/, then serve it for reading while editing. Needs Debian with Python 3.11.
# SERVE_ADDR chooses the address (default 127.0.0.1:8000). Ctrl-C stops the server.
set -euo pipefail
cd "$(dirname "$0")/.."

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

# Debian's python3 makes virtual environments only with its python3-venv package.
if [ ! -x .venv/bin/python ] && ! python3 -c "import ensurepip" 2>/dev/null; then
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-venv >/dev/null
fi
[ -x .venv/bin/python ] || python3 -m venv .venv
# Every version and hash is locked: what runs here is what CI tested.
.venv/bin/python -m pip install -q --disable-pip-version-check -r requirements.txt --require-hashes

# Material's end-of-life banner and the i18n plugin's configuration dump say nothing to a reader of this site.
export NO_MKDOCS_2_WARNING=1
addr="${SERVE_ADDR:-127.0.0.1:8000}"
.venv/bin/mkdocs build --quiet --strict
echo "Site built in site/ ($(find site -name "*.html" | wc -l) HTML pages)."
echo "Serving at http://${addr}/ (français) and http://${addr}/en/ (English); Ctrl-C stops it."
exec .venv/bin/mkdocs serve --quiet --dev-addr "$addr"
