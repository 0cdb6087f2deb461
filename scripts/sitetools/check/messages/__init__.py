"""The check's words in each language: messages/<lang>.yml, with the same keys and the same placeholders.

A message is a key (``<rule-id>.<message>``) and its parameters; it is rendered in the reader's language when
printed. Rule ids never change with the language. ``--lang`` chooses; by default the locale does (LANGUAGE,
LC_ALL, LC_MESSAGES, LANG), and French when it is unsure, since the site's editors are French-speaking.
"""

from __future__ import annotations

from collections.abc import Mapping

from sitetools import messages
from sitetools.messages import DEFAULT_LANGUAGE, LANGUAGES, Text, language_from_environment, policy_text

__all__ = ["DEFAULT_LANGUAGE", "LANGUAGES", "Text", "catalogue", "from_policy", "language_from_environment", "render"]

# A problem of sitetools.policy (English, for the build) as a Text of the catalogues' ``policy`` group.
from_policy = policy_text


def catalogue(lang: str) -> dict[str, str]:
    """Every message of one language, by its flat key (``front-matter.missing-key``)."""
    return messages.catalogue("check", lang)


def text(key: str, **params) -> Text:
    """A message of the check still to be put in words: its catalogue key and its parameters."""
    return Text("check", key, tuple(params.items()))


def render(key: str, params: Mapping, lang: str) -> str:
    return Text("check", key, tuple(params.items())).render(lang)
