"""The hooks that shape what a page loads, called directly: offline, csp, fingerprint."""

from __future__ import annotations

import base64
import hashlib
from types import SimpleNamespace

import pytest
from helpers.hooks import Config, config
from mkdocs.structure.files import File, Files
from sitetools.hooks import csp, fingerprint, offline

SHIM = "assets/javascripts/vendor/iframe-worker/shim.js"


def test_offline_swaps_unpkg_s_shim_for_the_vendored_one():
    settings = config(offline=True, extra={"polyfills": ["https://unpkg.com/iframe-worker/shim", "a.js"]})
    assert offline.on_config(settings) is settings
    assert settings.extra == {"polyfills": ["a.js", SHIM]}
    bare = config(offline=True)
    offline.on_config(bare)
    assert bare.extra == {"polyfills": [SHIM]}


def test_online_keeps_its_polyfills():
    settings = config(offline=False, extra={"polyfills": ["https://unpkg.com/iframe-worker/shim"]})
    offline.on_config(settings)
    assert settings.extra == {"polyfills": ["https://unpkg.com/iframe-worker/shim"]}


def site_files(tmp_path, *uris: str) -> Files:
    return Files([File(uri, str(tmp_path), str(tmp_path / "site"), use_directory_urls=True) for uri in uris])


URIS = ("assets/javascripts/vendor/iframe-worker/shim.js", "assets/javascripts/vendor/iframe-worker/x.js", "a.js")


def test_the_online_site_leaves_the_vendored_shim_out(tmp_path):
    files = offline.on_files(site_files(tmp_path, *URIS), config(offline=False))
    assert [file.src_uri for file in files] == ["a.js"]
    kept = offline.on_files(site_files(tmp_path, *URIS), config(offline=True))
    assert [file.src_uri for file in kept] == list(URIS)


@pytest.mark.parametrize(
    ("value", "published"),
    [("1", True), ("true", True), (" Yes ", True), ("TRUE", True), ("no", False), ("", False), (None, False)],
)
def test_the_zip_link_shows_only_when_the_zip_is_published(monkeypatch, value, published):
    if value is None:
        monkeypatch.delenv("OFFLINE_ZIP_PUBLISHED", raising=False)
    else:
        monkeypatch.setenv("OFFLINE_ZIP_PUBLISHED", value)
    assert offline.zip_published() is published
    page = SimpleNamespace(edit_url="https://example.org/edit")
    online = config(offline=False)
    assert offline.on_page_context({"c": 1}, page, online, None) == {"c": 1}
    assert online.extra == {"offline_zip_published": published}
    assert page.edit_url == "https://example.org/edit"


def test_the_offline_edition_has_no_zip_link_and_no_edit_button(monkeypatch):
    monkeypatch.setenv("OFFLINE_ZIP_PUBLISHED", "true")
    page = SimpleNamespace(edit_url="https://example.org/edit")
    settings = config(offline=True)
    assert offline.on_page_context({}, page, settings, None) == {}
    assert settings.extra == {"offline_zip_published": False}
    assert page.edit_url is None


CANONICAL = '<head>\n  <link rel="canonical" href="https://example.org/">\n<meta x>\n</head>'


def test_the_offline_edition_drops_the_canonical_link_of_the_head_only():
    body = '\n<link rel="canonical" href="b">'
    assert offline.on_post_page(CANONICAL + body, None, config(offline=True)) == "<head>\n<meta x>\n</head>" + body
    assert offline.on_post_page(CANONICAL, None, config(offline=False)) == CANONICAL
    headless = '<link rel="canonical" href="b">'
    assert offline.on_post_page(headless, None, config(offline=True)) == headless


def test_the_offline_edition_stops_at_the_first_end_of_head():
    page = CANONICAL + '\n<pre><link rel="canonical" href="b">\n</head></pre>'
    assert offline.on_post_page(page, None, config(offline=True)) == (
        '<head>\n<meta x>\n</head>\n<pre><link rel="canonical" href="b">\n</head></pre>'
    )


