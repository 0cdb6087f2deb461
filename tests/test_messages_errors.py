"""The shared readers' errors (mkdocs.yml, facts.yml, docs/, YAML) in the script's language, run as a user would.

Each case runs the real script with a French locale (or none: French when unsure) and with English, and compares
its one line on stderr and its exit code. Outside a script (library use) the same errors stay in English.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from helpers.git import git
from sitetools.cli import UserError
from sitetools.facts import load_registry
from sitetools.messages import catalogue, speaking
from sitetools.sources import site_languages
from sitetools.yamlfile import describe

ROOT = Path(__file__).resolve().parent.parent
SCRIPTS = ROOT / "scripts"
CLEAN = ROOT / "tests" / "fixtures" / "content_check" / "clean"
FRENCH = {"LANG": "fr_FR.UTF-8"}
UNSURE = {"LANG": "C.UTF-8"}  # neither French nor English: French
ENGLISH = {"LANG": "en_GB.UTF-8"}


def script(name: str, *args: str, env: dict, cwd: Path) -> tuple[int, str, str]:
    """(exit code, stdout, stderr) of scripts/<name>.py run in ``cwd`` with only the locale ``env`` sets."""
    base = {key: value for key, value in os.environ.items() if key not in ("LANGUAGE", "LC_ALL", "LC_MESSAGES")}
    result = subprocess.run(
        [sys.executable, str(SCRIPTS / f"{name}.py"), *args],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
        cwd=cwd,
        env={**base, **env},
    )
    return result.returncode, result.stdout, result.stderr


@pytest.fixture
def project(tmp_path) -> Path:
    """A copy of the content check's clean fixture (mkdocs.yml, facts.yml, docs/) to break."""
    target = tmp_path / "project"
    shutil.copytree(CLEAN, target)
    return target


def replace(file: Path, old: str, new: str) -> None:
    text = file.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    file.write_text(text.replace(old, new), encoding="utf-8")


# --- check_content.py ------------------------------------------------------------------------------------------


def test_check_content_names_the_registry_line_of_a_bad_scope(project):
    replace(
        project / "facts.yml",
        "    statement: Walking 2 hours after.\n    scope: metastasis\n",
        "    statement: Walking 2 hours after.\n    scope: metastases\n",
    )
    assert script("check_content", env=UNSURE, cwd=project) == (
        2,
        "",
        "check_content: erreur : facts.yml:6: registre : fait 'metastasis-walking' : scope doit valoir l'une de ces "
        "valeurs : metastasis, osteoporosis, both ; trouvé 'metastases'\n",
    )
    assert script("check_content", "--lang", "en", env=FRENCH, cwd=project) == (
        2,
        "",
        "check_content: error: facts.yml:6: registry: fact 'metastasis-walking': expected scope one of metastasis, "
        "osteoporosis, both, found 'metastases'\n",
    )


def test_check_content_words_a_broken_registry_yaml_for_the_editor(project):
    replace(
        project / "facts.yml",
        "    source: metastasis-centre\n    value: 2\n",
        "    source: metastasis-centre\n    value: 2 hours: after\n",
    )
    assert script("check_content", env=FRENCH, cwd=project) == (
        2,
        "",
        "check_content: erreur : facts.yml:10: registre : YAML mal écrit (un « : » de trop dans une valeur ; mettez "
        "la valeur entre guillemets) : vérifiez l'indentation, les deux-points et les guillemets\n",
    )
    assert script("check_content", env=ENGLISH, cwd=project) == (
        2,
        "",
        "check_content: error: facts.yml:10: registry: not valid YAML: mapping values are not allowed here\n",
    )


def test_check_content_without_a_docs_folder(project):
    shutil.rmtree(project / "docs")
    assert script("check_content", "--root", ".", env=UNSURE, cwd=project) == (
        2,
        "",
        f"check_content: erreur : {project}: un dossier docs/ est attendu dans {project} ; introuvable : indiquez "
        "le dossier du projet, celui qui contient docs/ et mkdocs.yml\n",
    )
    assert script("check_content", "--root", ".", "--lang", "en", env=UNSURE, cwd=project) == (
        2,
        "",
        f"check_content: error: {project}: expected a docs/ folder in {project}, found none\n",
    )


