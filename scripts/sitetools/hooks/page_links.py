"""Give templates links to the pages every page points at: sources, contact, and the offline zip."""

from __future__ import annotations

from mkdocs.utils import get_relative_url

from sitetools.hooks.i18n import language_prefix

LINKED_PAGES = {"sources": "sources.md", "contact": "contact.md"}


def on_page_context(context, page, config, nav):
    prefix = language_prefix(config)
    by_source = {p.file.src_uri: p for p in nav.pages}
    links = {}
    for name, source in LINKED_PAGES.items():
        target = by_source.get(f"{prefix}{source}")
        if target is not None:
            links[name] = get_relative_url(target.url or ".", page.url)
    links["offline_zip"] = get_relative_url(config.extra["offline_zip"], page.url)
    context["page_links"] = links
    return context
