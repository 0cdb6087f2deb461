"""The strict MkDocs build, as every script and test runs it: a subprocess in the project folder."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

# Material prints an end-of-life banner on every build; it says nothing about this site.
QUIET = {"NO_MKDOCS_2_WARNING": "1"}
# The build hooks import sitetools (one rule book with the content check), also from a copy without scripts/.
SCRIPTS = Path(__file__).resolve().parents[1]


def run_strict_build(
    root: Path, site_dir: Path, env: dict[str, str | None] | None = None, config_file: Path | None = None
) -> subprocess.CompletedProcess:
    """Run `mkdocs build --strict` in ``root`` into ``site_dir``; ``env`` adds variables (None unsets one).

    The result carries stdout and stderr, for callers that turn a failure into one clear line.
    """
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site_dir)]
    if config_file is not None:
        command += ["--config-file", str(config_file)]
    merged = {**os.environ, **QUIET}
    merged["PYTHONPATH"] = os.pathsep.join(filter(None, [str(SCRIPTS), merged.get("PYTHONPATH")]))
    for name, value in (env or {}).items():
        if value is None:
            merged.pop(name, None)
        else:
            merged[name] = value
    return subprocess.run(command, cwd=root, env=merged, capture_output=True, text=True, check=False)
