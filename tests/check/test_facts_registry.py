"""The facts registry loader (sitetools.facts) on one small registry, and on copies with one defect each.

Every defect must be one UserError naming facts.yml, the line and the exact words: these tests pin the text,
the line and the field each check reads, so a changed message, line or condition fails here.
"""

from __future__ import annotations

import pytest
from sitetools.cli import UserError
from sitetools.facts import Pattern, expand, load_registry, normalise_value

HEAD = "sources:\n  centre: {title: Centre, seed: '000', year: 2017}\nallowed_hosts: [doi.org]\nfacts:\n"
FACT = """  - id: walking
    statement: Walking 2 hours after.
    scope: metastasis
    source: centre
    value: 2
    pages: [metastasis/after.md]
    patterns:
      fr: 'march\\w*{gap}{value}{h}'
      en: 'walk\\w*{gap}{value}{h}'
"""
REGISTRY = HEAD + FACT
EN_PATTERN = "'walk\\w*{gap}{value}{h}'"
PATTERNS = "    patterns:\n      fr: 'march\\w*{gap}{value}{h}'\n      en: 'walk\\w*{gap}{value}{h}'\n"


def edited(old: str, new: str, text: str = REGISTRY) -> str:
    assert old in text, old
    return text.replace(old, new, 1)


def load(tmp_path, monkeypatch, text: str):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "facts.yml").write_text(text, encoding="utf-8")
    return load_registry(tmp_path / "facts.yml", ["fr", "en"])


def error(tmp_path, monkeypatch, text: str) -> str:
    with pytest.raises(UserError) as raised:
        load(tmp_path, monkeypatch, text)
    return str(raised.value)


def test_a_valid_registry_keeps_every_field(tmp_path, monkeypatch):
    registry = load(tmp_path, monkeypatch, REGISTRY)
    assert str(registry.path) == "facts.yml"
    assert registry.sources == {"centre": {"title": "Centre", "seed": "000", "year": 2017}}
    assert registry.allowed_hosts == ["doi.org"]
    [fact] = registry.facts
    assert (fact.id, fact.statement, fact.scope, fact.source, fact.value, fact.pages, fact.line) == (
        "walking",
        "Walking 2 hours after.",
        "metastasis",
        "centre",
        "2",
        ["metastasis/after.md"],
        5,
    )
    assert fact.raw_patterns == {"fr": "march\\w*{gap}{value}{h}", "en": "walk\\w*{gap}{value}{h}"}
    assert sorted(fact.patterns) == ["en", "fr"]
    assert [m["value"] for m in fact.matches("en", "walking again 2 h, then walk 3 hours")] == ["2", "3"]
    assert [m["value"] for m in fact.matches("fr", "marcher 4 heures")] == ["4"]
    assert list(fact.matches("de", "walk 2 h")) == []


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("    value: 2\n", "    value: 1.5\n", ("1.5", ["metastasis/after.md"], "Walking 2 hours after.")),
        ("    value: 2\n", "    value: 2-4\n", ("2-4", ["metastasis/after.md"], "Walking 2 hours after.")),
        ("    pages: [metastasis/after.md]\n", "", ("2", [], "Walking 2 hours after.")),
        ("    statement: Walking 2 hours after.\n", "", ("2", ["metastasis/after.md"], "")),
        (EN_PATTERN, "'walk (?P<value>\\d+)'", ("2", ["metastasis/after.md"], "Walking 2 hours after.")),
    ],
)
def test_optional_and_alternative_fields(tmp_path, monkeypatch, old, new, expected):
    [fact] = load(tmp_path, monkeypatch, edited(old, new)).facts
    assert (fact.value, fact.pages, fact.statement) == expected


