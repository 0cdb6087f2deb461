"""The patient-question benchmark behind scripts/search_eval.py.

Each question of tests/search/questions.yml is typed into the search box of the built site, in Debian's
Chromium driven by Playwright, as a reader would: over http from 127.0.0.1, or (offline) from file:// in
the unpacked offline zip. The result list is read once it stops changing; each result item is one page
(Material groups a page's sections under it). A question is answered "in the top 3" when one of the pages
it lists is among the first three items, and "first" when the first item is one of them.
"""

from __future__ import annotations

import argparse
import json
import tempfile
import zipfile
from dataclasses import asdict, dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

import yaml

from sitetools.browser import CHROMIUM, CHROMIUM_ARGS, serve
from sitetools.build import run_strict_build
from sitetools.cli import EXIT_OK, UserError, display_path, os_reason
from sitetools.messages import add_language_option, speaking, words
from sitetools.offline import TOP_FOLDER, first_problem, make_offline_zip
from sitetools.sources import site_languages

say = words("search_eval")

PROJECT_ROOT = Path(__file__).resolve().parents[2]
QUESTIONS = PROJECT_ROOT / "tests" / "search" / "questions.yml"
SEARCH_INPUT = "input[data-md-component=search-query]"
RESULT_LINKS = ".md-search-result__item > a.md-search-result__link:first-child"
TOP = 3
SHOWN = 5  # results kept per question, to say what came instead of the answer
STABLE_MS = 300  # the list is final when it has not changed for this long
LIMIT_MS = 10_000


@dataclass(frozen=True)
class Question:
    language: str
    text: str
    pages: tuple[str, ...]


@dataclass
class Outcome:
    question: Question
    results: list[str]

    @property
    def first(self) -> bool:
        return bool(self.results) and self.results[0] in self.question.pages

    @property
    def top(self) -> bool:
        return any(path in self.question.pages for path in self.results[:TOP])


@dataclass
class LanguageScore:
    language: str
    questions: int
    top: int
    first: int
    misses: list[dict] = field(default_factory=list)

    @property
    def top_share(self) -> float:
        return self.top / self.questions if self.questions else 0.0

    @property
    def first_share(self) -> float:
        return self.first / self.questions if self.questions else 0.0


def load_questions(path: Path, languages: list[str]) -> list[Question]:
    """The questions of ``path``: ``{language: [{q: text, pages: [path, ...]}, ...]}``."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise UserError(say("error.cannot-read", reason=os_reason(error)), path=display_path(path)) from None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 1 if mark else None
        found = getattr(error, "problem", error)
        raise UserError(say("error.not-yaml", problem=found), display_path(path), line) from None
    if not isinstance(data, dict) or not data:
        raise UserError(say("error.no-mapping"), path=display_path(path))
    questions = []
    for language, entries in data.items():
        if language not in languages:
            raise UserError(
                say("error.unknown-language", languages=", ".join(languages), found=repr(language)), display_path(path)
            )
        for number, entry in enumerate(entries or [], start=1):
            valid = (
                isinstance(entry, dict)
                and isinstance(entry.get("q"), str)
                and entry["q"].strip()
                and isinstance(entry.get("pages"), list)
                and entry["pages"]
                and all(isinstance(page, str) for page in entry["pages"])
            )
            if not valid:
                raise UserError(
                    say("error.bad-question", language=language, number=number, found=repr(entry)),
                    path=display_path(path),
                )
            questions.append(Question(language, entry["q"].strip(), tuple(entry["pages"])))
    return questions


def score(outcomes: list[Outcome], languages: list[str]) -> list[LanguageScore]:
    scores = []
    for language in languages:
        mine = [o for o in outcomes if o.question.language == language]
        if not mine:
            continue
        entry = LanguageScore(language, len(mine), sum(o.top for o in mine), sum(o.first for o in mine))
        entry.misses = [
            {
                "q": o.question.text,
                "expected": list(o.question.pages),
                "got": o.results[:TOP],
                "in_top": o.top,
            }
            for o in mine
            if not o.first
        ]
        scores.append(entry)
    return scores


# --- the site, served or unpacked ----------------------------------------------------------------------------


def build_site(root: Path, target: Path) -> Path:
    result = run_strict_build(root, target)
    if result.returncode != 0:
        raise UserError(say("error.build-failed", problem=first_problem(result.stderr + result.stdout)))
    return target


def unpack_offline(root: Path, work: Path, zip_path: Path | None) -> Path:
    if zip_path is None:
        zip_path = make_offline_zip(root, work / "offline.zip").path
    try:
        with zipfile.ZipFile(zip_path) as archive:
            archive.extractall(work / "unzipped")
    except (OSError, zipfile.BadZipFile) as error:
        reason = os_reason(error) if isinstance(error, OSError) else str(error)
        raise UserError(say("error.not-a-zip", found=reason), path=display_path(zip_path)) from None
    site = work / "unzipped" / TOP_FOLDER
    if not (site / "index.html").is_file():
        raise UserError(say("error.zip-without-home", home=f"{TOP_FOLDER}/index.html"), path=display_path(zip_path))
    return site


# --- the browser ----------------------------------------------------------------------------------------------


def page_path(href: str, root: str, prefix: str) -> str:
    """A result link as a path relative to its language's home: 'metastasis/before/', '' for the home page."""
    path = unquote(urlsplit(href).path)
    base = unquote(urlsplit(root).path)
    path = path[len(base) :] if path.startswith(base) else path
    if path.endswith("index.html"):
        path = path[: -len("index.html")]
    elif path.endswith(".html"):  # the offline copy's links: metastasis/before.html
        path = path[: -len(".html")] + "/"
    if prefix and path.startswith(prefix):
        path = path[len(prefix) :]
    return path


