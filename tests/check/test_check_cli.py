"""The check's command line and report around the rules: git staleness, GitHub annotations, summary wording,
--list-rules and the Rule/Finding plumbing, each with its exact output."""

from __future__ import annotations

import os
import shutil
import time
from functools import partial
from pathlib import Path

import pytest
from helpers.git import git as git_at
from helpers.scenarios import (
    BASE,
)
from sitetools import content_check
from sitetools.check import FIXES, RULES, Report, check, list_rules, main
from sitetools.check.rule import Finding, Rule, _escape_data, _escape_property, rules_table
from sitetools.check.site import relative, twin_key

TODAY = "2026-06-01"
git = partial(git_at, when="2026-01-01T10:00:00+00:00")  # commits without a date of their own get this one


def report(root: Path, capsys, *options: str) -> tuple[int, list[str]]:
    code = main(["--lang", "en", "--root", str(root), "--today", TODAY, *options])
    return code, capsys.readouterr().out.splitlines()


@pytest.fixture
def far_east(monkeypatch):
    """A local time zone 14 hours ahead of UTC: a date read in local time instead of UTC shows the next day."""
    monkeypatch.setenv("TZ", "Pacific/Kiritimati")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


STALE = [
    "docs/en/osteoporosis/index.md:1: twin-stale: possibly outdated: docs/fr/osteoporosis/index.md changed "
    "on 2026-03-02, this translation last on 2026-01-01 "
    "(fix: check the translation against the French page and update it)",
    "checked 6 pages and 2 fragments against 3 facts: 0 errors, 1 warning",
]


def append_and_commit(root: Path, path: str, text: str, when: str) -> None:
    page = root / path
    page.write_text(page.read_text(encoding="utf-8") + text, encoding="utf-8")
    git(root, "commit", "-q", "-am", f"edit {path}", when=when)


@pytest.mark.parametrize("english_listed_first", [False, True])
def test_a_french_page_changed_after_its_english_twin_warns_on_the_twin(tree, capsys, far_east, english_listed_first):
    if english_listed_first:  # French stays the default language, listed second
        config = tree / "mkdocs.yml"
        text = config.read_text(encoding="utf-8")
        french = "        - locale: fr\n          default: true\n          name: Français\n"
        english = "        - locale: en\n          name: English\n"
        assert french + english in text
        config.write_text(text.replace(french + english, english + french), encoding="utf-8")
    git(tree, "init", "-q")
    git(tree, "add", "-A")
    git(tree, "commit", "-q", "-m", "all")
    # An English page newer than its French twin: no warning. The newest commit is the French one.
    append_and_commit(tree, "docs/en/metastasis/after.md", "\nOne more sentence.\n", "2026-02-01T10:00:00+00:00")
    append_and_commit(tree, "docs/fr/osteoporosis/index.md", "\nUne phrase de plus.\n", "2026-03-02T23:30:00+00:00")
    assert report(tree, capsys) == (0, STALE)


def test_a_repository_without_commits_has_no_history(tree, capsys):
    git(tree, "init", "-q")
    assert report(tree, capsys) == (0, ["checked 6 pages and 2 fragments against 3 facts: 0 errors, 0 warnings"])


def test_a_tree_inside_another_repository_has_no_history_of_its_own(tmp_path, capsys):
    git(tmp_path, "init", "-q")
    root = tmp_path / "tree"
    shutil.copytree(BASE, root)
    git(tmp_path, "add", "-A")
    git(tmp_path, "commit", "-q", "-m", "all")
    page = root / "docs/fr/osteoporosis/index.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nUne phrase de plus.\n", encoding="utf-8")
    git(tmp_path, "commit", "-q", "-am", "French only", when="2026-03-02T10:00:00+00:00")
    assert report(root, capsys) == (0, ["checked 6 pages and 2 fragments against 3 facts: 0 errors, 0 warnings"])


def break_twice(root: Path) -> None:
    page = root / "docs/en/index.md"
    text = page.read_text(encoding="utf-8")
    page.write_text(text.replace("#the-following-days", "#nowhere") + "\n[x](/en/a,b:c%.md)\n", encoding="utf-8")


def test_github_annotations_escape_properties_and_data(tree, capsys):
    break_twice(tree)
    assert report(tree, capsys, "--format", "github") == (
        1,
        [
            "::error file=docs/en/index.md,line=15,title=link-anchor::link 'metastasis/after.md#nowhere': no heading "
            "with anchor '#nowhere' in docs/en/metastasis/after.md (fix: use the slug of an existing heading of the "
            "target page)",
            "::error file=docs/en/index.md,line=19,title=link-absolute::link '/en/a,b:c%25.md' is absolute "
            "(fix: use a relative link to the .md file)",
            "checked 6 pages and 2 fragments against 3 facts: 2 errors, 0 warnings",
        ],
    )


def test_a_warning_annotation_says_warning(tree, capsys):
    page = tree / "docs/en/osteoporosis/index.md"
    page.write_text(page.read_text(encoding="utf-8").replace("2027-01-15", "2026-02-01"), encoding="utf-8")
    code, lines = report(tree, capsys, "--format", "github")
    assert code == 0
    assert [line.split("::")[1] for line in lines[:-1]] == [
        "warning file=docs/en/osteoporosis/index.md,line=7,title=review-due"
    ]


