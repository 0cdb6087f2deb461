"""git in the tests' throwaway repositories: a fixed identity, no user or system settings, an optional date."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

GIT_ENV = {
    "GIT_CONFIG_GLOBAL": os.devnull,  # no user or system settings (signing, hooks, templates) get in the way
    "GIT_CONFIG_NOSYSTEM": "1",
    "GIT_AUTHOR_NAME": "Fixture",
    "GIT_AUTHOR_EMAIL": "fixture@example.org",
    "GIT_COMMITTER_NAME": "Fixture",
    "GIT_COMMITTER_EMAIL": "fixture@example.org",
}


def git(repo: Path, *args: str, when: str | None = None) -> str:
    """Run git in repo (commits dated `when`, an ISO date, if given); return its output, stripped."""
    env = {**os.environ, **GIT_ENV}
    if when:
        env |= {"GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when}
    result = subprocess.run(["git", "-C", str(repo), *args], capture_output=True, text=True, env=env, check=True)
    return result.stdout.strip()
