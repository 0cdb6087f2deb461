"""Lets the hooks import sitetools (scripts/sitetools), where their logic lives (sitetools.hooks) and the rule
book they share with the content check.

A copy of the project without scripts/sitetools (the tests' throwaway copies, and the mutation workspace,
where the mutated package comes first on PYTHONPATH) finds sitetools on PYTHONPATH instead, which
sitetools.build and scripts/mutation.sh set.
"""

from __future__ import annotations

import sys
from pathlib import Path

SCRIPTS = Path(__file__).resolve().parents[2] / "scripts"
if (SCRIPTS / "sitetools").is_dir() and str(SCRIPTS) not in sys.path:
    sys.path.insert(0, str(SCRIPTS))

from sitetools.hooks.trees import tree_signature  # noqa: E402

__all__ = ["tree_signature"]
