"""The check's words in each language: messages/<lang>.yml, with the same keys and the same placeholders.

A message is a key (``<rule-id>.<message>``) and its parameters; it is rendered in the reader's language when
printed. Rule ids never change with the language. ``--lang`` chooses; by default the locale does (LANGUAGE,
LC_ALL, LC_MESSAGES, LANG), and French when it is unsure, since the site's editors are French-speaking.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from sitetools import messages
from sitetools.messages import DEFAULT_LANGUAGE, LANGUAGES, language_from_environment
from sitetools.policy import Message

__all__ = ["DEFAULT_LANGUAGE", "LANGUAGES", "Text", "catalogue", "from_policy", "language_from_environment", "render"]

HERE = Path(__file__).parent


def catalogue(lang: str) -> dict[str, str]:
    """Every message of one language, by its flat key (``front-matter.missing-key``)."""
    return messages.catalogue("check", lang)


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
    values = {name: value.render(lang) if hasattr(value, "render") else value for name, value in params.items()}
    return catalogue(lang)[key].format(**values)