def test_check_content_with_a_tab_in_mkdocs_yml(project):
    replace(project / "mkdocs.yml", "  - search\n", "\t- search\n")
    assert script("check_content", "--lang", "fr", env=ENGLISH, cwd=project) == (
        2,
        "",
        "check_content: erreur : mkdocs.yml:3: mkdocs.yml : YAML mal écrit (une tabulation ; décalez avec des "
        "espaces) : vérifiez l'indentation, les deux-points et les guillemets\n",
    )
    assert script("check_content", "--lang", "en", env=FRENCH, cwd=project) == (
        2,
        "",
        "check_content: error: mkdocs.yml:3: mkdocs.yml: not valid YAML: found character '\\t' that cannot start "
        "any token\n",
    )


def test_check_content_with_languages_mkdocs_yml_does_not_list(project):
    replace(project / "mkdocs.yml", "      languages:\n", "      languages: fr\n      others:\n")
    assert script("check_content", env=FRENCH, cwd=project) == (
        2,
        "",
        "check_content: erreur : mkdocs.yml:6: extension i18n : 'languages' doit donner au moins une langue ; "
        "trouvé le texte 'fr'\n",
    )
    assert script("check_content", env=ENGLISH, cwd=project) == (
        2,
        "",
        "check_content: error: mkdocs.yml:6: i18n plugin: expected 'languages' to list at least one language, "
        "found the text 'fr'\n",
    )


def test_check_content_with_a_line_too_long_to_read_in_a_page(project):
    page = project / "docs" / "fr" / "index.md"
    page.write_text(page.read_text(encoding="utf-8") + "mot " * 600 + "\n", encoding="utf-8")
    line = len(page.read_text(encoding="utf-8").splitlines())
    assert script("check_content", env=UNSURE, cwd=project) == (
        2,
        "",
        f"check_content: erreur : docs/fr/index.md:{line}: lignes d'au plus 2000 caractères attendues ; trouvé une "
        "ligne de 2400 : coupez-la en lignes plus courtes\n",
    )
    assert script("check_content", env=ENGLISH, cwd=project) == (
        2,
        "",
        f"check_content: error: docs/fr/index.md:{line}: expected lines of at most 2000 characters, found one of "
        "2400; break it into shorter lines\n",
    )


def test_check_content_without_a_project_folder(tmp_path):
    assert script("check_content", "--root", "nowhere", env=UNSURE, cwd=tmp_path) == (
        2,
        "",
        "check_content: erreur : nowhere: dossier de projet attendu, introuvable : donnez le dossier qui contient "
        "mkdocs.yml et docs/ (--root)\n",
    )
    assert script("check_content", "--root", "nowhere", env=ENGLISH, cwd=tmp_path) == (
        2,
        "",
        "check_content: error: nowhere: expected a project folder, found none\n",
    )


# --- medical_diff.py -------------------------------------------------------------------------------------------


@pytest.fixture
def repo(project) -> Path:
    """The project as a git repository with one commit on the branch main."""
    git(project, "init", "-q", "-b", "main")
    git(project, "add", "-A")
    git(project, "commit", "-q", "-m", "base")
    return project


def test_medical_diff_with_a_base_ref_that_does_not_exist(repo):
    assert script("medical_diff", "--base", "nope", env=FRENCH, cwd=repo) == (
        2,
        "",
        f"medical_diff: erreur : {repo}: référence git inconnue 'nope' : une branche, une étiquette ou un commit de "
        "ce dépôt était attendu, aucun trouvé\n",
    )
    assert script("medical_diff", "--base", "nope", "--lang", "en", env=FRENCH, cwd=repo) == (
        2,
        "",
        f"medical_diff: error: {repo}: unknown git ref 'nope': expected a branch, tag or commit of this repository, "
        "found none\n",
    )


