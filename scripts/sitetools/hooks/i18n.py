"""What the current build pass is: which language it renders (mkdocs-static-i18n builds one language per
pass), and whether it is the offline edition."""

from __future__ import annotations

from mkdocs.config.defaults import MkDocsConfig


def i18n_plugin(config: MkDocsConfig):
    return config.plugins.get("i18n")


def current_language(config: MkDocsConfig) -> str:
    plugin = i18n_plugin(config)
    return plugin.current_language if plugin else config.theme["language"]


def default_language(config: MkDocsConfig) -> str:
    plugin = i18n_plugin(config)
    return plugin.default_language if plugin else config.theme["language"]


def language_prefix(config: MkDocsConfig) -> str:
    """'' for the default language at the site root, 'en/' for a language under its own folder."""
    language = current_language(config)
    return "" if language == default_language(config) else f"{language}/"


def is_final_pass(config: MkDocsConfig) -> bool:
    """True once every language has been built (the i18n plugin runs its extra passes inside the first)."""
    plugin = i18n_plugin(config)
    return plugin is None or not plugin.building


def is_offline(config: MkDocsConfig) -> bool:
    """True when Material's offline plugin is on (OFFLINE=true, the zip for reading without a connection)."""
    plugin = config.plugins.get("material/offline")
    return bool(plugin and plugin.config.enabled)
