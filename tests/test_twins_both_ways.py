"""A page without its twin is reported whichever language it is written in.

French is the default language, so a check that only walks the French pages still reports a French page
without an English twin. Here a copy of the project gets one page in each direction: an English page with
no French twin and a French page with no English twin, and the content check's CLI must name both.
"""

from __future__ import annotations

import re
import subprocess
import sys

from conftest import ROOT

FRONT_MATTER = """\
---
title: {title}
description: {description}
scope: both
sources: [metastasis-centre]
last_reviewed: 2026-11-25
next_review: 2027-11-25
reviewer: {reviewer}
clinical_review: pending
---

# {title}

{body}
"""
ENGLISH_ONLY = FRONT_MATTER.format(
    title="English only",
    description="A page written in English only, to check that its missing French twin is reported.",
    reviewer="Editorial team",
    body="This page has no French twin.",
)
FRENCH_ONLY = FRONT_MATTER.format(
    title="En français seulement",
    description="Une page écrite en français seulement, pour vérifier que son jumeau anglais manquant est signalé.",
    reviewer="Équipe éditoriale",
    body="Cette page n'a pas de jumeau anglais.",
)
FIX = "(fix: create the twin file at the same path in the other language)"
FINDING = re.compile(r"^docs/\S+:\d+: (?P<rule>[a-z-]+): ")
WARNING_RULES = {"review-due", "twin-stale"}  # warnings depend on today's date and on git, not on this change


def test_a_missing_twin_is_reported_in_both_directions(copy_of_project):
    (copy_of_project / "docs/en/metastasis/english-only.md").write_text(ENGLISH_ONLY, encoding="utf-8")
    (copy_of_project / "docs/fr/osteoporosis/francais-seulement.md").write_text(FRENCH_ONLY, encoding="utf-8")

    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "check_content.py"), "--lang", "en", "--root", str(copy_of_project)],
        capture_output=True,
        text=True,
        check=False,
    )

    assert result.returncode == 1, result.stdout + result.stderr
    assert result.stderr == ""
    lines = result.stdout.splitlines()
    errors = [line for line in lines if (m := FINDING.match(line)) and m["rule"] not in WARNING_RULES]
    assert errors == [
        "docs/en/metastasis/english-only.md:1: twin-missing: no 'fr' twin: "
        f"expected docs/fr/metastasis/english-only.md, found no file {FIX}",
        "docs/fr/osteoporosis/francais-seulement.md:1: twin-missing: no 'en' twin: "
        f"expected docs/en/osteoporosis/francais-seulement.md, found no file {FIX}",
    ]
    assert re.search(r": 2 errors, \d+ warnings?$", lines[-1]), lines[-1]
