"""Lets the hooks import sitetools (scripts/sitetools), so the build and the content check share one rule book.

A copy of the project without scripts/ (the tests' throwaway copies) finds sitetools on PYTHONPATH instead,
which sitetools.build sets.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

SCRIPTS = Path(__file__).resolve().parents[2] / "scripts"
if (SCRIPTS / "sitetools").is_dir() and str(SCRIPTS) not in sys.path:
    sys.path.insert(0, str(SCRIPTS))


def tree_signature(*trees: Path) -> tuple:
    """What changes when any file under ``trees`` does (name, type, size, time), without following links.

    The i18n plugin runs the build once per language: the hooks check the trees once, not once a language.
    """
    entries = []
    for tree in trees:
        for folder, dirs, files in os.walk(tree):
            for name in [*dirs, *files]:
                status = os.lstat(os.path.join(folder, name))
                entries.append((folder, name, status.st_mode, status.st_size, status.st_mtime_ns))
    return tuple(entries)
