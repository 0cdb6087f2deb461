"""The rule registry is the one list of rules: the README shows it, every rule is tested, every id is known."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path
from string import Formatter

import pytest
from sitetools import policy
from sitetools.check import RULES, list_rules
from sitetools.check.html import BY_POLICY_ID
from sitetools.check.messages import catalogue, language_from_environment

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).parent
README_TABLE = re.compile(r"<!-- rules: [^\n]*-->\n(?P<table>.*?)<!-- /rules -->", re.DOTALL)


def test_readme_rule_table_is_the_registry():
    match = README_TABLE.search((ROOT / "README.md").read_text(encoding="utf-8"))
    assert match, "README.md has no generated rule table between <!-- rules: … --> and <!-- /rules -->"
    assert match["table"] == list_rules(), "run: python scripts/check_content.py --list-rules, and paste it"


def test_list_rules_on_the_command_line():
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "check_content.py"), "--list-rules", "--lang", "en"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert (result.returncode, result.stdout, result.stderr) == (0, list_rules(), "")
    assert sorted(line.split("`")[1] for line in result.stdout.splitlines()[2:]) == sorted(RULES)


def test_every_rule_is_one_clean_table_row():
    for rule in RULES.values():
        assert re.fullmatch(r"[a-z]+(-[a-z]+)*", rule.id), rule.id
        for text in (rule.summary("en"), rule.fix("en"), rule.summary("fr"), rule.fix("fr")):
            assert text, rule.id
            assert "|" not in text, (rule.id, text)
            assert "\n" not in text, (rule.id, text)


def test_every_rule_has_a_test_that_names_it():
    """Each id appears in a corpus case (marker or expect.txt) or in the tests of the check."""
    texts = [file.read_text(encoding="utf-8") for file in (HERE / "cases").rglob("*") if file.is_file()]
    texts += [
        (ROOT / "tests" / name).read_text(encoding="utf-8")
        for name in ("test_content_check.py", "test_review_dates.py")
    ]
    untested = [rule_id for rule_id in RULES if not any(re.search(rf"(?<![\w-]){rule_id}(?![\w-])", t) for t in texts)]
    assert untested == []


def test_every_policy_problem_has_a_rule():
    """sitetools.policy names its problems by id; each must be a rule of the html family, or findings would crash."""
    ids = set(re.findall(r'Problem\(\s*"([a-z-]+)"', Path(policy.__file__).read_text(encoding="utf-8")))
    assert ids
    assert ids <= set(BY_POLICY_ID)


def placeholders(template: str) -> set[str]:
    return {f"{name}!{conversion}" for _, name, _, conversion in Formatter().parse(template) if name is not None}


def test_both_catalogues_have_every_key_with_the_same_placeholders():
    english, french = catalogue("en"), catalogue("fr")
    assert sorted(set(english) ^ set(french)) == []
    assert [key for key in english if placeholders(english[key]) != placeholders(french[key])] == []
    for rule_id in RULES:
        assert f"{rule_id}.summary" in french
        assert f"{rule_id}.fix" in french
    for key, words in policy.MESSAGES.items():
        assert placeholders(french[f"policy.{key}"]) == placeholders(words), key


def test_the_english_catalogue_says_the_policy_problems_in_the_build_s_words():
    """The build prints policy.MESSAGES; the check's English must be those very words, key for key."""
    english = catalogue("en")
    assert {key: english[f"policy.{key}"] for key in policy.MESSAGES} == policy.MESSAGES
    assert sorted(key for key in english if key.startswith("policy.")) == sorted(f"policy.{k}" for k in policy.MESSAGES)


def test_every_policy_message_key_is_used_and_known():
    source = Path(policy.__file__).read_text(encoding="utf-8")
    used = set(re.findall(r'(?:Message\(|_add\(\s*[^,]+,)\s*"([a-z-]+)"', source))
    assert sorted(used ^ set(policy.MESSAGES)) == []


def test_a_policy_problem_renders_in_both_languages():
    from sitetools.check.messages import from_policy

    problem = policy.svg_problems("<svg><script>x</script></svg>")[0]
    assert problem == "line 1: <script> can run script or embed a page"
    assert from_policy(problem).render("en") == "line 1: <script> can run script or embed a page"
    assert from_policy(problem).render("fr") == "ligne 1 : <script> peut lancer un programme ou insérer une page"
    refused = policy.file_problem("fr/x.js")
    assert from_policy(refused).render("en") == refused
    assert from_policy(refused).render("fr").endswith(" ; trouvé 'x.js'")


def test_every_message_key_the_code_uses_is_in_the_catalogue():
    """Rule.at(doc, line, "key", ...) in the family modules: each key exists for that rule."""
    used = set()
    for module in (ROOT / "scripts" / "sitetools" / "check").glob("*.py"):
        source = module.read_text(encoding="utf-8")
        constants = dict(re.findall(r'^(\w+) = Rule\("([a-z-]+)"', source, re.M))
        for constant, key in re.findall(r'(\w+)\.at\(\s*[^,]+,\s*[^,]+,\s*"([a-z-]+)"', source):
            if constant in constants:
                used.add(f"{constants[constant]}.{key}")
    assert len(used) > 20
    assert sorted(used - set(catalogue("en"))) == []


@pytest.mark.parametrize(
    ("environment", "expected"),
    [
        ({"LANG": "en_GB.UTF-8"}, "en"),
        ({"LANG": "fr_FR.UTF-8"}, "fr"),
        ({"LANG": "C.UTF-8"}, "fr"),
        ({}, "fr"),
        ({"LANG": "de_DE.UTF-8"}, "fr"),
        ({"LANG": "fr_FR.UTF-8", "LC_ALL": "en_US.UTF-8"}, "en"),
        ({"LANGUAGE": "en:fr", "LANG": "fr_FR.UTF-8"}, "en"),
    ],
)
def test_language_comes_from_the_locale_and_is_french_when_unsure(environment, expected):
    assert language_from_environment(environment) == expected


def test_a_doc_kind_is_said_in_the_chosen_language():
    from sitetools.check.messages import render, text

    params = {"lang": "fr", "kind": text("words.fragment"), "other": "en", "path": "en/both/a.md"}
    assert (
        render("include-language.other-language", params, "en")
        == "a 'fr' fragment includes the 'en' fragment 'en/both/a.md'"
    )
    assert render("include-language.other-language", params, "fr") == (
        "un(e) réponse de FAQ 'fr' insère la réponse 'en' 'en/both/a.md'"
    )