def sha(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii") + "'"


PAGE = (
    '<html><head><meta charset="utf-8"><title>T</title>'
    "<script>var a = 'é';</script>"
    '<SCRIPT type="text/javascript">b()</SCRIPT>'
    '<script type="application/ld+json">{"x": 1}</script>'
    "<script type='application/json'>[1]</script>"
    '<script src="x.js">ignored()</script>'
    "<style>p { color: red }</style><STYLE media=print>\nq {}\n</STYLE>"
    "</head><body></body></html>"
)


def test_the_policy_allows_each_inline_script_and_style_by_its_hash():
    scripts = " ".join(sorted([sha("var a = 'é';"), sha("b()")]))
    styles = " ".join(sorted([sha("p { color: red }"), sha("\nq {}\n")]))
    assert csp.policy(PAGE, offline=False) == (
        f"default-src 'self'; script-src 'self' {scripts}; style-src 'self' {styles}; img-src 'self' data:; "
        "font-src 'self'; connect-src 'self'; worker-src 'self'; object-src 'none'; base-uri 'self'; "
        "form-action 'self'"
    )
    assert csp.policy(PAGE, offline=True) == (
        f"default-src file:; script-src file: 'unsafe-inline'; style-src file: {styles}; img-src file: data:; "
        "font-src file:; connect-src file:; worker-src file:; object-src 'none'; base-uri 'self'; form-action 'self'"
    )


def test_a_page_without_inline_code_gets_the_bare_policy():
    assert csp.policy("<p>x</p>", offline=False) == (
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
        "connect-src 'self'; worker-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'"
    )


def meta(html: str, offline: bool) -> str:
    return f'<meta http-equiv="Content-Security-Policy" content="{csp.policy(html, offline)}">'


def test_the_policy_goes_right_after_the_charset_else_after_head():
    with_charset = '<HEAD lang="fr"><META CHARSET="utf-8"><style>s</style></HEAD>'
    assert csp.add_policy(with_charset, offline=False) == (
        f'<HEAD lang="fr"><META CHARSET="utf-8">\n      {meta(with_charset, False)}<style>s</style></HEAD>'
    )
    head_only = "<Head class=x><style>s</style></head>"
    assert (
        csp.add_policy(head_only, offline=True)
        == f"<Head class=x>\n      {meta(head_only, True)}<style>s</style></head>"
    )
    assert csp.add_policy("<p>no head</p>", offline=False) == "<p>no head</p>"


def test_csp_events_follow_the_build_edition():
    page = "<head><style>s</style></head>"
    assert csp.on_post_page(page, None, config(offline=True)) == csp.add_policy(page, offline=True)
    assert csp.on_post_page(page, None, config()) == csp.add_policy(page, offline=False)
    assert csp.on_post_template(page, "404.html", config(offline=True)) == csp.add_policy(page, offline=True)
    assert csp.on_post_template(page, "404.html", config()) == csp.add_policy(page, offline=False)
    assert csp.on_post_template(page, "sitemap.xml", config()) == page
    assert csp.on_post_template("", "404.html", config()) == ""


def test_a_fingerprinted_name_holds_8_hex_digits_of_the_content():
    digest = hashlib.sha256(b"body{}").hexdigest()[:8]
    assert fingerprint.fingerprinted_name("assets/a.b/patient.css", b"body{}") == f"assets/a.b/patient.{digest}.css"


def write(path, data: bytes):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def name(uri: str, data: bytes) -> str:
    return fingerprint.fingerprinted_name(uri, data)


def test_local_css_and_js_get_fingerprinted_names_from_docs_first_then_the_theme(tmp_path):
    docs, theme, material = tmp_path / "docs", tmp_path / "theme", tmp_path / "material"
    write(docs / "assets/a.css", b"docs a")
    write(theme / "assets/a.css", b"theme a")
    write(material / "assets/b.js", b"material b")
    write(theme / "assets/c.js", b"theme c")
    write(docs / "assets/d.txt", b"d")
    script = SimpleNamespace(path="assets/c.js")
    settings = Config(
        docs_dir=str(docs),
        theme=Config(dirs=[str(theme), str(material)]),
        extra_css=["assets/a.css", "https://cdn.example/x.css", "/abs.css", "assets/missing.css", "assets/d.txt"],
        extra_javascript=["assets/b.js", script, "//cdn.example/y.js"],
    )
    assert fingerprint.on_config(settings) is settings
    renames = {
        "assets/a.css": name("assets/a.css", b"docs a"),
        "assets/b.js": name("assets/b.js", b"material b"),
        "assets/c.js": name("assets/c.js", b"theme c"),
    }
    assert settings["_fingerprints"] == renames
    assert settings.extra_css == [
        renames["assets/a.css"],
        "https://cdn.example/x.css",
        "/abs.css",
        "assets/missing.css",
        "assets/d.txt",
    ]
    assert settings.extra_javascript == [renames["assets/b.js"], script, "//cdn.example/y.js"]
    assert script.path == renames["assets/c.js"]

    # The next language pass keeps the names of the first, even if a file changed since.
    write(docs / "assets/a.css", b"changed")
    again = Config(settings, extra_css=["assets/a.css"], extra_javascript=[])
    fingerprint.on_config(again)
    assert again.extra_css == [renames["assets/a.css"]]

    files = site_files(tmp_path, "assets/a.css", "assets/b.js", "index.md")
    assert fingerprint.on_files(files, settings) is files
    assert [(file.src_uri, file.dest_uri, file.url) for file in files] == [
        ("assets/a.css", renames["assets/a.css"], renames["assets/a.css"]),
        ("assets/b.js", renames["assets/b.js"], renames["assets/b.js"]),
        ("index.md", "index.html", "./"),
    ]


def test_addresses_of_other_origins_and_absolute_paths_keep_their_names_even_if_a_file_matches(tmp_path):
    docs = tmp_path / "docs"
    absolute = write(tmp_path / "elsewhere" / "abs.css", b"abs")
    write(docs / "cdn:" / "x.css", b"cdn")  # what 'cdn://x.css' would name as a path under docs/
    remote = SimpleNamespace(path="cdn://x.js")
    write(docs / "cdn:" / "x.js", b"cdn js")
    settings = Config(
        docs_dir=str(docs),
        theme=Config(dirs=[]),
        extra_css=[str(absolute), "cdn://x.css"],
        extra_javascript=[remote],
    )
    fingerprint.on_config(settings)
    assert settings["_fingerprints"] == {}
    assert settings.extra_css == [str(absolute), "cdn://x.css"]
    assert remote.path == "cdn://x.js"


def test_without_fingerprints_files_keep_their_names(tmp_path):
    files = site_files(tmp_path, "assets/a.css")
    fingerprint.on_files(files, Config())
    assert [(file.dest_uri, file.url) for file in files] == [("assets/a.css", "assets/a.css")]
