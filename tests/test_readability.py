"""The readability report (scripts/readability.py): the real site passes; long, complex sentences fail."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from sitetools.content_check import Site
from sitetools.readability import THRESHOLDS, english_syllables, page_lines, plain_text, reading_ease
from sitetools.sources import site_languages

FIXTURES = Path(__file__).parent / "fixtures" / "readability"


def report(project_root: Path, root: Path, lang: str = "en") -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, str(project_root / "scripts" / "readability.py"), "--lang", lang, "--root", str(root)],
        capture_output=True,
        text=True,
        check=False,
    )


def test_every_page_of_the_site_reads_easily_enough(project_root):
    result = report(project_root, project_root)
    assert result.returncode == 0, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    pages = sorted(p.relative_to(project_root).as_posix() for p in (project_root / "docs").glob("[a-z]*/**/*.md"))
    assert [line.split(":")[0] for line in lines[:-1]] == pages
    for line in lines[:-1]:
        assert line.endswith(": ok"), line
        assert f"({THRESHOLDS['en']:g})" in line or f"({THRESHOLDS['fr']:g})" in line, line
    assert lines[-1].startswith("readability: en (Flesch)"), lines[-1]
    assert "fr (Kandel-Moles)" in lines[-1]
    assert lines[-1].endswith("every page passes")


def test_long_complex_sentences_are_reported_low_with_exit_1(project_root):
    result = report(project_root, FIXTURES / "complex")
    assert result.returncode == 1, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith("docs/en/index.md: ")
    assert lines[0].endswith("(60): LOW")
    assert lines[1].startswith("docs/fr/index.md: ")
    assert lines[1].endswith("(70): LOW")
    assert result.stdout.splitlines()[-1].endswith("2 pages below threshold")


def test_a_missing_project_is_one_clear_line_and_exit_2(project_root, tmp_path):
    result = report(project_root, tmp_path / "nowhere")
    assert result.returncode == 2
    assert result.stderr.strip().startswith("readability: error:")


def test_markup_is_left_out_and_each_block_is_a_sentence():
    text = plain_text(
        [
            "# The title {: #top }",
            "",
            'Read the [glossary](../glossary.md) and <span lang="fr">« un mot »</span> **now**',
            "",
            '!!! urgent "Warning signs"',
            "    - you feel less in your legs;",
            "    - call 15",
            "",
            "{!en/both/blood-thinners.md!}",
            "Term",
            ":   Its meaning",
            "*[MRI]: Magnetic resonance imaging",
            "| Day | What |",
            "|-----|------|",
            "| 1 | Rest |",
        ]
    )
    assert text.splitlines() == [
        "The title.",
        "Read the glossary and « un mot » now.",
        "Warning signs.",
        "you feel less in your legs.",
        "call 15.",
        "Term.",
        "Its meaning.",
        "Day.",
        "What.",
        "1.",
        "Rest.",
    ]


def test_fragments_and_leaflet_parts_count_as_part_of_the_page(project_root):
    languages, default = site_languages(project_root)
    site = Site(project_root, languages, default)
    faq = "\n".join(page_lines(site, site.page("en", "faq.md")))
    assert "{!" not in plain_text(faq.splitlines())
    assert "Warning signs: this is an emergency" in faq  # from docs/_includes/en/osteoporosis/urgent-signs.md
    leaflet = "\n".join(page_lines(site, site.page("fr", "osteoporosis/leaflet.md")))
    for part in ("index.md", "before.md", "procedure.md", "after.md"):
        title = next(h.text for h in site.page("fr", f"osteoporosis/{part}").headings() if h.level == 1)
        assert f"# {title}" in leaflet, part


def test_english_syllables_come_from_the_pronouncing_dictionary_offline():
    assert english_syllables("vertebra") == 3
    assert english_syllables("cementoplasty") >= 4  # not in the dictionary: hyphenation patterns
    easy, _, _ = reading_ease("The cat sat on the mat. It was warm.", "en")
    hard, _, _ = reading_ease(
        "Percutaneous vertebral augmentation necessitates comprehensive multidisciplinary evaluation.", "en"
    )
    assert easy > 90 > 0 > hard
