"""The hooks read and write UTF-8 whatever the locale of the machine that builds: an editor whose system is
set to ASCII (LC_ALL=C, without Python's UTF-8 mode) builds the same accented pages (file names stay ASCII).

The same calls run here and in a subprocess under that locale: mutmut credits a test only with the functions
it calls in its own process, and the subprocess runs the same mutant (it inherits MUTANT_UNDER_TEST).
"""

from __future__ import annotations

import json
import locale
import os
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import sitetools
from helpers.hooks import config
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files
from sitetools.hooks import content_policy, fragments, glossary, leaflets, not_found_page
from sitetools.render import SafeIncludeExtension

TESTS = Path(__file__).resolve().parent
SCRIPT = "import json, sys; from pathlib import Path; from test_hooks_locale import outcomes; "
SCRIPT += "print(json.dumps(outcomes(Path(sys.argv[1]))))"
TEXTS = {
    "_glossary/fr.md": "*[vertèbre]: Un os du dos, « rachis ».\n",
    "fr/care/index.md": "# Fiche\n",
    "fr/care/step.md": "# Étape\n\nAprès le geste.\n\n{!fr/after.md!}\n",
    "_includes/fr/after.md": 'Repos à la maison.\n<video src="v.mp4"></video>\n',
    "_glossary/en.md": '*[MRI]: Imagerie, « IRM ».\n<span onmouseover="hover()">s</span>\n',
    "fr/care/assets/a.svg": '<svg><a href="https://exé.org/">x</a></svg>',
}
DEFINITION = "Un os du dos, « rachis »."
EXPECTED = {
    "refusals": [
        "docs/fr/care/assets/a.svg: svg: line 1: href='https://exé.org/' on <a> refers outside the image; "
        "an image must not script or load",
        "docs/_includes/fr/after.md:2: html-element: <video> is not allowed; allowed: a, abbr, b, blockquote, "
        "br, caption, code, dd, del, details, div, dl, dt, em, figcaption, figure, h1, h2, h3, h4, h5, h6, hr, i, "
        "img, ins, kbd, li, mark, ol, p, pre, s, small, span, strong, sub, summary, sup, table, tbody, td, tfoot, "
        "th, thead, tr, u, ul",
        "docs/_glossary/en.md:2: html-event: event attribute onmouseover= on <span> would run script",
    ],
    "glossary": {"vertèbre": DEFINITION, "vertèbres": DEFINITION, "Vertèbre": DEFINITION, "Vertèbres": DEFINITION},
    "leaflet": "# Fiche\n\n## Étape\n\nAprès le geste.\n\n{!fr/after.md!}\n",
    "404": "",
    "written": "<h1>Égaré</h1>\n<p></p>",
}


def outcomes(root: Path) -> dict:
    """What the hooks make of the tree at ``root`` (see TEXTS), and the locale's encoding."""
    docs = root / "docs"
    settings = config(
        config_file_path=str(root / "mkdocs.yml"),
        docs_dir=str(docs),
        markdown_extensions=["markdown_include.include"],
        mdx_configs={"markdown_include.include": {"base_path": str(docs / "_includes")}},
    )
    fragments.on_config(settings)
    page_file = File("fr/care/index.md", str(docs), str(root / "site"), use_directory_urls=True)
    page = SimpleNamespace(meta={"leaflet": ["step.md"]}, file=page_file, url=page_file.url)
    site = config(language="en", site_dir=str(root / "site"), extra={"ui": {"not_found_title": "Égaré"}})
    refusals = []
    try:
        content_policy.on_config(config(config_file_path=settings.config_file_path, docs_dir=str(docs)))
    except PluginError as error:
        refusals.append(str(error))
    include = SafeIncludeExtension(base_path=str(docs / "_includes"))
    with_include = config(docs_dir=str(docs), config_file_path=settings.config_file_path, markdown_extensions=[include])
    source = SimpleNamespace(content_string="{!fr/after.md!}\n", abs_src_path=str(docs / "fr/care/step.md"))
    for html in ['<video src="v.mp4"></video>', '<span onmouseover="hover()">s</span>']:
        try:
            content_policy.on_page_content(html, SimpleNamespace(title="T", file=source), with_include, None)
        except PluginError as error:
            refusals.append(str(error))
    return {
        "encoding": locale.getpreferredencoding(False),
        "refusals": refusals,
        "glossary": glossary._definitions(docs / "_glossary" / "fr.md", 1),
        "leaflet": leaflets.on_page_markdown("# Fiche\n", page, settings, Files([page_file])),
        "404": not_found_page.on_post_template("<h1>404 - Not found</h1>", "404.html", site),
        "written": (root / "site" / "en" / "404.html").read_bytes().decode("utf-8"),
    }


def tree(root: Path) -> Path:
    for name, text in TEXTS.items():
        path = root / "docs" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    (root / "mkdocs.yml").write_text("site_name: x\n", encoding="utf-8")
    return root


def test_the_hooks_read_and_write_utf8_under_an_ascii_locale(tmp_path):
    here = outcomes(tree(tmp_path / "here"))
    assert here == {**EXPECTED, "encoding": here["encoding"]}

    package_parent = str(Path(sitetools.__file__).resolve().parents[1])  # scripts/, or the mutation copy
    path = os.pathsep.join(filter(None, [package_parent, str(TESTS), os.environ.get("PYTHONPATH")]))
    env = {**os.environ, "LC_ALL": "C", "PYTHONCOERCECLOCALE": "0", "PYTHONUTF8": "0", "PYTHONPATH": path}
    root = tree(tmp_path / "ascii")
    result = subprocess.run([sys.executable, "-c", SCRIPT, str(root)], env=env, capture_output=True, check=False)
    assert result.returncode == 0, result.stderr.decode("utf-8", "replace")
    assert json.loads(result.stdout) == {**EXPECTED, "encoding": "ANSI_X3.4-1968"}