def test_a_fact_without_value_needs_no_placeholder(tmp_path, monkeypatch):
    text = edited("    value: 2\n", "").replace("{value}", "2")
    [fact] = load(tmp_path, monkeypatch, text).facts
    assert fact.value is None
    assert fact.raw_patterns["en"] == "walk\\w*{gap}2{h}"


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("year: 2017", "year: 2017.5"),
        ("allowed_hosts: [doi.org]", "allowed_hosts: [doi.org, www.has.ansm.sante.fr, a-b.example.org, x1.io]"),
        ("id: walking", "id: walking.v2-b"),
        ("id: walking", "id: 2walking"),
        ("scope: metastasis", "scope: both"),
        ("scope: metastasis", "scope: osteoporosis"),
        ("  centre: {", "  centre.v2-x: {"),
    ],
)
def test_accepted_spellings(tmp_path, monkeypatch, old, new):
    text = edited(old, new)
    if "centre.v2-x" in new:
        text = text.replace("source: centre", "source: centre.v2-x")
    registry = load(tmp_path, monkeypatch, text)
    assert len(registry.facts) == 1
    assert registry.sources[next(iter(registry.sources))]["title"] == "Centre"


def test_allowed_hosts_may_be_left_out(tmp_path, monkeypatch):
    registry = load(tmp_path, monkeypatch, edited("allowed_hosts: [doi.org]\n", ""))
    assert registry.allowed_hosts == []
    assert registry.facts[0].line == 4


