"""How the search index is shaped for patients' questions (used by search_per_language.py).

Material's search worker splits the text of the index and every query with one regular expression, the
``separator`` of the index's config. Each query word then becomes a prefix search (``word*``) that skips
lunr's stop-word filter, so a one-letter word ("l" of "l'ostéoporose", "s" of "patient's", "a", "I")
would match the start of hundreds of words. The separator therefore also swallows elided articles,
possessives, single characters and, per language, lunr's own stop words (which the index drops anyway).

The index is kept small, since it is downloaded before the first result shows: a block repeated on many
pages (the warning box) is indexed once, where it is the subject (search_per_language.py marks the others
with Material's data-search-exclude); an FAQ answer that a section page also gives is indexed on the section
page, the FAQ entry keeping its title; pages about the site (sources, accessibility) are indexed by their
headings; no spaces between tags.

The index gets three fields besides Material's title and text:
- ``lay``: lay words and other names of the reviewed synonym file (docs/_search/<lang>.yml), attached to
  every entry whose title or text holds one of the site's words they stand for;
- ``fold_title`` and ``fold``: the title's and the text's accented words without their accents, so that
  "osteoporose" typed on a phone finds "ostéoporose".
"""

from __future__ import annotations

import functools
import html
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import yaml

# Letters and digits of French and English text, for a regular expression without the u flag (JavaScript).
WORD_CHARS = "0-9A-Za-zÀ-ÖØ-öø-ÿŒœ"

# lunr's stop words (lunr 2.3 for English, lunr-languages for French): the index already leaves them out.
STOP_WORDS = {
    "en": (
        "a able about across after all almost also am among an and any are as at be because been but by can "
        "cannot could dear did do does either else ever every for from get got had has have he her hers him "
        "his how however i if in into is it its just least let like likely may me might most must my neither "
        "no nor not of off often on only or other our own rather said say says she should since so some than "
        "that the their them then there these they this tis to too twas us wants was we were what when where "
        "which while who whom why will with would yet you your"
    ).split(),
    "fr": (
        "ai aie aient aies ait as au aura aurai auraient aurais aurait auras aurez auriez aurions aurons "
        "auront aux avaient avais avait avec avez aviez avions avons ayant ayez ayons c ce ceci celà ces cet "
        "cette d dans de des du elle en es est et eu eue eues eurent eus eusse eussent eusses eussiez eussions "
        "eut eux eûmes eût eûtes furent fus fusse fussent fusses fussiez fussions fut fûmes fût fûtes ici il "
        "ils j je l la le les leur leurs lui m ma mais me mes moi mon même n ne nos notre nous on ont ou par "
        "pas pour qu que quel quelle quelles quels qui s sa sans se sera serai seraient serais serait seras "
        "serez seriez serions serons seront ses soi soient sois soit sommes son sont soyez soyons suis sur t "
        "ta te tes toi ton tu un une vos votre vous y à étaient étais était étant étiez étions été étée étées "
        "étés êtes"
    ).split(),
}
# Words of a question that say nothing about its subject but are not in lunr's lists.
EXTRA_STOP_WORDS = {
    "en": "i'm i've can't don't won't im ive cant dont wont".split(),
    "fr": "ça ca faut est-ce plus très tres".split(),
}

# Word endings split off a word of four letters or more, in the index and in the query alike: a light
# stemmer, so that "reimbursed" finds "reimbursement" and "marcher" finds "marche" (a query word only
# matches words it is the start of).
ENDINGS = {
    "en": ["ing", "ed", "es", "s"],
    "fr": ["ées", "ée", "és", "es", "er", "ez", "é", "e", "s"],
}

BLOCK_TAG = re.compile(r"</?(?:p|li|ul|ol|dl|dt|dd|div|br|h[1-6]|table|tr|td|th)\b[^>]*>")
TAG = re.compile(r"<[^>]+>")
WORD = re.compile(r"\w+")


# Forms of avoir and être nobody types in a question (eussions, fûtes): left out to keep the index small.
RARE_FORMS = re.compile(r"^(?:eu|fu|eû|fû|aur|ser|ét|soy|ay|avi|avai)")


