"""What a pull request may put into the site: the one rule book the build hooks and the content check share.

A pull request is untrusted input. Nothing in docs/ may read a file outside its tree, run script in a
reader's browser or load anything from another origin. Each rule here is a pure function (the include and
symlink rules look at the file system, nothing else) returning what is wrong, so the build
(overrides/hooks/) and the check (sitetools.content_check) refuse exactly the same things.

- Raw HTML: the elements and attributes the pages need (``ALLOWED_ELEMENTS``); event attributes,
  ``javascript:``/``data:``/``vbscript:`` URLs (entity-encoded or space-prefixed too) and anything that loads
  from another origin are refused: :func:`element_problems`.
- Includes: fragments come from docs/_includes/ only: :func:`include_target`.
- Symlinks: none under docs/ or overrides/ may resolve outside its tree: :func:`escaping_symlinks`.
- Files in docs/: Markdown, images of listed types inside an ``assets`` folder, and the search synonym
  files docs/_search/<lang>.yml (read by the search hook, never published), with plain names:
  :func:`file_problem`; an SVG must not script or load anything: :func:`svg_problems`.
- Lines: none longer than MAX_LINE_LENGTH characters, so no page can make the parsers run for minutes:
  :func:`long_line_problem`.
- Page data the templates print without escaping (front matter values, the title taken from the first
  heading): plain text only, :func:`plain_text_problem`.

Every problem is a :class:`Message`: the English text the build prints, which also carries a message key of
``MESSAGES`` and its parameters, so the content check can say the same thing in the editor's language.
"""

from __future__ import annotations

import html
import os
import re
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path, PurePosixPath

INCLUDES_DIR = "_includes"
GLOSSARY_DIR = "_glossary"
ASSETS_DIR = "assets"
SEARCH_DIR = "_search"
MARKDOWN_SUFFIX = ".md"
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".gif", ".webp", ".avif", ".svg")

# Attributes any allowed element may carry (Markdown's own output, attr_list's {: #id .class }, <span lang>).
GLOBAL_ATTRIBUTES = frozenset({"id", "class", "lang", "title"})
_NONE: frozenset[str] = frozenset()
# What Python-Markdown and the project's extensions produce, plus the raw HTML the pages use: <abbr title>,
# <span lang>, <details>/<summary>, <div>/<span class>, <br>. Everything else is refused.
ALLOWED_ELEMENTS: dict[str, frozenset[str]] = {
    "a": frozenset({"href", "hreflang", "rel"}),
    "abbr": _NONE,
    "b": _NONE,
    "blockquote": _NONE,
    "br": _NONE,
    "caption": _NONE,
    "code": _NONE,
    "dd": _NONE,
    "del": _NONE,
    "details": frozenset({"open"}),
    "div": _NONE,
    "dl": _NONE,
    "dt": _NONE,
    "em": _NONE,
    "figcaption": _NONE,
    "figure": _NONE,
    "h1": _NONE,
    "h2": _NONE,
    "h3": _NONE,
    "h4": _NONE,
    "h5": _NONE,
    "h6": _NONE,
    "hr": _NONE,
    "i": _NONE,
    "img": frozenset({"src", "alt", "width", "height", "loading"}),
    "ins": _NONE,
    "kbd": _NONE,
    "li": _NONE,
    "mark": _NONE,
    "ol": frozenset({"start", "reversed", "type"}),
    "p": _NONE,
    "pre": _NONE,
    "s": _NONE,
    "small": _NONE,
    "span": _NONE,
    "strong": _NONE,
    "sub": _NONE,
    "summary": _NONE,
    "sup": _NONE,
    "table": _NONE,
    "tbody": _NONE,
    "td": frozenset({"align", "colspan", "rowspan", "style"}),
    "tfoot": _NONE,
    "th": frozenset({"align", "colspan", "rowspan", "scope", "style"}),
    "thead": _NONE,
    "tr": _NONE,
    "u": _NONE,
    "ul": _NONE,
}
# Material finds its own elements by id (#__config holds its settings, read before the page's scripts run):
# a page element with such an id would take their place.
RESERVED_ID_PREFIX = "__"
# Python-Markdown's tables write column alignment as a style; that exact style is the only one allowed.
TABLE_ALIGN_STYLE = re.compile(r"^\s*text-align:\s*(left|right|center)\s*;?\s*$")

