"""Review dates (front-matter, review-due) and translation staleness (twin-stale) on tiny fixture projects.

Each test writes a two-page project (docs/fr/index.md and its English twin) under tmp_path, changes one
thing, and compares the findings with the exact expected ones: path, line, rule and message.
The staleness tests make a git repository with controlled commit dates.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from helpers.git import git
from sitetools.check import FIXES, Finding, check, main

TODAY = dt.date(2026, 11, 25)
FR, EN = "docs/fr/index.md", "docs/en/index.md"

MKDOCS_YML = """\
site_name: Fixture
docs_dir: docs
plugins:
  - i18n:
      docs_structure: folder
      languages:
        - locale: fr
          name: Français
          default: true
          build: true
        - locale: en
          name: English
          build: true
"""

FACTS_YML = """\
sources:
  metastasis-centre:
    title: Metastasis centre
  osteoporosis-centre:
    title: Osteoporosis centre
  cirse-2017:
    title: CIRSE 2017
allowed_hosts:
  - doi.org
facts: []
"""

# One line per key, in this order: title is on line 2, last_reviewed on line 6, next_review on line 7.
META = {
    "fr": {
        "title": "Accueil",
        "description": "Une page de test pour vérifier les dates de relecture et la fraîcheur des traductions.",
        "scope": "both",
        "sources": "[metastasis-centre]",
        "last_reviewed": "2026-01-05",
        "next_review": "2027-01-05",
        "reviewer": "Radiologue interventionnel",
        "clinical_review": "pending",
    },
    "en": {
        "title": "Home",
        "description": "A test page to check the review dates and whether translations are up to date.",
        "scope": "both",
        "sources": "[metastasis-centre]",
        "last_reviewed": "2026-01-05",
        "next_review": "2027-01-05",
        "reviewer": "Interventional radiologist",
        "clinical_review": "pending",
    },
}
LINE = {key: number for number, key in enumerate(META["fr"], start=2)}
BODY = {
    "fr": "# Accueil\n\n## Le geste\n\nLe radiologue injecte du ciment.\n",
    "en": "# Home\n\n## The procedure\n\nThe radiologist injects cement.\n",
}


def page(lang: str, body: str | None = None, **meta: str | None) -> str:
    """A page with complete front matter; pass key=None to leave a key out, key='…' to change it."""
    values = {**META[lang], **meta}
    front = [f"{key}: {value}" for key, value in values.items() if value is not None]
    return "\n".join(["---", *front, "---", ""]) + "\n" + (body or BODY[lang])


def write_project(root: Path, fr: str | None = None, en: str | None = None) -> Path:
    """mkdocs.yml (fr default, en), a registry with no facts, and the twin pages."""
    (root / "docs" / "fr").mkdir(parents=True)
    (root / "docs" / "en").mkdir(parents=True)
    (root / "mkdocs.yml").write_text(MKDOCS_YML, encoding="utf-8")
    (root / "facts.yml").write_text(FACTS_YML, encoding="utf-8")
    (root / FR).write_text(fr if fr is not None else page("fr"), encoding="utf-8")
    (root / EN).write_text(en if en is not None else page("en"), encoding="utf-8")
    return root


def findings(root: Path, today: dt.date = TODAY) -> list[Finding]:
    return check(root, today=today).findings


@pytest.fixture
def project(tmp_path) -> Path:
    return tmp_path / "project"


def test_complete_twins_have_no_findings(project):
    write_project(project)
    assert findings(project) == []


# --- front-matter: the dates are there and make sense -----------------------------------------------------


def test_missing_last_reviewed(project):
    write_project(project, fr=page("fr", last_reviewed=None))
    assert findings(project) == [
        Finding(FR, 1, "front-matter", "expected 'last_reviewed:' in the front matter, found none"),
    ]


def test_missing_next_review_and_reviewer_are_each_reported(project):
    write_project(project, en=page("en", next_review=None, reviewer=None))
    assert findings(project) == [
        Finding(EN, 1, "front-matter", "expected 'next_review:' in the front matter, found none"),
        Finding(EN, 1, "front-matter", "expected 'reviewer:' in the front matter, found none"),
    ]


def test_empty_last_reviewed_counts_as_missing(project):
    write_project(project, fr=page("fr", last_reviewed='""'))
    assert findings(project) == [
        Finding(FR, 1, "front-matter", "expected 'last_reviewed:' in the front matter, found none"),
    ]


@pytest.mark.parametrize(
    ("written", "shown"),
    [
        ("soon", "'soon'"),
        ("25/11/2026", "'25/11/2026'"),
        ("2026-1-5", "'2026-1-5'"),  # YAML reads a date only with two-digit month and day
        ('"2026-11-25"', "'2026-11-25' in quotes: remove the quotes"),  # quotes make it text, not a date
    ],
)
def test_malformed_last_reviewed(project, written, shown):
    write_project(project, fr=page("fr", last_reviewed=written))
    assert findings(project) == [
        Finding(
            FR, LINE["last_reviewed"], "front-matter", f"expected 'last_reviewed' as a date YYYY-MM-DD, found {shown}"
        ),
    ]


def test_impossible_month_is_a_finding_not_a_crash(project):
    write_project(project, fr=page("fr", next_review="2026-13-01"))
    assert findings(project) == [
        Finding(
            FR, LINE["next_review"], "front-matter", "expected 'next_review' as a date YYYY-MM-DD, found '2026-13-01'"
        ),
    ]


@pytest.mark.parametrize("next_review", ["2025-12-01", "2026-01-05"])
def test_next_review_not_after_last_reviewed(project, next_review):
    write_project(project, en=page("en", last_reviewed="2026-01-05", next_review=next_review))
    assert findings(project) == [
        Finding(
            EN,
            LINE["next_review"],
            "front-matter",
            f"expected next_review after last_reviewed (2026-01-05), found {next_review}",
        ),
    ]


def test_last_reviewed_in_the_future(project):
    write_project(project, fr=page("fr", last_reviewed="2026-12-01", next_review="2027-12-01"))
    assert findings(project) == [
        Finding(
            FR,
            LINE["last_reviewed"],
            "front-matter",
            "expected last_reviewed on or before today (2026-11-25), found 2026-12-01",
        ),
    ]


def test_last_reviewed_today_is_fine(project):
    write_project(project, fr=page("fr", last_reviewed="2026-11-25", next_review="2027-11-25"))
    assert findings(project) == []


# --- review-due: a warning, never a failure -----------------------------------------------------------------

DUE = {"last_reviewed": "2025-01-10", "next_review": "2026-01-10"}
DUE_MESSAGE = "review was due on 2026-01-10 (last reviewed 2025-01-10)"


def test_past_next_review_is_a_review_due_warning(project):
    write_project(project, fr=page("fr", **DUE))
    result = findings(project)
    assert result == [Finding(FR, LINE["next_review"], "review-due", DUE_MESSAGE)]
    assert result[0].severity == "warning"


@pytest.mark.parametrize(("today", "due"), [(dt.date(2026, 1, 10), False), (dt.date(2026, 1, 11), True)])
def test_review_is_due_the_day_after_next_review(project, today, due):
    write_project(project, en=page("en", **DUE))
    expected = [Finding(EN, LINE["next_review"], "review-due", DUE_MESSAGE)] if due else []
    assert findings(project, today=today) == expected


def test_review_due_warning_is_printed_and_exits_0(project, capsys):
    write_project(project, fr=page("fr", **DUE))
    assert main(["--lang", "en", "--root", str(project), "--today", "2026-11-25"]) == 0
    assert capsys.readouterr().out.splitlines() == [
        f"{FR}:{LINE['next_review']}: review-due: {DUE_MESSAGE} (fix: {FIXES['review-due']})",
        "checked 2 pages and 0 fragments against 0 facts: 0 errors, 1 warning",
    ]


def test_review_due_in_github_format(project, capsys):
    write_project(project, fr=page("fr", **DUE))
    assert main(["--lang", "en", "--root", str(project), "--format", "github", "--today", "2026-11-25"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == f"::warning file={FR},line=7,title=review-due::{DUE_MESSAGE} (fix: {FIXES['review-due']})"
    assert len(out) == 2


def test_date_error_exits_1_and_is_a_github_error(project, capsys):
    write_project(project, en=page("en", last_reviewed="soon"))
    assert main(["--lang", "en", "--root", str(project), "--format", "github", "--today", "2026-11-25"]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out[0] == (
        f"::error file={EN},line=6,title=front-matter::expected 'last_reviewed' as a date YYYY-MM-DD, found 'soon' "
        f"(fix: {FIXES['front-matter']})"
    )


# --- twin-stale: the French page changed in git after its translation -----------------------------------------


def commit(root: Path, date: str, *paths: str) -> None:
    git(root, "add", "--", *(paths or ["."]))
    git(root, "commit", "--quiet", "--no-verify", "-m", f"change on {date}", when=date)


def edit(root: Path, path: str, old: str, new: str) -> None:
    file = root / path
    text = file.read_text(encoding="utf-8")
    assert old in text
    file.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.fixture
def repo(project) -> Path:
    """The twin pages, committed together on 2 March 2026, in a git repository of their own."""
    write_project(project)
    git(project, "init", "--quiet", "--initial-branch=main")
    commit(project, "2026-03-02T09:00:00+00:00")
    return project


def test_twins_committed_together_are_not_stale(repo):
    assert findings(repo) == []


def test_french_change_makes_english_twin_stale_until_it_is_updated(repo):
    edit(repo, FR, "du ciment.", "du ciment médical.")
    commit(repo, "2026-04-15T09:00:00+00:00", FR)
    assert findings(repo) == [
        Finding(
            EN,
            1,
            "twin-stale",
            "possibly outdated: docs/fr/index.md changed on 2026-04-15, this translation last on 2026-03-02",
        ),
    ]
    assert findings(repo)[0].severity == "warning"

    edit(repo, EN, "cement.", "medical cement.")
    commit(repo, "2026-05-20T09:00:00+00:00", EN)
    assert findings(repo) == []


def test_stale_twin_is_a_warning_and_exits_0(repo, capsys):
    edit(repo, FR, "du ciment.", "du ciment médical.")
    commit(repo, "2026-04-15T09:00:00+00:00", FR)
    assert main(["--lang", "en", "--root", str(repo), "--today", "2026-11-25"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out == [
        f"{EN}:1: twin-stale: possibly outdated: docs/fr/index.md changed on 2026-04-15, "
        f"this translation last on 2026-03-02 (fix: {FIXES['twin-stale']})",
        "checked 2 pages and 0 fragments against 0 facts: 0 errors, 1 warning",
    ]


def test_english_only_change_does_not_make_french_stale(repo):
    edit(repo, EN, "cement.", "medical cement.")
    commit(repo, "2026-04-15T09:00:00+00:00", EN)
    assert findings(repo) == []


def test_uncommitted_french_edit_is_not_yet_stale(repo):
    edit(repo, FR, "du ciment.", "du ciment médical.")
    assert findings(repo) == []


def test_stale_fragment(repo):
    for lang, text in (("fr", "Le ciment durcit vite.\n"), ("en", "The cement hardens quickly.\n")):
        fragment = repo / "docs" / "_includes" / lang / "both" / "cement.md"
        fragment.parent.mkdir(parents=True)
        fragment.write_text(text, encoding="utf-8")
    commit(repo, "2026-03-10T09:00:00+00:00")
    edit(repo, "docs/_includes/fr/both/cement.md", "vite", "en quelques minutes")
    commit(repo, "2026-06-01T09:00:00+00:00")
    assert findings(repo) == [
        Finding(
            "docs/_includes/en/both/cement.md",
            1,
            "twin-stale",
            "possibly outdated: docs/_includes/fr/both/cement.md changed on 2026-06-01, "
            "this translation last on 2026-03-10",
        ),
    ]
