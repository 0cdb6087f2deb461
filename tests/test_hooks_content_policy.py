"""sitetools.hooks.content_policy called directly: what a pull request puts in docs/ is refused in one line
naming the file (and line) behind it."""

from __future__ import annotations

import os
from pathlib import Path
from types import SimpleNamespace

import pytest
from helpers.hooks import Config, config
from mkdocs.exceptions import PluginError
from sitetools.hooks import content_policy
from sitetools.render import SafeIncludeExtension

ALLOWED = (
    "a, abbr, b, blockquote, br, caption, code, dd, del, details, div, dl, dt, em, figcaption, figure, h1, h2, h3, "
    "h4, h5, h6, hr, i, img, ins, kbd, li, mark, ol, p, pre, s, small, span, strong, sub, summary, sup, table, "
    "tbody, td, tfoot, th, thead, tr, u, ul"
)


def project(tmp_path, custom_dir: bool = True) -> Config:
    (tmp_path / "docs" / "fr").mkdir(parents=True)
    (tmp_path / "docs" / "fr" / "page.md").write_text("# P\n", encoding="utf-8")
    (tmp_path / "overrides").mkdir()
    (tmp_path / "mkdocs.yml").write_text("site_name: x\n", encoding="utf-8")
    theme = Config(language="fr", custom_dir=str(tmp_path / "overrides") if custom_dir else None)
    return config(config_file_path=str(tmp_path / "mkdocs.yml"), docs_dir=str(tmp_path / "docs"), theme=theme)


def refusal(settings) -> str:
    with pytest.raises(PluginError) as error:
        content_policy.on_config(settings)
    return str(error.value)


def test_a_clean_tree_passes_and_is_checked_once_per_build(tmp_path):
    settings = project(tmp_path)
    (tmp_path / "docs" / "fr" / "same.md").symlink_to(tmp_path / "docs" / "fr" / "page.md")
    (tmp_path / "docs" / "fr" / "assets").mkdir()
    image = tmp_path / "docs" / "fr" / "assets" / "a.svg"
    bad = "<svg><script>1</script></svg>"
    image.write_text("<svg>" + " " * (len(bad) - 11) + "</svg>", encoding="utf-8")
    assert content_policy.on_config(settings) is settings
    # The next language pass of the same build: the tree looks the same (name, size, time), so it is not read.
    status = image.stat()
    image.write_text(bad, encoding="utf-8")
    os.utime(image, ns=(status.st_atime_ns, status.st_mtime_ns))
    assert content_policy.on_config(settings) is settings
    os.utime(image, ns=(status.st_atime_ns, status.st_mtime_ns + 1))
    assert refusal(settings) == (
        "docs/fr/assets/a.svg: svg: line 1: <script> can run script or embed a page; an image must not script or load"
    )


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (
            lambda root: (root / "docs/fr/x.md").symlink_to("/etc/passwd"),
            "docs/fr/x.md: symlink: points to /etc/passwd, outside docs/; expected a real file inside the tree",
        ),
        (
            lambda root: (root / "docs/fr/up").symlink_to(root / "docs"),
            "docs/fr/up: symlink: points to {root}/docs, a folder holding it; expected a real file inside the tree",
        ),
        (
            lambda root: (root / "overrides/main.html").symlink_to("/etc/hostname"),
            "overrides/main.html: symlink: points to /etc/hostname, outside overrides/; "
            "expected a real file inside the tree",
        ),
        (
            lambda root: os.mkfifo(root / "docs/fr/pipe.md"),
            "docs/fr/pipe.md: file-type: expected a regular file, found a special file",
        ),
        (
            lambda root: (root / "docs/fr/notes.txt").write_text("x", encoding="utf-8"),
            "docs/fr/notes.txt: file-type: docs/ holds Markdown (.md), images (.png, .jpg, .jpeg, .gif, .webp, "
            ".avif, .svg) in assets/ folders and _search/*.yml only, found 'notes.txt'",
        ),
        (
            lambda root: (
                (root / "docs/fr/assets").mkdir(),
                (root / "docs/fr/assets/a.SVG").write_text("<svg>\n<script>alert(1)</script></svg>", encoding="utf-8"),
            ),
            "docs/fr/assets/a.SVG: svg: line 2: <script> can run script or embed a page; an image must not script "
            "or load",
        ),
    ],
)
def test_a_tree_that_could_leak_or_hang_stops_the_build(tmp_path, make, message):
    settings = project(tmp_path)
    make(tmp_path)
    assert refusal(settings) == message.format(root=tmp_path.resolve())