REFUSED_SCHEMES = ("javascript", "data", "vbscript")
LINK_SCHEMES = ("http", "https", "mailto", "tel")
# Attributes that make the browser fetch something as the page loads (on any element, allowed or not).
LOAD_ATTRIBUTES = frozenset(
    {"src", "srcset", "poster", "data", "background", "action", "formaction", "codebase", "archive", "manifest"}
)
# Attributes holding a URL the reader follows or the browser loads.
URL_ATTRIBUTES = LOAD_ATTRIBUTES | {"href", "xlink:href", "cite", "longdesc", "ping", "usemap", "icon"}

_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.\-]*):")
_C0_OR_SPACE = "".join(chr(c) for c in range(0x21))
_TAB_OR_NEWLINE = re.compile(r"[\t\n\r]")
_CSS_COMMENT = re.compile(r"/\*.*?\*/", re.DOTALL)
_CSS_ESCAPE = re.compile(r"\\([0-9a-fA-F]{1,6})[ \t\n\r\f]?|\\(.)", re.DOTALL)
_CSS_URL = re.compile(r"""url\(\s*(?P<quote>['"]?)(?P<url>.*?)(?P=quote)\s*\)""", re.IGNORECASE | re.DOTALL)
_CSS_IMPORT = re.compile(r"""@import\s+(?P<quote>['"])(?P<url>.*?)(?P=quote)""", re.IGNORECASE)
_CSS_IMAGE_SET = re.compile(r"""image-set\(\s*(?P<quote>['"])(?P<url>.*?)(?P=quote)""", re.IGNORECASE)


# The English words of every problem, by message key. The build prints them as they are; the content check
# renders the key from its catalogues (sitetools/check/messages/<lang>.yml, group 'policy', whose English
# entries are these very texts, as a test checks).
MESSAGES = {
    "element-not-allowed": "<{tag}> is not allowed; allowed: {allowed}",
    "event-attribute": "event attribute {name}= on <{tag}> would run script",
    "refused-scheme": "{scheme}: URL in {name}= on <{tag}>; use a relative or https:// link",
    "attribute-not-allowed": "attribute {name}= on <{tag}> is not allowed; allowed: {allowed}",
    "reserved-id": "id={value!r} on <{tag}>: ids starting with '__' belong to Material (its settings are #__config)",
    "style-not-alignment": "style= on <{tag}> may only set text-align, found {style!r}",
    "link-scheme": "{scheme}: link on <a>; allowed: relative, {schemes}",
    "external-load": "<{tag}> loads {url!r} from another origin; use a file of the site",
    "include-empty": "expected a fragment path inside {label} such as fr/metastasis/pain.md, found {path!r}",
    "include-home": "expected a fragment path inside {label} such as fr/metastasis/pain.md, "
    "found the home-folder path {path!r}",
    "include-absolute": "expected a fragment path inside {label} such as fr/metastasis/pain.md, "
    "found the absolute path {path!r}",
    "include-dotdot": "expected a fragment path inside {label} such as fr/metastasis/pain.md, "
    "found {path!r}, which climbs out with '..'",
    "include-symlink": "expected a fragment path inside {label} such as fr/metastasis/pain.md, "
    "found {path!r}, which resolves outside it (symlink)",
    "include-not-markdown": "expected a fragment path inside {label} such as fr/metastasis/pain.md, "
    "found {path!r}, which is not a Markdown (.md) file",
    "include-not-found": "fragment {path!r} not found; expected a file at {label}{path}",
    "long-line": "expected lines of at most {limit} characters, found one of {length}; break it into shorter lines",
    "not-plain-text": "expected plain text (quote with « » or “ ”), found {shown} in {value!r}",
    "odd-name": "expected names of letters, digits, '_', '-' and '.', found {part!r}",
    "image-outside-assets": "images belong in an {assets}/ folder, found {name!r} outside one",
    "file-type": "docs/ holds Markdown (.md), images ({kinds}) in {assets}/ folders and {search}/*.yml only, "
    "found {name!r}",
    "svg-at-line": "line {line}: {problem}",
    "svg-scripting": "<{tag}> can run script or embed a page",
    "svg-rewrites-link": "<{tag}> rewrites a link",
    "svg-outside-reference": "{name}={value!r} on <{tag}> refers outside the image",
    "svg-doctype": "a DOCTYPE with declarations (entities) is not allowed",
    "svg-processing-instruction": "processing instruction <?{data}> is not allowed",
    "svg-import": "@import in a style loads another file",
    "svg-style-load": "style loads {url!r}",
}


