"""Two corrections to the HTML Material writes, made after each page is rendered.

- hreflang pairs are published in sitemap.xml (absolute addresses, one pair per page), not in the page
  head: Material's script fetches a sitemap.xml beside every <link rel="alternate"> of the head, so
  page-level alternates there cost two 404 requests and two console errors on every visit.
- Material's search panel is a dialog without an accessible name (axe and Lighthouse: aria-dialog-name).
"""

from __future__ import annotations

import re

HEAD_ALTERNATE = re.compile(r'[ \t]*<link rel="alternate" href="[^"]*" hreflang="[^"]*">\n?')
SEARCH_DIALOG = '<div class="md-search" data-md-component="search" role="dialog">'


def on_post_page(output, page, config):
    return _fix(output, config)


def on_post_template(output_content, template_name, config):
    # The 404 page is rendered from a template, not from a Markdown page.
    return _fix(output_content, config) if template_name == "404.html" else output_content


def _fix(output, config):
    head_end = output.find("</head>")
    if head_end >= 0:
        output = HEAD_ALTERNATE.sub("", output[:head_end]) + output[head_end:]
    label = config.extra["ui"]["search_dialog"]
    return output.replace(SEARCH_DIALOG, SEARCH_DIALOG[:-1] + f' aria-label="{label}">', 1)
