"""Every script's words in French and English: one catalogue per script and language, same keys, same placeholders.

A catalogue is ``<domain>/<lang>.yml`` beside this file (the content check's stays in sitetools/check/messages/),
grouped one level deep: the key ``upload.line`` is ``line`` under ``upload:``. Code builds a ``Text`` (a key and
its parameters) and the words are chosen when it is printed: in the language a script's ``--lang`` chose
(``speaking``), by default the locale's (LANGUAGE, LC_ALL, LC_MESSAGES, LANG), French when it is unsure since
the site's editors are French-speaking. Outside a script (the build, library calls) the words stay English.
Rule ids, option names and JSON keys never change with the language.
"""

from __future__ import annotations

import argparse
import os
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

from sitetools.policy import Message

LANGUAGES = ("fr", "en")
DEFAULT_LANGUAGE = "fr"
LIBRARY_LANGUAGE = "en"  # words rendered outside a script's main, as before the catalogues existed
HERE = Path(__file__).parent
DOMAINS = {
    "check": HERE.parent / "check" / "messages",
    "cli": HERE / "cli",
    "publish": HERE / "publish",
    "offline": HERE / "offline",
    "readability": HERE / "readability",
    "search_eval": HERE / "search_eval",
    "medical_diff": HERE / "medical_diff",
    "sources": HERE / "sources",  # shared: sitetools/sources.py and sitetools/yamlfile.py (mkdocs.yml, YAML)
    "registry": HERE / "registry",  # shared: sitetools/facts.py (facts.yml)
}

_current: ContextVar[str | None] = ContextVar("sitetools_language", default=None)


@cache
def catalogue(domain: str, lang: str) -> dict[str, str]:
    """Every message of one domain in one language, by its flat key (``group.name``)."""
    data = yaml.safe_load((DOMAINS[domain] / f"{lang}.yml").read_text(encoding="utf-8"))
    return {f"{group}.{name}": text for group, texts in data.items() for name, text in texts.items()}


def current_language() -> str:
    return _current.get() or LIBRARY_LANGUAGE


@dataclass(frozen=True)
class Text:
    """Words still to be chosen: a domain's catalogue key and its parameters (which may be Texts too)."""

    domain: str
    key: str
    params: tuple = ()

    def render(self, lang: str | None = None) -> str:
        lang = lang or current_language()
        values = {name: value.render(lang) if hasattr(value, "render") else value for name, value in self.params}
        return catalogue(self.domain, lang)[self.key].format(**values)

    def __str__(self) -> str:
        return self.render()


def words(domain: str) -> Callable[..., Text]:
    """A function making Texts of ``domain``: ``say = words("publish"); say("upload.line", path=...)``."""
    if domain not in DOMAINS:
        raise KeyError(domain)

    def say(key: str, **params) -> Text:
        return Text(domain, key, tuple(params.items()))

    return say


def language_from_environment(environ: Mapping[str, str] = os.environ) -> str:
    """'en' or 'fr' from the locale variables; French when they say neither (C, POSIX, another language)."""
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = (environ.get(name) or "").split(":")[0].lower()
        if value and value not in ("c", "posix") and not value.startswith(("c.", "posix.")):
            return next((lang for lang in LANGUAGES if value.startswith(lang)), DEFAULT_LANGUAGE)
    return DEFAULT_LANGUAGE


def add_language_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--lang",
        choices=LANGUAGES,
        default=None,
        help="language of the messages (default: from the locale, French when unsure)",
    )


@contextmanager
def speaking(lang: str | None) -> Iterator[str]:
    """Render Texts in ``lang`` (the locale's when None) inside the block; an exception leaving it keeps the
    language as ``.lang``, so that ``cli.run`` prints it in the same words after the block ended."""
    lang = lang or language_from_environment()
    token = _current.set(lang)
    try:
        yield lang
    except BaseException as error:
        if getattr(error, "lang", None) is None:
            error.lang = lang
        raise
    finally:
        _current.reset(token)


def policy_text(message: Message) -> Text:
    """A problem of sitetools.policy (an English ``Message``, for the build) in the words of the check's
    ``policy`` group, so a script prints it in its reader's language."""
    params = {name: policy_text(v) if isinstance(v, Message) else v for name, v in message.params.items()}
    return Text("check", f"policy.{message.key}", tuple(params.items()))


@dataclass(frozen=True)
class Spoken:
    """A parameter that words itself, like a check finding: ``render(lang)`` calls ``say(lang)``."""

    say: Callable[[str], str]

    def render(self, lang: str | None = None) -> str:
        return self.say(lang or current_language())
