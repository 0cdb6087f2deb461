"""Each rule family run on its own, without rendering: the scenarios of rule_messages.yml, family by family.

test_rule_messages.py runs the whole check (every family, the Markdown renderer included) for each scenario;
here each family that reads the source only (front matter, twins, facts, includes) is run alone on the same
tree and must give exactly its share of that report. One test per scenario and family keeps each test small,
so a mutation run tries a mutant of one family against that family's tests only.
"""

from __future__ import annotations

import pytest
from helpers.scenarios import (
    SCENARIO_IDS,
    SCENARIOS,
    apply_edits,
    check_context,
)
from sitetools.check import facts, front_matter, includes, twins
from sitetools.check.rule import RULES

FAMILIES = {"front_matter": front_matter, "twins": twins, "facts": facts, "includes": includes}


@pytest.mark.parametrize("family", FAMILIES)
@pytest.mark.parametrize("scenario", SCENARIOS, ids=SCENARIO_IDS)
def test_a_family_alone_gives_its_share_of_the_report(tree, scenario, family):
    apply_edits(tree, scenario["edits"])
    ctx = check_context(tree)
    rules = {rule_id for rule_id, rule in RULES.items() if rule.family == family}
    expected = [line for line in scenario["report"][:-1] if line.split(": ")[1] in rules]
    assert sorted(f.text("en") for f in FAMILIES[family].run(ctx)) == expected