@pytest.mark.parametrize(
    ("errors", "warnings", "lang", "expected"),
    [
        (0, 0, "en", "checked 6 pages and 2 fragments against 3 facts: 0 errors, 0 warnings"),
        (1, 1, "en", "checked 6 pages and 2 fragments against 3 facts: 1 error, 1 warning"),
        (2, 2, "en", "checked 6 pages and 2 fragments against 3 facts: 2 errors, 2 warnings"),
    ],
)
def test_the_summary_counts_in_singular_and_plural(errors, warnings, lang, expected):
    findings = [Finding("a.md", n, "link-absolute", "m") for n in range(errors)]
    findings += [Finding("a.md", n, "review-due", "m") for n in range(warnings)]
    result = Report(findings, 6, 2, 3)
    assert result.summary(lang) == expected
    assert (len(result.errors), len(result.warnings)) == (errors, warnings)
    assert {f.rule for f in result.errors} <= {"link-absolute"}
    assert {f.rule for f in result.warnings} <= {"review-due"}


def test_french_says_zero_and_one_in_the_singular():
    zero, one, two = (Report([Finding("a.md", n, "link-absolute", "m") for n in range(k)], 1, 0, 0) for k in (0, 1, 2))
    assert [r.summary("fr").rpartition(":")[2] for r in (zero, one, two)] == [
        " 0 erreur, 0 avertissement",
        " 1 erreur, 0 avertissement",
        " 2 erreurs, 0 avertissement",
    ]


def test_the_report_counts_pages_fragments_and_facts(tree):
    extra = tree / "docs/_includes/en/both/a.md"
    extra.parent.mkdir(parents=True)
    extra.write_text("A.\n", encoding="utf-8")
    result = check(tree, today=None)
    assert (result.pages, result.fragments, result.facts) == (6, 3, 3)
    assert [f"{f.path}:{f.line}: {f.rule}" for f in result.findings] == ["docs/_includes/en/both/a.md:1: twin-missing"]


def test_a_registry_elsewhere_is_read_from_registry(tree, tmp_path, capsys):
    other = tmp_path / "other.yml"
    other.write_text((tree / "facts.yml").read_text(encoding="utf-8"), encoding="utf-8")
    (tree / "facts.yml").unlink()
    assert report(tree, capsys, "--registry", str(other)) == (
        0,
        ["checked 6 pages and 2 fragments against 3 facts: 0 errors, 0 warnings"],
    )