def test_an_svg_that_is_not_utf8_is_still_read_for_script(tmp_path):
    settings = project(tmp_path)
    (tmp_path / "docs" / "fr" / "assets").mkdir()
    (tmp_path / "docs" / "fr" / "assets" / "a.svg").write_bytes(b"<svg><!-- \xff\xfe -->\n<script>1</script></svg>")
    assert refusal(settings) == (
        "docs/fr/assets/a.svg: svg: line 2: <script> can run script or embed a page; an image must not script or load"
    )


def test_without_a_custom_dir_only_docs_is_checked(tmp_path):
    settings = project(tmp_path, custom_dir=False)
    (tmp_path / "overrides" / "main.html").symlink_to("/etc/hostname")
    assert content_policy.on_config(settings) is settings
    (tmp_path / "docs" / "fr" / "x.md").symlink_to("/etc/passwd")
    assert refusal(settings).startswith("docs/fr/x.md: symlink: points to /etc/passwd, outside docs/;")


def test_docs_outside_the_project_are_named_by_their_full_path(tmp_path):
    settings = project(tmp_path / "here")
    settings.config_file_path = str(tmp_path / "elsewhere" / "mkdocs.yml")
    (tmp_path / "here" / "docs" / "fr" / "notes.txt").write_text("x", encoding="utf-8")
    assert refusal(settings).startswith(f"{(tmp_path / 'here' / 'docs' / 'fr' / 'notes.txt').as_posix()}: file-type:")


SOURCE = '---\ntitle: Plain\ntags: [a]\n---\n# P\n\n{!fr/a.md!}\n<img src="https://evil.example/x.png">\n'
PLAIN = "expected plain text (quote with « » or “ ”), found"


def page_project(tmp_path, include_extension: bool = True):
    docs = tmp_path / "docs"
    texts = {
        "fr/page.md": SOURCE,
        "_includes/fr/a.md": "A\n{!fr/b.md!}\n{!fr/missing.md!}\n{!fr/b.md!}\n",
        "_includes/fr/b.md": 'B\n\n<iframe src="frame.html"></iframe>\n',
        "_glossary/fr.md": "*[IRM]: Imagerie\n",
        "_glossary/en.md": '*[MRI]: Imaging\n<span onmouseover="glossaryhover()">s</span>\n',
    }
    for name, text in texts.items():
        (docs / name).parent.mkdir(parents=True, exist_ok=True)
        (docs / name).write_text(text, encoding="utf-8")
    (tmp_path / "mkdocs.yml").write_text("site_name: x\n", encoding="utf-8")
    extensions = ["toc", SafeIncludeExtension(base_path=str(docs / "_includes"))] if include_extension else ["toc"]
    settings = config(config_file_path=str(tmp_path / "mkdocs.yml"), docs_dir=str(docs), markdown_extensions=extensions)
    page = SimpleNamespace(
        meta={"title": "Plain", "tags": ["a"]},
        title="P",
        file=SimpleNamespace(content_string=SOURCE, abs_src_path=str(docs / "fr" / "page.md")),
    )
    return page, settings


def content_refusal(html, page, settings) -> str:
    with pytest.raises(PluginError) as error:
        content_policy.on_page_content(html, page, settings, None)
    return str(error.value)


def test_allowed_html_passes(tmp_path):
    page, settings = page_project(tmp_path)
    html = '<p>ok <abbr title="Imagerie">IRM</abbr></p><h2 id="a">A</h2>'
    assert content_policy.on_page_content(html, page, settings, None) == html
    assert content_policy.on_page_markdown("text", page, settings, None) == "text"


@pytest.mark.parametrize(
    ("html", "message"),
    [
        (
            '<p>ok</p><img src="https://evil.example/x.png">',
            "docs/fr/page.md:8: external-load: <img> loads 'https://evil.example/x.png' from another origin; "
            "use a file of the site",
        ),
        (
            '<iframe src="frame.html"></iframe>',
            f"docs/_includes/fr/b.md:3: html-element: <iframe> is not allowed; allowed: {ALLOWED}",
        ),
        (
            '<span onmouseover="glossaryhover()">s</span>',
            "docs/_glossary/en.md:2: html-event: event attribute onmouseover= on <span> would run script",
        ),
        (
            '<p onclick="nowhere()" style="nowhere">t</p>',
            "docs/fr/page.md: html-event: event attribute onclick= on <p> would run script "
            "(and 1 more on this element)",
        ),
    ],
)
def test_html_outside_the_allow_list_is_traced_to_the_markdown_behind_it(tmp_path, html, message):
    page, settings = page_project(tmp_path)
    assert content_refusal(html, page, settings) == message


