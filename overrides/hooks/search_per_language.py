"""One search index per language, so a French page finds French pages and an English page English ones.

mkdocs-static-i18n merges every language into one index at the site root. After the last language pass,
this hook splits it: French stays in search/, English goes to en/search/. English pages get en/ as their
base URL, which is where Material's search looks for its index (and, offline, for search_index.js).
"""

from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path

from mkdocs.plugins import event_priority
from mkdocs.utils import get_relative_url

from _i18n import default_language, is_offline, i18n_plugin, is_final_pass, language_prefix


WORD = re.compile(r"\w+")


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
    offline = is_offline(config)
    for language in languages:
        prefix = "" if language == default else f"{language}/"
        docs = [
            {**doc, "location": doc["location"][len(prefix) :], "text": _with_unaccented_words(doc["text"])}
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


def _with_unaccented_words(text: str) -> str:
    """Let a search typed without accents (osteoporose, vertebre) find the accented words of the text.

    The unaccented spellings go in a hidden span at the end: indexed by the search worker, never shown.
    """
    words = sorted({w for w in WORD.findall(re.sub(r"<[^>]+>", " ", text)) if _fold(w) != w})
    if not words:
        return text
    return f"{text}<span hidden>{' '.join(_fold(w) for w in words)}</span>"


def _fold(word: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", word) if not unicodedata.combining(c))


def _language_of(location: str, languages: list[str], default: str) -> str:
    for language in languages:
        if language != default and (location == language or location.startswith(f"{language}/")):
            return language
    return default