class Message(str):
    """A problem in English (the build prints it as any string) that keeps its MESSAGES key and parameters.

    A str, so the build hooks and every caller that joins or prints it stay as they are.
    """

    key: str
    params: dict

    def __new__(cls, key: str, **params) -> Message:
        message = super().__new__(cls, MESSAGES[key].format(**params))
        message.key, message.params = key, params
        return message


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an element: a rule id, the message, and text to look for in the source."""

    rule: str  # html-element, html-attribute, html-event, url-scheme, external-load
    message: Message
    needle: str  # the element (<script), the attribute name, or the URL
    attribute: str | None = None  # the attribute at fault, if any


# --- URLs ---------------------------------------------------------------------------------------------


def normalise_url(value: str) -> str:
    """The URL as a browser reads it: outer spaces and control characters dropped, tabs and newlines removed.

    Character references are already decoded by the HTML parser that read the attribute.
    """
    return _TAB_OR_NEWLINE.sub("", value.strip(_C0_OR_SPACE))


def url_scheme(value: str) -> str:
    """The URL's scheme in lower case ('javascript' for ``' JaVa&#x09;script:x'`` once decoded), '' if relative."""
    match = _SCHEME.match(normalise_url(value))
    return match[1].lower() if match else ""


def refused_scheme(value: str) -> str | None:
    """'javascript', 'data' or 'vbscript' when the URL uses one of them, else None."""
    scheme = url_scheme(value)
    return scheme if scheme in REFUSED_SCHEMES else None


def is_other_origin(value: str) -> bool:
    """True when the URL can point to another origin: any scheme, or protocol-relative (``//x``, ``\\\\x``)."""
    url = normalise_url(value)
    return bool(url_scheme(url)) or url.replace("\\", "/").startswith("//")


def srcset_urls(value: str) -> list[str]:
    """The URLs of a ``srcset`` (each candidate is 'URL [descriptor]', separated by commas)."""
    return [candidate.split()[0] for candidate in value.split(",") if candidate.split()]


def css_unescape(css: str) -> str:
    """CSS with comments removed and escapes decoded (``u\\72l(`` is ``url(``), as the browser reads it."""

    def decode(match: re.Match) -> str:
        if match[1]:
            code = int(match[1], 16)
            return chr(code) if 0 < code <= 0x10FFFF else "\ufffd"
        return match[2]

    return _CSS_ESCAPE.sub(decode, _CSS_COMMENT.sub("", css))


def css_urls(css: str) -> list[str]:
    """Every URL a piece of CSS (a style attribute or a <style> element) would load: url(), @import, image-set()."""
    text = css_unescape(css)
    return [m["url"] for pattern in (_CSS_URL, _CSS_IMPORT, _CSS_IMAGE_SET) for m in pattern.finditer(text)]


