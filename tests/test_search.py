"""Search fit for patients' questions: what the index holds, and what the site's own search box shows.

The full patient-question benchmark (scripts/search_eval.py) is slow and lives in the benchmark; these
tests pin the behaviour it relies on.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from conftest import mkdocs_build
from sitetools.browser import serve

LANGUAGES = {"fr": "", "en": "en/"}
SEARCH_INPUT = "input[data-md-component=search-query]"
INDEX_FIELDS = ("title", "text", "lay", "fold", "fold_title")
SECTIONS = {
    "fr": {"metastasis": "Métastases osseuses", "osteoporosis": "Fractures ostéoporotiques"},
    "en": {"metastasis": "Bone metastases", "osteoporosis": "Osteoporotic fractures"},
}
# The words Material's worker makes of a text with the index's own separator, in JavaScript as its split()
# does (RegExp without flags, the pieces between matches, lower case); tags are not words.
TOKENIZE = """([separator, texts]) => texts.map(text => {
  const re = new RegExp(separator, "g"), input = text.replace(/<[^>]+>/g, " "), words = []
  let index = 0, match
  do {
    match = re.exec(input)
    const until = match ? match.index : input.length
    if (index < until) words.push(input.slice(index, until).toLowerCase())
    if (match) index = match.index + match[0].length
  } while (match)
  return words
})"""


def index(site: Path, language: str) -> dict:
    return json.loads((site / LANGUAGES[language] / "search" / "search_index.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def served_site(built_site):
    with serve(built_site) as url:
        yield url


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    yield context.new_page()
    context.close()


def tokenize(page, separator: str, texts: list[str]) -> list[list[str]]:
    return page.evaluate(TOKENIZE, [separator, texts])


def search(page, url: str, query: str) -> list[dict]:
    """Type ``query`` in the search box at ``url``; each result item's page link, title and section links.

    The list is redrawn for each typed letter: it is read once it has not changed for half a second.
    """
    page.goto(url)
    page.click(SEARCH_INPUT)
    page.keyboard.type(query)
    page.wait_for_selector(".md-search-result__item", timeout=10_000)
    items, unchanged = None, 0
    while unchanged < 5:
        page.wait_for_timeout(100)
        current = page.eval_on_selector_all(
            ".md-search-result__item",
            """items => items.map(item => ({
                href: item.querySelector("a").href,
                title: item.querySelector("h1").textContent.trim(),
                links: [...item.querySelectorAll("a")].map(a => a.href),
            }))""",
        )
        unchanged = unchanged + 1 if current == items else 0
        items = current
    return items


def path_of(href: str, root: str) -> str:
    assert href.startswith(root), href
    return href[len(root) :].split("?")[0].split("#")[0]


# --- the index, as files ------------------------------------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_leaflets_are_left_out_of_the_index(built_site, language):
    assert [d["location"] for d in index(built_site, language)["docs"] if "leaflet" in d["location"]] == []


def test_the_hook_leaves_leaflets_out_without_their_front_matter(copy_of_project, tmp_path):
    for language in LANGUAGES:
        for section in SECTIONS[language]:
            leaflet = copy_of_project / "docs" / language / section / "leaflet.md"
            text = leaflet.read_text(encoding="utf-8")
            leaflet.write_text(re.sub(r"\nsearch:\n  exclude: true\n", "\n", text), encoding="utf-8")
            assert "exclude: true" not in leaflet.read_text(encoding="utf-8")
    site = tmp_path / "site"
    result = mkdocs_build(site, root=copy_of_project)
    assert result.returncode == 0, result.stderr
    for language in LANGUAGES:
        assert [d["location"] for d in index(site, language)["docs"] if "leaflet" in d["location"]] == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_each_glossary_term_is_an_entry_at_its_anchor(built_site, language):
    html = (built_site / LANGUAGES[language] / "glossary" / "index.html").read_text(encoding="utf-8")
    anchors = re.findall(r'<dt id="([^"]+)">', html)
    assert len(anchors) == html.count("<dt") == html.count("<dd") > 30
    docs = index(built_site, language)["docs"]
    terms = [d for d in docs if d["location"].startswith("glossary/#")]
    assert [d["location"] for d in terms] == [f"glossary/#{anchor}" for anchor in anchors]
    (page_entry,) = [d for d in docs if d["location"] == "glossary/"]
    for term in terms:
        # The definition is the term's own, and no longer part of the glossary page's entry.
        definition = re.sub(r"<[^>]+>", "", term["text"])
        assert len(definition) > 20
        assert definition not in page_entry["text"]
    first = "Acétabulum" if language == "fr" else "Acetabulum"
    assert terms[0]["title"] == first


@pytest.mark.parametrize("language", LANGUAGES)
def test_page_entries_say_their_section_in_the_page_language(built_site, language):
    titles = {d["location"]: d["title"] for d in index(built_site, language)["docs"]}
    before = "Avant l'intervention" if language == "fr" else "Before the procedure"
    for section, name in SECTIONS[language].items():
        assert titles[f"{section}/before/"] == f"{name} › {before}"
        for part in ("procedure", "after"):
            assert titles[f"{section}/{part}/"].startswith(f"{name} › ")
        assert "›" not in titles[f"{section}/"]  # the section's own page is the section
    assert "›" not in titles["faq/"]
    assert [title for location, title in titles.items() if "#" in location and "›" in title] == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_home_page_weighs_less_than_the_pages_that_answer(built_site, language):
    boosts = {d["location"]: d.get("boost") for d in index(built_site, language)["docs"]}
    assert boosts[""] == 0.3
    assert boosts["accessibility/"] == 0.2
    assert boosts["metastasis/before/"] is None  # the default, 1


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_lay_word_of_the_file_is_attached_to_the_entries_holding_its_site_words(
    built_site, project_root, language
):
    synonyms = yaml.safe_load((project_root / "docs" / "_search" / f"{language}.yml").read_text(encoding="utf-8"))
    docs = index(built_site, language)["docs"]
    lay = {d["location"]: d.get("lay", "") for d in docs}
    drug, brand = ("clopidogrel", "Plavix")
    assert synonyms[drug] == [brand]
    # Pages boosted below 0.5 (home, sources...) mention a drug without answering about it: no lay words.
    holding = {
        d["location"] for d in docs if brand.lower() in (d["title"] + d["text"]).lower() and d.get("boost", 1) >= 0.5
    }
    assert holding
    assert {location for location, words in lay.items() if drug in words.split()} == holding
    for word in synonyms:
        assert any(word in words for words in lay.values()), word


WARNING_BOX = '<div class="admonition urgent warning-signs">'
WARNING_BOX_ENTRY = {
    "fr": "faq/#apres-lintervention-pour-tous-les-patients",
    "en": "faq/#after-the-procedure-for-all-patients",
}
WARNING_BOX_LINE = {
    "fr": "Vous ne joignez personne et vous êtes inquiet",
    "en": "You cannot reach anyone and you are worried",
}


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_warning_box_is_indexed_once_where_it_is_the_subject(built_site, language):
    root = built_site / LANGUAGES[language]
    pages = sorted(
        p.relative_to(root).parent.as_posix()
        for p in root.rglob("index.html")
        if WARNING_BOX in p.read_text("utf-8") and (language == "en" or "en" not in p.relative_to(root).parts)
    )
    # Every page of both sections (the printable leaflets too) and the FAQ show it.
    parts = ("", "/after", "/before", "/leaflet", "/procedure")
    sections = [f"{section}{part}" for section in ("metastasis", "osteoporosis") for part in parts]
    assert pages == ["faq", *sections]
    assert not [p for p in built_site.rglob("*.html") if "data-search-exclude" in p.read_text("utf-8")]
    docs = index(built_site, language)["docs"]
    holding = [d["location"] for d in docs if WARNING_BOX_LINE[language] in d["text"]]
    assert holding == [WARNING_BOX_ENTRY[language]]


@pytest.mark.parametrize("language", LANGUAGES)
def test_faq_answers_are_indexed_on_the_page_they_belong_to(built_site, language):
    docs = index(built_site, language)["docs"]
    faq = {d["location"]: d for d in docs if d["location"].startswith("faq/")}
    others = [d["text"] for d in docs if not d["location"].startswith("faq/")]
    # Every FAQ answer a section page also gives is indexed there only, the FAQ entry keeps its title.
    assert [loc for loc, d in faq.items() if len(d["text"]) >= 80 and any(d["text"] in t for t in others)] == []
    pain = "faq/#metastases-osseuses" if language == "fr" else "faq/#bone-metastases"
    assert faq[pain]["text"] == ""
    assert faq[pain]["title"] == SECTIONS[language]["metastasis"]
    # An answer the FAQ alone gives stays: the warning box, and the walking delay of osteoporotic fractures.
    assert faq[WARNING_BOX_ENTRY[language]]["text"]
    walking = "faq/#fractures-osteoporotiques_3" if language == "fr" else "faq/#osteoporotic-fractures_3"
    assert faq[walking]["text"]


@pytest.mark.parametrize("language", LANGUAGES)
def test_pages_about_the_site_are_indexed_by_their_headings(built_site, language):
    docs = index(built_site, language)["docs"]
    for page in ("sources/", "accessibility/"):
        (own,) = [d for d in docs if d["location"] == page]
        sections = [d for d in docs if d["location"].startswith(f"{page}#")]
        assert own["text"].startswith("<p>")
        assert len(own["text"]) > 100
        assert len(sections) >= 5
        assert [d["location"] for d in sections if d["text"] or not d["title"]] == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_index_text_has_no_space_between_tags_nor_escaped_apostrophes(built_site, language):
    texts = [d["text"] for d in index(built_site, language)["docs"]]
    assert [t for t in texts if re.search(r">\s+<", t)] == []
    assert [t for t in texts if "&#x27;" in t or "&#39;" in t] == []
    assert any("d'une vertèbre" in t or "a vertebra" in t for t in texts)


def test_the_synonym_files_are_not_pages(built_site):
    assert not list(built_site.rglob("_search*"))


# --- no one-letter word, in the index or in a query ----------------------------------------------------------


@pytest.mark.browser
@pytest.mark.parametrize("language", LANGUAGES)
def test_no_one_letter_word_reaches_either_index(built_site, page, language):
    data = index(built_site, language)
    texts = [doc[f] for doc in data["docs"] for f in INDEX_FIELDS if doc.get(f)]
    words = [w for text in tokenize(page, data["config"]["separator"], texts) for w in text]
    assert len(words) > 2000  # the whole index (2,600 English words since repeats are indexed once)
    assert sorted({w for w in words if len(w) == 1}) == []


@pytest.mark.browser
def test_elisions_and_possessives_leave_no_one_letter_word_in_a_query(built_site, page):
    french = index(built_site, "fr")["config"]["separator"]
    english = index(built_site, "en")["config"]["separator"]
    queries = ["l'ostéoporose", "d'une vertèbre", "qu'on", "n'est", "s'il", "j'ai", "c'est", "L’anesthésie", "à 2 h"]
    assert tokenize(page, french, queries) == [
        ["ostéoporos"],
        ["vertèbr"],
        [],  # on, est, il, ai: stop words, which the index leaves out too
        [],
        [],
        [],
        [],
        ["anesthési"],
        [],
    ]
    queries = ["the patient's leg", "I can't walk", "I'm in pain", "women’s bones", "a CT scan"]
    assert tokenize(page, english, queries) == [
        ["patient", "leg"],
        ["walk"],
        ["pain"],
        ["women", "bone"],
        ["ct", "scan"],
    ]


@pytest.mark.browser
@pytest.mark.parametrize(
    ("start", "with_article", "alone"),
    [("", "l'ostéoporose", "ostéoporose"), ("en/", "the patient's pain", "patient pain")],
)
def test_an_elided_article_or_possessive_changes_no_result(page, served_site, start, with_article, alone):
    assert search(page, served_site + start, with_article) == search(page, served_site + start, alone)


# --- the search box ---------------------------------------------------------------------------------------


@pytest.mark.browser
@pytest.mark.parametrize(
    ("start", "query", "term", "anchor"),
    [("", "procubitus", "Procubitus", "procubitus"), ("en/", "prone position", "Prone position", "prone-position")],
)
def test_a_glossary_term_found_opens_the_glossary_at_the_term(page, served_site, start, query, term, anchor):
    results = search(page, served_site + start, query)
    glossary = [r for r in results if path_of(r["href"], served_site) == f"{start}glossary/"]
    assert glossary, results
    (link,) = [href for href in glossary[0]["links"] if href.endswith(f"#{anchor}")]
    page.click(f'.md-search-result__item a[href="{link}"]')
    page.wait_for_url(f"**/glossary/*#{anchor}")
    top = page.evaluate(f"document.getElementById('{anchor}').getBoundingClientRect().top")
    assert 0 <= top < 900
    assert page.inner_text(f"dt#{anchor}").strip() == term


@pytest.mark.browser
@pytest.mark.parametrize(
    ("start", "query", "answer"),
    [
        ("", "clopidogrel", "metastasis/before/"),  # clopidogrel: [Plavix] in docs/_search/fr.yml
        ("", "kiné", "osteoporosis/after/"),  # kiné: [kinésithérapie]
        ("en/", "aspirin", "en/metastasis/before/"),  # aspirin: [Kardegic, antiplatelet*] in docs/_search/en.yml
        ("en/", "physio", "en/osteoporosis/after/"),  # physio: [physiotherapy]
    ],
)
def test_a_lay_word_of_the_synonym_file_finds_its_page(page, served_site, start, query, answer):
    results = [path_of(r["href"], served_site) for r in search(page, served_site + start, query)]
    assert answer in results[:3], results
    assert all(path.startswith(start) for path in results), results


@pytest.mark.browser
@pytest.mark.parametrize(
    ("start", "query", "titles"),
    [
        (
            "",
            "avant l'intervention",
            ["Métastases osseuses › Avant l'intervention", "Fractures ostéoporotiques › Avant l'intervention"],
        ),
        (
            "en/",
            "before the procedure",
            ["Bone metastases › Before the procedure", "Osteoporotic fractures › Before the procedure"],
        ),
    ],
)
def test_result_items_show_their_section(page, served_site, start, query, titles):
    results = search(page, served_site + start, query)
    shown = [r["title"] for r in results]
    for title in titles:
        assert title in shown, shown
    section_pages = [r for r in results if re.search(r"/(metastasis|osteoporosis)/[a-z]+/", r["href"])]
    assert section_pages
    assert all(" › " in r["title"] for r in section_pages), shown


# --- a bad synonym file fails the build with one clear line ------------------------------------------------


@pytest.mark.parametrize(
    ("line", "message"),
    [
        (
            "tisane: Kardegic",
            "docs/_search/fr.yml:{n}: 'tisane': expected a list of the site's words such as [Kardegic], "
            "found 'Kardegic'",
        ),
        (
            "tisane: [camomille]",
            "docs/_search/fr.yml:{n}: 'tisane': none of camomille is in the pages; "
            "expected words the site uses (update the line when the pages change)",
        ),
        (
            "kiné: [kinésithérapie]",
            "docs/_search/fr.yml:{n}: 'kiné' is listed twice; expected one line per word (first: line {first})",
        ),
    ],
)
def test_a_bad_synonym_line_fails_the_build_naming_file_and_line(copy_of_project, tmp_path, line, message):
    path = copy_of_project / "docs" / "_search" / "fr.yml"
    lines = path.read_text(encoding="utf-8").splitlines()
    first = next(number for number, text in enumerate(lines, start=1) if text.startswith("kiné:"))
    path.write_text("\n".join([*lines, line]) + "\n", encoding="utf-8")
    result = mkdocs_build(tmp_path / "site", root=copy_of_project)
    assert result.returncode == 1
    assert f"ERROR   -  {message.format(n=len(lines) + 1, first=first)}\n" in result.stderr
    assert "Traceback" not in result.stderr + result.stdout


# --- scripts/search_eval.py: bad input is one clear line, exit 2 -------------------------------------------


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "{path}: cannot read the questions: No such file or directory"),
        ("fr: [q: 'oops'\n", "{path}:2: expected YAML questions, found expected ',' or ']', but got '<stream end>'"),
        ("- just a list\n", "{path}: expected a mapping of language to questions, found none"),
        ("de:\n  - {q: hallo, pages: ['']}\n", "{path}: expected a language of the site (fr, en), found 'de'"),
        (
            "fr:\n  - {q: aspirine}\n",
            "{path}: fr question 1: expected {{q: text, pages: [path, ...]}}, found {{'q': 'aspirine'}}",
        ),
    ],
)
def test_search_eval_refuses_a_bad_question_file_in_one_line(project_root, tmp_path, content, message):
    questions = tmp_path / "questions.yml"
    if content is not None:
        questions.write_text(content, encoding="utf-8")
    result = subprocess.run(
        [
            sys.executable,
            str(project_root / "scripts" / "search_eval.py"),
            "--lang",
            "en",
            "--questions",
            str(questions),
        ],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr == f"search_eval: error: {message.format(path='questions.yml')}\n"


def test_the_question_files_are_valid_and_large_enough(project_root):
    from sitetools.search_eval import load_questions

    for name, least in (("questions.yml", 40), ("held_out.yml", 8)):
        questions = load_questions(project_root / "tests" / "search" / name, ["fr", "en"])
        for language in ("fr", "en"):
            mine = [q for q in questions if q.language == language]
            assert len(mine) >= least, (name, language)
            assert len({q.text for q in mine}) == len(mine), (name, language)
            for question in mine:
                for path in question.pages:
                    folder = project_root / "docs" / language / path
                    assert path == "" or (folder.with_suffix(".md").is_file() or (folder / "index.md").is_file()), path
