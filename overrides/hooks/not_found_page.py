"""Each language gets its own 404 page; the default language's stays at the site root.

mkdocs-static-i18n renders 404.html once per language into the same file, so the last language built
(English) would replace the French page the hosting bucket serves.
"""

from __future__ import annotations

from pathlib import Path

from _i18n import language_prefix


def on_post_template(output_content, template_name, config):
    prefix = language_prefix(config)
    if template_name != "404.html" or not prefix:
        return output_content
    target = Path(config.site_dir) / prefix / "404.html"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(output_content, encoding="utf-8")
    return ""  # MkDocs skips writing an empty template: the root 404.html stays French
