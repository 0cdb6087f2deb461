"""One search index per language, so a French page finds French pages and an English page English ones,
shaped for patients' questions.

mkdocs-static-i18n merges every language into one index at the site root. After the last language pass,
this hook splits it: French stays in search/, English goes to en/search/. English pages get en/ as their
base URL, which is where Material's search looks for its index (and, offline, for search_index.js).

Each language's index is then shaped (see _search_index.py): leaflets out, one entry per glossary term at
its anchor, each page's section in its title, boosts per page, the reviewed lay words of
docs/_search/<lang>.yml, accents folded, and a separator that lets no one-letter word into the index or
the query. The glossary's terms get an anchor (an id on each <dt>) so that a result opens at the word.
Blocks repeated on many pages (the warning box) are indexed on one page only (REPEATED_BLOCKS), and the
index stays small (see _search_index.py).
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

from markdown.extensions.toc import slugify
from mkdocs.plugins import event_priority
from mkdocs.utils import get_relative_url

from _i18n import current_language, default_language, is_offline, i18n_plugin, is_final_pass, language_prefix
from _search_index import PageInfo, load_synonyms, plain, separator, shape

SYNONYMS_DIR = "_search"  # docs/_search/<lang>.yml, excluded from the pages (exclude_docs)
GLOSSARY_PAGE = "glossary.md"
# Per-page boosts, by source file: pages that mention everything but answer little rank below the page
# that answers.
BOOSTS = {
    "index.md": 0.3,  # the home page sums up every topic
    "accessibility.md": 0.2,
    "sources.md": 0.3,
    "contact.md": 0.6,
}
GLOSSARY_TERM_BOOST = 0.7  # a definition ranks below the page that explains
# Blocks repeated on many pages, by CSS class: indexed once, on the page given (a source file), where the block
# is the subject; elsewhere Material's search leaves them out (data-search-exclude). The pages look the same.
REPEATED_BLOCKS = {"warning-signs": "faq.md"}
# Pages that repeat other pages' answers (markdown-include fragments): an entry of theirs whose text another
# page holds whole is indexed by its title only, so that the page the answer belongs to comes first.
COLLECTIONS = {"faq.md"}
# Pages about the site itself: their sections are indexed by their headings, the page by its opening paragraph.
# Their text answers no patient's question but matches many ("urgence" found the sources first).
HEADINGS_ONLY = {"sources.md", "accessibility.md"}
# Field boosts beside Material's title (1000) and text (1): lay words weigh as a title; unaccented forms a
# little less than the field they come from, since a typed prefix (os, oste) matches both spellings.
EXTRA_FIELDS = {"lay": {"boost": 1000.0}, "fold_title": {"boost": 300.0}, "fold": {"boost": 0.5}}
DEFINITION = re.compile(r"<dt(?P<attrs>[^>]*)>(?P<term>.*?)</dt>\s*<dd[^>]*>(?P<definition>.*?)</dd>", re.DOTALL)
ID = re.compile(r'\bid="([^"]+)"')
BLOCK = re.compile(r'<div class="(?P<classes>[^"]*)"')

# What each built page is, by URL (en/ included), for the index shaping after the last language pass.
PAGES: dict[str, PageInfo] = {}


# After content_policy.py (-100) has checked what the authors wrote: data-search-exclude is the build's own.
@event_priority(-150)
def on_page_content(html_text, page, config, files):
    """Leave repeated blocks out of the index but once; give each glossary term an anchor, and keep the terms
    for their own search entries."""
    html_text = _exclude_repeated_blocks(html_text, _source(page, config))
    if not _is_glossary(page, config):
        return html_text
    taken = set(ID.findall(html_text))
    terms = []

    def anchor(match: re.Match) -> str:
        term = plain(match["term"])
        existing = ID.search(match["attrs"])
        if existing:
            slug = existing[1]
            dt = match.group(0)
        else:
            slug = base = slugify(term, "-") or "terme"
            number = 1
            while slug in taken:
                slug, number = f"{base}_{number}", number + 1
            taken.add(slug)
            dt = match.group(0).replace("<dt", f'<dt id="{html.escape(slug)}"', 1)
        terms.append((slug, term, plain(match["definition"])))
        return dt

    html_text = DEFINITION.sub(anchor, html_text)
    PAGES[page.url] = PageInfo(section=None, section_index=False, leaflet=False, glossary_terms=terms)
    return html_text


def _exclude_repeated_blocks(html_text: str, source: str) -> str:
    """Mark the repeated blocks of REPEATED_BLOCKS for Material's search to skip, but on their own page.

    Material's search plugin removes the attribute from the page once it has read it."""

    def exclude(match: re.Match) -> str:
        classes = set(match["classes"].split())
        if any(REPEATED_BLOCKS[name] != source for name in classes & REPEATED_BLOCKS.keys()):
            return f'{match.group(0)} data-search-exclude="repeated"'
        return match.group(0)

    return BLOCK.sub(exclude, html_text)


def on_page_context(context, page, config, nav):
    prefix = language_prefix(config)
    if prefix:
        # base_url only feeds Material's search, its local-storage scope and the outdated banner.
        context["base_url"] = get_relative_url(prefix, page.url)
    section = page.parent.title if page.parent is not None else None
    terms = PAGES[page.url].glossary_terms if _is_glossary(page, config) and page.url in PAGES else []
    PAGES[page.url] = PageInfo(
        section=section,
        section_index=page.is_index and page.parent is not None,
        leaflet=bool(page.meta.get("leaflet")),
        boost=BOOSTS.get(_source(page, config)),
        collection=_source(page, config) in COLLECTIONS,
        headings_only=_source(page, config) in HEADINGS_ONLY,
        glossary_terms=terms,
    )
    return context


def _is_glossary(page, config) -> bool:
    return _source(page, config) == GLOSSARY_PAGE


def _source(page, config) -> str:
    """The page's source path inside its language folder: glossary.md, metastasis/before.md."""
    src = page.file.src_uri
    language = current_language(config)
    return src[len(language) + 1 :] if src.startswith(f"{language}/") else src


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
    docs_dir = Path(config.docs_dir)
    for language in languages:
        prefix = "" if language == default else f"{language}/"
        docs = [
            {**doc, "location": doc["location"][len(prefix) :]}
            for doc in merged["docs"]
            if _language_of(doc["location"], languages, default) == language
        ]
        pages = {url[len(prefix) :]: info for url, info in PAGES.items() if url.startswith(prefix)}
        if prefix == "":
            pages = {url: info for url, info in pages.items() if _language_of(url, languages, default) == language}
        synonyms_path = docs_dir / SYNONYMS_DIR / f"{language}.yml"
        shown = f"{Path(config.docs_dir).name}/{SYNONYMS_DIR}/{language}.yml"
        docs = shape(docs, pages, GLOSSARY_TERM_BOOST, load_synonyms(synonyms_path, shown), shown)
        search_config = {
            **merged["config"],
            "lang": [language],
            "separator": separator(merged["config"]["separator"], language),
            "fields": {**merged["config"]["fields"], **EXTRA_FIELDS},
        }
        index = {**merged, "config": search_config, "docs": docs}
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
