"""medical_diff.py on small git histories made in a temporary folder: exact reports in French and English."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from helpers.git import git
from sitetools.medical_diff import default_language, twin_path
from sitetools.sources import Doc

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "scripts" / "medical_diff.py"

MKDOCS = """\
site_name: Test
plugins:
  - i18n:
      docs_structure: folder
      languages:
        - locale: fr
          default: true
        - locale: en
"""

FACTS = """\
sources:
  metastasis-centre:
    title: A centre's page
facts:
  - id: plavix-stop-before
    statement: Plavix is better stopped 5 days before the procedure.
    scope: metastasis
    source: metastasis-centre
    value: 5
    pages: [before.md]
    patterns:
      fr: 'arrêter{gap}{value}{days}{_}avant'
      en: 'stop{gap}{value}{days}{_}before'
  - id: walking
    statement: Walking can resume 2 hours after the procedure.
    scope: metastasis
    source: metastasis-centre
    value: 2
    pages: [before.md]
    patterns:
      fr: 'marcher{gap}{value}{h}'
      en: 'walk{gap}{value}{h}'
"""

PAGE = """\
---
title: {title}
scope: metastasis
sources: [metastasis-centre]
last_reviewed: 2026-11-01
next_review: 2027-11-01
reviewer: {reviewer}
---

# {title}

{walking}

{plavix}
"""

FR_PAGE = PAGE.format(
    title="Avant",
    reviewer="Radiologue",
    walking="Vous pouvez marcher 2 heures après.",
    plavix="Il vaut mieux arrêter le Plavix 5 jours avant.",
)
EN_PAGE = PAGE.format(
    title="Before",
    reviewer="Radiologist",
    walking="You can walk 2 hours later.",
    plavix="It is better to stop Plavix 5 days before.",
)

URGENT = """\
!!! urgent "{title}"
    {text}
