"""Medical safety of the built site: the warning-signs box with the emergency number on every page of both
sections, honest clinical sign-off, each language's own strings, and no wording copied from the sources."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import ROOT, mkdocs_build

LANGUAGES = ("fr", "en")
SECTION_PAGES = [f"{s}/{p}" for s in ("metastasis", "osteoporosis") for p in ("", "before/", "procedure/", "after/")]
LEAFLETS = ["metastasis/leaflet/", "osteoporosis/leaflet/"]
BOX = '<div class="admonition urgent warning-signs">'
EMERGENCY = {
    "fr": "<strong>Appelez tout de suite le 15 (SAMU) ou le 112</strong>",
    "en": "<strong>Call 15 (SAMU, the French emergency medical service) or 112 at once</strong>",
}
CALL_TEAM = {
    "fr": "<strong>Appelez sans attendre votre équipe soignante</strong>",
    "en": "<strong>Call your care team straight away</strong>",
}
WHEN_TO_CALL = {"fr": "Quand appeler à l'aide ?", "en": "When to call for help"}
PENDING = {
    "fr": "Cette page n'a pas encore été vérifiée par un médecin.",
    "en": "This page has not yet been checked by a doctor.",
}
PERMALINK = {"fr": 'title="Lien vers cette section"', "en": 'title="Link to this section"'}
EDIT_LINK = {"fr": 'title="Éditer cette page"', "en": 'title="Edit this page"'}
SOURCES_LINK = {"fr": ">Sources de cette page</a>\u00a0:", "en": ">Sources for this page</a>:"}
NOT_FOUND = {"fr": "<h1>Page introuvable (erreur 404)</h1>", "en": "<h1>Page not found (error 404)</h1>"}


def built(site: Path, lang: str, path: str) -> str:
    prefix = "" if lang == "fr" else "en/"
    return (site / prefix / path / "index.html").read_text(encoding="utf-8")


def boxes(html: str) -> list[str]:
    """The text of each warning-signs box (up to the next admonition or the end of the article)."""
    parts = html.split(BOX)[1:]
    return [re.split(r'<div class="admonition|</article>', part)[0] for part in parts]


def content_pages(site: Path) -> list[tuple[str, str]]:
    """(language, path) of every page built from Markdown."""
    pages = []
    for file in sorted(site.rglob("index.html")):
        relative = file.parent.relative_to(site).as_posix()
        if relative.startswith("assets"):
            continue
        lang = "en" if relative == "en" or relative.startswith("en/") else "fr"
        pages.append((lang, file.relative_to(site).as_posix()))
    return pages


# --- warning signs ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_section_page_and_the_faq_shows_one_warning_box_with_the_emergency_number(built_site, lang):
    counts = {page: len(boxes(built(built_site, lang, page))) for page in [*SECTION_PAGES, "faq/"]}
    assert counts == dict.fromkeys([*SECTION_PAGES, "faq/"], 1)
    for page in [*SECTION_PAGES, "faq/"]:
        (box,) = boxes(built(built_site, lang, page))
        assert EMERGENCY[lang] in box, page
        assert CALL_TEAM[lang] in box, page
        assert box.index(EMERGENCY[lang]) < box.index(CALL_TEAM[lang]), page  # the emergency number comes first


@pytest.mark.parametrize("lang", LANGUAGES)
def test_leaflets_carry_the_box_of_each_gathered_page(built_site, lang):
    # index, before, procedure and after are gathered; the stylesheet shows only the last box on screen and paper.
    for leaflet in LEAFLETS:
        found = boxes(built(built_site, lang, leaflet))
        assert len(found) == 4, leaflet
        assert all(EMERGENCY[lang] in box for box in found), leaflet
    css = (ROOT / "overrides/assets/stylesheets/patient.css").read_text(encoding="utf-8")
    assert ".md-typeset .warning-signs:has(~ .warning-signs) {\n  display: none;\n}" in css


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_after_page_says_when_to_call_whom(built_site, lang):
    for section in ("metastasis", "osteoporosis"):
        html = built(built_site, lang, f"{section}/after/")
        heading = html.index(WHEN_TO_CALL[lang])
        assert heading < html.index(BOX) < html.index(EMERGENCY[lang]) < html.index(CALL_TEAM[lang]), section


# --- clinical sign-off ------------------------------------------------------------------------------------


def test_every_page_is_marked_pending_in_its_head_and_under_the_notice(built_site):
    problems = []
    pages = content_pages(built_site)
    for lang, path in pages:
        html = (built_site / path).read_text(encoding="utf-8")
        head = html[: html.index("</head>")]
        if head.count('<meta name="clinical-review" content="pending">') != 1:
            problems.append(f"{path}: meta")
        if html.count(f'<p class="clinical-review clinical-review--pending">{PENDING[lang]}</p>') != 1:
            problems.append(f"{path}: line")
        notice, line = html.find("patient-notice"), html.find("clinical-review--pending")
        if not 0 < notice < line:
            problems.append(f"{path}: line not under the notice")
    assert len(pages) == 32
    assert problems == []


def test_a_signed_page_shows_who_checked_it_and_when(copy_of_project, tmp_path):
    for lang, role in (("fr", "Radiologue interventionnel"), ("en", "Interventional radiologist")):
        page = copy_of_project / "docs" / lang / "faq.md"
        text = page.read_text(encoding="utf-8")
        page.write_text(
            text.replace("clinical_review: pending", f"clinical_review: {{role: {role}, date: 2026-11-20}}"),
            encoding="utf-8",
        )
    result = mkdocs_build(tmp_path / "site", root=copy_of_project)
    assert result.returncode == 0, result.stderr
    for lang, shown in (
        ("fr", 'Vérifiée par Radiologue interventionnel le <time datetime="2026-11-20">20 novembre 2026</time>'),
        ("en", 'Checked by Interventional radiologist on <time datetime="2026-11-20">20 November 2026</time>'),
    ):
        html = built(tmp_path / "site", lang, "faq/")
        assert '<meta name="clinical-review" content="signed">' in html
        assert "clinical-review--pending" not in html
        assert f'<span class="page-review__clinical">{shown}</span>' in html
        assert '<meta name="clinical-review" content="pending">' in built(tmp_path / "site", lang, "glossary/")


def test_clinical_reviewers_own_the_medical_content():
    owners = (ROOT / ".github" / "CODEOWNERS").read_text(encoding="utf-8")
    rules = [line.split() for line in owners.splitlines() if line.strip() and not line.startswith("#")]
    assert rules == [
        ["/docs/", "@example/clinical-reviewers"],
        ["/docs/_includes/", "@example/clinical-reviewers"],
        ["/docs/_glossary/", "@example/clinical-reviewers"],
        ["/facts.yml", "@example/clinical-reviewers"],
    ]


# --- each language in its own words -----------------------------------------------------------------------


def test_every_page_speaks_its_own_language(built_site):
    problems = []
    for lang, path in content_pages(built_site):
        html = (built_site / path).read_text(encoding="utf-8")
        other = "en" if lang == "fr" else "fr"
        # Pages with sources (all but the accessibility statement) link them in the review footer.
        expected = (PERMALINK, EDIT_LINK, SOURCES_LINK) if "page-review__sources" in html else (PERMALINK, EDIT_LINK)
        for strings in expected:
            if strings[lang] not in html:
                problems.append(f"{path}: missing {strings[lang]}")
            if strings[other] in html:
                problems.append(f"{path}: has {strings[other]}")
        if "Editer cette page" in html or "Link to this section ·" in html:
            problems.append(f"{path}: old strings")
        if 'class="admonition note patient-notice"' in html or 'class="admonition info patient-notice"' not in html:
            problems.append(f"{path}: notice box should be an 'info' box, not Material's pencil 'note'")
    assert (
        sum(
            "page-review__sources" in (built_site / path).read_text(encoding="utf-8")
            for _, path in content_pages(built_site)
        )
        == 30
    )
    assert problems == []


def test_each_404_page_reads_in_its_language(built_site):
    for lang, path in (("fr", "404.html"), ("en", "en/404.html")):
        html = (built_site / path).read_text(encoding="utf-8")
        assert NOT_FOUND[lang] in html
        assert "404 - Not found" not in html


def test_section_home_pages_offer_their_contents_in_the_phone_menu(built_site):
    for lang in LANGUAGES:
        for page in ("metastasis/", "osteoporosis/", "metastasis/after/"):
            html = built(built_site, lang, page)
            assert html.count('id="__toc"') == 1, (lang, page)  # every label for="__toc" has its checkbox
            assert 'class="md-nav__link md-nav__link--active" for="__toc"' in html, (lang, page)


# --- no copied wording ------------------------------------------------------------------------------------

RUN = 8
WORD = re.compile(r"[a-zà-ÿœæ0-9]+")


def words(text: str) -> list[str]:
    return WORD.findall(text.lower().replace("’", "'").replace("\u00a0", " "))


def copied_runs(text: str, sources: list[str], length: int = RUN) -> list[str]:
    """Runs of ``length`` or more consecutive words of ``text`` that also follow each other in a source."""
    shingles = {tuple(w[i : i + length]) for w in map(words, sources) for i in range(len(w) - length + 1)}
    ours, runs, i = words(text), [], 0
    while i <= len(ours) - length:
        if tuple(ours[i : i + length]) in shingles:
            j = i + length
            while j < len(ours) and tuple(ours[j - length + 1 : j + 1]) in shingles:
                j += 1
            runs.append(" ".join(ours[i:j]))
            i = j
        else:
            i += 1
    return runs


def seeds_folder() -> Path | None:
    for folder in (ROOT.parent / "shared" / "seeds", Path("/work/shared/seeds")):
        if folder.is_dir() and any(folder.glob("*.txt")):
            return folder
    return None


def test_the_run_finder_catches_eight_words_and_lets_seven_pass():
    source = ["Le patient est remis sur le dos, et surveillé une heure."]
    assert copied_runs("Puis le patient est remis sur le dos, et surveillé.", source) == [
        "le patient est remis sur le dos et surveillé"
    ]
    assert copied_runs("Puis le patient est remis sur le dos, puis surveillé.", source) == []


def test_no_page_copies_eight_words_in_a_row_from_the_sources():
    folder = seeds_folder()
    if folder is None:
        pytest.skip("the source pages (../shared/seeds) are not on this machine")
    sources = [p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.txt"))]
    found = {
        path.relative_to(ROOT).as_posix(): runs
        for path in sorted((ROOT / "docs").rglob("*.md"))
        if (runs := copied_runs(path.read_text(encoding="utf-8"), sources))
    }
    assert found == {}
