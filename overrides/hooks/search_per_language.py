"""One search index per language, so a French page finds French pages and an English page English ones.

mkdocs-static-i18n merges every language into one index at the site root. After the last language pass,
this hook splits it: French stays in search/, English goes to en/search/. English pages get en/ as their
base URL, which is where Material's search looks for its index (and, offline, for search_index.js).
"""

from __future__ import annotations

import json
from pathlib import Path

from mkdocs.plugins import event_priority
from mkdocs.utils import get_relative_url

from _i18n import default_language, i18n_plugin, is_final_pass, language_prefix


def on_page_context(context, page, config, nav):
    prefix = language_prefix(config)
    if prefix:
        # base_url only feeds Material's search, its local-storage scope and the outdated banner.
        context["base_url"] = get_relative_url(prefix, page.url)
    return context


@event_priority(-200)  # after the i18n plugin (-100) has merged the languages and the offline plugin ran
def on_post_build(config):
    if not is_final_pass(config) or i18n_plugin(config) is None:
        return
    site = Path(config.site_dir)
    merged_path = site / "search" / "search_index.json"
    if not merged_path.is_file():
        return
    merged = json.loads(merged_path.read_text(encoding="utf-8"))
    default = default_language(config)
    languages = [lang.locale for lang in i18n_plugin(config).config.languages if lang.build]
    offline = bool(config.plugins.get("material/offline") and config.plugins["material/offline"].config.enabled)
    for language in languages:
        prefix = "" if language == default else f"{language}/"
        docs = [
            {**doc, "location": doc["location"][len(prefix) :]}
            for doc in merged["docs"]
            if _language_of(doc["location"], languages, default) == language
        ]
        index = {**merged, "config": {**merged["config"], "lang": [language]}, "docs": docs}
        text = json.dumps(index, ensure_ascii=False, separators=(",", ":"))
        target = site / prefix / "search"
        target.mkdir(parents=True, exist_ok=True)
        (target / "search_index.json").write_text(text, encoding="utf-8")
        if offline:
            (target / "search_index.js").write_text(f"var __index = {text}", encoding="utf-8")


def _language_of(location: str, languages: list[str], default: str) -> str:
    for language in languages:
        if language != default and (location == language or location.startswith(f"{language}/")):
            return language
    return default