def test_medical_diff_names_the_base_s_broken_registry(repo):
    replace(repo / "facts.yml", "allowed_hosts: [doi.org]", "allowed_hosts: [doi.org")
    git(repo, "commit", "-q", "-am", "broken registry")
    replace(repo / "facts.yml", "allowed_hosts: [doi.org", "allowed_hosts: [doi.org]")
    assert script("medical_diff", "--base", "main", env=UNSURE, cwd=repo) == (
        2,
        "",
        "medical_diff: erreur : main:facts.yml:4: registre : YAML mal écrit (expected ',' or ']', but got ':') : "
        "vérifiez l'indentation, les deux-points et les guillemets\n",
    )
    assert script("medical_diff", "--base", "main", env=ENGLISH, cwd=repo) == (
        2,
        "",
        "medical_diff: error: main:facts.yml:4: registry: not valid YAML: expected ',' or ']', but got ':'\n",
    )


# --- readability.py --------------------------------------------------------------------------------------------


def test_readability_of_a_project_without_docs(project):
    shutil.rmtree(project / "docs")
    assert script("readability", "--root", str(project), env=FRENCH, cwd=project.parent) == (
        2,
        "",
        f"readability: erreur : {project}: un dossier docs/ est attendu dans {project} ; introuvable : indiquez le "
        "dossier du projet, celui qui contient docs/ et mkdocs.yml\n",
    )
    assert script("readability", "--root", str(project), "--lang", "en", env=FRENCH, cwd=project.parent) == (
        2,
        "",
        f"readability: error: {project}: expected a docs/ folder in {project}, found none\n",
    )


# --- library use and the catalogues ----------------------------------------------------------------------------


def test_outside_a_script_the_errors_stay_english_and_keep_their_data(project):
    replace(project / "facts.yml", "source: metastasis-centre\n    value: 2\n", "source: nowhere\n    value: 2\n")
    with pytest.raises(UserError) as raised:
        load_registry(project / "facts.yml", ["fr", "en"])
    error = raised.value
    assert (error.path, error.line, error.lang) == (str(project / "facts.yml"), 6, None)
    assert str(error) == (
        f"{project / 'facts.yml'}:6: registry: fact 'metastasis-walking': unknown source 'nowhere'; "
        "expected one of metastasis-centre, osteoporosis-centre"
    )
    assert error.render("fr") == (
        f"{project / 'facts.yml'}:6: registre : fait 'metastasis-walking' : source inconnue 'nowhere' ; "
        "sources possibles : metastasis-centre, osteoporosis-centre"
    )
    assert describe([]) == "an empty list"
    with speaking("fr"):
        assert describe({"a": 1}) == "a mapping"  # describe() is the library's English, whatever the script says


def test_inside_a_script_s_language_the_same_error_is_french(project, monkeypatch):
    monkeypatch.chdir(project)
    (project / "mkdocs.yml").write_text("- not settings\n", encoding="utf-8")
    with pytest.raises(UserError) as raised, speaking("fr"):
        site_languages(project)
    assert raised.value.lang == "fr"
    assert (
        str(raised.value) == "mkdocs.yml:1: mkdocs.yml doit contenir des lignes « réglage: valeur » ; trouvé une liste"
    )
    assert raised.value.render("en") == "mkdocs.yml:1: expected mkdocs.yml to be a mapping of settings, found a list"


# The shared modules and the catalogue (domain) their say("group.key") calls use.
SHARED = {
    "sources": ["sources.py", "yamlfile.py"],
    "registry": ["facts.py"],
    "medical_diff": ["medical_diff.py"],
}
SAY = re.compile(r'\bsay\(\s*"(?P<key>[a-z_-]+\.[a-z_-]+)"')


@pytest.mark.parametrize("domain", sorted(SHARED))
def test_every_key_the_shared_readers_say_is_in_both_catalogues(domain):
    used = set()
    for name in SHARED[domain]:
        used |= {m["key"] for m in SAY.finditer((SCRIPTS / "sitetools" / name).read_text(encoding="utf-8"))}
    assert len(used) > 2, domain
    assert sorted(used - set(catalogue(domain, "en"))) == []
    assert sorted(used - set(catalogue(domain, "fr"))) == []
