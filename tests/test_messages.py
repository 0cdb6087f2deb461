"""Every script speaks French or English: --lang, else the locale (French when unsure); complete catalogues.

The error cases run the real scripts as a user would and compare their one line, in both languages, and exit code.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path
from string import Formatter

import pytest
from sitetools.cli import UserError, run
from sitetools.local_s3 import AWS_SETTINGS_TO_CLEAR, FAKE_CREDENTIALS, free_port
from sitetools.messages import DOMAINS, Text, catalogue, language_from_environment, speaking, words

ROOT = Path(__file__).resolve().parent.parent
SCRIPTS = ROOT / "scripts"
# The modules that word each domain's messages (the check's modules use sitetools.check.messages).
MODULES = {
    "cli": ["cli.py"],
    "publish": ["publish.py"],
    "offline": ["offline.py"],
    "readability": ["readability.py"],
    "search_eval": ["search_eval.py"],
}
SAY = re.compile(r'\bsay\(\s*"(?P<key>[a-z-]+\.[a-z-]+)"')


def placeholders(template: str) -> set[str]:
    """'{name!conversion:spec}' of every field: the two languages must format the same values the same way."""
    return {f"{name}!{conversion}:{spec}" for _, name, spec, conversion in Formatter().parse(template) if name}


@pytest.mark.parametrize("domain", sorted(DOMAINS))
def test_both_catalogues_have_the_same_keys_and_placeholders(domain):
    english, french = catalogue(domain, "en"), catalogue(domain, "fr")
    assert sorted(english) == sorted(french)
    assert [key for key in english if placeholders(english[key]) != placeholders(french[key])] == []
    assert [key for key in english if not english[key] or not french[key]] == []


@pytest.mark.parametrize("domain", sorted(MODULES))
def test_every_key_the_code_says_is_in_the_catalogue(domain):
    used = set()
    for name in MODULES[domain]:
        used |= {m["key"] for m in SAY.finditer((SCRIPTS / "sitetools" / name).read_text(encoding="utf-8"))}
    assert used, domain
    assert sorted(used - set(catalogue(domain, "en"))) == []


def test_the_language_comes_from_the_locale_and_is_french_when_unsure():
    cases = [
        ({}, "fr"),
        ({"LANG": "C.UTF-8"}, "fr"),
        ({"LANG": "POSIX"}, "fr"),
        ({"LANG": "de_DE.UTF-8"}, "fr"),
        ({"LANG": "en_GB.UTF-8"}, "en"),
        ({"LANG": "fr_FR.UTF-8"}, "fr"),
        ({"LANG": "en_US.UTF-8", "LC_ALL": "fr_FR.UTF-8"}, "fr"),
        ({"LANG": "fr_FR.UTF-8", "LC_ALL": "en_US.UTF-8"}, "en"),
        ({"LANG": "fr_FR.UTF-8", "LANGUAGE": "en:fr"}, "en"),
    ]
    assert [language_from_environment(env) for env, _ in cases] == [lang for _, lang in cases]


def test_words_outside_a_script_stay_english_and_the_error_keeps_the_script_s_language():
    say = words("readability")
    assert str(say("error.no-project")) == "expected a project folder, found none"
    with pytest.raises(UserError) as raised, speaking("fr"):
        raise UserError(say("error.no-project"), path="x")
    assert (raised.value.lang, str(raised.value)) == ("fr", "x: dossier de projet attendu, introuvable")
    assert raised.value.render("en") == "x: expected a project folder, found none"
    assert str(UserError("plain text, as before", path="y")) == "y: plain text, as before"


def test_run_says_error_interrupted_and_terminated_in_the_script_s_language(capsys):
    def fails(argv):
        with speaking(argv[0]):
            raise UserError(Text("readability", "error.no-pages"), path="site")

    def interrupted(argv):
        with speaking(argv[0]):
            raise KeyboardInterrupt

    assert run(fails, ["fr"], prog="tool") == 2
    assert run(fails, ["en"], prog="tool") == 2
    assert run(interrupted, ["fr"], prog="tool") == 130
    assert run(interrupted, ["en"], prog="tool") == 130
    assert capsys.readouterr().err.splitlines() == [
        "tool: erreur : site: pages attendues sous docs/<langue>/ ; aucune trouvée",
        "tool: error: site: expected pages under docs/<language>/, found none",
        "tool: interrompu",
        "tool: interrupted",
    ]


# --- each script, as a user runs it -------------------------------------------------------------------------


def script(name: str, *args: str, env: dict | None = None, cwd: Path | None = None) -> subprocess.CompletedProcess:
    """Run scripts/<name>.py with a clean locale (C: French by default) unless ``env`` sets one (None unsets)."""
    base = {key: value for key, value in os.environ.items() if key not in ("LANGUAGE", "LC_ALL", "LC_MESSAGES")}
    base["LANG"] = "C.UTF-8"
    merged = {key: value for key, value in {**base, **(env or {})}.items() if value is not None}
    return subprocess.run(
        [sys.executable, str(SCRIPTS / f"{name}.py"), *args],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
        cwd=cwd,
        env=merged,
    )


def outcome(result: subprocess.CompletedProcess) -> tuple[int, str, str]:
    return result.returncode, result.stdout, result.stderr


def no_aws(tmp_path: Path, **extra: str) -> dict:
    """The environment with no AWS settings of this machine, plus ``extra``."""
    env: dict[str, str | None] = dict.fromkeys(AWS_SETTINGS_TO_CLEAR)
    env.update(
        AWS_CONFIG_FILE=str(tmp_path / "no-aws-config"),
        AWS_SHARED_CREDENTIALS_FILE=str(tmp_path / "no-aws-credentials"),
        AWS_EC2_METADATA_DISABLED="true",
    )
    return {**env, **extra}


def small_site(folder: Path) -> Path:
    folder.mkdir(parents=True)
    (folder / "index.html").write_text("<html>home</html>", encoding="utf-8")
    return folder


def test_publish_without_credentials(tmp_path):
    site = small_site(tmp_path / "site")
    args = ("--site", str(site), "--bucket", "patient-info")
    french = script("publish", *args, env=no_aws(tmp_path))
    english = script("publish", "--lang", "en", *args, env=no_aws(tmp_path))
    assert outcome(french) == (
        2,
        "",
        "publish: erreur : aucun identifiant AWS trouvé : AWS_ACCESS_KEY_ID et AWS_SECRET_ACCESS_KEY attendus "
        "dans l'environnement, ou un profil (--profile / AWS_PROFILE)\n",
    )
    assert outcome(english) == (
        2,
        "",
        "publish: error: no AWS credentials found: expected AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY in the "
        "environment or a profile (--profile / AWS_PROFILE)\n",
    )


def test_publish_an_empty_site_folder(tmp_path):
    (tmp_path / "site").mkdir()
    args = ("--site", "site", "--bucket", "patient-info")
    french = script("publish", "--lang", "fr", *args, cwd=tmp_path, env=no_aws(tmp_path))
    english = script("publish", *args, cwd=tmp_path, env=no_aws(tmp_path, LANG="en_US.UTF-8"))
    assert outcome(french) == (
        2,
        "",
        "publish: erreur : site: le dossier du site est vide : le résultat de `mkdocs build` est attendu\n",
    )
    assert outcome(english) == (
        2,
        "",
        "publish: error: site: site directory is empty: expected the output of `mkdocs build`\n",
    )


def test_publish_to_an_endpoint_nobody_answers(tmp_path):
    site = small_site(tmp_path / "site")
    endpoint = f"http://127.0.0.1:{free_port()}"
    env = no_aws(tmp_path, **FAKE_CREDENTIALS, PUBLISH_MAX_ATTEMPTS="1", PUBLISH_CONNECT_TIMEOUT="2")
    args = ("--site", str(site), "--bucket", "patient-info", "--endpoint-url", endpoint)
    french = script("publish", *args, env=env)
    english = script("publish", "--lang", "en", *args, env=env)
    assert outcome(french) == (
        2,
        "",
        f"publish: erreur : impossible de joindre le serveur {endpoint} : connexion refusée ou délai dépassé\n",
    )
    assert outcome(english) == (
        2,
        "",
        f"publish: error: cannot reach endpoint {endpoint}: connection refused or timed out\n",
    )


def test_offline_zip_onto_a_device_and_without_a_project(tmp_path):
    args = ("--root", str(ROOT), "--output", "/dev/null")
    assert outcome(script("make_offline_zip", *args)) == (
        2,
        "",
        "make_offline_zip: erreur : /dev/null: nouveau nom de fichier ou fichier ordinaire à remplacer attendu ; "
        "trouvé un périphérique caractère : rien n'est écrit\n",
    )
    assert outcome(script("make_offline_zip", "--lang", "en", *args)) == (
        2,
        "",
        "make_offline_zip: error: /dev/null: expected a new file name or a regular file to replace, found a "
        "character device; nothing written\n",
    )
    nowhere = ("--root", str(tmp_path), "--output", str(tmp_path / "out.zip"))
    assert outcome(script("make_offline_zip", "--lang", "fr", *nowhere)) == (
        2,
        "",
        f"make_offline_zip: erreur : {tmp_path}: dossier de projet avec mkdocs.yml attendu, introuvable\n",
    )
    assert outcome(script("make_offline_zip", *nowhere, env={"LC_ALL": "en_US.UTF-8"})) == (
        2,
        "",
        f"make_offline_zip: error: {tmp_path}: expected a project folder with mkdocs.yml, found none\n",
    )
    assert list(tmp_path.iterdir()) == []


def test_readability_of_a_missing_project_and_its_report(tmp_path):
    missing = str(tmp_path / "nowhere")
    assert outcome(script("readability", "--root", missing)) == (
        2,
        "",
        f"readability: erreur : {missing}: dossier de projet attendu, introuvable\n",
    )
    assert outcome(script("readability", "--root", missing, env={"LANG": "en_US.UTF-8"})) == (
        2,
        "",
        f"readability: error: {missing}: expected a project folder, found none\n",
    )
    complex_pages = str(ROOT / "tests" / "fixtures" / "readability" / "complex")
    french = script("readability", "--root", complex_pages)
    english = script("readability", "--lang", "en", "--root", complex_pages, env={"LANG": "fr_FR.UTF-8"})
    assert (french.returncode, english.returncode) == (1, 1)
    assert french.stdout.splitlines()[-1].startswith("lisibilité : en (Flesch) 1 page, min ")
    assert french.stdout.splitlines()[-1].endswith(", seuil 70 : 2 pages sous le seuil")
    assert english.stdout.splitlines()[-1].endswith(", threshold 70: 2 pages below threshold")
    assert [line.rpartition(": ")[2] for line in french.stdout.splitlines()[:-1]] == ["TROP DIFFICILE"] * 2
    assert [line.rpartition(": ")[2] for line in english.stdout.splitlines()[:-1]] == ["LOW"] * 2


def test_search_eval_refuses_a_bad_questions_file(tmp_path):
    (tmp_path / "questions.yml").write_text("fr:\n  - {q: aspirine}\n", encoding="utf-8")
    (tmp_path / "broken.yml").write_text("fr:\n  - q: aspirine\n    pages: [x\n", encoding="utf-8")
    args = ("--questions", "questions.yml")
    assert outcome(script("search_eval", *args, cwd=tmp_path)) == (
        2,
        "",
        "search_eval: erreur : questions.yml: question 1 en fr : {q: texte, pages: [chemin, ...]} attendu ; "
        "trouvé {'q': 'aspirine'}\n",
    )
    assert outcome(script("search_eval", "--lang", "en", *args, cwd=tmp_path)) == (
        2,
        "",
        "search_eval: error: questions.yml: fr question 1: expected {q: text, pages: [path, ...]}, "
        "found {'q': 'aspirine'}\n",
    )
    assert outcome(script("search_eval", "--questions", "missing.yml", cwd=tmp_path)) == (
        2,
        "",
        "search_eval: erreur : missing.yml: impossible de lire les questions : fichier ou dossier introuvable\n",
    )
    assert outcome(script("search_eval", "--lang", "en", "--questions", "missing.yml", cwd=tmp_path)) == (
        2,
        "",
        "search_eval: error: missing.yml: cannot read the questions: No such file or directory\n",
    )
    assert outcome(script("search_eval", "--lang", "fr", "--questions", "broken.yml", cwd=tmp_path)) == (
        2,
        "",
        "search_eval: erreur : broken.yml:4: questions en YAML attendues ; le YAML est mal écrit "
        "(expected ',' or ']', but got '<stream end>')\n",
    )


def test_search_eval_report_in_both_languages():
    from sitetools.search_eval import report

    result = {
        "mode": "offline",
        "top": 3,
        "languages": {
            "fr": {
                "questions": 2,
                "top": 1,
                "first": 0,
                "top_share": 0.5,
                "first_share": 0.0,
                "misses": [
                    {"q": "aspirine ?", "expected": ["metastasis/before"], "got": ["", "faq"], "in_top": False},
                    {"q": "douleur ?", "expected": ["faq"], "got": ["x", "faq"], "in_top": True},
                ],
            }
        },
    }
    with speaking("fr"):
        french = report(result)
    with speaking("en"):
        english = report(result)
    assert french.splitlines() == [
        "hors ligne fr : 1/2 trouvées dans les 3 premiers résultats (50%), 0/2 au premier résultat (0%)",
        "  MANQUÉE : 'aspirine ?' : attendu metastasis/before ; obtenu (accueil), faq",
        "  dans les 3 premiers, pas en premier : 'douleur ?' : attendu faq ; obtenu x, faq",
    ]
    assert english.splitlines() == [
        "offline fr: 1/2 answered in the top 3 (50%), 0/2 by the first result (0%)",
        "  MISSED: 'aspirine ?': expected metastasis/before; got (home), faq",
        "  in the top 3, not first: 'douleur ?': expected faq; got x, faq",
    ]