def loaded_urls(attrs: list[tuple[str, str | None]]) -> list[str]:
    """The URLs an element with these attributes makes the browser load (src, srcset, style url(), ...)."""
    urls = []
    for name, value in attrs:
        if value is None:
            continue
        if name == "srcset" or name == "imagesrcset":
            urls += srcset_urls(value)
        elif name in LOAD_ATTRIBUTES:
            urls.append(value)
        elif name == "style":
            urls += css_urls(value)
    return urls


# --- Raw HTML -----------------------------------------------------------------------------------------


_ALLOWED_ATTRIBUTES = {tag: GLOBAL_ATTRIBUTES | names for tag, names in ALLOWED_ELEMENTS.items()}
# Attributes that need more than a look at their name: their value is a URL or CSS.
_VALUE_CHECKED = URL_ATTRIBUTES | {"style", "srcset", "imagesrcset"}


def allowed_attributes(tag: str) -> frozenset[str]:
    return _ALLOWED_ATTRIBUTES.get(tag, GLOBAL_ATTRIBUTES)


def element_problems(tag: str, attrs: list[tuple[str, str | None]]) -> list[Problem]:
    """What is wrong with one element of a page's HTML (names in lower case, values with entities decoded).

    An element outside the allow-list, an attribute outside its element's list, an event attribute, a
    refused URL scheme and a load from another origin are each one Problem.
    """
    tag = tag.lower()
    allowed = _ALLOWED_ATTRIBUTES.get(tag)
    if allowed is not None and all(
        name in allowed and name not in _VALUE_CHECKED and not (name == "id" and (value or "").startswith("__"))
        for name, value in attrs
    ):
        return []  # the common case, <p>, <li>, <h2 id>, <abbr title>: nothing more to look at
    problems = []
    if tag not in ALLOWED_ELEMENTS:
        allowed_elements = ", ".join(ALLOWED_ELEMENTS)
        problems.append(
            Problem("html-element", Message("element-not-allowed", tag=tag, allowed=allowed_elements), f"<{tag}")
        )
    for name, value in attrs:
        name = name.lower()
        value = value or ""
        if name.startswith("on"):
            problems.append(Problem("html-event", Message("event-attribute", name=name, tag=tag), name, name))
            continue
        scheme = refused_scheme(value) if name in URL_ATTRIBUTES or name == "srcset" else None
        if scheme:
            message = Message("refused-scheme", scheme=scheme, name=name, tag=tag)
            problems.append(Problem("url-scheme", message, value, name))
            continue
        if tag in ALLOWED_ELEMENTS and name not in allowed_attributes(tag):
            allowed = ", ".join(sorted(allowed_attributes(tag)))
            message = Message("attribute-not-allowed", name=name, tag=tag, allowed=allowed)
            problems.append(Problem("html-attribute", message, name, name))
            continue
        if name == "id" and value.startswith(RESERVED_ID_PREFIX):
            message = Message("reserved-id", value=value, tag=tag)
            problems.append(Problem("html-attribute", message, value, name))
            continue
        if name == "style" and tag in ALLOWED_ELEMENTS and not TABLE_ALIGN_STYLE.match(value):
            message = Message("style-not-alignment", tag=tag, style=value.strip()[:60])
            problems.append(Problem("html-attribute", message, value, name))
            continue
        if name == "href" and tag == "a" and url_scheme(value) not in ("", *LINK_SCHEMES):
            message = Message("link-scheme", scheme=url_scheme(value), schemes=", ".join(LINK_SCHEMES))
            problems.append(Problem("url-scheme", message, value, name))
    for url in loaded_urls(attrs):
        if is_other_origin(url) and not refused_scheme(url):
            message = Message("external-load", tag=tag, url=url.strip()[:80])
            problems.append(Problem("external-load", message, url.strip(), _loading_attribute(attrs, url)))
    return problems


def _loading_attribute(attrs: list[tuple[str, str | None]], url: str) -> str | None:
    return next((name for name, value in attrs if value and url in value), None)


