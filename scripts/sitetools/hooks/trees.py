"""What changed in a folder tree since the last look, without reading a file."""

from __future__ import annotations

import os
from pathlib import Path


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
