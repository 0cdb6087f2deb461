"""Each language gets its own 404 page, in its own words; the default language's stays at the site root.

mkdocs-static-i18n renders 404.html once per language into the same file, so the last language built
(English) would replace the French page the hosting bucket serves. Material's 404 template says
"404 - Not found" in English whatever the language: the heading and a line come from extra.ui.
"""

from __future__ import annotations

from html import escape
from pathlib import Path

from sitetools.hooks.i18n import language_prefix

MATERIAL_HEADING = "<h1>404 - Not found</h1>"


def on_post_template(output_content, template_name, config):
    if template_name != "404.html":
        return output_content
    ui = config.extra.get("ui", {})
    if ui.get("not_found_title"):
        output_content = output_content.replace(
            MATERIAL_HEADING, f"<h1>{escape(ui['not_found_title'])}</h1>\n<p>{escape(ui.get('not_found', ''))}</p>", 1
        )
    prefix = language_prefix(config)
    if not prefix:
        return output_content
    target = Path(config.site_dir) / prefix / "404.html"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(output_content, encoding="utf-8")
    return ""  # MkDocs skips writing an empty template: the root 404.html stays French
