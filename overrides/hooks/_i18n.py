"""Which language the current build pass renders (mkdocs-static-i18n builds one language per pass)."""

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
