"""Content-hashed names for the project's own CSS and JS (patient.css -> patient.1f2e3d4c.css).

Material fingerprints its bundles; ours kept their names, so after a change a reader could get a new page with
yesterday's cached styles. A name that changes with the content can be cached for a year ("immutable", see
scripts/sitetools/publish.py), and a new page always asks for the styles it was built with.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from mkdocs.structure.files import Files

SUFFIXES = (".css", ".js")


def fingerprinted_name(uri: str, data: bytes) -> str:
    """assets/stylesheets/patient.css -> assets/stylesheets/patient.<8 hex of the content>.css, as Material's."""
    stem, dot, suffix = uri.rpartition(".")
    return f"{stem}.{hashlib.sha256(data).hexdigest()[:8]}{dot}{suffix}"


def _source(uri: str, config) -> Path | None:
    """The file an extra_css / extra_javascript entry is copied from: docs/, else the theme folders in order."""
    for folder in [config.docs_dir, *config.theme.dirs]:
        path = Path(folder) / uri
        if path.is_file():
            return path
    return None


def _renames(config) -> dict[str, str]:
    """{original uri: fingerprinted uri} for every local CSS and JS file the pages link through the config."""
    renames = config.get("_fingerprints")
    if renames is None:  # computed once, before the first language pass changes anything
        renames = {}
        for entry in [*config.extra_css, *(getattr(e, "path", e) for e in config.extra_javascript)]:
            uri = str(entry)
            if "://" in uri or uri.startswith("/") or not uri.endswith(SUFFIXES):
                continue
            source = _source(uri, config)
            if source is not None:
                renames[uri] = fingerprinted_name(uri, source.read_bytes())
    return renames


def on_config(config):
    renames = _renames(config)
    config["_fingerprints"] = renames
    config.extra_css = [renames.get(str(uri), uri) for uri in config.extra_css]
    for script in config.extra_javascript:
        if hasattr(script, "path"):
            script.path = renames.get(script.path, script.path)
    config.extra_javascript = [
        renames.get(script, script) if isinstance(script, str) else script for script in config.extra_javascript
    ]
    return config


def on_files(files: Files, config):
    renames = {original: new for original, new in config.get("_fingerprints", {}).items()}
    for file in files:
        if file.src_uri in renames:
            file.dest_uri = renames[file.src_uri]
            file.url = file.dest_uri
    return files
