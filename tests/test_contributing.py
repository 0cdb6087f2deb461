"""CONTRIBUTING.md (French) and CONTRIBUTING.en.md (English) are twins, checked like the pages' twins.

Same `##` sections in the same order (by count, and each contents entry points at a real heading), the same
rule ids, the same repository files and the same commands; and they name what CI really does.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from sitetools.content_check import FIXES

ROOT = Path(__file__).resolve().parent.parent
GUIDES = {"fr": ROOT / "CONTRIBUTING.md", "en": ROOT / "CONTRIBUTING.en.md"}
FENCE = re.compile(r"^```(?P<lang>\w*)\n(?P<body>.*?)^```$", re.M | re.S)


def text(lang: str) -> str:
    return GUIDES[lang].read_text(encoding="utf-8")


def prose(lang: str) -> str:
    """The guide without its code blocks, whose `#` lines are not headings."""
    return FENCE.sub("", text(lang))


def headings(lang: str, level: int) -> list[str]:
    return re.findall(rf"^{'#' * level} (.+)$", prose(lang), re.M)


def github_anchor(heading: str) -> str:
    """GitHub's anchor for a heading: lower case, punctuation dropped (accents kept), spaces to hyphens."""
    return re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")


def test_same_number_of_sections_in_the_same_places():
    assert len(headings("fr", 2)) == len(headings("en", 2))
    assert len(headings("fr", 2)) >= 15
    # Each section holds as many tables and numbered steps in both languages.
    sections = {lang: re.split(r"^## ", prose(lang), flags=re.M)[1:] for lang in GUIDES}
    for french, english in zip(sections["fr"], sections["en"], strict=True):
        name = english.splitlines()[0]
        assert french.count("\n| --- |") == english.count("\n| --- |"), f"tables differ in '{name}'"
        assert len(re.findall(r"^\d+\. ", french, re.M)) == len(re.findall(r"^\d+\. ", english, re.M)), name


@pytest.mark.parametrize("lang", GUIDES)
def test_contents_list_every_section_in_order(lang):
    sections = headings(lang, 2)
    contents_block = re.split(r"^## ", prose(lang), flags=re.M)[1]
    entries = re.findall(r"^- \[(?P<title>[^\]]+)\]\(#(?P<anchor>[^)]+)\)$", contents_block, re.M)
    assert [title for title, _ in entries] == sections[1:]
    assert [anchor for _, anchor in entries] == [github_anchor(section) for section in sections[1:]]


@pytest.mark.parametrize("lang", GUIDES)
def test_every_link_inside_the_guide_leads_to_a_heading(lang):
    anchors = {github_anchor(h) for level in (1, 2, 3) for h in headings(lang, level)}
    links = re.findall(r"\]\(#([^)]+)\)", prose(lang))
    assert links
    assert sorted(set(links) - anchors) == []


def rule_ids(lang: str) -> set[str]:
    return {rule for rule in FIXES if f"`{rule}`" in text(lang)}


def test_both_guides_name_the_same_rules_and_every_rule():
    assert rule_ids("fr") == rule_ids("en") == set(FIXES)


def test_both_guides_name_the_same_files_and_commands():
    def files(lang):
        return set(re.findall(r"\]\(((?!#|https?:)[^)]+)\)", text(lang))) - {GUIDES["en"].name, GUIDES["fr"].name}

    def commands(lang):
        blocks = [m["body"] for m in FENCE.finditer(text(lang)) if m["lang"] == "sh"]
        return [re.sub(r"--lang \w+", "--lang LANG", block) for block in blocks]

    def scripts(lang):
        return set(re.findall(r"scripts/[\w./-]+", text(lang)))

    assert files("fr") == files("en")
    assert {"README.md", "facts.yml", "mkdocs.yml"} <= files("fr")
    for name in files("fr"):
        assert (ROOT / name).is_file(), f"the guides link to {name}, which does not exist"
    assert commands("fr") == commands("en")
    assert scripts("fr") == scripts("en")
    for script in scripts("fr"):
        assert (ROOT / script).is_file(), f"the guides name {script}, which does not exist"


def test_each_guide_links_to_its_twin():
    assert "[English](CONTRIBUTING.en.md)" in text("fr")
    assert "[Français](CONTRIBUTING.md)" in text("en")


@pytest.mark.parametrize("lang", GUIDES)
def test_the_glossary_explains_the_git_words(lang):
    glossary = re.split(r"^## ", prose(lang), flags=re.M)[2]
    words = set(re.findall(r"^\| \*\*([^*]+)\*\*", glossary, re.M))
    expected = {"fork", "commit", "pull request", "merge", "front matter", "YAML"}
    expected |= {"branche", "dépôt"} if lang == "fr" else {"branch", "repository"}
    assert expected <= words


@pytest.mark.parametrize("lang", GUIDES)
def test_the_guides_say_what_ci_does(lang):
    """The preview prefix, the comment's title and the artifact are the ones the workflows use."""
    workflow = (ROOT / ".github" / "workflows" / "ci.yml").read_text(encoding="utf-8")
    ci = yaml.safe_load(workflow)
    assert "previews/pr-${PR_NUMBER}/" in workflow
    assert "`…/previews/pr-<" in text(lang)
    assert "**site-hors-ligne**" in text(lang)
    assert "site-hors-ligne" in {
        step["with"]["name"] for step in ci["jobs"]["check"]["steps"] if "upload-artifact" in str(step.get("uses"))
    }
    title = {"fr": "Changements médicaux", "en": "Medical changes"}[lang]
    assert f"**{title}**" in text(lang)
    assert "`clinical_review: pending`" in text(lang)
    assert "`.github/CODEOWNERS`" in text(lang)


def test_the_twin_stale_warning_is_called_a_warning_that_does_not_block():
    assert "**pas une erreur : il ne bloque pas la fusion**" in text("fr")
    assert "**not an\nerror: it does not block the merge**" in text("en")
