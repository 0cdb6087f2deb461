"""The check's words in each language: messages/<lang>.yml, with the same keys and the same placeholders.

A message is a key (``<rule-id>.<message>``) and its parameters; it is rendered in the reader's language when
printed. Rule ids never change with the language. ``--lang`` chooses; by default the locale does (LANGUAGE,
LC_ALL, LC_MESSAGES, LANG), and French when it is unsure, since the site's editors are French-speaking.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

from sitetools.policy import Message

LANGUAGES = ("fr", "en")
DEFAULT_LANGUAGE = "fr"
HERE = Path(__file__).parent


@cache
def catalogue(lang: str) -> dict[str, str]:
    """Every message of one language, by its flat key (``front-matter.missing-key``)."""
    data = yaml.safe_load((HERE / f"{lang}.yml").read_text(encoding="utf-8"))
    return {f"{group}.{name}": text for group, texts in data.items() for name, text in texts.items()}


@dataclass(frozen=True)
class Text:
    """A message still to be put in words: a catalogue key and its parameters (which may be Texts too)."""

    key: str
    params: tuple = ()

    def render(self, lang: str) -> str:
        return render(self.key, dict(self.params), lang)


def text(key: str, **params) -> Text:
    return Text(key, tuple(params.items()))


def from_policy(message: Message) -> Text:
    """A problem of sitetools.policy (English, for the build) as a Text of the catalogues' ``policy`` group."""
    params = {name: from_policy(v) if isinstance(v, Message) else v for name, v in message.params.items()}
    return text(f"policy.{message.key}", **params)


def render(key: str, params: Mapping, lang: str) -> str:
    values = {name: value.render(lang) if isinstance(value, Text) else value for name, value in params.items()}
    return catalogue(lang)[key].format(**values)


def language_from_environment(environ: Mapping[str, str] = os.environ) -> str:
    """'en' or 'fr' from the locale variables; French when they say neither (C, POSIX, another language)."""
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = (environ.get(name) or "").split(":")[0].lower()
        if value and value not in ("c", "posix") and not value.startswith(("c.", "posix.")):
            return next((lang for lang in LANGUAGES if value.startswith(lang)), DEFAULT_LANGUAGE)
    return DEFAULT_LANGUAGE
