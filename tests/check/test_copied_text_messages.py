"""The copied-text rule on small texts: which words count, where a run starts and ends, and its exact message."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from sitetools.check import check
from sitetools.check.copied_text import load_sources, prose, words
from sitetools.cli import UserError

BASE = Path(__file__).parent.parent / "content_check" / "base"
SOURCE = (
    "Il s’agit d’une aiguille fine qui entre dans l’os malade. Le ciment durcit en quelques minutes dans la vertèbre.\n"
)
OTHER = "Un deux trois quatre cinq six sept huit neuf dix onze douze.\n"


@pytest.fixture
def tree(tmp_path) -> Path:
    root = tmp_path / "tree"
    shutil.copytree(BASE, root)
    return root


@pytest.fixture
def sources(tmp_path) -> Path:
    folder = tmp_path / "seeds"
    folder.mkdir()
    (folder / "b-source.txt").write_text(SOURCE, encoding="utf-8")
    (folder / "a-other.md").write_text(OTHER, encoding="utf-8")
    (folder / ".hidden.txt").write_text("Le chat dort sur le canapé rouge du salon ce soir.\n", encoding="utf-8")
    return folder


def copied(tree: Path, sources: Path, text: str, path: str = "docs/fr/index.md") -> list[str]:
    file = tree / path
    file.write_text(file.read_text(encoding="utf-8") + text, encoding="utf-8")
    return [f.text("en") for f in check(tree, sources_dir=sources).findings if f.rule == "copied-text"]


FIX = "(fix: rewrite the sentence in your own plain words, or mark a real quotation with « » and name its source)"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "\nUn deux trois quatre cinq six sept huit.\n",
            [
                "docs/fr/index.md:19: copied-text: 8 words in a row as in the source a-other.md: "
                f"«Un deux trois quatre cinq six sept huit» {FIX}"
            ],
        ),
        ("\nUn deux trois quatre cinq six sept.\n", []),
        (
            "\nDonc un deux trois quatre cinq six sept huit neuf dix, et puis\n"
            "le ciment durcit en quelques minutes dans la vertèbre.\n",
            [
                "docs/fr/index.md:19: copied-text: 10 words in a row as in the source a-other.md: "
                f"«un deux trois quatre cinq six sept huit…» {FIX}",
                "docs/fr/index.md:20: copied-text: 9 words in a row as in the source b-source.txt: "
                f"«le ciment durcit en quelques minutes dans la…» {FIX}",
            ],
        ),
        (
            "\nC'est une aiguille fine qui entre dans l'os malade.\n",
            [
                "docs/fr/index.md:19: copied-text: 8 words in a row as in the source b-source.txt: "
                f"«une aiguille fine qui entre dans l'os malade» {FIX}"
            ],
        ),
        ("\nUn deux trois quatre « cinq six » sept huit neuf dix.\n", []),
        ("\nUn deux trois [quatre](cinq.md) six sept huit neuf.\n", []),
        ("\nUn deux trois quatre cinq six sept {: #huit } neuf dix onze.\n", []),
        ("\nLe chat dort sur le canapé rouge du salon ce soir.\n", []),
        ("\n> Selon le centre :\n> un deux trois quatre cinq six sept huit.\n", []),
        (
            "\n> Selon le centre :\n\n> un deux trois quatre cinq six sept huit.\n",
            [
                "docs/fr/index.md:21: copied-text: 8 words in a row as in the source a-other.md: "
                f"«un deux trois quatre cinq six sept huit» {FIX}"
            ],
        ),
        (
            "\n> Une remarque.\n> un deux trois quatre cinq six sept huit.\n",
            [
                "docs/fr/index.md:20: copied-text: 8 words in a row as in the source a-other.md: "
                f"«un deux trois quatre cinq six sept huit» {FIX}"
            ],
        ),
        ("\nUn deux trois quatre cinq six sept huit, doi.org/10.1000/x.\n", []),
        ("\nUn deux trois quatre cinq six sept huit, DOI: 10.1000/x.\n", []),
    ],
)
def test_copied_runs_and_their_messages(tree, sources, text, expected):
    assert copied(tree, sources, text) == expected


def test_a_run_in_an_english_fragment_names_the_fragment(tree, sources):
    assert copied(
        tree, sources, "Un deux trois quatre cinq six sept huit.\n", "docs/_includes/en/metastasis/recovery.md"
    ) == [
        "docs/_includes/en/metastasis/recovery.md:2: copied-text: 8 words in a row as in the source a-other.md: "
        f"«Un deux trois quatre cinq six sept huit» {FIX}"
    ]


def test_words_are_lowercased_without_elisions_and_with_one_apostrophe():
    assert words("L’Os, d'une QU'IL jusqu'au aujourd'hui `x") == ["os", "une", "il", "au", "aujourd'hui", "x"]


def test_sources_index_every_window_of_eight_words_once(sources):
    windows = load_sources(sources)
    assert windows[("un", "deux", "trois", "quatre", "cinq", "six", "sept", "huit")] == "a-other.md"
    assert windows[("cinq", "six", "sept", "huit", "neuf", "dix", "onze", "douze")] == "a-other.md"
    assert ("le", "chat", "dort", "sur", "le", "canapé", "rouge", "du") not in windows
    assert len(windows) == 5 + 12  # 12 words give 5 windows; the source's 19 words give 12


def test_a_source_folder_with_only_hidden_files_is_refused(tmp_path):
    (tmp_path / ".x.txt").write_text("a b c d e f g h i\n", encoding="utf-8")
    with pytest.raises(UserError) as raised:
        load_sources(tmp_path)
    assert str(raised.value) == f"{tmp_path}: expected source documents in this folder, found no file"


def test_prose_blanks_quotations_and_markup_but_keeps_lines(tree):
    from sitetools.sources import load_docs

    page = tree / "docs/fr/index.md"
    page.write_text(
        page.read_text(encoding="utf-8") + "Un « deux\ntrois » [quatre](cinq.md) <b>six</b>\n", encoding="utf-8"
    )
    doc = next(d for d in load_docs(tree, ["fr", "en"]) if d.path.as_posix() == "docs/fr/index.md")
    text, numbers = prose(doc)
    assert text.splitlines()[-2:] == ["Un \x00", " [quatre   six "]
    assert numbers[-2:] == [18, 19]


def test_a_fragment_that_opens_with_a_copied_run_is_caught_on_line_1(tree, sources):
    fragment = tree / "docs/_includes/fr/metastasis/recovery.md"
    expected = [
        "docs/_includes/fr/metastasis/recovery.md:1: copied-text: 8 words in a row as in the source a-other.md: "
        f"«Un deux trois quatre cinq six sept huit» {FIX}",
    ]
    for text in (
        "> Un deux trois quatre cinq six sept huit.\n\nFin.\n",
        "Un deux trois quatre cinq six sept huit.\n\nFin.\n",
    ):
        fragment.write_text(text, encoding="utf-8")
        assert [f.text("en") for f in check(tree, sources_dir=sources).findings if f.rule == "copied-text"] == expected


def test_a_missing_source_folder_is_refused(tmp_path):
    with pytest.raises(UserError) as raised:
        load_sources(tmp_path / "none")
    assert str(raised.value) == f"{tmp_path / 'none'}: expected a folder of source documents for --sources, found none"


def test_a_source_with_bytes_that_are_not_utf8_is_still_read(tmp_path):
    (tmp_path / "seed.txt").write_bytes(b"Un deux trois quatre \xff cinq six sept huit neuf dix onze douze.\n")
    windows = load_sources(tmp_path)
    assert windows[("cinq", "six", "sept", "huit", "neuf", "dix", "onze", "douze")] == "seed.txt"
    assert len(windows) == 5  # the replaced byte is no word: 12 words, 5 windows


def test_an_svg_with_bytes_that_are_not_utf8_is_still_checked(tree):
    (tree / "docs/assets/images/bad.svg").write_bytes(
        b'<svg xmlns="http://www.w3.org/2000/svg">\xff\n<script>x</script></svg>\n'
    )
    assert [f.text("en") for f in check(tree).findings] == [
        "docs/assets/images/bad.svg:2: file-svg: <script> can run script or embed a page "
        "(fix: export the image again as a plain drawing (no script, no links, nothing loaded))"
    ]