def test_several_facts_keep_their_order_and_lines(tmp_path, monkeypatch):
    second = FACT.replace("id: walking", "id: walking-again")
    registry = load(tmp_path, monkeypatch, REGISTRY + second)
    assert [(fact.id, fact.line) for fact in registry.facts] == [("walking", 5), ("walking-again", 14)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("- a\n", "facts.yml:1: registry: expected a mapping with a 'facts' list, found a list"),
        ("sources: {}\n", "facts.yml:1: registry: expected 'facts' to be a list of facts, found nothing"),
        (
            HEAD.replace("facts:\n", "facts: 3\n"),
            "facts.yml:4: registry: expected 'facts' to be a list of facts, found the number 3",
        ),
        (
            "allowed_hosts: [doi.org]\nfacts:\n" + FACT,
            "facts.yml:1: registry: expected 'sources' to be a mapping of source ids to their title, seed or doi, "
            "found nothing",
        ),
        (
            edited("  centre: {", "  Centre: {"),
            "facts.yml:2: registry: expected a source id of lowercase letters, digits, '.' and '-', "
            "found the text 'Centre'",
        ),
        (
            edited("  centre: {title: Centre, seed: '000', year: 2017}", "  centre: just a title"),
            "facts.yml:2: registry: source 'centre': expected a mapping with a title, found the text 'just a title'",
        ),
        (
            edited("title: Centre, ", ""),
            "facts.yml:2: registry: source 'centre': expected a 'title' text, found nothing",
        ),
        (
            edited("title: Centre", "title: '  '"),
            "facts.yml:2: registry: source 'centre': expected a 'title' text, found the text '  '",
        ),
        (
            edited("year: 2017", "year: [2017]"),
            "facts.yml:2: registry: source 'centre': expected 'year' to be a text, found a list",
        ),
        (
            edited("year: 2017", "year: true"),
            "facts.yml:2: registry: source 'centre': expected 'year' to be a text, found the boolean true",
        ),
        (
            edited("  centre: {title: Centre, seed: '000', year: 2017}", "  centre:\n    title: Centre\n    year: [1]"),
            "facts.yml:4: registry: source 'centre': expected 'year' to be a text, found a list",
        ),
        (
            edited("allowed_hosts: [doi.org]", "allowed_hosts: doi.org"),
            "facts.yml:3: registry: expected 'allowed_hosts' to be a list of host names like [doi.org], "
            "found the text 'doi.org'",
        ),
        (
            edited("allowed_hosts: [doi.org]", "allowed_hosts:\n  - doi.org\n  - Example.com"),
            "facts.yml:5: registry: expected each of 'allowed_hosts' to be a lowercase host name like doi.org, "
            "found the text 'Example.com'",
        ),
        (
            "allowed_hosts: [doi.org]\nsources: 3\nfacts:\n" + FACT,
            "facts.yml:2: registry: expected 'sources' to be a mapping of source ids to their title, seed or doi, "
            "found the number 3",
        ),
        (
            edited(
                "  centre: {title: Centre, seed: '000', year: 2017}", "  centre: {title: Centre}\n  Bad: {title: B}"
            ),
            "facts.yml:3: registry: expected a source id of lowercase letters, digits, '.' and '-', "
            "found the text 'Bad'",
        ),
        (
            edited(
                "  centre: {title: Centre, seed: '000', year: 2017}", "  centre: {title: Centre}\n  other: {title: O}"
            ).replace("source: centre", "source: nowhere"),
            "facts.yml:6: registry: fact 'walking': unknown source 'nowhere'; expected one of centre, other",
        ),
        (
            edited(EN_PATTERN, "'^(?P<value>\\d*)$'"),
            "facts.yml:13: registry: fact 'walking': the 'en' pattern matches empty text; make it match the words",
        ),
        (
            edited("allowed_hosts: [doi.org]", "allowed_hosts: [a-.org]"),
            "facts.yml:3: registry: expected each of 'allowed_hosts' to be a lowercase host name like doi.org, "
            "found the text 'a-.org'",
        ),
        (
            edited("allowed_hosts: [doi.org]", "allowed_hosts: [localhost]"),
            "facts.yml:3: registry: expected each of 'allowed_hosts' to be a lowercase host name like doi.org, "
            "found the text 'localhost'",
        ),
        (
            edited("id: walking", "id: -walking"),
            "facts.yml:5: registry: expected a fact id of lowercase letters, digits, '.' and '-', "
            "found the text '-walking'",
        ),
        (
            edited("scope: metastasis", "scope: bones"),
            "facts.yml:5: registry: fact 'walking': expected scope one of metastasis, osteoporosis, both, "
            "found 'bones'",
        ),
        (
            edited("allowed_hosts: [doi.org]", "allowed_hosts: [doi.org"),
            "facts.yml:3: registry: not valid YAML: expected ',' or ']', but got ':'",
        ),
        (
            edited("allowed_hosts: [doi.org]", "allowed_hosts: [doi.org, 3]"),
            "facts.yml:3: registry: expected each of 'allowed_hosts' to be a lowercase host name like doi.org, "
            "found the number 3",
        ),
        (
            REGISTRY + "  - just text\n",
            "facts.yml:14: registry: expected fact 2 to be a mapping of id, statement, scope..., "
            "found the text 'just text'",
        ),
        (
            edited("id: walking", "id: Walking"),
            "facts.yml:5: registry: expected a fact id of lowercase letters, digits, '.' and '-', "
            "found the text 'Walking'",
        ),
        (
            edited("  - id: walking\n    statement", "  - statement"),
            "facts.yml:5: registry: expected a fact id of lowercase letters, digits, '.' and '-', found nothing",
        ),
        (
            REGISTRY + FACT,
            "facts.yml:14: registry: fact 'walking' is listed twice (first on line 5); each fact is listed once",
        ),
        (
            edited("    value: 2\n", "    value: 2\n    zeta: 1\n    alpha: 2\n"),
            "facts.yml:5: registry: fact 'walking': unknown key(s) alpha, zeta; "
            "expected id, pages, patterns, scope, source, statement, value",
        ),
        (
            edited("statement: Walking 2 hours after.", "statement: [a]"),
            "facts.yml:6: registry: fact 'walking': expected 'statement' to be a sentence, found a list",
        ),
        (
            edited("scope: metastasis", "scope: [metastasis]"),
            "facts.yml:5: registry: fact 'walking': expected scope one of metastasis, osteoporosis, both, "
            "found ['metastasis']",
        ),
        (
            edited("source: centre", "source: 3"),
            "facts.yml:8: registry: fact 'walking': expected 'source' to be one source id, found the number 3",
        ),
        (
            edited("source: centre", "source: nowhere"),
            "facts.yml:5: registry: fact 'walking': unknown source 'nowhere'; expected one of centre",
        ),
        (
            edited("value: 2", "value: yes"),
            "facts.yml:9: registry: fact 'walking': expected 'value' to be a figure like 2-4 or 75/150, "
            "found the boolean true",
        ),
        (
            edited("value: 2", "value: [2]"),
            "facts.yml:9: registry: fact 'walking': expected 'value' to be a figure like 2-4 or 75/150, found a list",
        ),
        (
            edited("pages: [metastasis/after.md]", "pages: metastasis/after.md"),
            "facts.yml:10: registry: fact 'walking': expected 'pages' to be a list of page paths like "
            "metastasis/after.md, found the text 'metastasis/after.md'",
        ),
        (
            edited("pages: [metastasis/after.md]", "pages: [metastasis/after.md, 3]"),
            "facts.yml:10: registry: fact 'walking': expected 'pages' to be a list of page paths like "
            "metastasis/after.md, found a list",
        ),
        (
            edited(PATTERNS, ""),
            "facts.yml:5: registry: fact 'walking': expected 'patterns' with one regular expression per language",
        ),
        (
            edited(PATTERNS, "    patterns: ['a{value}']\n"),
            "facts.yml:5: registry: fact 'walking': expected 'patterns' with one regular expression per language",
        ),
        (
            edited("      en: 'walk\\w*{gap}{value}{h}'\n", ""),
            "facts.yml:11: registry: fact 'walking': expected a pattern for language 'en', found none",
        ),
        (
            edited(EN_PATTERN, "''"),
            "facts.yml:13: registry: fact 'walking': expected a pattern for language 'en', found none",
        ),
        (
            edited(EN_PATTERN, "3"),
            "facts.yml:13: registry: fact 'walking': expected a pattern for language 'en', found none",
        ),
        (
            edited(EN_PATTERN, "'walk'"),
            "facts.yml:5: registry: fact 'walking': the 'en' pattern needs a {value} placeholder "
            "where the figure stands",
        ),
        (
            edited(EN_PATTERN, "'walk(\\w*{gap}{value}{h}'"),
            "facts.yml:13: registry: fact 'walking': the 'en' pattern does not compile: "
            "missing ), unterminated subpattern at position 4",
        ),
        (
            edited(EN_PATTERN, "'walk(?=x){value}'"),
            "facts.yml:13: registry: fact 'walking': the 'en' pattern does not compile: invalid perl operator: (?=; "
            "registry patterns run on RE2, which has no lookarounds ((?=, (?!, (?<=, (?<!), backreferences, "
            "atomic groups or possessive quantifiers",
        ),
        (
            edited(EN_PATTERN, "'(?P<value>\\d*)'"),
            "facts.yml:13: registry: fact 'walking': the 'en' pattern matches empty text; make it match the words",
        ),
    ],
)
def test_each_defect_is_one_error_with_file_line_and_words(tmp_path, monkeypatch, text, expected):
    assert error(tmp_path, monkeypatch, text) == expected


