"""Each rule family run on its own, without rendering: the scenarios of rule_messages.yml, family by family.

test_rule_messages.py runs the whole check (every family, the Markdown renderer included) for each scenario;
here each family that reads the source only (front matter, twins, facts, includes) is run alone on the same
tree and must give exactly its share of that report. One test per scenario and family keeps each test small,
so a mutation run tries a mutant of one family against that family's tests only.
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
import yaml
from sitetools.check import facts, front_matter, includes, twins
from sitetools.check.rule import RULES
from sitetools.check.site import Context, Site
from sitetools.facts import load_registry
from sitetools.sources import site_languages

HERE = Path(__file__).parent
BASE = HERE.parent / "content_check" / "base"
SCENARIOS = yaml.safe_load((HERE / "rule_messages.yml").read_text(encoding="utf-8"))
FAMILIES = {"front_matter": front_matter, "twins": twins, "facts": facts, "includes": includes}


def apply(root: Path, edits) -> None:
    for path, old, new in edits:
        file = root / path
        if old is None and new is None:
            file.unlink()
        elif old is None:
            file.parent.mkdir(parents=True, exist_ok=True)
            file.write_text(new, encoding="utf-8")
        elif old == "APPEND":
            file.write_text(file.read_text(encoding="utf-8") + new, encoding="utf-8")
        else:
            file.write_text(file.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")


@pytest.mark.parametrize("family", FAMILIES)
@pytest.mark.parametrize("scenario", SCENARIOS, ids=[scenario["id"] for scenario in SCENARIOS])
def test_a_family_alone_gives_its_share_of_the_report(tmp_path, scenario, family):
    root = (tmp_path / "tree").resolve()
    shutil.copytree(BASE, root)
    apply(root, scenario["edits"])
    languages, default = site_languages(root)
    ctx = Context(Site(root, languages, default), load_registry(root / "facts.yml", languages), dt.date(2026, 6, 1))
    rules = {rule_id for rule_id, rule in RULES.items() if rule.family == family}
    expected = [line for line in scenario["report"][:-1] if line.split(": ")[1] in rules]
    assert sorted(f.text("en") for f in FAMILIES[family].run(ctx)) == expected
