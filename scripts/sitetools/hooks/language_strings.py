"""Strings of the built pages in the page's own language, where MkDocs allows only one for the whole site.

The toc extension takes one ``permalink_title`` for every language (mkdocs.yml keeps the French one); each
heading anchor gets the title of the language being built, from ``extra.ui.permalink_title``.
"""

from __future__ import annotations

import re
from html import escape

HEADER_LINK = re.compile(r'(<a class="headerlink" href="[^"]*" title=")[^"]*(")')


def on_post_page(output, page, config):
    title = config.extra.get("ui", {}).get("permalink_title")
    if not title:
        return output
    return HEADER_LINK.sub(lambda m: m.group(1) + escape(title) + m.group(2), output)