"""


def write(repo: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = repo / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


@pytest.fixture
def repo(tmp_path) -> Path:
    """A tiny site with a base commit on branch main: two facts, one pair of twin pages, urgent fragments."""
    repo = tmp_path / "site"
    repo.mkdir()
    git(repo, "init", "-q", "-b", "main")
    write(
        repo,
        {
            "mkdocs.yml": MKDOCS,
            "facts.yml": FACTS,
            "docs/fr/before.md": FR_PAGE,
            "docs/en/before.md": EN_PAGE,
            "docs/_includes/fr/metastasis/urgent.md": URGENT.format(title="Urgence", text="Appelez le 15."),
            "docs/_includes/en/metastasis/urgent.md": URGENT.format(title="Emergency", text="Call 112."),
        },
    )
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "base")
    return repo


def medical_diff(repo: Path, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, str(SCRIPT), *args],
        cwd=repo,
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        check=False,
    )


def change_plavix_in_french(repo: Path) -> None:
    """The registry goes from 5 to 7 days; only the French page follows, and its review date moves."""
    write(repo, {"facts.yml": FACTS.replace("value: 5", "value: 7")})
    page = FR_PAGE.replace("Plavix 5 jours", "Plavix 7 jours").replace(
        "last_reviewed: 2026-11-01", "last_reviewed: 2026-11-20"
    )
    write(repo, {"docs/fr/before.md": page})


def sha(repo: Path) -> str:
    return git(repo, "rev-parse", "--short=7", "main")


def test_one_figure_changed_in_one_language_english(repo):
    change_plavix_in_french(repo)
    result = medical_diff(repo, "--base", "main", "--lang", "en")
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert result.stdout == textwrap.dedent(f"""\
        Medical changes: working tree compared with main ({sha(repo)})

        Facts (facts.yml)
          changed: plavix-stop-before: 5 → 7 (scope metastasis, source metastasis-centre) — Plavix is better stopped 5 days before the procedure.
            still 5 at docs/en/before.md:14

        Figures of registered facts in the pages
          docs/fr/before.md:14: plavix-stop-before: 5 → 7

        Safety statements touched
          plavix-stop-before (Plavix is better stopped 5 days before the procedure.): facts.yml, docs/fr/before.md:14

        Changed in one language only
          docs/fr/before.md changed, docs/en/before.md did not

        Review dates
          docs/fr/before.md:5: last_reviewed 2026-11-01 → 2026-11-20

        Summary: facts changed 1, added 0, removed 0; figures in the pages 1; safety statements 1; one language only 1; review dates 1
        """)  # noqa: E501 - the exact lines a reviewer reads


def test_one_figure_changed_in_one_language_french(repo):
    change_plavix_in_french(repo)
    result = medical_diff(repo, "--base", "main", "--lang", "fr")
    assert result.returncode == 0, result.stderr
    assert result.stdout == textwrap.dedent(f"""\
        Changements médicaux : copie de travail comparée à main ({sha(repo)})

        Faits (facts.yml)
          modifié : plavix-stop-before : 5 → 7 (situation metastasis, source metastasis-centre) — Plavix is better stopped 5 days before the procedure.
            encore 5 à docs/en/before.md:14

        Chiffres des faits enregistrés dans les pages
          docs/fr/before.md:14 : plavix-stop-before : 5 → 7

        Consignes de sécurité touchées
          plavix-stop-before (Plavix is better stopped 5 days before the procedure.) : facts.yml, docs/fr/before.md:14

        Modifié dans une seule langue
          docs/fr/before.md modifié, docs/en/before.md non

        Dates de relecture
          docs/fr/before.md:5 : last_reviewed 2026-11-01 → 2026-11-20

        Résumé : faits modifiés 1, ajoutés 0, retirés 0 ; chiffres dans les pages 1 ; consignes de sécurité 1 ; une seule langue 1 ; dates de relecture 1
        """)  # noqa: E501


def test_markdown_for_the_pull_request(repo):
    change_plavix_in_french(repo)
    result = medical_diff(repo, "--base", "main", "--format", "markdown", "--lang", "en")
    assert result.returncode == 0, result.stderr
    assert result.stdout == textwrap.dedent(f"""\
        ## Medical changes: working tree compared with `main` (`{sha(repo)}`)

        ### Facts (facts.yml)

        - changed: `plavix-stop-before`: **5 → 7** (scope metastasis, source metastasis-centre) — Plavix is better stopped 5 days before the procedure.
          - still **5** at `docs/en/before.md:14`

        ### Figures of registered facts in the pages

        - `docs/fr/before.md:14`: `plavix-stop-before`: **5 → 7**

        ### Safety statements touched

        - `plavix-stop-before` (Plavix is better stopped 5 days before the procedure.): `facts.yml`, `docs/fr/before.md:14`

        ### Changed in one language only

        - `docs/fr/before.md` changed, `docs/en/before.md` did not

        ### Review dates

        - `docs/fr/before.md:5`: last_reviewed 2026-11-01 → 2026-11-20

        Summary: facts changed 1, added 0, removed 0; figures in the pages 1; safety statements 1; one language only 1; review dates 1
        """)  # noqa: E501


def test_committed_changes_count_as_well_as_uncommitted_ones(repo):
    git(repo, "checkout", "-q", "-b", "change")
    change_plavix_in_french(repo)
    git(repo, "commit", "-q", "-am", "Plavix: 7 days")
    committed = medical_diff(repo, "--base", "main", "--lang", "en")
    assert committed.returncode == 0, committed.stderr
    assert "  docs/fr/before.md:14: plavix-stop-before: 5 → 7\n" in committed.stdout


def test_no_change_lists_nothing(repo):
    result = medical_diff(repo, "--base", "main", "--lang", "en")
    assert result.returncode == 0, result.stderr
    assert result.stdout == textwrap.dedent(f"""\
        Medical changes: working tree compared with main ({sha(repo)})

        Facts (facts.yml)
          none

        Figures of registered facts in the pages
          none

        Safety statements touched
          none

        Changed in one language only
          none

        Review dates
          none

        Summary: facts changed 0, added 0, removed 0; figures in the pages 0; safety statements 0; one language only 0; review dates 0
        """)  # noqa: E501


def test_urgent_boxes_added_and_removed_facts_and_a_reworded_page(repo):
    """Both urgent boxes edited, a fact removed and another added, both twins edited: no one-language entry."""
    write(
        repo,
        {
            "docs/_includes/fr/metastasis/urgent.md": URGENT.format(title="Urgence", text="Appelez le 15 ou le 112."),
            "docs/_includes/en/metastasis/urgent.md": URGENT.format(title="Emergency", text="Call 112 or 15."),
            "facts.yml": FACTS.replace("id: walking", "id: walking-after")
            .replace("Walking can resume", "You may walk")
            .replace("value: 2", "value: 3"),
        },
    )
    result = medical_diff(repo, "--base", "main", "--lang", "en")
    assert result.returncode == 0, result.stderr
    assert result.stdout.split("\n\n")[1:4] == [
        "Facts (facts.yml)\n"
        "  added: walking-after: 3 (scope metastasis, source metastasis-centre)"
        " — You may walk 2 hours after the procedure.\n"
        "  removed: walking: 2 (scope metastasis, source metastasis-centre)"
        " — Walking can resume 2 hours after the procedure.",
        "Figures of registered facts in the pages\n  none",
        "Safety statements touched\n"
        '  docs/_includes/en/metastasis/urgent.md:1: urgent box "Emergency" changed\n'
        '  docs/_includes/fr/metastasis/urgent.md:1: urgent box "Urgence" changed',
    ]
    assert "Changed in one language only\n  none\n" in result.stdout


def test_a_pattern_that_finds_a_new_mention(repo):
    write(repo, {"docs/en/before.md": EN_PAGE + "\nYou can walk 3 hours later if tired.\n"})
    result = medical_diff(repo, "--base", "main", "--lang", "en")
    assert "  docs/en/before.md:16: walking: new mention (3)\n" in result.stdout
    assert "  docs/en/before.md changed, docs/fr/before.md did not\n" in result.stdout


def test_the_default_language_comes_from_the_locale(repo):
    english = medical_diff(repo, "--base", "main", env={"LC_ALL": "", "LC_MESSAGES": "", "LANG": "en_GB.UTF-8"})
    unsure = medical_diff(repo, "--base", "main", env={"LC_ALL": "C.UTF-8"})
    assert english.stdout.startswith("Medical changes:")
    assert unsure.stdout.startswith("Changements médicaux :")


@pytest.mark.parametrize(
    ("environ", "expected"),
    [
        ({"LANG": "en_US.UTF-8"}, "en"),
        ({"LC_ALL": "fr_FR.UTF-8", "LANG": "en_US.UTF-8"}, "fr"),
        ({"LC_ALL": "", "LC_MESSAGES": "en_GB", "LANG": "fr_FR"}, "en"),
        ({"LANG": "de_DE.UTF-8"}, "fr"),
        ({"LANG": "C"}, "fr"),
        ({}, "fr"),
    ],
)
def test_default_language(environ, expected):
    assert default_language(environ) == expected


# --- bad input: one line, exit 2 ---------------------------------------------------------------------------


def test_unknown_ref(repo):
    result = medical_diff(repo, "--base", "nope", "--lang", "en")
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr == (
        f"medical_diff: error: {repo}: unknown git ref 'nope': expected a branch, tag or commit of this repository, "
        "found none\n"
    )


def test_unknown_ref_in_french(repo):
    result = medical_diff(repo, "--base", "nope", "--lang", "fr")
    assert result.returncode == 2
    assert result.stderr == (
        f"medical_diff: erreur : {repo}: référence git inconnue 'nope' : une branche, une étiquette ou un commit "
        "de ce dépôt était attendu, aucun trouvé\n"
    )


def test_not_a_git_repository(tmp_path):
    write(tmp_path, {"mkdocs.yml": MKDOCS, "facts.yml": FACTS, "docs/fr/before.md": FR_PAGE})
    result = medical_diff(
        tmp_path, "--base", "main", "--lang", "en", env={"GIT_CEILING_DIRECTORIES": str(tmp_path.parent)}
    )
    assert result.returncode == 2
    assert result.stderr == (
        f"medical_diff: error: {tmp_path}: expected a folder inside a git repository, found none "
        "(run git init, or pass --root)\n"
    )


def test_a_broken_registry_at_the_base_is_named_by_its_ref(repo):
    write(repo, {"facts.yml": "facts: [\n"})
    git(repo, "commit", "-q", "-am", "broken registry")
    write(repo, {"facts.yml": FACTS})
    result = medical_diff(repo, "--base", "main", "--lang", "en")
    assert result.returncode == 2
    assert result.stderr.startswith("medical_diff: error: main:facts.yml:2: registry: not valid YAML: ")
    assert result.stderr.count("\n") == 1
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    ("path", "lang", "kind", "twin"),
    [
        ("docs/fr/metastasis/after.md", "fr", "page", "docs/en/metastasis/after.md"),
        ("docs/_includes/en/both/blood-thinners.md", "en", "fragment", "docs/_includes/fr/both/blood-thinners.md"),
        ("docs/_glossary/fr.md", "fr", "glossary", "docs/_glossary/en.md"),
    ],
)
def test_twin_paths(path, lang, kind, twin):
    doc = Doc(root=Path("."), path=Path(path), lang=lang, kind=kind, tree_path="", text="")
    assert twin_path(doc, "en" if lang == "fr" else "fr") == twin


def test_a_new_page_without_its_twin(repo):
    write(repo, {"docs/fr/after.md": FR_PAGE.replace("Avant", "Après")})
    english = medical_diff(repo, "--base", "main", "--lang", "en")
    french = medical_diff(repo, "--base", "main", "--lang", "fr")
    assert (
        "Changed in one language only\n  docs/fr/after.md changed, docs/en/after.md does not exist\n" in english.stdout
    )
    assert "Modifié dans une seule langue\n  docs/fr/after.md modifié, docs/en/after.md n'existe pas\n" in french.stdout
    assert "  docs/fr/after.md:12: walking: new mention (2)\n" in english.stdout


def test_a_missing_project_folder(tmp_path):
    result = medical_diff(tmp_path, "--base", "main", "--root", "absent", "--lang", "en")
    assert result.returncode == 2
    assert result.stderr == "medical_diff: error: absent: expected a project folder, found none\n"