def test_a_missing_registry_names_its_path(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(UserError) as raised:
        load_registry(tmp_path / "facts.yml", ["fr", "en"])
    assert str(raised.value) == "facts.yml: expected the facts registry here, found no file"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2 à 4", "2-4"),
        ("2 to 4", "2-4"),
        ("2\u00a0–\u202f4", "2-4"),
        ("2—4", "2-4"),
        ("75 ou 150", "75/150"),
        ("75 or 150", "75/150"),
        ("75 / 150", "75/150"),
        ("1,5", "1.5"),
        ("  1,5 ", "1.5"),
        ("3 et 4", "3+4"),
        ("3 AND 4", "3+4"),
        ("2 h 30", "2h30"),
        ("a,b", "a,b"),
        ("toto", "toto"),
        ("order", "order"),
    ],
)
def test_one_spelling_per_value(text, expected):
    assert normalise_value(text) == expected


def test_shorthands_expand_to_their_regular_expressions():
    assert expand("a{_}b") == "a[ \t\u00a0\u202f]*b"
    assert expand("{mg}") == "[ \t\u00a0\u202f]*mg\\b"
    assert expand("x{gap}y") == "x[^\\n\\d]{0,80}?y"
    assert expand("plain") == "plain"


@pytest.mark.parametrize(
    ("pattern", "text", "value"),
    [
        ("Kardegic{_}{value}{mg}", "Kardegic 75 ou 150 mg", "75 ou 150"),
        ("Kardegic{_}{value}{mg}", "kardegic\u00a075/150\u202fmg", "75/150"),
        ("{value}{pct}", "17 pour cent", "17"),
        ("{value}{pct}", "17 per cent", "17"),
        ("{value}{pct}", "17percent", "17"),
        ("{value}{pct}", "17 %", "17"),
        ("{value}{h}", "2 heures", "2"),
        ("{value}{h}", "2 hours", "2"),
        ("{value}{h}", "2h", "2"),
        ("{value}{min}", "30 minutes", "30"),
        ("{value}{min}", "30 min", "30"),
        ("{value}{days}", "3 jours", "3"),
        ("{value}{days}", "1 day", "1"),
        ("{value}{weeks}", "6 semaines", "6"),
        ("{value}{weeks}", "6 weeks", "6"),
        ("{value}{months}", "3 mois", "3"),
        ("{value}{months}", "3 months", "3"),
        ("{value}{days}", "2 à 4 jours", "2 à 4"),
        ("{value}{days}", "2 to 4 days", "2 to 4"),
        ("{value}{days}", "2 and 4 days", "2 and 4"),
        ("{value}{days}", "2 et 4 jours", "2 et 4"),
        ("{value}{days}", "2 or 4 days", "2 or 4"),
        ("{value}{days}", "2 – 4 days", "2 – 4"),
        ("{value}{days}", "2—4 days", "2—4"),
        ("{value}{days}", "1,5 days", "1,5"),
        ("at {value}", "at 2 h 30", "2 h 30"),
        ("walk{gap}{value}", "walk again 2", "2"),
    ],
)
def test_patterns_find_the_figure_in_every_typography(pattern, text, value):
    match = Pattern(pattern).search(text)
    assert match is not None
    assert match["value"] == value
    assert match.group("value") == value
    assert match.groupdict() == {"value": value}