def ask(page, home: str, question: Question, root: str, prefix: str) -> list[str]:
    """Type the question into the search box of ``home``; the result pages, best first."""
    page.goto(home)
    page.click(SEARCH_INPUT)
    page.keyboard.type(question.text)
    last, stable = None, 0
    for _ in range(LIMIT_MS // 50):
        page.wait_for_timeout(50)
        meta = page.inner_text(".md-search-result__meta")
        links = page.eval_on_selector_all(RESULT_LINKS, "links => links.map(a => a.href)")
        state = (meta, tuple(links))
        stable = stable + 50 if state == last else 0
        last = state
        if stable >= STABLE_MS and meta.strip() and not meta.startswith(("Initializing", "Initialisation")):
            break
    return [page_path(href, root, prefix) for href in last[1]][:SHOWN] if last else []


def run_questions(questions: list[Question], root: str, home_of: dict[str, str], prefix_of: dict[str, str]):
    if not Path(CHROMIUM).exists():
        raise UserError(say("error.no-chromium", path=CHROMIUM))
    from playwright.sync_api import sync_playwright

    outcomes = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            context = browser.new_context(viewport={"width": 1280, "height": 900})
            # Only the site itself: a request anywhere else fails, as it would for a reader offline.
            context.route(
                "**/*",
                lambda route: route.continue_() if route.request.url.startswith(root) else route.abort(),
            )
            page = context.new_page()
            for question in questions:
                results = ask(page, home_of[question.language], question, root, prefix_of[question.language])
                outcomes.append(Outcome(question, results))
        finally:
            browser.close()
    return outcomes


def evaluate(root: Path, questions_path: Path, offline: bool, site: Path | None, zip_path: Path | None) -> dict:
    languages, default = site_languages(root)
    languages = [default] + [lang for lang in languages if lang != default]
    questions = load_questions(questions_path, languages)
    prefix_of = {lang: "" if lang == languages[0] else f"{lang}/" for lang in languages}
    with tempfile.TemporaryDirectory(prefix="search-eval-") as temp:
        work = Path(temp)
        if offline:
            folder = unpack_offline(root, work, zip_path)
            base = folder.as_uri() + "/"
            home_of = {lang: f"{base}{prefix_of[lang]}index.html" for lang in languages}
            outcomes = run_questions(questions, base, home_of, prefix_of)
        else:
            folder = site if site is not None else build_site(root, work / "site")
            if not (folder / "index.html").is_file():
                raise UserError(say("error.site-without-home"), path=display_path(folder))
            with serve(folder) as base:
                home_of = {lang: f"{base}{prefix_of[lang]}" for lang in languages}
                outcomes = run_questions(questions, base, home_of, prefix_of)
    scores = score(outcomes, languages)
    return {
        "mode": "offline" if offline else "online",
        "questions_file": str(display_path(questions_path)),
        "top": TOP,
        "languages": {
            s.language: {
                "questions": s.questions,
                "top": s.top,
                "first": s.first,
                "top_share": round(s.top_share, 4),
                "first_share": round(s.first_share, 4),
                "misses": s.misses,
            }
            for s in scores
        },
        "results": [{**asdict(o.question), "results": o.results, "top": o.top, "first": o.first} for o in outcomes],
    }


def report(result: dict) -> str:
    lines = []
    for language, entry in result["languages"].items():
        lines.append(
            str(
                say(
                    "report.language",
                    mode=say(f"report.{result['mode']}"),
                    language=language,
                    shown=result["top"],
                    answered=entry["top"],
                    questions=entry["questions"],
                    first=entry["first"],
                    top_share=entry["top_share"],
                    first_share=entry["first_share"],
                )
            )
        )
        for miss in entry["misses"]:
            where = say("report.not-first", top=result["top"]) if miss["in_top"] else say("report.missed")
            got = ", ".join(p or str(say("report.home")) for p in miss["got"]) or say("report.no-result")
            lines.append(
                str(
                    say(
                        "report.miss",
                        where=where,
                        question=repr(miss["q"]),
                        expected=", ".join(miss["expected"]),
                        got=got,
                    )
                )
            )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Type the patient questions into the site's search box in Chromium and report how many it answers."""
    parser = argparse.ArgumentParser(prog="search_eval.py", description=main.__doc__)
    parser.add_argument("--offline", action="store_true", help="search from file:// in the offline zip")
    parser.add_argument("--json", type=Path, help="also write the figures and every result to this file")
    parser.add_argument("--questions", type=Path, default=QUESTIONS, help="questions file (default: %(default)s)")
    parser.add_argument("--site", type=Path, help="an already built site folder (online only; default: build one)")
    parser.add_argument("--zip", type=Path, help="an already made offline zip (with --offline; default: make one)")
    parser.add_argument("--root", type=Path, default=PROJECT_ROOT, help="project folder (default: this project)")
    add_language_option(parser)
    args = parser.parse_args(argv)
    with speaking(args.lang):
        result = evaluate(args.root.resolve(), args.questions, args.offline, args.site, args.zip)
        print(report(result))
    if args.json:
        args.json.write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return EXIT_OK
