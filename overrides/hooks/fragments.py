"""Fail the build with one clear line when a page includes a FAQ fragment that does not exist.

markdown-include only prints a warning for a missing file, which a strict build does not see.
"""

from __future__ import annotations

import re
from pathlib import Path

from mkdocs.exceptions import PluginError

INCLUDE = re.compile(r"\{!\s*(?P<path>[^!]+?)\s*!\}")


def on_page_markdown(markdown, page, config, files):
    base = Path(config["mdx_configs"]["markdown_include.include"]["base_path"])
    # The source file, not `markdown` (which has lost its front matter), so line numbers match the editor's.
    for number, line in enumerate(page.file.content_string.splitlines(), start=1):
        for match in INCLUDE.finditer(line):
            fragment = base / match["path"]
            if not fragment.is_file():
                raise PluginError(
                    f"docs/{page.file.src_uri}:{number}: include: fragment '{match['path']}' not found; "
                    f"expected a file at {fragment.relative_to(Path(config.config_file_path).parent)}"
                )
    return markdown