@pytest.mark.parametrize(
    ("pattern", "text"),
    [
        ("{value}{h}", "2 hat"),
        ("{value}{min}", "2 mint"),
        ("{value}{days}", "2 dayx"),
        ("{value}{weeks}", "2 weekly"),
        ("{value}{months}", "2 moist"),
        ("{value}{pct}", "2 pourcentage"),
        ("{value}{mg}", "2 mgx"),
        ("walk{gap}{value} x", "walk 1 then 2 x"),
        ("walk{gap}{value} x", "walk\n2 x"),
        ("walk{gap}{value}", "walk" + "a" * 81 + "2"),
    ],
)
def test_patterns_refuse_look_alikes(pattern, text):
    assert Pattern(pattern).search(text) is None


def test_a_match_gives_positions_by_group_name_or_number():
    pattern = Pattern("walk{gap}{value}{h}")
    assert pattern.pattern == "walk{gap}{value}{h}"
    assert pattern.groupindex == {"value": 1}
    match = pattern.search("We walk again 2 h later")
    assert match.group() == "walk again 2 h"
    assert match.group(0, 1) == ("walk again 2 h", "2")
    assert (match.start(), match.end(), match.span()) == (3, 17, (3, 17))
    assert (match.start("value"), match.end("value"), match.span("value")) == (14, 15, (14, 15))
    assert (match.start(1), match.end(1), match.span(1)) == (14, 15, (14, 15))
    assert Pattern("(?P<value>x)?y").search("y").groupdict("none") == {"value": "none"}
    assert [m.span() for m in pattern.finditer("walk 1 h, walk 2 h")] == [(0, 8), (10, 18)]
    assert pattern.search("run 2 h") is None


def test_patterns_ignore_case():
    assert Pattern("WALK{_}{value}").search("walk 2")["value"] == "2"


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        ("(", "missing ), unterminated subpattern at position 0"),
        (
            "a(?!b)",
            "invalid perl operator: (?!; registry patterns run on RE2, which has no lookarounds ((?=, (?!, (?<=, "
            "(?<!), backreferences, atomic groups or possessive quantifiers",
        ),
    ],
)
def test_a_pattern_that_does_not_compile_says_why(pattern, expected):
    with pytest.raises(ValueError, match="^") as raised:
        Pattern(pattern)
    assert str(raised.value) == expected


def test_a_bad_pattern_prints_nothing_of_its_own(capfd):
    """RE2 logs each error on stderr unless told not to: the registry's one-line message must be the only one."""
    with pytest.raises(ValueError, match="^invalid perl operator"):
        Pattern("a(?=b)")
    assert capfd.readouterr() == ("", "")
