"""The content check on a small clean fixture tree, and on copies of it with one defect each."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from sitetools.check import check, main
from sitetools.cli import UserError, run

FIXTURE = Path(__file__).parent / "fixtures" / "content_check" / "clean"
TODAY = dt.date(2026, 6, 1)


@pytest.fixture
def tree(tmp_path) -> Path:
    """A fresh copy of the clean fixture tree, to break on purpose."""
    target = tmp_path / "tree"
    shutil.copytree(FIXTURE, target)
    return target


def edit(tree: Path, path: str, old: str, new: str) -> None:
    file = tree / path
    text = file.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    file.write_text(text.replace(old, new, 1), encoding="utf-8")


def findings(tree: Path) -> list[str]:
    """Each finding as 'path:line: rule', the stable part of a message."""
    return [f"{f.path}:{f.line}: {f.rule}" for f in check(tree, today=TODAY).findings]


def test_clean_tree_passes(capsys):
    assert main(["--lang", "en", "--root", str(FIXTURE), "--today", "2026-06-01"]) == 0
    assert capsys.readouterr().out == "checked 6 pages and 2 fragments against 3 facts: 0 errors, 0 warnings\n"


def test_real_site_passes(project_root):
    report = check(project_root)
    assert report.errors == [], "\n".join(f.text() for f in report.errors)


# --- facts ------------------------------------------------------------------------------------------------


def test_changed_figure_in_one_language_names_page_line_and_expected_value(tree, capsys):
    edit(tree, "docs/_includes/en/metastasis/recovery.md", "walk again 2 h", "walk again 3 h")
    assert main(["--lang", "en", "--root", str(tree), "--today", "2026-06-01"]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out == [
        "docs/_includes/en/metastasis/recovery.md:1: fact-value: fact 'metastasis-walking' (Walking 2 hours after.): "
        "found 3, expected 2 (fix: use the registry's value, or change facts.yml first if the source changed)",
        "checked 6 pages and 2 fragments against 3 facts: 1 error, 0 warnings",
    ]


@pytest.mark.parametrize(
    ("spelling", "expected"),
    [
        ("2 heures", []),
        ("2h", []),
        ("2\u00a0h", []),  # non-breaking space
        ("2,5 h", ["docs/_includes/fr/metastasis/recovery.md:1: fact-value"]),
    ],
)
def test_typography_of_a_figure_is_tolerated_but_its_value_is_not(tree, spelling, expected):
    edit(tree, "docs/_includes/fr/metastasis/recovery.md", "remarcher 2 h", f"remarcher {spelling}")
    assert [f for f in findings(tree) if "number-twin" not in f] == expected


def test_changed_dose_choice_is_caught(tree):
    edit(tree, "docs/fr/metastasis/after.md", "Kardegic 75 ou 150 mg", "Kardegic 75 ou 160 mg")
    report = check(tree, today=TODAY)
    value = [f for f in report.findings if f.rule == "fact-value"]
    assert [(f.path, f.line) for f in value] == [("docs/fr/metastasis/after.md", 19)]
    assert "found 75 ou 160, expected 75/150" in value[0].message


def test_percentage_without_space_is_the_same_value(tree):
    edit(tree, "docs/fr/osteoporosis/index.md", "17 % des femmes", "17% des femmes")
    assert findings(tree) == []


def test_figure_missing_from_twin(tree):
    edit(tree, "docs/en/osteoporosis/index.md", "About 17 % of women have", "Many women have")
    assert findings(tree) == [
        "docs/en/osteoporosis/index.md:11: fact-missing",
        "docs/fr/osteoporosis/index.md:15: fact-twin",
        "docs/fr/osteoporosis/index.md:15: number-twin",
    ]


def test_scope_violation_kardegic_on_an_osteoporosis_page(tree):
    for lang, sentence in (("fr", "Le Kardegic 75 ou 150 mg"), ("en", "Kardegic 75 or 150 mg")):
        page = tree / f"docs/{lang}/osteoporosis/index.md"
        page.write_text(page.read_text(encoding="utf-8") + f"\n{sentence}.\n", encoding="utf-8")
    assert findings(tree) == [
        "docs/en/osteoporosis/index.md:17: fact-scope",
        "docs/fr/osteoporosis/index.md:17: fact-scope",
    ]


def test_scoped_fact_on_a_page_about_both_needs_its_scope_named(tree):
    for lang, unlabelled, labelled in (
        ("fr", "On remarche 2 h après.", "Pour les métastases, on remarche 2 h après."),
        ("en", "You walk 2 h after.", "For metastases, you walk 2 h after."),
    ):
        page = tree / f"docs/{lang}/index.md"
        page.write_text(page.read_text(encoding="utf-8") + f"\n{unlabelled}\n\n{labelled}\n", encoding="utf-8")
    assert findings(tree) == ["docs/en/index.md:19: fact-scope", "docs/fr/index.md:19: fact-scope"]


# --- translations -----------------------------------------------------------------------------------------


def test_missing_twin_page(tree):
    (tree / "docs/en/osteoporosis/index.md").unlink()
    report = check(tree, today=TODAY)
    twin = [f for f in report.findings if f.rule == "twin-missing"]
    assert [(f.path, f.line, f.message) for f in twin] == [
        ("docs/fr/osteoporosis/index.md", 1, "no 'en' twin: expected docs/en/osteoporosis/index.md, found no file")
    ]


def test_missing_twin_fragment(tree):
    (tree / "docs/_includes/fr/metastasis/recovery.md").unlink()
    assert "docs/_includes/en/metastasis/recovery.md:1: twin-missing" in findings(tree)


def test_twin_with_another_number_of_sections(tree):
    edit(tree, "docs/en/metastasis/after.md", "## Medicines", "### Medicines")
    assert findings(tree) == ["docs/en/metastasis/after.md:13: twin-sections"]


def test_bad_front_matter_yaml_names_the_line(tree):
    edit(tree, "docs/fr/osteoporosis/index.md", "scope: osteoporosis", "scope: [osteoporosis")
    report = check(tree, today=TODAY)
    assert [(f.path, f.line, f.rule) for f in report.findings if f.rule == "front-matter"] == [
        ("docs/fr/osteoporosis/index.md", 4, "front-matter")
    ]


def test_missing_front_matter_key(tree):
    edit(tree, "docs/en/metastasis/after.md", "reviewer: Editorial team\n", "")
    report = check(tree, today=TODAY)
    assert [(f.path, f.line, f.message) for f in report.findings] == [
        ("docs/en/metastasis/after.md", 1, "expected 'reviewer:' in the front matter, found none")
    ]


# --- includes and links -----------------------------------------------------------------------------------


def test_missing_fragment(tree):
    edit(tree, "docs/fr/metastasis/after.md", "{!fr/metastasis/recovery.md!}", "{!fr/metastasis/recovry.md!}")
    report = check(tree, today=TODAY)
    include = [f for f in report.findings if f.rule == "include-missing"]
    assert [(f.path, f.line, f.message) for f in include] == [
        (
            "docs/fr/metastasis/after.md",
            15,
            "fragment 'fr/metastasis/recovry.md' not found: expected docs/_includes/fr/metastasis/recovry.md",
        )
    ]


def test_fragment_of_the_other_language_or_scope(tree):
    edit(
        tree,
        "docs/fr/osteoporosis/index.md",
        "## Qui est concerné ?",
        "## Qui est concerné ?\n\n{!en/metastasis/recovery.md!}",
    )
    rules = {f.rule for f in check(tree, today=TODAY).findings if f.path == "docs/fr/osteoporosis/index.md"}
    assert {"include-language", "include-scope"} <= rules


def test_broken_link(tree):
    edit(tree, "docs/fr/index.md", "(osteoporosis/index.md)", "(osteoporosis/indx.md)")
    report = check(tree, today=TODAY)
    assert [f.text() for f in report.findings] == [
        "docs/fr/index.md:16: link-broken: link 'osteoporosis/indx.md' points to docs/fr/osteoporosis/indx.md, "
        "which does not exist (fix: point the link at an existing page of the same language)"
    ]


def test_broken_anchor(tree):
    edit(tree, "docs/en/index.md", "#the-following-days", "#the-next-days")
    assert findings(tree) == ["docs/en/index.md:15: link-anchor"]


def test_link_into_the_other_language(tree):
    edit(tree, "docs/fr/index.md", "(osteoporosis/index.md)", "(../en/osteoporosis/index.md)")
    assert findings(tree) == ["docs/fr/index.md:16: link-language"]


def test_external_link_outside_the_allow_list(tree):
    edit(tree, "docs/en/index.md", "https://doi.org/", "https://tracker.example.com/")
    assert findings(tree) == ["docs/en/index.md:17: link-external"]


# --- registry errors: exit 2 with the registry file and line ----------------------------------------------


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            "      fr: 'march\\w*{gap}{value}{h}'",
            "      fr: 'march(\\w*{gap}{value}{h}'",
            "facts.yml:13: registry: fact 'metastasis-walking': the 'fr' pattern does not compile: "
            "missing ), unterminated subpattern at position 5",
        ),
        (
            "    scope: metastasis\n",
            "    scope: metastases\n",
            "facts.yml:6: registry: fact 'metastasis-walking': "
            "expected scope one of metastasis, osteoporosis, both, found 'metastases'",
        ),
        (
            "  - id: metastasis-kardegic-dose",
            "  - id: metastasis-walking",
            "facts.yml:15: registry: fact "
            "'metastasis-walking' is listed twice (first on line 6); each fact is listed once",
        ),
        (
            "allowed_hosts: [doi.org]",
            "allowed_hosts: [doi.org",
            "facts.yml:4: registry: not valid YAML: expected ',' or ']', but got ':'",
        ),
    ],
)
def test_malformed_registry_exits_2_with_file_and_line(tree, capsys, monkeypatch, old, new, expected):
    edit(tree, "facts.yml", old, new)
    monkeypatch.chdir(tree)
    assert run(main, ["--lang", "en", "--root", str(tree)], prog="check_content") == 2
    assert capsys.readouterr().err == f"check_content: error: {expected}\n"


def test_registry_error_is_a_user_error(tree):
    edit(tree, "facts.yml", "source: metastasis-centre", "source: nowhere")
    with pytest.raises(UserError, match="unknown source 'nowhere'"):
        check(tree)


# --- output formats and the command line ------------------------------------------------------------------


def test_github_annotations(tree, capsys):
    edit(tree, "docs/en/index.md", "#the-following-days", "#the-next-days")
    assert main(["--lang", "en", "--root", str(tree), "--format", "github", "--today", "2026-06-01"]) == 1
    first = capsys.readouterr().out.splitlines()[0]
    assert first == (
        "::error file=docs/en/index.md,line=15,title=link-anchor::link 'metastasis/after.md#the-next-days': "
        "no heading with anchor '#the-next-days' in docs/en/metastasis/after.md "
        "(fix: use the slug of an existing heading of the target page)"
    )


def test_command_line_runs_without_traceback(tree):
    (tree / "facts.yml").write_text("facts: [\n", encoding="utf-8")
    result = subprocess.run(
        [
            sys.executable,
            str(Path(__file__).parent.parent / "scripts" / "check_content.py"),
            "--lang",
            "en",
            "--root",
            str(tree),
        ],
        capture_output=True,
        text=True,
        check=False,
        cwd=tree,
    )
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.startswith("check_content: error: facts.yml:")
    assert len(result.stderr.splitlines()) == 1
    assert "Traceback" not in result.stderr


def test_missing_root_is_one_clear_line(tmp_path, capsys):
    assert run(main, ["--lang", "en", "--root", str(tmp_path / "nowhere")], prog="check_content") == 2
    assert (
        capsys.readouterr().err
        == f"check_content: error: {tmp_path / 'nowhere'}: expected a project folder, found none\n"
    )


def test_every_figure_edited_on_any_page_is_caught_at_that_line(copy_of_project):
    """The promise to patients: change any registered figure anywhere, in either language, and the check fails."""
    from sitetools.check import Site
    from sitetools.check.facts import check_facts
    from sitetools.check.facts import mentions as _mentions
    from sitetools.facts import load_registry
    from sitetools.sources import site_languages

    languages, default = site_languages(copy_of_project)
    registry = load_registry(copy_of_project / "facts.yml", languages)
    mentions = [m for m in _mentions(Site(copy_of_project, languages, default), registry) if m.value]
    assert len(mentions) >= 55  # every figure of both seeds, in both languages
    for mention in mentions:
        file = copy_of_project / mention.doc.path
        original = file.read_text(encoding="utf-8")
        lines = original.splitlines(keepends=True)
        line = lines[mention.line - 1]
        match = next(mention.fact.matches(mention.doc.lang, line))
        end = match.end("value")
        last = end - 1 - next(i for i, c in enumerate(reversed(match["value"])) if c.isdigit())
        # Change the last digit of the figure: same shape, another value ("2 à 4" -> "2 à 5").
        changed = line[:last] + str((int(line[last]) + 1) % 10) + line[last + 1 :]
        lines[mention.line - 1] = changed
        file.write_text("".join(lines), encoding="utf-8")
        try:
            site = Site(copy_of_project, languages, default)
            found = [
                (f.path, f.line)
                for f in check_facts(site, registry)
                if f.rule == "fact-value" and f"expected {mention.fact.value}" in f.message
            ]
            assert (mention.doc.path.as_posix(), mention.line) in found, (mention.fact.id, mention.doc.path, changed)
        finally:
            file.write_text(original, encoding="utf-8")


# --- copied text (--sources) ------------------------------------------------------------------------------

SOURCE = (
    "Il s’agit d’une aiguille fine qui entre dans l’os malade. Le ciment durcit en quelques minutes dans la vertèbre.\n"
)
CEMENT = "\nLe ciment durcit en quelques minutes dans la vertèbre.\n"
CIRSE = "CIRSE guidelines on percutaneous vertebral augmentation. Cardiovasc Intervent Radiol"


@pytest.fixture
def sources(tmp_path) -> Path:
    folder = tmp_path / "seeds"
    folder.mkdir()
    (folder / "source.txt").write_text(SOURCE, encoding="utf-8")
    return folder


def append(tree: Path, path: str, text: str) -> None:
    file = tree / path
    file.write_text(file.read_text(encoding="utf-8") + text, encoding="utf-8")


def copied(tree: Path, sources: Path) -> list[tuple[str, int, str]]:
    report = check(tree, today=TODAY, sources_dir=sources)
    return [(f.path, f.line, f.message) for f in report.findings if f.rule == "copied-text"]


def test_copied_run_of_eight_words_is_caught_at_its_line(tree, sources):
    append(tree, "docs/fr/index.md", "\nLe ciment durcit en quelques minutes dans la colonne.\n")
    assert copied(tree, sources) == [
        (
            "docs/fr/index.md",
            19,
            "8 words in a row as in the source source.txt: «Le ciment durcit en quelques minutes dans la»",
        )
    ]


def test_shared_run_of_seven_words_passes(tree, sources):
    append(tree, "docs/fr/index.md", "\nLe ciment durcit en quelques minutes dans votre dos.\n")
    assert copied(tree, sources) == []


def test_copied_run_ignores_case_apostrophes_and_line_breaks(tree, sources):
    append(tree, "docs/fr/index.md", "\nIL S'AGIT D'UNE aiguille\nfine   qui entre dans l'os.\n")
    assert copied(tree, sources) == [
        (
            "docs/fr/index.md",
            19,
            "9 words in a row as in the source source.txt: «IL S'AGIT D'UNE aiguille fine qui entre dans…»",
        )
    ]


@pytest.mark.parametrize(
    "quotation",
    [
        "Le centre écrit : « le ciment durcit en quelques minutes dans la vertèbre ».",
        "Le centre écrit : “le ciment durcit en quelques minutes dans la vertèbre”.",
        "> Source : le centre des métastases.\n> Le ciment durcit en quelques minutes dans la vertèbre.",
        "> D’après le centre :\n> le ciment durcit en quelques minutes dans la vertèbre.",
    ],
)
def test_marked_quotation_passes(tree, sources, quotation):
    append(tree, "docs/fr/index.md", f"\n{quotation}\n")
    assert copied(tree, sources) == []


def test_blockquote_without_a_citation_is_not_a_quotation(tree, sources):
    append(tree, "docs/fr/index.md", "\n> Le ciment durcit en quelques minutes dans la vertèbre.\n")
    assert [(path, line) for path, line, _ in copied(tree, sources)] == [("docs/fr/index.md", 19)]


def test_copied_text_in_a_fragment_or_glossary_is_caught(tree, sources):
    append(tree, "docs/_includes/fr/metastasis/recovery.md", CEMENT)
    (tree / "docs/_glossary").mkdir()
    (tree / "docs/_glossary/fr.md").write_text("*[trocart]: Une aiguille fine qui entre dans l'os malade.\n", "utf-8")
    (tree / "docs/_glossary/en.md").write_text("*[trocar]: A thin needle that goes into the bone.\n", "utf-8")
    assert [(path, line) for path, line, _ in copied(tree, sources)] == [
        ("docs/_glossary/fr.md", 1),
        ("docs/_includes/fr/metastasis/recovery.md", 3),
    ]


def test_copied_text_runs_only_with_sources(tree):
    append(tree, "docs/fr/index.md", "\nLe ciment durcit en quelques minutes dans la vertèbre.\n")
    assert findings(tree) == []


def test_missing_sources_folder_is_one_clear_line(tree, tmp_path, capsys):
    missing = tmp_path / "no-seeds"
    assert run(main, ["--lang", "en", "--root", str(tree), "--sources", str(missing)], prog="check_content") == 2
    assert capsys.readouterr().err == (
        f"check_content: error: {missing}: expected a folder of source documents for --sources, found none\n"
    )


# --- front matter: clinical review and sources ------------------------------------------------------------

CLINICAL_LINE = 9  # clinical_review: is the last key of the fixture pages' front matter


@pytest.mark.parametrize(
    "value",
    ["pending", "{role: Radiologue interventionnel, date: 2026-05-02}", "\n  role: Radiologue\n  date: 2026-05-02"],
)
def test_clinical_review_pending_or_signed(tree, value):
    edit(tree, "docs/fr/index.md", "clinical_review: pending", f"clinical_review: {value}")
    assert findings(tree) == []


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("done", "expected 'clinical_review' to be pending or {role: <text>, date: YYYY-MM-DD}, found 'done'"),
        (
            "{date: 2026-05-02}",
            "expected 'clinical_review' to be pending or {role: <text>, date: YYYY-MM-DD}, found no role",
        ),
        (
            "{role: Radiologue, date: '2026-05-02'}",
            "expected 'clinical_review' to be pending or {role: <text>, date: YYYY-MM-DD}, "
            "found date '2026-05-02' in quotes: remove the quotes",
        ),
        (
            "{role: Radiologue, date: 2026-07-01}",
            "expected the clinical review date on or before today (2026-06-01), found 2026-07-01",
        ),
        (
            "{role: Radiologue, date: 2026-05-02, name: Dr X}",
            "expected 'clinical_review' to be pending or {role: <text>, date: YYYY-MM-DD}, found the key(s) name",
        ),
    ],
)
def test_clinical_review_malformed(tree, value, message):
    edit(tree, "docs/fr/index.md", "clinical_review: pending", f"clinical_review: {value}")
    report = check(tree, today=TODAY)
    assert [(f.path, f.line, f.rule, f.message) for f in report.findings] == [
        ("docs/fr/index.md", CLINICAL_LINE, "front-matter", message)
    ]


def test_clinical_review_is_required(tree):
    edit(tree, "docs/en/index.md", "clinical_review: pending\n", "")
    report = check(tree, today=TODAY)
    assert [(f.path, f.line, f.message) for f in report.findings] == [
        ("docs/en/index.md", 1, "expected 'clinical_review:' in the front matter, found none")
    ]


def test_nested_sources_list_is_a_finding_not_a_crash(tree):
    both = "sources: [metastasis-centre, osteoporosis-centre]"
    edit(tree, "docs/fr/index.md", both, "sources: [[metastasis-centre]]")
    report = check(tree, today=TODAY)
    assert [(f.path, f.line, f.rule, f.message) for f in report.findings] == [
        (
            "docs/en/index.md",
            5,
            "twin-front-matter",
            (
                "sources is ['metastasis-centre', 'osteoporosis-centre'] here but [['metastasis-centre']] "
                "in docs/fr/index.md"
            ),
        ),
        (
            "docs/fr/index.md",
            5,
            "front-matter",
            "expected each source to be a name like metastasis-centre, found ['metastasis-centre']",
        ),
    ]


# --- GitHub annotations: escaped as the workflow commands require -----------------------------------------


def test_github_annotation_escapes_file_names_and_messages(tree, capsys):
    odd = tree / "docs/_includes/fr/metastasis/a,b\nc:100%.md"
    odd.write_text("Un texte.\n", encoding="utf-8")
    assert main(["--lang", "en", "--root", str(tree), "--format", "github", "--today", "2026-06-01"]) == 1
    twin = [line for line in capsys.readouterr().out.splitlines() if "title=twin-missing" in line]
    assert twin == [
        "::error file=docs/_includes/fr/metastasis/a%2Cb%0Ac%3A100%25.md,line=1,title=twin-missing::"
        "no 'en' twin: expected docs/_includes/en/metastasis/a,b%0Ac:100%25.md, found no file "
        "(fix: create the twin file at the same path in the other language)"
    ]


def test_messages_in_french(tree, capsys):
    edit(tree, "docs/en/index.md", "#the-following-days", "#the-next-days")
    assert main(["--lang", "fr", "--root", str(tree), "--today", "2026-06-01"]) == 1
    assert capsys.readouterr().out.splitlines() == [
        "docs/en/index.md:15: link-anchor: lien 'metastasis/after.md#the-next-days' : aucun titre d'ancre "
        "'#the-next-days' dans docs/en/metastasis/after.md "
        "(correction : utilisez l'ancre d'un titre existant de la page visée)",
        "6 pages et 2 fragments vérifiés avec 3 faits : 1 erreur, 0 avertissement",
    ]


def test_a_figure_in_french_names_the_fact_without_the_english_statement(tree, capsys):
    edit(tree, "docs/_includes/en/metastasis/recovery.md", "walk again 2 h", "walk again 3 h")
    assert main(["--lang", "fr", "--root", str(tree), "--today", "2026-06-01"]) == 1
    assert capsys.readouterr().out.splitlines() == [
        "docs/_includes/en/metastasis/recovery.md:1: fact-value: information 'metastasis-walking' : trouvé 3, "
        "attendu 2 (correction : écrivez la valeur du registre ; si la source a changé, changez d'abord facts.yml)",
        "6 pages et 2 fragments vérifiés avec 3 faits : 1 erreur, 0 avertissement",
    ]


@pytest.mark.parametrize(
    ("front_matter", "line", "french", "english"),
    [
        (
            "Pas d'en-tête.\n",
            1,
            "en-tête illisible : une ligne '---' est attendue en ligne 1 ; introuvable",
            "expected front matter starting with '---' on line 1, found none",
        ),
        (
            "---\ntitle: Accueil\n",
            1,
            "en-tête illisible : ouvert par '---' en ligne 1 mais jamais fermé par une ligne '---'",
            "front matter opened with '---' on line 1 is never closed with '---'",
        ),
        (
            "---\ntitle: Avant : après: oui\n---\n",
            2,
            "en-tête illisible : YAML mal écrit : un « : » de trop dans une valeur ; mettez la valeur entre guillemets",
            "front matter is not valid YAML: mapping values are not allowed here",
        ),
        (
            "---\ntitle: a\n\tdescription: b\n---\n",
            3,
            "en-tête illisible : YAML mal écrit : une tabulation ; décalez avec des espaces",
            "front matter is not valid YAML: found character '\\t' that cannot start any token",
        ),
        (
            "---\ntitle: a\n? [x\n---\n",
            3,
            "en-tête illisible : YAML mal écrit : expected ',' or ']', but got '<stream end>'",
            "front matter is not valid YAML: expected ',' or ']', but got '<stream end>'",
        ),
        (
            "---\n- a\n- b\n---\n",
            1,
            "en-tête illisible : des lignes « clé: valeur » sont attendues ; trouvé une liste",
            "front matter must be a mapping of keys to values, found a list",
        ),
    ],
)
def test_unreadable_front_matter_in_both_languages(tree, capsys, front_matter, line, french, english):
    page = tree / "docs" / "fr" / "index.md"
    page.write_text(front_matter + page.read_text(encoding="utf-8").split("---", 2)[2], encoding="utf-8")
    said = {}
    for lang in ("fr", "en"):
        assert main(["--lang", lang, "--root", str(tree), "--today", "2026-06-01"]) == 1
        said[lang] = [out for out in capsys.readouterr().out.splitlines() if "front-matter" in out]
    assert said == {
        "fr": [
            f"docs/fr/index.md:{line}: front-matter: {french} (correction : corrigez le bloc YAML en haut de la page "
            "(voir CONTRIBUTING.md, « Front matter »))"
        ],
        "en": [
            f"docs/fr/index.md:{line}: front-matter: {english} (fix: fix the YAML block at the top of the page "
            "(see CONTRIBUTING.md, 'Front matter'))"
        ],
    }


def test_default_language_is_french_when_the_locale_is_unsure(tree, monkeypatch):
    edit(tree, "docs/en/index.md", "#the-following-days", "#the-next-days")
    monkeypatch.setenv("LANG", "C.UTF-8")
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(name, raising=False)
    result = subprocess.run(
        [
            sys.executable,
            str(Path(__file__).parent.parent / "scripts" / "check_content.py"),
            "--root",
            str(tree),
            "--today",
            "2026-06-01",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1
    assert result.stdout.splitlines()[-1] == "6 pages et 2 fragments vérifiés avec 3 faits : 1 erreur, 0 avertissement"


def test_reference_cited_with_its_doi_is_not_copied_text(tree, sources):
    (sources / "source.txt").write_text(
        f"{SOURCE}{CIRSE} 2017;40:331-342.\n",
        encoding="utf-8",
    )
    reference = (
        f"- {CIRSE} 2017;40:331-342. DOI: [10.1007/s00270-017-1574-8](https://doi.org/10.1007/s00270-017-1574-8)"
    )
    append(tree, "docs/fr/index.md", f"\n{reference}\n")
    append(tree, "docs/en/index.md", f"\n{reference}\n")
    assert copied(tree, sources) == []
    append(tree, "docs/fr/index.md", f"\n{CIRSE}, no DOI.\n")
    assert [(path, line) for path, line, _ in copied(tree, sources)] == [("docs/fr/index.md", 21)]


def test_an_extension_that_does_not_load_leaves_the_html_rules_working(tree):
    """The strict build reports a typo in markdown_extensions; the check still judges the rest of the HTML."""
    config = tree / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8") + "  - no_such_extension\n  - attr_list\n", encoding="utf-8")
    append(tree, "docs/fr/index.md", '\nUn *mot*{: onclick="alert(1)" } piégé.\n')
    assert findings(tree) == ["docs/fr/index.md:19: html-event"]