# --- Includes -----------------------------------------------------------------------------------------


class IncludeRefused(ValueError):
    """An include path the rules refuse; its message (a Message) says what was expected and what was found."""

    @property
    def message(self) -> Message:
        return self.args[0]


def include_target(raw: str, base: Path, label: str = "docs/_includes/") -> Path:
    """The fragment file ``{!raw!}`` names, resolved, if it is a Markdown file inside ``base``.

    Refused (IncludeRefused): an absolute or home-folder path, any '..' part, a path that resolves outside
    ``base`` through a symlink, a file that is not Markdown, a fragment that does not exist.
    """
    path = raw.strip()
    if not path or "\x00" in path:
        raise IncludeRefused(Message("include-empty", label=label, path=raw))
    if path.startswith("~"):
        raise IncludeRefused(Message("include-home", label=label, path=path))
    if os.path.isabs(path) or PurePosixPath(path).is_absolute():
        raise IncludeRefused(Message("include-absolute", label=label, path=path))
    if ".." in PurePosixPath(path.replace("\\", "/")).parts:
        raise IncludeRefused(Message("include-dotdot", label=label, path=path))
    root = base.resolve()
    target = (base / path).resolve()
    if not target.is_relative_to(root):
        raise IncludeRefused(Message("include-symlink", label=label, path=path))
    if target.suffix != MARKDOWN_SUFFIX:
        raise IncludeRefused(Message("include-not-markdown", label=label, path=path))
    if not target.is_file():
        raise IncludeRefused(Message("include-not-found", label=label, path=path))
    return target


# --- Symlinks -----------------------------------------------------------------------------------------


def escaping_symlinks(tree: Path) -> list[tuple[Path, Path]]:
    """(link, target) for each symlink under ``tree`` that resolves outside it, or to a folder that holds it.

    The walk does not follow links, so a link to / or a loop costs nothing.
    """
    root = tree.resolve()
    found = []
    for folder, dirs, files in os.walk(tree):
        for name in sorted([*dirs, *files]):
            link = Path(folder) / name
            if not link.is_symlink():
                continue
            try:
                target = link.resolve()
            except (OSError, RuntimeError):  # a loop of links (a -> a) leads nowhere: refused like one leaving
                found.append((link, Path(os.readlink(link))))
                continue
            outside = not target.is_relative_to(root)
            loops = target.is_dir() and link.parent.resolve().is_relative_to(target)
            if outside or loops:
                found.append((link, target))
    return sorted(found)


# --- Page data the templates print as it is ---------------------------------------------------------

# Material and the project's partials print front matter values and page titles without escaping them,
# into the <title>, the navigation and attributes: there, '<' opens an element and '"' closes an attribute.
NOT_PLAIN_TEXT = ("<", ">", '"')
# Markdown's inline patterns slow down sharply on very long lines ('[' or '<!--' repeated: minutes at 100,000
# characters), so a longer line is refused before any parsing; the longest line of the site is under 500.
MAX_LINE_LENGTH = 2000


def long_line_problem(text: str) -> tuple[int, Message] | None:
    """(line number, problem) for the first line of ``text`` over MAX_LINE_LENGTH characters, or None."""
    if len(text) <= MAX_LINE_LENGTH:
        return None
    for number, line in enumerate(text.splitlines(), start=1):
        if len(line) > MAX_LINE_LENGTH:
            return number, Message("long-line", limit=MAX_LINE_LENGTH, length=len(line))
    return None


def plain_text_problem(value: str) -> Message | None:
    """What makes ``value`` unsafe to print unescaped in a page (a '<', '>' or '"'), or None.

    Character references count as what they stand for: Jinja's ``striptags``, which Material applies to the
    <title>, turns ``&lt;/title&gt;`` back into ``</title>``.
    """
    decoded = html.unescape(value)
    found = [character for character in NOT_PLAIN_TEXT if character in decoded]
    if not found:
        return None
    shown = " ".join(repr(character) for character in found)
    return Message("not-plain-text", shown=shown, value=value.strip()[:60])