def test_fragments_are_looked_for_where_the_safe_include_reads_them(tmp_path):
    page, settings = page_project(tmp_path)
    shared = tmp_path / "shared"
    (shared / "fr").mkdir(parents=True)
    (shared / "fr" / "a.md").write_text('Shared\n\n<video src="v.mp4"></video>\n', encoding="utf-8")
    settings.markdown_extensions[1] = SafeIncludeExtension(base_path=str(shared))
    assert content_refusal('<video src="v.mp4"></video>', page, settings).startswith(
        "shared/fr/a.md:3: html-element: <video> is not allowed;"
    )


def test_fragments_that_include_each_other_are_searched_once(tmp_path):
    page, settings = page_project(tmp_path)
    (tmp_path / "docs" / "_includes" / "fr" / "b.md").write_text("{!fr/a.md!}\n", encoding="utf-8")
    assert content_refusal('<p onclick="nowhere()">t</p>', page, settings) == (
        "docs/fr/page.md: html-event: event attribute onclick= on <p> would run script"
    )


def test_labels_are_relative_to_the_project_as_written(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert content_policy._label(Path("docs/../docs/x.md"), tmp_path.resolve()) == "docs/x.md"


def test_without_the_safe_include_fragments_are_looked_for_in_docs_includes(tmp_path):
    page, settings = page_project(tmp_path, include_extension=False)
    assert content_refusal('<iframe src="frame.html"></iframe>', page, settings).startswith(
        "docs/_includes/fr/b.md:3: html-element: <iframe> is not allowed;"
    )


@pytest.mark.parametrize(
    ("meta", "message"),
    [
        ({"title": "A <b>"}, f"docs/fr/page.md:2: front-matter: title: {PLAIN} '<' '>' in 'A <b>'"),
        ({"tags": [{"k": 'a"b'}]}, f"docs/fr/page.md:3: front-matter: tags: {PLAIN} '\"' in 'a\"b'"),
        ({"tags": ("x", "a &gt; b")}, f"docs/fr/page.md:3: front-matter: tags: {PLAIN} '>' in 'a &gt; b'"),
        ({"zzz": ">"}, f"docs/fr/page.md:1: front-matter: zzz: {PLAIN} '>' in '>'"),
        ({"x<": 1}, f"docs/fr/page.md:1: front-matter: x<: {PLAIN} '<' in 'x<'"),
    ],
)
def test_front_matter_must_be_plain_text(tmp_path, meta, message):
    page, settings = page_project(tmp_path)
    page.meta = meta
    with pytest.raises(PluginError) as error:
        content_policy.on_page_markdown("text", page, settings, None)
    assert str(error.value) == message


def test_front_matter_of_numbers_and_nothing_passes(tmp_path):
    page, settings = page_project(tmp_path)
    page.meta = {"x": 3, "y": None, "z": {"n": 1.5}}
    assert content_policy.on_page_markdown("text", page, settings, None) == "text"
    page.meta = None
    assert content_policy.on_page_markdown("text", page, settings, None) == "text"


def test_a_title_from_the_first_heading_must_be_plain_text(tmp_path):
    page, settings = page_project(tmp_path)
    page.title = "A &lt;/title&gt;"
    page.file.content_string = "intro\n#nope\n# A &lt;/title&gt;\n"
    assert content_refusal("<p>x</p>", page, settings) == (
        f"docs/fr/page.md:3: title: {PLAIN} '<' '>' in 'A &lt;/title&gt;'"
    )
    page.file.content_string = "no heading\n"
    assert content_refusal("<p>x</p>", page, settings) == (
        f"docs/fr/page.md:1: title: {PLAIN} '<' '>' in 'A &lt;/title&gt;'"
    )
    page.title = None
    assert content_policy.on_page_content("<p>x</p>", page, settings, None) == "<p>x</p>"
