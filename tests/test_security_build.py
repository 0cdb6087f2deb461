"""A pull request can neither leak a file nor put script into the site: the strict build refuses each attack.

Every case breaks a throwaway copy of the project the way a hostile pull request could, runs the strict build
(sitetools.build.run_strict_build, as CI does) and asserts: a non-zero exit, one line naming the file (and
line) with the rule, and no trace of a canary file kept outside the project anywhere in site/.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from sitetools.build import run_strict_build

FIXTURES = Path(__file__).parent / "fixtures" / "security"
CANARY = "CANARY-3f9d2c7e-never-to-be-published"
PAGE = "docs/fr/faq.md"
EN_PAGE = "docs/en/faq.md"
FRAGMENT = "docs/_includes/fr/metastasis/pain.md"  # included by docs/fr/faq.md
GLOSSARY = "docs/_glossary/fr.md"


@dataclass(frozen=True)
class Expect:
    """The one line the build must print: ``path[:line]: rule: ...phrase...``."""

    path: str
    line: int | None
    rule: str
    phrase: str

    @property
    def prefix(self) -> str:
        return f"{self.path}:{self.line}: {self.rule}: " if self.line else f"{self.path}: {self.rule}: "


@dataclass(frozen=True)
class Attack:
    id: str
    setup: Callable[[Path, Path], Expect]  # (project, folder outside it) -> what the build must say


def fill(text: str, project: Path, outside: Path) -> str:
    """Put the canary's real paths in a case's text: absolute, and climbing out of docs/_includes/."""
    canary = outside / "secret.md"
    climb = os.path.relpath(canary, project / "docs" / "_includes")
    return text.replace("CANARY_PATH", str(canary)).replace("CANARY_CLIMB", climb)


def append(file: Path, text: str, mark: str) -> int:
    """Add ``text`` as new paragraphs at the end of ``file``; the line number of the first added line with ``mark``."""
    before = file.read_text(encoding="utf-8").rstrip("\n") + "\n\n"
    file.write_text(before + text + "\n", encoding="utf-8")
    added = text.splitlines()
    return before.count("\n") + 1 + next(i for i, line in enumerate(added) if mark in line)


def appended(case_id: str, path: str, text: str, mark: str, rule: str, phrase: str) -> Attack:
    def setup(project: Path, outside: Path) -> Expect:
        line = append(project / path, fill(text, project, outside), mark)
        return Expect(path, line, rule, fill(phrase, project, outside))

    return Attack(case_id, setup)


def include(case_id: str, text: str, path: str = PAGE, phrase: str = "found the absolute path 'CANARY_PATH'") -> Attack:
    return appended(case_id, path, text, "{!", "include", phrase)


def html(case_id: str, text: str, mark: str, rule: str, phrase: str, path: str = PAGE) -> Attack:
    return appended(case_id, path, text, mark, rule, phrase)


# --- includes: markdown-include reads wherever {!…!} stands ------------------------------------------------

INCLUDE_ATTACKS = [
    include("include-paragraph", "{!CANARY_PATH!}"),
    include("include-code-fence", "```\n{!CANARY_PATH!}\n```"),
    include("include-tilde-fence", "~~~text\n{!CANARY_PATH!}\n~~~"),
    include("include-inline-code", "`{!CANARY_PATH!}`"),
    include("include-html-comment", "<!--\n{!CANARY_PATH!}\n-->"),
    include("include-list", "- premier\n- {!CANARY_PATH!}"),
    include("include-table", "| a | b |\n|---|---|\n| x | {!CANARY_PATH!} |"),
    include("include-blockquote", "> Citation :\n> {!CANARY_PATH!}"),
    include("include-heading", "## Titre {!CANARY_PATH!}"),
    include("include-link-text", "[{!CANARY_PATH!}](index.md)"),
    include("include-html-attribute", '<span title="{!CANARY_PATH!}">x</span>'),
    include("include-lines-form", "{!CANARY_PATH!lines=1}"),
    include("include-lines-range-form", "{! CANARY_PATH !lines=1-1 1}"),
    include("include-glossary-line", "*[canari]: {!CANARY_PATH!}", path=GLOSSARY),
    include("include-in-fragment", "{!CANARY_PATH!}", path=FRAGMENT),
    include("include-in-english-page", "{!CANARY_PATH!}", path=EN_PAGE),
    include("include-climbing-out", "{!CANARY_CLIMB!}", phrase="found 'CANARY_CLIMB', which climbs out with '..'"),
    include("include-climbing-back-in", "{!fr/../../fr/faq.md!}", phrase="which climbs out with '..'"),
    include("include-home-folder", "{!~/.ssh/id_rsa!}", phrase="found the home-folder path '~/.ssh/id_rsa'"),
    include(
        "include-process-environment", "{!/proc/self/environ!}", phrase="found the absolute path '/proc/self/environ'"
    ),
    include("include-etc-passwd", "{!/etc/passwd!}", phrase="found the absolute path '/etc/passwd'"),
    include("include-missing-fragment", "{!fr/nowhere.md!}", phrase="fragment 'fr/nowhere.md' not found"),
    include("include-not-markdown", "{!fr/metastasis/pain.txt!}", phrase="which is not a Markdown (.md) file"),
]


def _symlinked_fragment(project: Path, outside: Path) -> Expect:
    (project / "docs/_includes/fr/leak.md").symlink_to(outside / "secret.md")
    append(project / PAGE, "{!fr/leak.md!}", "{!")
    return Expect("docs/_includes/fr/leak.md", None, "symlink", f"points to {outside / 'secret.md'}")


def _fragment_completed_by_the_page(project: Path, outside: Path) -> Expect:
    # The fragment ends with '{!/path' and the page closes it with '!}': markdown-include re-reads the joined
    # line and would open the file. The safe include never re-reads what it inserted, and refuses the join.
    (project / "docs/_includes/fr/half.md").write_text(f"{{!{outside / 'secret.md'}\n", encoding="utf-8")
    line = append(project / PAGE, "{!fr/half.md!}!}", "{!")
    return Expect(PAGE, line, "include", "joins an included fragment with the text around it")


def _self_including_fragment(project: Path, outside: Path) -> Expect:
    (project / "docs/_includes/fr/echo.md").write_text("Un écho.\n\n{!fr/echo.md!}\n", encoding="utf-8")
    append(project / PAGE, "{!fr/echo.md!}", "{!")
    chain = "docs/_includes/fr/echo.md → docs/_includes/fr/echo.md"
    return Expect("docs/_includes/fr/echo.md", 3, "include", f"include cycle {chain}")


def _two_fragment_cycle(project: Path, outside: Path) -> Expect:
    (project / "docs/_includes/fr/a.md").write_text("A\n\n{!fr/b.md!}\n", encoding="utf-8")
    (project / "docs/_includes/fr/b.md").write_text("B\n{!fr/a.md!}\n", encoding="utf-8")
    append(project / PAGE, "{!fr/a.md!}", "{!")
    chain = "docs/_includes/fr/a.md → docs/_includes/fr/b.md → docs/_includes/fr/a.md"
    return Expect("docs/_includes/fr/b.md", 2, "include", f"include cycle {chain}")


INCLUDE_ATTACKS += [
    Attack("include-through-symlinked-fragment", _symlinked_fragment),
    Attack("include-completed-by-the-page", _fragment_completed_by_the_page),
    Attack("include-self-including-fragment", _self_including_fragment),
    Attack("include-two-fragment-cycle", _two_fragment_cycle),
]


# --- symlinks and files in docs/ -----------------------------------------------------------------------------


def link(path: str, target: Callable[[Path, Path], Path], shown: str | None = None) -> Attack:
    def setup(project: Path, outside: Path) -> Expect:
        where = project / path
        if where.is_symlink() or where.is_file():
            where.unlink()
        where.parent.mkdir(parents=True, exist_ok=True)
        aim = target(project, outside)
        where.symlink_to(aim)
        return Expect(path, None, "symlink", f"points to {shown or aim.resolve()}")

    return Attack(f"symlink-{path.replace('/', '-')}", setup)


def dropped(name: str, path: str, rule: str, phrase: str) -> Attack:
    def setup(project: Path, outside: Path) -> Expect:
        (project / path).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(FIXTURES / name, project / path)
        return Expect(path, None, rule, phrase)

    return Attack(f"file-{path.replace('/', '-')}", setup)


def _pipe(project: Path, outside: Path) -> Expect:
    os.mkfifo(project / "docs/fr/pipe.md")
    return Expect("docs/fr/pipe.md", None, "file-type", "expected a regular file, found a special file")


def _dotfile(project: Path, outside: Path) -> Expect:
    (project / "docs/fr/.htaccess").write_text("Redirect / https://phishing.example.invalid/\n", encoding="utf-8")
    return Expect("docs/fr/.htaccess", None, "file-type", "found '.htaccess'")


FILE_ATTACKS = [
    link("docs/fr/leak.md", lambda project, outside: outside / "secret.md"),
    link("docs/fr/passwd.md", lambda project, outside: Path("/etc/passwd")),
    link("docs/fr/assets", lambda project, outside: outside),
    link("docs/_glossary/fr.md", lambda project, outside: outside / "secret.md"),
    link("docs/_includes/fr/metastasis/pain.md", lambda project, outside: outside / "secret.md"),
    link("docs/fr/metastasis/again", lambda project, outside: project / "docs/fr"),
    link("overrides/assets/leak.txt", lambda project, outside: outside / "secret.md"),
    link("overrides/partials/notice.html", lambda project, outside: outside / "secret.md"),
    dropped("phishing.html", "docs/fr/phishing.html", "file-type", "found 'phishing.html'"),
    dropped("tracker.js", "docs/fr/assets/tracker.js", "file-type", "found 'tracker.js'"),
    dropped("clean.svg", "docs/fr/logo.svg", "file-type", "images belong in an assets/ folder"),
    dropped("script.svg", "docs/fr/assets/script.svg", "svg", "line 2: <script> can run script"),
    dropped("foreign-object.svg", "docs/fr/assets/fo.svg", "svg", "line 2: <foreignobject> can run script"),
    dropped("onload.svg", "docs/fr/assets/onload.svg", "svg", "line 1: event attribute onload="),
    dropped("external-image.svg", "docs/en/assets/img.svg", "svg", "'https://tracker.example.invalid/pixel.png'"),
    dropped("style-import.svg", "docs/fr/assets/style.svg", "svg", "line 2: @import in a style loads another file"),
    dropped("javascript-link.svg", "docs/fr/assets/link.svg", "svg", "xlink:href='javascript:alert(1)'"),
    Attack("file-fifo", _pipe),
    Attack("file-dotfile", _dotfile),
]


# --- raw HTML: scripts, frames, events, other origins, dangerous URLs ------------------------------------------

TRACKER = "https://tracker.example.invalid"
HTML_ATTACKS = [
    html("html-script", "<script>alert(1)</script>", "<script", "html-element", "<script> is not allowed; allowed: a,"),
    html("html-script-src", f'<script src="{TRACKER}/x.js"></script>', "<script", "html-element", "<script>"),
    html(
        "html-iframe",
        '<iframe src="https://phishing.example.invalid/"></iframe>',
        "<iframe",
        "html-element",
        "<iframe>",
    ),
    html("html-object", '<object data="x.swf"></object>', "<object", "html-element", "<object>"),
    html("html-embed", '<embed src="x.swf">', "<embed", "html-element", "<embed>"),
    html(
        "html-form",
        '<form action="https://phishing.example.invalid/"><input name="card"></form>',
        "<form",
        "html-element",
        "<form>",
    ),
    html(
        "html-meta-refresh",
        '<meta http-equiv="refresh" content="0; url=https://phishing.example.invalid/">',
        "<meta",
        "html-element",
        "<meta>",
    ),
    html("html-link", f'<link rel="stylesheet" href="{TRACKER}/x.css">', "<link", "html-element", "<link>"),
    html("html-style-import", f'<style>@import url("{TRACKER}/x.css");</style>', "<style", "html-element", "<style>"),
    html("html-base", '<base href="https://phishing.example.invalid/">', "<base", "html-element", "<base>"),
    html("html-inline-svg", "<svg><script>alert(1)</script></svg>", "<svg", "html-element", "<svg>"),
    html(
        "html-event-attribute",
        '<span onmouseover="alert(1)">survol</span>',
        "onmouseover",
        "html-event",
        "onmouseover=",
    ),
    html("html-event-attr-list", 'Un paragraphe.\n{: onclick="alert(1)" }', "onclick", "html-event", "onclick= on <p>"),
    html(
        "html-event-attr-list-heading", '## Titre {: onfocus="alert(1)" }', "onfocus", "html-event", "onfocus= on <h2>"
    ),
    html("html-event-uppercase", '<span OnClick="alert(1)">x</span>', "OnClick", "html-event", "onclick="),
    html(
        "html-style-attr-list",
        f'Un paragraphe.\n{{: style="background: url({TRACKER}/p.png)" }}',
        "style=",
        "html-attribute",
        "attribute style= on <p> is not allowed",
    ),
    html(
        "html-tracker-img", f'<img src="{TRACKER}/p.gif" alt="">', "<img", "external-load", f"loads '{TRACKER}/p.gif'"
    ),
    html("html-tracker-markdown-img", f"![pixel]({TRACKER}/p.gif)", "![pixel]", "external-load", "from another origin"),
    html(
        "html-tracker-reference-img",
        f"![pixel][t]\n\n[t]: {TRACKER}/p.gif",
        "[t]:",
        "external-load",
        "from another origin",
    ),
    html(
        "html-tracker-protocol-relative",
        "![pixel](//tracker.example.invalid/p.gif)",
        "![pixel]",
        "external-load",
        "'//tracker",
    ),
    html(
        "html-tracker-backslashes",
        '<img src="/\\tracker.example.invalid/p.gif" alt="">',
        "<img",
        "external-load",
        "from another origin",
    ),
    html(
        "html-tracker-srcset",
        f'<img src="x.png" srcset="{TRACKER}/p.gif 2x" alt="">',
        "<img",
        "html-attribute",
        "srcset= on <img>",
    ),
    html(
        "html-javascript-link",
        "[cliquez](javascript:alert(1))",
        "javascript:",
        "url-scheme",
        "javascript: URL in href=",
    ),
    html("html-javascript-uppercase", "[cliquez](JaVaScRiPt:alert(1))", "JaVaScRiPt:", "url-scheme", "javascript: URL"),
    html(
        "html-javascript-reference", "[cliquez][j]\n\n[j]: javascript:alert(1)", "[j]:", "url-scheme", "javascript: URL"
    ),
    html(
        "html-javascript-entity", '<a href="&#106;avascript:alert(1)">x</a>', "&#106;", "url-scheme", "javascript: URL"
    ),
    html(
        "html-javascript-hex-entity",
        '<a href="&#x6A;&#x61;vascript:alert(1)">x</a>',
        "&#x6A;",
        "url-scheme",
        "javascript:",
    ),
    html("html-javascript-tab", '<a href="java&#x09;script:alert(1)">x</a>', "java&#x09;", "url-scheme", "javascript:"),
    html(
        "html-javascript-newline",
        '<a href="java&NewLine;script:alert(1)">x</a>',
        "&NewLine;",
        "url-scheme",
        "javascript:",
    ),
    html(
        "html-javascript-space", '<a href=" javascript:alert(1)">x</a>', "javascript:", "url-scheme", "javascript: URL"
    ),
    html(
        "html-data-link",
        "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
        "data:",
        "url-scheme",
        "data: URL",
    ),
    html(
        "html-data-image",
        "![x](data:image/svg+xml;base64,PHN2Zz48L3N2Zz4=)",
        "data:",
        "url-scheme",
        "data: URL in src=",
    ),
    html(
        "html-material-id",
        "Réglages.\n{: #__config }",
        "#__config",
        "html-attribute",
        "id='__config' on <p>: ids starting with '__' belong to Material",
    ),
    html("html-vbscript", '<a href="vbscript:msgbox(1)">x</a>', "vbscript:", "url-scheme", "vbscript: URL"),
    html(
        "html-in-fragment",
        '<iframe src="https://x.invalid/"></iframe>',
        "<iframe",
        "html-element",
        "<iframe>",
        FRAGMENT,
    ),
    html("html-in-english-page", "<script>alert(1)</script>", "<script", "html-element", "<script>", EN_PAGE),
]


# --- page data the templates print without escaping ----------------------------------------------------------


def edited(case_id: str, old: str, new: str, mark: str, rule: str, phrase: str, path: str = PAGE) -> Attack:
    def setup(project: Path, outside: Path) -> Expect:
        file = project / path
        text = file.read_text(encoding="utf-8")
        assert old in text
        text = text.replace(old, new, 1)
        file.write_text(text, encoding="utf-8")
        line = next(n for n, content in enumerate(text.splitlines(), start=1) if mark in content)
        return Expect(path, line, rule, phrase)

    return Attack(case_id, setup)


def _title_from_heading(project: Path, outside: Path) -> Expect:
    # No title in the front matter: MkDocs takes the first heading's text, entities decoded, into <title>.
    file = project / PAGE
    text = file.read_text(encoding="utf-8").replace("title: Questions fréquentes\n", "", 1)
    text = text.replace("# Questions fréquentes", "# Questions &lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt;", 1)
    file.write_text(text, encoding="utf-8")
    line = text.splitlines().index("# Questions &lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt;") + 1
    return Expect(PAGE, line, "title", "expected plain text (quote with « » or “ ”), found '<' '>'")


def _odd_file_name(project: Path, outside: Path) -> Expect:
    (project / "docs/fr/x<img src=y>.md").write_text("# x\n", encoding="utf-8")
    return Expect("docs/fr/x<img src=y>.md", None, "file-type", "expected names of letters, digits")


TEMPLATE_ATTACKS = [
    edited(
        "page-data-title",
        "title: Questions fréquentes",
        'title: "Questions <script>alert(1)</script>"',
        "title:",
        "front-matter",
        "title: expected plain text",
    ),
    edited(
        "page-data-description-quote",
        'description: "Réponses',
        'description: "0;url=https://phishing.example.invalid/\\" http-equiv=\\"refresh\\" x=\\"',
        "description:",
        "front-matter",
        "found '\"'",
    ),
    edited(
        "page-data-reviewer",
        "reviewer: Équipe éditoriale",
        "reviewer: <img src=x onerror=alert(1)>",
        "reviewer:",
        "front-matter",
        "reviewer: expected plain text",
    ),
    edited(
        "page-data-list-item",
        "sources: [metastasis-centre, osteoporosis-centre,",
        'sources: [metastasis-centre, "<script>alert(1)</script>",',
        "sources:",
        "front-matter",
        "sources: expected plain text",
    ),
    Attack("page-data-title-from-heading", _title_from_heading),
    Attack("page-data-file-name", _odd_file_name),
]

# A line long enough to make Python-Markdown's inline patterns run for minutes is refused before parsing.
LONG_LINE_ATTACKS = [
    appended(
        f"long-line-{name}",
        path,
        unit * (100_000 // len(unit)),
        unit,
        "line-length",
        "expected lines of at most 2000 characters, found one of",
    )
    for name, unit, path in [
        ("brackets", "[", PAGE),
        ("comments", "<!--", PAGE),
        ("includes", "{!", FRAGMENT),
        ("glossary", "<", GLOSSARY),
    ]
]

ATTACKS = INCLUDE_ATTACKS + FILE_ATTACKS + HTML_ATTACKS + TEMPLATE_ATTACKS + LONG_LINE_ATTACKS


@pytest.fixture
def outside(tmp_path) -> Path:
    """A folder beside the project copy, holding the canary: what a leak would publish."""
    folder = tmp_path / "outside"
    folder.mkdir()
    (folder / "secret.md").write_text(f"{CANARY}\n", encoding="utf-8")
    return folder


def leaked(site: Path) -> list[str]:
    """Files of the built site (if any) that hold the canary, or that are symlinks."""
    if not site.exists():
        return []
    return sorted(
        path.relative_to(site).as_posix()
        for path in site.rglob("*")
        if path.is_symlink() or (path.is_file() and CANARY.encode() in path.read_bytes())
    )


def assert_refused(result, site: Path, expected: Expect) -> None:
    output = result.stdout + result.stderr
    assert result.returncode != 0, output
    named = [line for line in output.splitlines() if expected.prefix in line]
    assert len(named) == 1, output
    assert expected.phrase in named[0], named[0]
    assert CANARY not in output
    assert leaked(site) == []


@pytest.mark.parametrize("attack", ATTACKS, ids=[attack.id for attack in ATTACKS])
def test_the_strict_build_refuses(attack, copy_of_project, outside, tmp_path):
    expected = attack.setup(copy_of_project, outside)
    site = tmp_path / "site"
    result = run_strict_build(copy_of_project, site, env={"CANARY_VARIABLE": CANARY})
    assert_refused(result, site, expected)


def test_attack_ids_are_unique():
    assert len({attack.id for attack in ATTACKS}) == len(ATTACKS)


def test_the_offline_zip_is_not_written_when_a_page_reads_outside(copy_of_project, outside, tmp_path):
    from sitetools.cli import UserError
    from sitetools.offline import ZIP_NAME, build, make_offline_zip

    line = append(copy_of_project / PAGE, fill("```\n{!CANARY_PATH!}\n```", copy_of_project, outside), "{!")
    site = tmp_path / "site"
    with pytest.raises(UserError) as build_error:
        build(copy_of_project, site)
    assert f"{PAGE}:{line}: include: " in str(build_error.value)
    assert leaked(site) == []
    with pytest.raises(UserError) as zip_error:  # the content check before the build may be the first to refuse
        make_offline_zip(copy_of_project, tmp_path / ZIP_NAME)
    assert CANARY not in str(zip_error.value)
    assert not (tmp_path / ZIP_NAME).exists()


def test_what_pages_may_use_still_builds(copy_of_project, tmp_path):
    """The allow-list is not a ban: the raw HTML, images and includes the pages need build and render."""
    assets = copy_of_project / "docs/fr/assets"
    assets.mkdir()
    shutil.copy(FIXTURES / "clean.svg", assets / "schema.svg")
    append(
        copy_of_project / PAGE,
        '<details><summary>Plus</summary>\n\nTexte <abbr title="Imagerie">IRM</abbr>, '
        '<span lang="en">bone</span><br>\n\n</details>\n\n'
        '<div class="note" markdown>\n**Note**\n</div>\n\n'
        "| Gauche | Centre |\n|:---|:---:|\n| a | b |\n\n"
        "![Schéma](assets/schema.svg)\n\n"
        "[La recommandation](https://doi.org/10.1007/s00270-017-1574-8) · [Nous écrire](mailto:a@example.org)\n\n"
        "{!fr/metastasis/pain.md!lines=1}\n\n"
        "Un paragraphe.\n{: #ancre .important }\n",
        "<details>",
    )
    site = tmp_path / "site"
    result = run_strict_build(copy_of_project, site)
    assert result.returncode == 0, result.stderr
    page = (site / "faq/index.html").read_text(encoding="utf-8")
    for fragment in (
        "<details>",
        '<abbr title="Imagerie">IRM</abbr>',
        '<img alt="Schéma" src="../assets/schema.svg"',
        'style="text-align: center;"',
        '<p class="important" id="ancre">',
    ):
        assert fragment in page
    assert (site / "assets/schema.svg").is_file()


# --- the rule book itself (sitetools.policy, sitetools.render), without a build ------------------------------


@pytest.mark.parametrize(
    ("url", "scheme"),
    [
        ("javascript:alert(1)", "javascript"),
        (" \x01JaVa\tScRiPt:alert(1)", "javascript"),  # what an HTML parser leaves of ' &#1;JaVa&#9;ScRiPt:'
        ("java\nscript:alert(1)", "javascript"),
        ("DATA:text/html,x", "data"),
        ("vbscript:msgbox", "vbscript"),
        ("https://example.org/", "https"),
        ("../faq/", ""),
        ("#anchor", ""),
        ("page:1.md", "page"),
    ],
)
def test_url_scheme_is_read_as_a_browser_reads_it(url, scheme):
    from sitetools.policy import url_scheme

    assert url_scheme(url) == scheme


@pytest.mark.parametrize(
    ("url", "other"),
    [
        ("https://t.example/p.gif", True),
        ("//t.example/p.gif", True),
        ("/\\t.example/p.gif", True),
        (" \\\\t.example/p.gif", True),
        ("ftp://t.example/x", True),
        ("../assets/x.png", False),
        ("assets/x.png", False),
        ("/assets/x.png", False),
    ],
)
def test_other_origin(url, other):
    from sitetools.policy import is_other_origin

    assert is_other_origin(url) is other


def test_css_urls_see_through_comments_and_escapes():
    from sitetools.policy import css_urls

    css = "a{background:u\\72l( 'https://t.example/a.png' )} /* url(x) */ @import \"https://t.example/b.css\";"
    assert css_urls(css) == ["https://t.example/a.png", "https://t.example/b.css"]


def rules(html: str) -> list[tuple[str, str]]:
    from sitetools.policy import element_problems
    from sitetools.render import elements

    return [(p.rule, p.message) for e in elements(html) for p in element_problems(e.tag, list(e.attrs))]


def test_the_allow_list_passes_what_pages_use():
    allowed = (
        '<p class="x" id="y"><abbr title="t">IRM</abbr> <span lang="en">bone</span><br>'
        '<a href="../faq/#x" title="t">a</a> <a href="https://doi.org/10.1/x">b</a> <a href="mailto:a@b.c">c</a>'
        '<img src="../assets/x.png" alt="x" width="10"></p>'
        '<details open><summary>s</summary><div class="admonition note"><p>x</p></div></details>'
        '<table><thead><tr><th style="text-align: center;">h</th></tr></thead>'
        "<tbody><tr><td>d</td></tr></tbody></table>"
    )
    assert rules(allowed) == []


@pytest.mark.parametrize(
    ("html", "rule", "message"),
    [
        ("<script>x</script>", "html-element", "<script> is not allowed; allowed: a, abbr, b,"),
        ('<p onclick="x">', "html-event", "event attribute onclick= on <p> would run script"),
        (
            '<p style="color:red">',
            "html-attribute",
            "attribute style= on <p> is not allowed; allowed: class, id, lang, title",
        ),
        ('<td style="background:url(https://t.example/p.png)">', "html-attribute", "style= on <td> may only set"),
        ('<a href="&#106;avascript:x">', "url-scheme", "javascript: URL in href= on <a>"),
        ('<h2 id="__palette_0">', "html-attribute", "id='__palette_0' on <h2>: ids starting with '__' belong"),
        ('<a href="ftp://x.example/">', "url-scheme", "ftp: link on <a>; allowed: relative, http, https, mailto, tel"),
        ('<img src="data:image/png;base64,AA" alt="">', "url-scheme", "data: URL in src= on <img>"),
        ('<img src="https://t.example/p.gif" alt="">', "external-load", "<img> loads 'https://t.example/p.gif'"),
    ],
)
def test_the_allow_list_refuses(html, rule, message):
    found = rules(html)
    assert found[0][0] == rule
    assert found[0][1].startswith(message)


def test_a_refused_element_that_loads_elsewhere_is_two_findings():
    assert [rule for rule, _ in rules('<iframe src="https://x.example/">')] == ["html-element", "external-load"]


def test_include_target_accepts_fragments_and_refuses_the_rest(tmp_path):
    from sitetools.policy import IncludeRefused, include_target

    base = tmp_path / "docs" / "_includes"
    (base / "fr").mkdir(parents=True)
    (base / "fr" / "a.md").write_text("A\n", encoding="utf-8")
    (base / "fr" / "a.txt").write_text("A\n", encoding="utf-8")
    (tmp_path / "secret.md").write_text("S\n", encoding="utf-8")
    (base / "fr" / "link.md").symlink_to(tmp_path / "secret.md")
    assert include_target(" fr/a.md ", base) == (base / "fr" / "a.md").resolve()
    refused = {
        "/etc/passwd": "found the absolute path '/etc/passwd'",
        "~/x.md": "found the home-folder path '~/x.md'",
        "../secret.md": "found '../secret.md', which climbs out with '..'",
        "fr/../fr/a.md": "which climbs out with '..'",
        "fr/link.md": "found 'fr/link.md', which resolves outside it (symlink)",
        "fr/a.txt": "which is not a Markdown (.md) file",
        "fr/none.md": "fragment 'fr/none.md' not found; expected a file at docs/_includes/fr/none.md",
        "": "expected a fragment path inside docs/_includes/ such as fr/metastasis/pain.md, found ''",
    }
    for raw, message in refused.items():
        with pytest.raises(IncludeRefused) as error:
            include_target(raw, base)
        assert message in str(error.value), raw


def test_escaping_symlinks_lists_links_out_and_loops_not_links_in(tmp_path):
    from sitetools.policy import escaping_symlinks

    tree = tmp_path / "docs"
    (tree / "fr").mkdir(parents=True)
    (tree / "fr" / "page.md").write_text("x\n", encoding="utf-8")
    (tree / "fr" / "alias.md").symlink_to(tree / "fr" / "page.md")  # inside: allowed
    (tree / "fr" / "out.md").symlink_to(tmp_path)
    (tree / "fr" / "loop").symlink_to(tree)
    assert [link.name for link, _ in escaping_symlinks(tree)] == ["loop", "out.md"]


@pytest.mark.parametrize(
    ("path", "problem"),
    [
        ("fr/faq.md", None),
        ("_includes/fr/both/x.md", None),
        ("fr/assets/images/schema.svg", None),
        ("assets/photo.JPG", None),
        ("fr/schema.png", "images belong in an assets/ folder, found 'schema.png' outside one"),
        ("fr/page.html", "docs/ holds Markdown (.md), images"),
        ("fr/assets/x.js", "found 'x.js'"),
        ("fr/page.MD", "found 'page.MD'"),
        ("_search/fr.yml", None),
        ("_search/nested/fr.yml", "found 'fr.yml'"),
        ("fr/_search/fr.yml", "found 'fr.yml'"),
        ("_search/fr.yaml", "found 'fr.yaml'"),
        ("fr/.htaccess", "expected names of letters, digits, '_', '-' and '.', found '.htaccess'"),
        ("fr/a b.md", "found 'a b.md'"),
    ],
)
def test_file_problem(path, problem):
    from sitetools.policy import file_problem

    found = file_problem(path)
    assert found == problem if problem is None else problem in found


def test_svg_problems_name_each_line():
    from sitetools.policy import svg_problems

    assert svg_problems((FIXTURES / "clean.svg").read_text(encoding="utf-8")) == []
    assert svg_problems((FIXTURES / "script.svg").read_text(encoding="utf-8")) == [
        "line 2: <script> can run script or embed a page"
    ]
    doctype = '<!DOCTYPE svg [<!ENTITY x "y">]><svg/>'
    assert svg_problems(doctype) == ["line 1: a DOCTYPE with declarations (entities) is not allowed"]


def test_plain_text_problem():
    from sitetools.policy import plain_text_problem

    assert plain_text_problem("Questions fréquentes : « douleur » & séjour") is None
    assert "found '<' '>'" in plain_text_problem("a &lt;/title&gt;")
    assert "found '\"'" in plain_text_problem('a" b')


def test_renderer_uses_mkdocs_yml_and_the_safe_include(project_root):
    from sitetools.render import IncludeError, Renderer

    renderer = Renderer(project_root)
    html = renderer.html("*[IRM]: Imagerie\n\nUne IRM.\n\n{!fr/metastasis/pain.md!lines=1}\n\n!!! note\n    x\n")
    assert '<abbr title="Imagerie">IRM</abbr>' in html
    assert '<div class="admonition note">' in html
    source = "---\ntitle: x\n---\n\nTexte.\n\n```\n{!/etc/passwd!}\n```\n"
    with pytest.raises(IncludeError) as error:
        renderer.html(source.split("---\n", 2)[2], source="docs/fr/x.md", source_text=source)
    assert str(error.value).startswith("docs/fr/x.md:8: include: expected a fragment path inside docs/_includes/")


def test_renderer_refuses_cycles_with_their_chain(copy_of_project):
    from sitetools.render import IncludeError, Renderer

    includes = copy_of_project / "docs" / "_includes" / "fr"
    (includes / "a.md").write_text("A\n\n{!fr/b.md!}\n", encoding="utf-8")
    (includes / "b.md").write_text("B\n{!fr/a.md!}\n", encoding="utf-8")
    with pytest.raises(IncludeError) as error:
        Renderer(copy_of_project).html("{!fr/a.md!}\n", source="docs/fr/x.md")
    assert str(error.value) == (
        "docs/_includes/fr/b.md:2: include: include cycle "
        "docs/_includes/fr/a.md → docs/_includes/fr/b.md → docs/_includes/fr/a.md; a fragment must not include itself"
    )


def test_source_line_and_needles():
    from sitetools.policy import element_problems
    from sitetools.render import elements, needles, source_line

    source = '# T\n\nText javascript here.\n\n<a href="&#106;avascript:x">y</a>\n'
    element = elements('<a href="&#106;avascript:x">y</a>')[0]
    problem = element_problems(element.tag, list(element.attrs))[0]
    assert needles(element, problem)[0] == "&#106;avascript:x"
    assert source_line(source, needles(element, problem)) == 5
    assert source_line(source, "absent") is None


TRICKY_HTML = [
    '<p class="a">x</p><br><br/><details open><summary>s</summary></details>',
    '<p\u00a0onclick="alert(1)">x</p>',  # a no-break space is not a separator for the browser
    '<p / onclick="alert(1)">x</p>',
    '<a href = "javascript:x">x</a>',
    '<a href="&#106;avascript:x">x</a>',
    "<a href='javascript:x'>x</a>",
    "<a href=javascript:x>x</a>",
    '<P ONCLICK="x">x</P>',
    "<!-- <p> --><script>x</script>",
    '<p title="a>b">x</p>',
    '<img src="x" alt="a<b">',
    "<p>1 &lt; 2</p><p>3 > 2</p>",
    '<svg><foreignObject><p onclick="x"></p></foreignObject></svg>',
]


@pytest.mark.parametrize("html", TRICKY_HTML)
def test_the_quick_walk_agrees_with_the_parser_or_steps_aside(html):
    from sitetools.render import _plain_elements, _Walker, elements

    walker = _Walker()
    walker.feed(html)
    walker.close()
    plain = _plain_elements(html)
    assert plain is None or plain == walker.found
    assert elements(html) == walker.found


def test_the_quick_walk_reads_every_real_page_as_the_parser_does(project_root):
    from mkdocs.utils.meta import get_data
    from sitetools.render import Renderer, _plain_elements, _Walker

    renderer = Renderer(project_root)
    quick = 0
    for page in sorted((project_root / "docs").glob("[ef][nr]/**/*.md")):
        html = renderer.html(get_data(page.read_text(encoding="utf-8"))[0])
        walker = _Walker()
        walker.feed(html)
        walker.close()
        plain = _plain_elements(html)
        assert plain is None or plain == walker.found, page
        quick += plain is not None
    assert quick > 20  # the quick walk is the common case, or it saves nothing