# --- Files in docs/ -----------------------------------------------------------------------------------


# Folder and file names become URLs and navigation titles: letters, digits, '_', '-' and '.' only.
PLAIN_NAME = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_.\-]*$")


def file_problem(relative: str | PurePosixPath) -> Message | None:
    """What is wrong with a file at ``relative`` (a path inside docs/), or None when its name and type are allowed."""
    path = PurePosixPath(relative)
    odd = next((part for part in path.parts if not PLAIN_NAME.match(part)), None)
    if odd is not None:
        return Message("odd-name", part=odd)
    suffix = path.suffix.lower()
    if suffix == MARKDOWN_SUFFIX and path.suffix == MARKDOWN_SUFFIX:
        return None
    if suffix in IMAGE_SUFFIXES and ASSETS_DIR in path.parts[:-1]:
        return None
    if path.parent == PurePosixPath(SEARCH_DIR) and path.suffix == ".yml":
        return None
    if suffix in IMAGE_SUFFIXES:
        return Message("image-outside-assets", assets=ASSETS_DIR, name=path.name)
    kinds = ", ".join(IMAGE_SUFFIXES)
    return Message("file-type", kinds=kinds, assets=ASSETS_DIR, search=SEARCH_DIR, name=path.name)


class _SvgWalker(HTMLParser):
    """Reads an SVG leniently (no entity expansion, no network) and notes what could script or load."""

    SCRIPTING = frozenset({"script", "foreignobject", "iframe", "embed", "object", "handler", "listener"})

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems: list[Message] = []
        self._in_style = False

    def handle_starttag(self, tag, attrs):
        line = self.getpos()[0]
        if tag in self.SCRIPTING:
            self._add(line, "svg-scripting", tag=tag)
        if tag == "style":
            self._in_style = True
        animated = {name: value for name, value in attrs if name == "attributename"}
        if tag in ("set", "animate") and (animated.get("attributename") or "").lower() in ("href", "xlink:href"):
            self._add(line, "svg-rewrites-link", tag=tag)
        for name, value in attrs:
            value = value or ""
            if name.startswith("on"):
                self._add(line, "event-attribute", name=name, tag=tag)
            elif name in ("href", "xlink:href", "src") and not normalise_url(value).startswith("#"):
                self._add(line, "svg-outside-reference", name=name, value=value.strip()[:60], tag=tag)
            elif name == "style":
                self._css(value, line)

    handle_startendtag = handle_starttag

    def handle_endtag(self, tag):
        if tag == "style":
            self._in_style = False

    def handle_data(self, data):
        if self._in_style:
            self._css(data, self.getpos()[0])

    def unknown_decl(self, data):
        if self._in_style and data.upper().startswith("CDATA["):
            self._css(data[6:], self.getpos()[0])

    def handle_decl(self, decl):
        if "<!ENTITY" in decl.upper() or "[" in decl:
            self._add(self.getpos()[0], "svg-doctype")

    def handle_pi(self, data):
        if not data.lower().startswith("xml "):
            self._add(self.getpos()[0], "svg-processing-instruction", data=data[:40])

    def _css(self, css: str, line: int) -> None:
        if "@import" in css_unescape(css).lower():
            self._add(line, "svg-import")
        for url in css_urls(css):
            if not normalise_url(url).startswith("#"):
                self._add(line, "svg-style-load", url=url.strip()[:60])

    def _add(self, line: int, key: str, **params) -> None:
        self.problems.append(Message("svg-at-line", line=line, problem=Message(key, **params)))


def svg_problems(text: str) -> list[Message]:
    """What in an SVG could run script or load from elsewhere (each 'line N: ...'); empty when it is inert."""
    walker = _SvgWalker()
    walker.feed(text)
    walker.close()
    return walker.problems
