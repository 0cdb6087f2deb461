"""The check's entry point around the rules: its --help, a missing project, the date and language defaults,
the sources option and the exit code of warnings alone, each with its exact output."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
from helpers.scenarios import (
    BASE,
)
from sitetools.check import FAMILIES, REGISTRY_FILE, Report, check, list_rules, main
from sitetools.check.rule import Finding
from sitetools.cli import UserError

SUMMARY = "checked 6 pages and 2 fragments against 3 facts: {}"


def test_help_names_every_option(capsys, monkeypatch):
    monkeypatch.setenv("COLUMNS", "240")
    with pytest.raises(SystemExit) as stopped:
        main(["--help"])
    assert stopped.value.code == 0
    out = capsys.readouterr().out
    assert out.startswith(
        "usage: check_content.py [-h] [--root ROOT] [--format {text,github}] [--registry REGISTRY] [--today TODAY] "
        "[--sources DIR] [--list-rules] [--lang {fr,en}]\n\n"
        "Check that medical facts, translations, links, includes and HTML of the site are consistent and safe.\n"
    )
    for line in (
        "  --root ROOT           project folder (default: current folder)",
        "  --format {text,github}",
        "                        output format",
        "  --registry REGISTRY   facts registry (default: ROOT/facts.yml)",
        "  --today TODAY         date for review checks (YYYY-MM-DD)",
        "  --sources DIR         source documents for the copied-text rule",
        "  --list-rules          print the table of rules (Markdown) and stop",
        "  --lang {fr,en}        language of the messages (default: from the locale, French when unsure); rule ids do "
        "not change",
    ):
        assert line in out.splitlines(), line


def test_a_root_that_is_not_a_folder_is_refused(tmp_path):
    for root in (tmp_path / "absent", BASE / "mkdocs.yml"):
        with pytest.raises(UserError) as error:
            main(["--lang", "en", "--root", str(root)])
        assert str(error.value) == f"{root}: expected a project folder, found none"


def test_the_root_defaults_to_the_current_folder(tree, capsys, monkeypatch):
    monkeypatch.chdir(tree)
    assert main(["--lang", "en", "--today", "2026-06-01"]) == 0
    assert capsys.readouterr().out == SUMMARY.format("0 errors, 0 warnings") + "\n"


def test_the_language_comes_from_the_locale_when_not_given(tree, capsys, monkeypatch):
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANGUAGE", "en")
    assert main(["--root", str(tree), "--today", "2026-06-01"]) == 0
    assert capsys.readouterr().out == SUMMARY.format("0 errors, 0 warnings") + "\n"
    monkeypatch.setenv("LANGUAGE", "fr")
    assert main(["--root", str(tree), "--today", "2026-06-01"]) == 0
    assert capsys.readouterr().out == "6 pages et 2 fragments vérifiés avec 3 faits : 0 erreur, 0 avertissement\n"


def test_warnings_alone_exit_zero_and_errors_exit_one(tree, capsys):
    page = tree / "docs" / "en" / "index.md"
    assert main(["--lang", "en", "--root", str(tree), "--today", "2099-01-01"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[-1] == SUMMARY.format(f"0 errors, {len(out) - 1} warnings")
    assert {line.split(": ")[1] for line in out[:-1]} == {"review-due"}
    page.write_text(page.read_text(encoding="utf-8") + "\n[x](/abs.md)\n", encoding="utf-8")
    assert main(["--lang", "en", "--root", str(tree), "--today", "2026-06-01"]) == 1
    assert capsys.readouterr().out.splitlines() == [
        "docs/en/index.md:19: link-absolute: link '/abs.md' is absolute (fix: use a relative link to the .md file)",
        SUMMARY.format("1 error, 0 warnings"),
    ]


def test_github_format_prints_annotations(tree, capsys):
    page = tree / "docs" / "en" / "index.md"
    page.write_text(page.read_text(encoding="utf-8") + "\n[x](/abs.md)\n", encoding="utf-8")
    assert main(["--lang", "en", "--root", str(tree), "--today", "2026-06-01", "--format", "github"]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("::error file=docs/en/index.md,line=19,title=link-absolute::")
    assert out[1] == SUMMARY.format("1 error, 0 warnings")


def test_today_defaults_to_the_real_date(tree):
    """Reviews fall due on dates far from today: the default date gives the report of today's date."""
    page = tree / "docs" / "en" / "index.md"
    text = page.read_text(encoding="utf-8")
    page.write_text(text.replace("next_review: 2027-01-15", "next_review: 2026-02-01"), encoding="utf-8")
    assert "next_review: 2026-02-01" in page.read_text(encoding="utf-8")
    today = dt.date.today()
    assert today > dt.date(2026, 2, 1)
    assert check(tree).findings == check(tree, today=today).findings != check(tree, today=dt.date(2026, 1, 20)).findings


def test_a_registry_path_wins_over_the_root_s(tree, tmp_path):
    (tree / REGISTRY_FILE).write_text("not: [a registry\n", encoding="utf-8")
    other = tmp_path / "facts.yml"
    shutil.copyfile(BASE / REGISTRY_FILE, other)
    assert check(tree, today=dt.date(2026, 6, 1), registry_path=other).findings == []
    with pytest.raises(UserError):
        check(tree, today=dt.date(2026, 6, 1))


def test_a_relative_root_is_resolved(tree, monkeypatch):
    monkeypatch.chdir(tree.parent)
    result = check(Path("tree"), today=dt.date(2026, 6, 1))
    assert (result.findings, result.pages, result.fragments, result.facts) == ([], 6, 2, 3)


def test_findings_are_sorted_and_deduplicated():
    twice = Finding("b.md", 2, "link-absolute", "m")
    report = Report(sorted({twice, Finding("a.md", 9, "link-absolute", "m"), twice}), 1, 0, 0)
    assert [f.path for f in report.errors] == ["a.md", "b.md"]


def test_list_rules_defaults_to_english():
    assert list_rules() == list_rules("en") != list_rules("fr")
    assert [family.__name__.rpartition(".")[2] for family in FAMILIES] == [
        "front_matter",
        "twins",
        "facts",
        "includes",
        "links",
        "html",
        "files",
        "copied_text",
    ]


def test_sources_option_reaches_the_copied_text_rule(tree, tmp_path, capsys):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "seed.txt").write_text("Un deux trois quatre cinq six sept huit.\n", encoding="utf-8")
    page = tree / "docs" / "fr" / "index.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nUn deux trois quatre cinq six sept huit.\n", encoding="utf-8")
    arguments = ["--lang", "en", "--root", str(tree), "--today", "2026-06-01"]
    assert main([*arguments, "--sources", str(seeds)]) == 1
    assert capsys.readouterr().out.splitlines() == [
        "docs/fr/index.md:19: copied-text: 8 words in a row as in the source seed.txt: "
        "«Un deux trois quatre cinq six sept huit» (fix: rewrite the sentence in your own plain words, or mark a "
        "real quotation with « » and name its source)",
        SUMMARY.format("1 error, 0 warnings"),
    ]
    assert main(arguments) == 0
    assert capsys.readouterr().out.splitlines() == [SUMMARY.format("0 errors, 0 warnings")]


def test_the_summary_speaks_english_unless_told():
    report = Report([Finding("a.md", 1, "link-absolute", "m")], 2, 1, 4)
    assert report.summary() == "checked 2 pages and 1 fragments against 4 facts: 1 error, 0 warnings"