def separator(base: str, language: str) -> str:
    """The index's separator: mkdocs.yml's, plus the stop words of ``language`` as whole words and its
    word endings."""
    words = STOP_WORDS.get(language, []) + EXTRA_STOP_WORDS.get(language, [])
    words = sorted({w for w in words if len(w) > 1 and not (language == "fr" and RARE_FORMS.match(w))})
    parts = [base]
    if words:
        # No i flag in Material's RegExp: a capital first letter is spelled out ([Ll]e).
        alternatives = "|".join(_any_case_first(re.escape(w)) for w in sorted(words, key=len, reverse=True))
        parts.append(f"(?<![{WORD_CHARS}])(?:{alternatives})(?![{WORD_CHARS}])")
    if ENDINGS.get(language):
        parts.append(f"(?<=[{WORD_CHARS}]{{4}})(?:{'|'.join(ENDINGS[language])})(?![{WORD_CHARS}])")
    return "|".join(parts)


def _any_case_first(word: str) -> str:
    first = word[0]
    return f"[{first}{first.upper()}]{word[1:]}" if first.upper() != first else word


def fold(text: str) -> str:
    """``text`` without accents: osteoporose for ostéoporose."""
    return text if text.isascii() else _fold(text)


@functools.lru_cache(maxsize=65536)  # the same words recur across entries and both build passes
def _fold(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def plain(text: str) -> str:
    """The words of an HTML fragment: blocks apart, inline tags (abbr, em) gone."""
    return " ".join(html.unescape(TAG.sub("", BLOCK_TAG.sub(" ", text))).split())


def folded_words(text: str, skip: str = "") -> str:
    """The words of ``text`` (four letters or more) that carry an accent, without it, except those of
    ``skip``; '' when there are none."""
    skipped = set(skip.lower().split())
    words = sorted({fold(w) for w in WORD.findall(plain(text)) if fold(w) != w and len(w) >= 4})
    return " ".join(w for w in words if w.lower() not in skipped)


# --- the synonym file --------------------------------------------------------------------------------------


@dataclass
class Synonym:
    lay: str  # what a patient types
    site_words: list[str]  # words of the site it stands for; a final * matches any ending
    line: int
    pattern: re.Pattern = field(init=False)

    def __post_init__(self):
        parts = []
        for word in self.site_words:
            stem = fold(word.rstrip("*")).lower()
            body = r"\s+".join(re.escape(part) for part in stem.split())
            parts.append(body + (r"\w*" if word.endswith("*") else ""))
        self.pattern = re.compile(rf"(?<!\w)(?:{'|'.join(parts)})(?!\w)")


def load_synonyms(path: Path, shown: str) -> list[Synonym]:
    """The synonym file: ``lay word: [site word, ...]``; a PluginError names the file and line of a bad entry."""
    from mkdocs.exceptions import PluginError

    if not path.is_file():
        return []
    text = path.read_text(encoding="utf-8")
    try:
        node = yaml.compose(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f"{shown}:{mark.line + 1}" if mark else shown
        found = getattr(error, "problem", error)
        raise PluginError(f"{where}: expected 'lay word: [site word, ...]', found {found}") from None
    if node is None:
        return []
    if not isinstance(node, yaml.MappingNode):
        raise PluginError(f"{shown}:{node.start_mark.line + 1}: expected 'lay word: [site word, ...]' lines")
    synonyms = []
    seen: dict[str, int] = {}
    for key, value in node.value:
        line = key.start_mark.line + 1
        lay = key.value.strip() if isinstance(key, yaml.ScalarNode) and isinstance(key.value, str) else ""
        if not lay:
            raise PluginError(f"{shown}:{line}: expected a lay word before ':', found {_shown_node(key)}")
        if fold(lay).lower() in seen:
            raise PluginError(
                f"{shown}:{line}: '{lay}' is listed twice; expected one line per word "
                f"(first: line {seen[fold(lay).lower()]})"
            )
        seen[fold(lay).lower()] = line
        words = yaml.safe_load(yaml.serialize(value)) if isinstance(value, yaml.SequenceNode) else None
        if not words or not all(isinstance(w, str) and w.strip("* ") for w in words):
            raise PluginError(
                f"{shown}:{line}: '{lay}': expected a list of the site's words such as [Kardegic], "
                f"found {_shown_node(value)}"
            )
        synonyms.append(Synonym(lay, [w.strip() for w in words], line))
    return synonyms


def _fold_on_pages(docs: list[dict], glossaries: set[str]) -> None:
    """Unaccented text words once per page, on the page's own entry (a page's sections and the FAQ repeat
    them); a glossary term keeps its own, since it opens at its anchor."""
    entries = {doc["location"]: doc for doc in docs}
    for doc in docs:
        path, _, anchor = doc["location"].partition("#")
        if not anchor or path in glossaries or "fold" not in doc or path not in entries:
            continue
        page = entries[path]
        words = set(page.get("fold", "").split()) | set(doc.pop("fold").split())
        words -= set(page.get("fold_title", "").split())
        page["fold"] = " ".join(sorted(words))


def _shown_node(node) -> str:
    if isinstance(node, yaml.ScalarNode):
        return repr(node.value) if node.value else "nothing"
    return "a list" if isinstance(node, yaml.SequenceNode) else "a mapping"


LAY_MIN_BOOST = 0.5
REPEAT_MIN_CHARS = 80  # shorter texts ("Choose the page that fits you.") may repeat by chance
BETWEEN_TAGS = re.compile(r">\s+<")


def _index_repeats_once(docs: list[dict], collections: set[str]) -> None:
    """An entry of a collection page (the FAQ) whose text another page's entry holds whole keeps its title
    only: the answer is indexed where it belongs."""
    for doc in docs:
        path = doc["location"].partition("#")[0]
        if path not in collections or len(doc["text"]) < REPEAT_MIN_CHARS:
            continue
        if any(doc["text"] in other["text"] for other in docs if other["location"].partition("#")[0] != path):
            doc["text"] = ""


# --- the index ---------------------------------------------------------------------------------------------


@dataclass
class PageInfo:
    section: str | None  # the nav section the page belongs to, in its language
    section_index: bool  # the section's own index page (navigation.indexes): it is the section
    leaflet: bool
    boost: float | None = None
    collection: bool = False  # the page repeats other pages' answers (the FAQ)
    headings_only: bool = False  # the page's sections are indexed by their headings (sources, accessibility)
    glossary_terms: list[tuple[str, str, str]] = field(default_factory=list)  # (anchor, term, definition)


def shape(
    docs: list[dict], pages: dict[str, PageInfo], term_boost: float | None, synonyms: list[Synonym], shown: str
) -> list[dict]:
    """The index entries of one language, fit for patients' questions.

    Leaflets go; the glossary becomes one entry per term at its anchor; a page's own entry says its section
    in its title; pages about the site keep their sections' headings only; an FAQ answer another page gives
    is indexed there; boosts apply per page; lay words and unaccented forms go to their fields.
    """
    from mkdocs.exceptions import PluginError

    shaped: list[dict] = []
    for doc in docs:
        path, _, anchor = doc["location"].partition("#")
        info = pages.get(path)
        if info is not None and info.leaflet:
            continue
        doc = {**doc, "text": BETWEEN_TAGS.sub("><", doc["text"])}  # spaces a result's teaser does not show
        if info is not None and not anchor:
            if info.section and not info.section_index:
                doc["title"] = f"{info.section} › {doc['title']}"
            if info.glossary_terms:  # the page's own entry keeps its introduction, the terms get theirs
                start = doc["text"].find(info.glossary_terms[0][1])
                doc["text"] = doc["text"][:start].strip() if start > 0 else doc["text"]
        if info is not None and info.headings_only and anchor:
            doc["text"] = ""
        if info is not None and info.boost is not None:
            doc["boost"] = info.boost
        shaped.append(doc)
        if info is not None and not anchor:
            for term_anchor, term, definition in info.glossary_terms:
                # In a paragraph, as Material's own entries: its teaser then shows the whole definition.
                entry = {
                    "location": f"{path}#{term_anchor}",
                    "title": term,
                    "text": f"<p>{html.escape(definition, quote=False)}</p>",
                }
                if term_boost is not None:
                    entry["boost"] = term_boost
                shaped.append(entry)
    _index_repeats_once(shaped, {path for path, info in pages.items() if info.collection})
    unused = {id(s): s for s in synonyms}
    for doc in shaped:
        haystack = fold(" ".join(plain(doc["title"] + " " + doc["text"]).split())).lower()
        found = [s for s in synonyms if s.pattern.search(haystack)]
        for s in found:
            unused.pop(id(s), None)
        lay = [s.lay for s in found]
        if doc.get("boost", 1) < LAY_MIN_BOOST:
            lay = []  # the home page and the like mention a topic, they do not answer it
        if lay:
            doc["lay"] = " ".join(dict.fromkeys(lay + [fold(w) for w in lay if fold(w) != w]))
        if folded := folded_words(doc["title"]):
            doc["fold_title"] = folded
        if folded := folded_words(doc["text"], skip=doc.get("fold_title", "")):
            doc["fold"] = folded
    _fold_on_pages(shaped, {path for path, info in pages.items() if info.glossary_terms})
    if unused:
        first = min(unused.values(), key=lambda s: s.line)
        raise PluginError(
            f"{shown}:{first.line}: '{first.lay}': none of {', '.join(first.site_words)} is in the pages; "
            "expected words the site uses (update the line when the pages change)"
        )
    return shaped
