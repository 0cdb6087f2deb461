"""Small stand-ins for what MkDocs hands the build hooks (config, i18n plugin), to call sitetools.hooks directly."""

from __future__ import annotations

from types import SimpleNamespace


class Config(dict):
    """MkDocsConfig's two faces: keys read and written as items or as attributes."""

    def __getattr__(self, name):
        try:
            return self[name]
        except KeyError:
            raise AttributeError(name) from None

    def __setattr__(self, name, value):
        self[name] = value


def i18n(current: str = "fr", default: str = "fr", building: bool = False) -> SimpleNamespace:
    """mkdocs-static-i18n as the hooks see it: the language of this pass, the default, and whether more follow."""
    return SimpleNamespace(current_language=current, default_language=default, building=building)


def offline_plugin(enabled: bool) -> SimpleNamespace:
    return SimpleNamespace(config=SimpleNamespace(enabled=enabled))


def config(language: str | None = None, offline: bool | None = None, **values) -> Config:
    """A config for a French-default site; ``language`` adds the i18n plugin building that language."""
    plugins = {}
    if language is not None:
        plugins["i18n"] = i18n(current=language)
    if offline is not None:
        plugins["material/offline"] = offline_plugin(offline)
    return Config({"plugins": plugins, "theme": Config(language="fr", custom_dir=None), "extra": {}, **values})