def test_list_rules_prints_the_table_and_stops(capsys):
    assert main(["--list-rules", "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert out == list_rules("en")
    lines = out.splitlines()
    assert lines[1] == "| --- | --- | --- | --- |"
    assert len(lines) == 2 + len(RULES)
    assert lines[2].startswith("| `front-matter` | ")
    assert lines[-1].startswith("| `copied-text` | ")
    assert main(["--list-rules", "--lang", "fr"]) == 0
    assert capsys.readouterr().out == list_rules("fr") != out


def test_the_rule_table_goes_family_by_family_in_the_order_given():
    table = rules_table(["links", "front_matter", "twins", "facts", "includes", "html", "files", "copied_text"])
    ids = [line.split("`")[1] for line in table.splitlines()[2:]]
    assert ids[:6] == ["link-broken", "link-anchor", "link-language", "link-external", "link-absolute", "front-matter"]
    row = table.splitlines()[2]
    assert row == f"| `link-broken` | error | {RULES['link-broken'].summary()} | {RULES['link-broken'].fix()} |"


def test_each_rule_fix_is_its_catalogue_line():
    assert FIXES["link-absolute"] == "use a relative link to the .md file" == RULES["link-absolute"].fix("en")
    assert RULES["review-due"].severity == "warning"
    assert Finding("a.md", 1, "review-due", "m").fix == RULES["review-due"].fix()


def test_a_rule_without_a_fix_in_the_catalogue_is_refused(monkeypatch):
    from sitetools.check.messages import catalogue

    monkeypatch.setitem(catalogue("en"), "zz-test.summary", "a summary but no fix")
    with pytest.raises(ValueError, match=r"^rule zz-test: no fix in messages/en.yml$"):
        Rule("zz-test", "links", "error")
    assert "zz-test" not in RULES


def test_a_rule_is_refused_twice_with_a_bad_severity_or_without_words():
    with pytest.raises(ValueError, match=r"^rule link-absolute is declared twice$"):
        Rule("link-absolute", "links", "error")
    with pytest.raises(ValueError, match=r"^rule x: severity 'fatal' is not one of \('error', 'warning'\)$"):
        Rule("x", "links", "fatal")
    with pytest.raises(ValueError, match=r"^rule no-such-rule: no summary in messages/en.yml$"):
        Rule("no-such-rule", "links", "error")
    assert "no-such-rule" not in RULES
    assert "x" not in RULES


def test_a_finding_names_its_path_as_given():
    rule = RULES["link-absolute"]
    finding = rule.at("docs/en/a.md", 3, "absolute", target="/x", where="")
    assert finding == Finding("docs/en/a.md", 3, "link-absolute", "link '/x' is absolute", "link-absolute.absolute")
    assert finding.params == (("target", "/x"), ("where", ""))
    assert rule.at(Path("docs") / "b.md", 1, "absolute", target="/x", where="").path == "docs/b.md"
    assert finding.message_in("fr") != finding.message
    assert Finding("a.md", 1, "link-absolute", "plain words").message_in("fr") == "plain words"
    assert (
        finding.text("en")
        == "docs/en/a.md:3: link-absolute: link '/x' is absolute (fix: use a relative link to the .md file)"
    )


def test_a_finding_speaks_english_unless_told(tree):
    finding = RULES["link-absolute"].at("docs/en/a.md", 3, "absolute", target="/x", where="")
    assert finding.github() == finding.github("en") != finding.github("fr")
    assert finding.text() == finding.text("en") != finding.text("fr")
    assert finding.explained() == "link '/x' is absolute (fix: use a relative link to the .md file)"


def test_annotation_escapes():
    assert _escape_data("100% done\r\nnext") == "100%25 done%0D%0Anext"
    assert _escape_property("a:b,c%d\ne") == "a%3Ab%2Cc%25d%0Ae"


def test_site_helpers():
    assert twin_key("docs/fr/metastasis/after.md") == "metastasis/after.md"
    assert twin_key("docs/_includes/en/metastasis/recovery.md") == "metastasis/recovery.md"
    assert twin_key("docs/_glossary/fr.md") == "_glossary"
    root = BASE.resolve()
    assert relative(root / "facts.yml", root) == Path("facts.yml")
    assert relative(Path("/elsewhere/facts.yml"), root) == Path("/elsewhere/facts.yml")


def test_the_old_entry_point_exports_the_same_objects():
    assert content_check.check is check
    assert content_check.main is main
    assert content_check.RULES is RULES
    assert sorted(content_check.__all__) == sorted(
        ["FIXES", "RULES", "Finding", "Report", "Rule", "Site", "_mentions", "check", "main"]
    )


def test_a_page_s_lines_with_its_fragments_pulled_in():
    from sitetools.check.site import Site

    site = Site(BASE.resolve(), ["fr", "en"], "fr")
    page = site.page("en", "metastasis/after.md")
    assert [(doc.path.as_posix(), n, text) for doc, n, text in site.expanded_lines(page)] == [
        ("docs/en/metastasis/after.md", 11, "# After the procedure"),
        ("docs/en/metastasis/after.md", 12, ""),
        ("docs/en/metastasis/after.md", 13, "## The following days"),
        ("docs/en/metastasis/after.md", 14, ""),
        (
            "docs/_includes/en/metastasis/recovery.md",
            1,
            "For bone metastases: you can walk again 2 h after the procedure.",
        ),
        ("docs/en/metastasis/after.md", 16, ""),
        ("docs/en/metastasis/after.md", 17, "## Medicines"),
        ("docs/en/metastasis/after.md", 18, ""),
        ("docs/en/metastasis/after.md", 19, "Kardegic 75 or 150 mg does not need to be stopped."),
    ]
    fragment = site.fragment(" en/./metastasis/recovery.md ")
    assert fragment.path.as_posix() == "docs/_includes/en/metastasis/recovery.md"
    assert [doc.path.as_posix() for doc in site.includers[fragment]] == ["docs/en/metastasis/after.md"]
    assert [doc.path.as_posix() for doc in site.twins(page)] == ["docs/fr/metastasis/after.md"]
    assert site.twin(page, "de") is None
    assert len(site.all_docs) == len(site.docs) + 2  # and the two glossaries


def test_an_include_through_a_symlink_loop_is_refused_with_the_error_s_name(tree):
    from sitetools.check.includes import refusal
    from sitetools.check.site import Site

    loop = tree / "docs/_includes/en/both/loop"
    loop.parent.mkdir(parents=True)
    os.symlink("loop", loop)
    refused = refusal(Site(tree.resolve(), ["fr", "en"], "fr"), "en/both/loop/x.md")
    assert (
        refused.render("en")
        == "expected a fragment path inside docs/_includes/, found 'en/both/loop/x.md' (RuntimeError)"
    )
    page = tree / "docs/en/osteoporosis/index.md"
    page.write_text(page.read_text(encoding="utf-8") + "\n{!en/both/loop/x.md!}\n", encoding="utf-8")
    # The loop used to stop the whole check with a RuntimeError traceback (Path.resolve in the symlink rule).
    assert [f.text("en") for f in check(tree).findings] == [
        "docs/_includes/en/both/loop:1: symlink-outside: symlink to loop, outside docs/: refused "
        "(fix: replace the symlink with the file itself, or remove it)",
        "docs/en/osteoporosis/index.md:17: include-outside: expected a fragment path inside docs/_includes/, found "
        "'en/both/loop/x.md' (RuntimeError) (fix: include only fragments by their path under docs/_includes/, "
        "like fr/both/name.md)",
    ]
