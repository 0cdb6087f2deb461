"""The benchmark behind scripts/benchmark.py: build, check, zip and publish times, page weights, Lighthouse.

Page weights and Lighthouse come from a local bucket: the site is published with publish.py to a moto S3
server and served by sitetools.bucket_site with the stored bytes and headers, as a website bucket does.

Every section records its figures in one shape, ``median/min/max/runs/unit`` plus ``samples``, ``status``
(ok, skipped, failed) and ``reason``, so a section that cannot run (no moto, no npm) is reported, not fatal.
Sizes use the same shape with one sample. KB and MB are 1000 and 1000 000 bytes.
"""

from __future__ import annotations

import argparse
import ast
import contextlib
import datetime as dt
import functools
import gzip
import html.parser
import io
import json
import os
import platform
import posixpath
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

import yaml

from sitetools.browser import CHROMIUM, CHROMIUM_ARGS, serving
from sitetools.bucket_site import BucketSite
from sitetools.build import run_strict_build
from sitetools.cli import EXIT_FINDINGS, EXIT_OK, UserError, display_path
from sitetools.content_check import check
from sitetools.local_s3 import AWS_SETTINGS_TO_CLEAR, FAKE_CREDENTIALS, moto_server
from sitetools.offline import first_problem, make_offline_zip
from sitetools.sources import read_mkdocs_config, site_languages


@dataclass(frozen=True)
class Budget:
    figure: str
    limit: float
    unit: str
    text: str


# The budgets (issue 8): a figure's median over its limit prints OVER, and fails --enforce.
BUDGETS = (
    Budget("build_strict", 5.0, "s", "full strict build under 5 s (on a 2-core machine)"),
    Budget("content_check", 1.0, "s", "content check under 1 s"),
    Budget("first_visit_max", 150_000, "bytes", "first visit of any page under 150 KB, as stored in the bucket"),
    Budget("offline_zip_size", 3_000_000, "bytes", "offline zip under 3 MB"),
    Budget("publish_unchanged", 1.0, "s", "unchanged republish under 1 s"),
)

PROJECT_ROOT = Path(__file__).resolve().parents[2]
SCRIPTS = PROJECT_ROOT / "scripts"
TOOLS = PROJECT_ROOT / ".cache" / "benchmark-tools"
DEFAULT_JSON = PROJECT_ROOT / "benchmark-results.json"
SCHEMA = 1
DEFAULT_RUNS = 5
WARMUP = 1
SYNTHETIC_SIZES = (10, 100)
QUICK_SYNTHETIC_SIZES = (1, 2)
LINEAR_LIMIT = 1.5  # per-page time of the largest tree over the smallest: below this, growth is linear
GZIP_LEVEL = 6  # what a web server typically sends
AWSCLI_VERSION = "1.46.3"
LIGHTHOUSE_VERSION = "12.2.3"  # 13 needs Node 22
LIGHTHOUSE_CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
LIGHTHOUSE_GOALS = {"performance": 95, "accessibility": 100, "best-practices": 95, "seo": 100}
LIGHTHOUSE_PAGES = ("", "metastasis/after/", "osteoporosis/", "faq/")
# The metrics behind the performance score (simulated slow 4G and 4x slower CPU), kept per page in the JSON.
LIGHTHOUSE_METRICS = (
    "first-contentful-paint",
    "largest-contentful-paint",
    "total-blocking-time",
    "cumulative-layout-shift",
    "speed-index",
)
CHROME_FLAGS = " ".join(["--headless=new", *CHROMIUM_ARGS])  # Lighthouse takes them as one string
ONE_PAGE = "metastasis/after/index.html"  # the page the one-page republish changes
NPM_TIMEOUT = 600
FIRST_VISIT_TIMEOUT_MS = 60_000  # one page's load on a busy 2-core machine
QUICK_FIRST_VISITS = ["index.html", "en/index.html"]
LIGHTHOUSE_TIMEOUT = 240


LABELS = {
    "build_strict": "strict bilingual build (mkdocs build --strict)",
    "build_plain_fr": "plain Material build, fr only",
    "build_plain_en": "plain Material build, en only",
    "build_plain_total": "plain Material builds, fr + en",
    "content_check": "content check, in-process",
    "content_check_cli": "content check, CLI subprocess",
    "offline_zip": "offline zip (check + build + zip)",
    "offline_zip_size": "offline zip size",
    "site_size": "built site size",
    "site_files": "built site files",
    "first_visit_max": "first visit from the bucket, heaviest page",
    "first_visit_median": "first visit from the bucket, median page",
    "first_visit_requests_max": "first visit from the bucket, most requests",
    "first_visit_requests_median": "first visit from the bucket, median requests",
    "first_visit_estimate_max": "first visit estimate (gzip 6), heaviest page",
    "first_visit_estimate_median": "first visit estimate (gzip 6), median page",
    "publish_first": "publish, first (in-process)",
    "publish_unchanged": "publish, unchanged republish",
    "publish_one_page": "publish, one page changed",
    "publish_cli_first": "publish CLI, first",
    "publish_cli_unchanged": "publish CLI, unchanged",
    "aws_sync_first": "aws s3 sync, first",
    "aws_sync_unchanged": "aws s3 sync, unchanged",
}


class BenchmarkError(Exception):
    """A section could not run; its figures are recorded as failed with this reason."""


# --- figures ----------------------------------------------------------------------------------------------


def timing(samples: list[float], unit: str = "s") -> dict:
    return {
        "median": statistics.median(samples),
        "min": min(samples),
        "max": max(samples),
        "runs": len(samples),
        "unit": unit,
        "samples": [round(s, 4) for s in samples],
        "status": "ok",
        "reason": None,
    }


def size(value: int, unit: str = "bytes") -> dict:
    return {**timing([value], unit), "samples": [value]}


def missing(unit: str, status: str, reason: str) -> dict:
    return {
        "median": None,
        "min": None,
        "max": None,
        "runs": 0,
        "unit": unit,
        "samples": [],
        "status": status,
        "reason": reason,
    }


def repeat(step: Callable[[int], None], runs: int, warmup: int) -> None:
    """Call step(i) for the warm-up runs (negative i) then the measured ones."""
    for index in range(-warmup, runs):
        step(index)


class Clock:
    """Collects samples per figure name; warm-up samples (negative run index) are dropped."""

    def __init__(self) -> None:
        self.samples: dict[str, list[float]] = {}

    def time(self, name: str, index: int, action: Callable[[], object]) -> object:
        started = time.perf_counter()
        result = action()
        elapsed = time.perf_counter() - started
        if index >= 0:
            self.samples.setdefault(name, []).append(elapsed)
        return result

    def figures(self) -> dict[str, dict]:
        return {name: timing(samples) for name, samples in self.samples.items()}


# --- machine ----------------------------------------------------------------------------------------------


def machine() -> dict:
    model = ""
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text(encoding="utf-8", errors="replace").splitlines():
            if line.lower().startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    return {
        "cpu_count": os.cpu_count() or 0,
        "cpu_model": model or platform.processor() or "unknown",
        "python": platform.python_version(),
        "platform": platform.platform(),
        "date": dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat(),
    }


def commit(root: Path) -> str | None:
    result = subprocess.run(["git", "-C", str(root), "rev-parse", "HEAD"], capture_output=True, text=True, check=False)
    if result.returncode != 0:
        return None
    dirty = subprocess.run(
        ["git", "-C", str(root), "status", "--porcelain", "--untracked-files=no"],
        capture_output=True,
        text=True,
        check=False,
    ).stdout.strip()
    return result.stdout.strip() + ("-dirty" if dirty else "")


# --- builds -----------------------------------------------------------------------------------------------


def mkdocs_build(config_dir: Path, site: Path, env: dict[str, str] | None = None, config: Path | None = None) -> None:
    result = run_strict_build(config_dir, site, env, config)
    if result.returncode != 0:
        raise BenchmarkError(f"mkdocs build failed in {config_dir}: {first_problem(result.stderr + result.stdout)}")


def languages(root: Path) -> list[str]:
    """The built languages, the default (served at the site root) first."""
    locales, default = site_languages(root)
    return [default, *(lang for lang in locales if lang != default)]


def plain_projects(root: Path, work: Path) -> dict[str, Path]:
    """One minimal Material project per language, for the same pages without i18n, hooks or overrides.

    Same markdown_extensions, fragments read from the project's docs/_includes; a page's ``template:``
    front matter is dropped, since the templates it names live in the project's overrides.
    """
    extensions = []
    for entry in read_mkdocs_config(root).get("markdown_extensions") or []:
        if isinstance(entry, dict) and "markdown_include.include" in entry:
            options = {**entry["markdown_include.include"], "base_path": str(root / "docs" / "_includes")}
            entry = {"markdown_include.include": options}
        extensions.append(entry)
    projects = {}
    for lang in languages(root):
        project = work / f"plain-{lang}"
        shutil.copytree(root / "docs" / lang, project / "docs")
        for page in (project / "docs").rglob("*.md"):
            text = page.read_text(encoding="utf-8")
            head, sep, body = text.partition("\n---")
            if text.startswith("---") and sep:
                head = "\n".join(line for line in head.splitlines() if not line.startswith("template:"))
                page.write_text(head + sep + body, encoding="utf-8")
        config = {
            "site_name": f"Plain {lang}",
            "docs_dir": "docs",
            "theme": {"name": "material", "language": lang, "font": False},
            "plugins": ["search"],
            "markdown_extensions": extensions,
        }
        (project / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
        projects[lang] = project
    return projects


def bench_builds(root: Path, work: Path, runs: int, warmup: int) -> tuple[dict[str, dict], Path]:
    """The strict bilingual build and, in the same runs, the plain builds; returns figures and the built site."""
    site = work / "site"
    plain = plain_projects(root, work)
    clock = Clock()

    def step(index: int) -> None:
        clock.time("build_strict", index, lambda: mkdocs_build(root, site))
        for lang, project in plain.items():
            clock.time(f"build_plain_{lang}", index, lambda project=project: mkdocs_build(project, project / "site"))
        if index >= 0:
            total = sum(clock.samples[f"build_plain_{lang}"][-1] for lang in plain)
            clock.samples.setdefault("build_plain_total", []).append(total)

    repeat(step, runs, warmup)
    return clock.figures(), site


# --- content check ----------------------------------------------------------------------------------------


def synthetic_tree(root: Path, target: Path, multiplier: int) -> Path:
    """The site's pages ``multiplier`` times: the originals plus copies under docs/<lang>/copy-NN/.

    Fragments and the facts registry stay as they are: the copies include the same fragments.
    """
    target.mkdir(parents=True)
    for name in ("mkdocs.yml", "facts.yml"):
        shutil.copy2(root / name, target / name)
    for folder in (root / "docs").iterdir():
        if folder.is_dir():
            shutil.copytree(folder, target / "docs" / folder.name)
    for lang in languages(root):
        for copy in range(1, multiplier):
            shutil.copytree(root / "docs" / lang, target / "docs" / lang / f"copy-{copy:02d}")
    return target


def bench_content_check(root: Path, work: Path, runs: int, warmup: int, sizes: tuple[int, ...]) -> tuple[dict, dict]:
    clock = Clock()
    pages = {}

    def step(index: int) -> None:
        report = clock.time("content_check", index, lambda: check(root))
        pages["site"] = report.pages
        clock.time(
            "content_check_cli",
            index,
            lambda: subprocess.run(
                [sys.executable, str(SCRIPTS / "check_content.py"), "--root", str(root)],
                capture_output=True,
                check=False,
            ),
        )

    repeat(step, runs, warmup)
    figures = clock.figures()

    growth = []
    for multiplier in sizes:
        tree = synthetic_tree(root, work / f"synthetic-{multiplier}x", multiplier)
        name = f"content_check_{multiplier}x"

        def step(index: int, tree: Path = tree, name: str = name) -> None:
            pages[name] = clock.time(name, index, lambda: check(tree)).pages

        repeat(step, runs, warmup)
        figures[name] = timing(clock.samples[name])
        growth.append(
            {
                "multiplier": multiplier,
                "figure": name,
                "pages": pages[name],
                "median": figures[name]["median"],
                "per_page_ms": figures[name]["median"] / pages[name] * 1000,
            }
        )
        shutil.rmtree(tree)
    ratio = growth[-1]["per_page_ms"] / growth[0]["per_page_ms"]
    summary = {
        "site_pages": pages["site"],
        "site_per_page_ms": figures["content_check"]["median"] / pages["site"] * 1000,
        "sizes": growth,
        "per_page_ratio": ratio,
        "linear": ratio < LINEAR_LIMIT,
        "linear_limit": LINEAR_LIMIT,
    }
    return figures, summary


# --- offline zip ------------------------------------------------------------------------------------------


def bench_offline(root: Path, work: Path, runs: int, warmup: int) -> dict[str, dict]:
    clock = Clock()
    result = {}

    def step(index: int) -> None:
        try:
            result["zip"] = clock.time("offline_zip", index, lambda: make_offline_zip(root, work / "offline.zip"))
        except UserError as error:
            raise BenchmarkError(error.render()) from None

    repeat(step, runs, warmup)
    return {**clock.figures(), "offline_zip_size": size(result["zip"].size)}


# --- site weight ------------------------------------------------------------------------------------------


class _PageAssets(html.parser.HTMLParser):
    """What a browser fetches on a first visit: scripts, stylesheets, icons, images, Material's config."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.urls: list[str] = []
        self.alternates: list[str] = []
        self.lang = ""
        self.config_text = ""
        self._in_config = False

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "html":
            self.lang = attributes.get("lang") or ""
        elif tag == "script":
            if attributes.get("src"):
                self.urls.append(attributes["src"])
            self._in_config = attributes.get("id") == "__config"
        elif tag == "link":
            rel = (attributes.get("rel") or "").lower().split()
            if attributes.get("href") and ({"stylesheet", "icon", "apple-touch-icon"} & set(rel)):
                self.urls.append(attributes["href"])
            elif attributes.get("href") and "alternate" in rel:
                self.alternates.append(attributes["href"])
        elif tag == "img" and attributes.get("src"):
            self.urls.append(attributes["src"])

    def handle_data(self, data):
        if self._in_config:
            self.config_text += data

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_config = False


CSS_URL = re.compile(r"""url\(\s*(['"]?)([^'")]+)\1\s*\)""")


def resolve(base_file: str, url: str) -> str | None:
    """Site-relative path of ``url`` referenced from the site file ``base_file``; None when not in the site."""
    parts = urlsplit(url)
    if parts.scheme or parts.netloc or not parts.path:
        return None  # data:, another origin, or a bare #fragment
    # A root-absolute URL (404.html uses them) is relative to the site root, where the site is published.
    base = "" if parts.path.startswith("/") else posixpath.dirname(base_file)
    path = posixpath.normpath(posixpath.join(base, unquote(parts.path).lstrip("/")))
    if path.startswith("../") or path == "..":
        return None
    if url.endswith("/") or path == ".":
        path = posixpath.join(path, "index.html") if path != "." else "index.html"
    return path


def lunr_scripts(index: dict) -> list[str]:
    """The lunr files Material's search worker imports for the index's languages (mirrors its worker)."""
    langs = index.get("config", {}).get("lang", ["en"])
    scripts = []
    for lang in langs:
        if lang == "ja":
            scripts.append("tinyseg.js")
        if lang in ("hi", "th"):
            scripts.append("wordcut.js")
        if lang != "en":
            scripts.append(f"min/lunr.{lang}.min.js")
    if len(langs) > 1:
        scripts.append("min/lunr.multi.min.js")
    if scripts:
        scripts.append("min/lunr.stemmer.support.min.js")
    return [f"assets/javascripts/lunr/{name}" for name in scripts]


def first_visit(site: Path, page: str, fetch: Callable[[str], int]) -> tuple[int, list[str]]:
    """gzip bytes of a first visit to ``page`` and the site files it fetches."""
    parser = _PageAssets()
    parser.feed((site / page).read_text(encoding="utf-8"))
    wanted = [page] + [p for p in (resolve(page, url) for url in parser.urls) if p]
    with contextlib.suppress(ValueError):
        config = json.loads(parser.config_text) if parser.config_text.strip() else {}
        if config.get("search"):
            worker = resolve(page, config["search"])
            if worker:
                wanted.append(worker)
                # Material's worker fetches <base>/search/search_index.json and the lunr languages it names.
                index_path = resolve(page, posixpath.join(config.get("base", "."), "search/search_index.json"))
                if index_path and (site / index_path).is_file():
                    wanted.append(index_path)
                    index = json.loads((site / index_path).read_text(encoding="utf-8"))
                    wanted += lunr_scripts(index)
    # Material's bundle fetches sitemap.xml beside every link[rel=alternate] (to keep the page on a language switch).
    for href in parser.alternates:
        folder = href if href.endswith("/") else (href.rsplit("/", 1)[0] + "/" if "/" in href else "./")
        sitemap = resolve(page, folder + "sitemap.xml")
        if sitemap:
            wanted.append(sitemap)
    # Files a stylesheet pulls in (fonts, images), one level deep.
    for path in list(wanted):
        if path.endswith(".css") and (site / path).is_file():
            for match in CSS_URL.finditer((site / path).read_text(encoding="utf-8", errors="replace")):
                found = resolve(path, match[2])
                if found:
                    wanted.append(found)
    files = list(dict.fromkeys(wanted))
    return sum(fetch(path) for path in files), files


def built_pages(site: Path) -> list[str]:
    """Every HTML page of the built site (404.html included), as site-relative paths."""
    return sorted(
        p.relative_to(site).as_posix()
        for p in site.rglob("*.html")
        if not p.relative_to(site).as_posix().startswith("assets/")
    )


def bench_site(site: Path) -> tuple[dict[str, dict], dict]:
    files = [p for p in site.rglob("*") if p.is_file()]
    figures = {
        "site_size": size(sum(p.stat().st_size for p in files)),
        "site_files": size(len(files), "files"),
    }

    @functools.cache
    def gzipped(path: str) -> int | None:
        file = site / path
        return len(gzip.compress(file.read_bytes(), compresslevel=GZIP_LEVEL, mtime=0)) if file.is_file() else None

    pages = built_pages(site)

    def served(path: str) -> int:
        # A file the build lacks comes back as the 404 page, as from the local server and a static host.
        found = gzipped(path)
        return found if found is not None else gzipped("404.html") or 0

    weights = {}
    missing_files: set[str] = set()
    for page in pages:
        weight, fetched = first_visit(site, page, served)
        weights[page] = weight
        missing_files.update(path for path in fetched if gzipped(path) is None)
    heaviest = max(weights, key=weights.get)
    figures["first_visit_estimate_max"] = size(weights[heaviest])
    figures["first_visit_estimate_median"] = size(int(statistics.median(weights.values())))
    details = {
        "gzip_level": GZIP_LEVEL,
        "heaviest_page": heaviest,
        "heaviest_kb": weights[heaviest] / 1000,
        "median_kb": statistics.median(weights.values()) / 1000,
        "pages": weights,
        "missing_files": sorted(missing_files),
    }
    for index_file in sorted(site.rglob("search/search_index.json")):
        data = index_file.read_bytes()
        lang = json.loads(data).get("config", {}).get("lang", ["?"])
        lang = "+".join(lang)
        figures[f"search_index_{lang}_raw"] = size(len(data))
        figures[f"search_index_{lang}_gzip"] = size(len(gzip.compress(data, compresslevel=GZIP_LEVEL, mtime=0)))
    return figures, details


def page_url(page: str) -> str:
    """The address a reader opens for a built page: its folder for an index.html."""
    return page.removesuffix("index.html")


@contextlib.contextmanager
def local_bucket(work: Path, bucket: str) -> Iterator[tuple[BucketSite, Callable[[Path], None]]]:
    """A moto S3 server with an empty ``bucket``; yields a BucketSite bound to a free port (not yet serving)
    and a function that publishes a built site to the bucket with publish.py (gzip at rest, as in production)."""
    import boto3

    from sitetools.publish import publish

    with fake_aws_env(work), moto_server() as (endpoint, _server):
        client = boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1")
        client.create_bucket(Bucket=bucket)
        server = BucketSite(client, bucket)
        try:
            yield server, lambda site: publish(site, bucket, endpoint_url=endpoint, out=io.StringIO())
        finally:
            server.server_close()


def visit_in_browser(browser, base_url: str, server: BucketSite, page: str) -> dict:
    """Open ``page`` in a fresh browser context (empty cache, as a first visit) and wait until the network has
    been idle for 500 ms, with no interaction; return what the bucket server sent, request by request."""
    from playwright.sync_api import Error as PlaywrightError

    context = browser.new_context()
    asked: list[str] = []
    try:
        tab = context.new_page()
        tab.on("request", lambda request: asked.append(request.url))
        server.take()
        tab.goto(base_url + page_url(page), wait_until="load", timeout=FIRST_VISIT_TIMEOUT_MS)
        tab.wait_for_load_state("networkidle", timeout=FIRST_VISIT_TIMEOUT_MS)
    except PlaywrightError as error:
        raise BenchmarkError(f"first visit of {page}: {str(error).splitlines()[0]}") from None
    finally:
        context.close()
    served = server.take()
    return {
        "bytes": sum(entry.wire_bytes for entry in served),
        "body_bytes": sum(entry.body_bytes for entry in served),
        "requests": [
            {"path": entry.path, "status": entry.status, "bytes": entry.wire_bytes, "body_bytes": entry.body_bytes}
            for entry in served
        ],
        # The server cannot see these: anything the page asked of another origin (data: and blob: stay local).
        "other_origin": sorted(
            {url for url in asked if not url.startswith(base_url) and not url.startswith(("data:", "blob:"))}
        ),
    }


def bench_first_visit(site: Path, work: Path, pages: list[str]) -> tuple[dict[str, dict], dict]:
    """Publish ``site`` with publish.py to a local moto server, serve the bucket as a website bucket does
    (bucket_site: stored bytes, stored Content-Encoding), and open each page once in Debian's Chromium.

    A page's weight is every byte the server sent for it (status lines, headers and bodies, compressed as
    stored) until the network was idle: whatever the page loads lazily counts only if it loads on a plain
    visit. Request headers sent by the browser are not counted."""
    from playwright.sync_api import Error as PlaywrightError
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        raise BenchmarkError(f"{CHROMIUM} is missing: install Debian's chromium package")
    visits = {}
    with local_bucket(work, "first-visit") as (server, upload):
        upload(site)
        with serving(server) as base_url, sync_playwright() as playwright:
            try:
                browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
            except PlaywrightError as error:
                raise BenchmarkError(f"cannot start {CHROMIUM}: {str(error).splitlines()[0]}") from None
            try:
                for page in pages:
                    visits[page] = visit_in_browser(browser, base_url, server, page)
            finally:
                browser.close()
    weights = {page: visit["bytes"] for page, visit in visits.items()}
    counts = {page: len(visit["requests"]) for page, visit in visits.items()}
    heaviest = max(weights, key=weights.get)
    figures = {
        "first_visit_max": size(weights[heaviest]),
        "first_visit_median": size(int(statistics.median(weights.values()))),
        "first_visit_requests_max": size(max(counts.values()), "requests"),
        "first_visit_requests_median": size(int(statistics.median(counts.values())), "requests"),
    }
    details = {
        "method": "Chromium, fresh profile per page, from the bucket after publish.py; bytes sent until network idle",
        "heaviest_page": heaviest,
        "heaviest_kb": weights[heaviest] / 1000,
        "median_kb": statistics.median(weights.values()) / 1000,
        "pages": weights,
        "body_bytes": {page: visit["body_bytes"] for page, visit in visits.items()},
        "requests": {page: visit["requests"] for page, visit in visits.items()},
        "other_origin": sorted({url for visit in visits.values() for url in visit["other_origin"]}),
    }
    return figures, details


# --- publish ----------------------------------------------------------------------------------------------


@contextlib.contextmanager
def fake_aws_env(work: Path) -> Iterator[dict[str, str]]:
    """Fake credentials in os.environ (publish() reads the standard chain), restored afterwards."""
    values = {
        **FAKE_CREDENTIALS,
        "AWS_CONFIG_FILE": str(work / "no-aws-config"),
        "AWS_SHARED_CREDENTIALS_FILE": str(work / "no-aws-credentials"),
        "AWS_EC2_METADATA_DISABLED": "true",
        "NO_PROXY": "127.0.0.1,localhost",
        "no_proxy": "127.0.0.1,localhost",
    }
    saved = {name: os.environ.get(name) for name in (*values, *AWS_SETTINGS_TO_CLEAR)}
    try:
        for name in AWS_SETTINGS_TO_CLEAR:
            os.environ.pop(name, None)
        os.environ.update(values)
        yield dict(os.environ)
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def ensure_awscli() -> Path:
    """awscli in its own venv (it pins botocore, which would clash with the project's boto3)."""
    venv = TOOLS / "awscli-venv"
    aws = venv / "bin" / "aws"
    if aws.exists():
        version = subprocess.run([str(aws), "--version"], capture_output=True, text=True, check=False)
        if f"aws-cli/{AWSCLI_VERSION} " in version.stdout + version.stderr:
            return aws
    steps = [
        [sys.executable, "-m", "venv", str(venv)],
        [str(venv / "bin" / "python"), "-m", "pip", "install", "-q", f"awscli=={AWSCLI_VERSION}"],
    ]
    for command in steps:
        result = subprocess.run(command, capture_output=True, text=True, check=False, timeout=NPM_TIMEOUT)
        if result.returncode != 0:
            lines = (result.stderr or result.stdout).strip().splitlines()
            raise BenchmarkError(f"cannot install awscli {AWSCLI_VERSION}: {lines[-1] if lines else 'no output'}")
    return aws


def run_quiet(command: list[str], env: dict[str, str]) -> None:
    result = subprocess.run(command, capture_output=True, text=True, env=env, check=False)
    if result.returncode != 0:
        lines = (result.stderr or result.stdout).strip().splitlines()
        raise BenchmarkError(f"{Path(command[0]).name} failed: {lines[-1] if lines else 'no output'}")


def bench_publish(site: Path, work: Path, runs: int, warmup: int, with_awscli: bool) -> tuple[dict, str | None]:
    """First, unchanged and one-page publishes; the CLI and `aws s3 sync` in the same runs.

    Returns the figures and, when awscli was left out or failed, why.
    """
    try:
        import boto3

        from sitetools.publish import publish
    except ImportError as error:
        raise BenchmarkError(f"publish needs boto3 and moto (requirements-test.txt): {error}") from None

    copy = work / "publish-site"
    shutil.copytree(site, copy)
    page = copy / ONE_PAGE
    original = page.read_bytes()
    aws_reason = None if with_awscli else "--quick"
    aws = None
    if with_awscli:
        try:
            aws = ensure_awscli()
        except (BenchmarkError, OSError, subprocess.TimeoutExpired) as error:
            aws_reason = str(error)
    clock = Clock()

    with fake_aws_env(work) as env, moto_server() as (endpoint, _server):
        client = boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1")

        def bucket(kind: str, index: int) -> str:
            name = f"bench-{kind}-{index + warmup}"
            client.create_bucket(Bucket=name)
            return name

        def ours(name: str) -> Callable[[], object]:
            return lambda: publish(copy, name, endpoint_url=endpoint, out=io.StringIO())

        def step(index: int) -> None:
            page.write_bytes(original)
            name = bucket("py", index)
            clock.time("publish_first", index, ours(name))
            report = clock.time("publish_unchanged", index, ours(name))
            if report.uploaded:
                raise BenchmarkError(f"unchanged republish uploaded {len(report.uploaded)} files")
            page.write_bytes(original + f"\n<!-- benchmark run {index} -->\n".encode())
            report = clock.time("publish_one_page", index, ours(name))
            if [path for path, _ in report.uploaded] != [ONE_PAGE]:
                raise BenchmarkError(f"one-page republish uploaded {len(report.uploaded)} files, expected 1")
            page.write_bytes(original)

            name = bucket("cli", index)
            command = [sys.executable, str(SCRIPTS / "publish.py"), "--site", str(copy), "--bucket", name]
            command += ["--endpoint-url", endpoint]
            clock.time("publish_cli_first", index, lambda: run_quiet(command, env))
            clock.time("publish_cli_unchanged", index, lambda: run_quiet(command, env))

            if aws is not None:
                name = bucket("aws", index)
                sync = [str(aws), "--endpoint-url", endpoint, "s3", "sync", str(copy), f"s3://{name}/"]
                clock.time("aws_sync_first", index, lambda: run_quiet(sync, env))
                clock.time("aws_sync_unchanged", index, lambda: run_quiet(sync, env))

        repeat(step, runs, warmup)
    figures = clock.figures()
    for name in ("aws_sync_first", "aws_sync_unchanged"):
        figures.setdefault(name, missing("s", "skipped", aws_reason or "not run"))
    return figures, aws_reason


# --- Lighthouse -------------------------------------------------------------------------------------------


def ensure_lighthouse() -> Path:
    prefix = TOOLS / "lighthouse"
    cli = prefix / "node_modules" / ".bin" / "lighthouse"
    package = prefix / "node_modules" / "lighthouse" / "package.json"
    with contextlib.suppress(OSError, ValueError):
        if cli.exists() and json.loads(package.read_text(encoding="utf-8"))["version"] == LIGHTHOUSE_VERSION:
            return cli
    npm = shutil.which("npm")
    if npm is None or shutil.which("node") is None:
        raise BenchmarkError("node and npm are needed to install Lighthouse")
    command = [npm, "install", "--prefix", str(prefix), f"lighthouse@{LIGHTHOUSE_VERSION}", "--no-audit", "--no-fund"]
    result = subprocess.run(command, capture_output=True, text=True, check=False, timeout=NPM_TIMEOUT)
    if result.returncode != 0 or not cli.exists():
        lines = (result.stderr or result.stdout).strip().splitlines()
        raise BenchmarkError(f"cannot install lighthouse@{LIGHTHOUSE_VERSION}: {lines[-1] if lines else 'no output'}")
    return cli


def failing_audits(report: dict) -> tuple[list[str], dict[str, dict]]:
    """Audits of the scored categories that fail: binary ones under 1, numeric ones under 0.9 (Lighthouse's pass)."""
    failing: dict[str, dict] = {}
    for category_id, category in report.get("categories", {}).items():
        for ref in category.get("auditRefs", []):
            audit = report.get("audits", {}).get(ref["id"], {})
            score, mode = audit.get("score"), audit.get("scoreDisplayMode")
            if score is None or mode not in ("binary", "numeric", "metricSavings"):
                continue
            if (mode == "binary" and score < 1) or (mode != "binary" and score < 0.9):
                items = (audit.get("details") or {}).get("items") or []
                failing[ref["id"]] = {
                    "title": audit.get("title", ""),
                    "score": score,
                    "category": category_id,
                    "weight": ref.get("weight", 0),
                    "items": [audit_item(item) for item in items[:5]],
                }
    return sorted(failing), failing


def audit_item(item: dict) -> str:
    """One line per offending element or resource, enough to find it: snippet, URL, message, reason."""
    parts = []
    for key in ("node", "source"):
        if isinstance(item.get(key), dict) and item[key].get("snippet"):
            parts.append(item[key]["snippet"])
    if isinstance(item.get("url"), str):
        parts.append(item["url"][:200])
    if isinstance(item.get("description"), str):
        parts.append(item["description"])
    location = item.get("sourceLocation")
    if isinstance(location, dict) and location.get("url"):
        parts.append(location["url"])
    for sub in (item.get("subItems") or {}).get("items") or []:
        if isinstance(sub, dict) and sub.get("reason"):
            parts.append(str(sub["reason"]))
    return " | ".join(parts) or json.dumps(item)[:200]


def bench_lighthouse(root: Path, work: Path) -> dict:
    """Lighthouse on LIGHTHOUSE_PAGES of each language, loaded from a local bucket after publish.py."""
    cli = ensure_lighthouse()
    if not Path(CHROMIUM).exists():
        raise BenchmarkError(f"{CHROMIUM} is missing")
    with local_bucket(work, "lighthouse") as (server, upload):
        # Built for the address it is served from, so canonical links and hreflang match as when published.
        site = work / "lighthouse-site"
        mkdocs_build(root, site, env={"SITE_URL": server.url})
        upload(site)
        with serving(server) as origin:
            return run_lighthouse(root, work, cli, origin)


def audit_value(report: dict, name: str) -> float | None:
    """An audit's measured value (ms, bytes or a layout-shift score), None when Lighthouse gave none."""
    value = report.get("audits", {}).get(name, {}).get("numericValue")
    return round(value, 3) if isinstance(value, int | float) else None


def run_lighthouse(root: Path, work: Path, cli: Path, origin: str) -> dict:
    """Run the Lighthouse CLI on each scored page under ``origin``; a page that fails records its error."""
    results = []
    env = {**os.environ, "CHROME_PATH": CHROMIUM, "NO_PROXY": "127.0.0.1,localhost", "no_proxy": "127.0.0.1,localhost"}
    langs = languages(root)
    for lang in langs:
        prefix = "" if lang == langs[0] else f"{lang}/"
        for page in LIGHTHOUSE_PAGES:
            url = origin + prefix + page
            output = work / "lighthouse.json"
            output.unlink(missing_ok=True)
            command = [
                str(cli),
                url,
                "--output=json",
                f"--output-path={output}",
                "--quiet",
                f"--chrome-flags={CHROME_FLAGS}",
                f"--only-categories={','.join(LIGHTHOUSE_CATEGORIES)}",
            ]
            entry = {"page": prefix + page or "/", "url": url}
            try:
                result = subprocess.run(
                    command, capture_output=True, text=True, env=env, check=False, timeout=LIGHTHOUSE_TIMEOUT
                )
                if result.returncode != 0 or not output.is_file():
                    lines = (result.stderr or result.stdout).strip().splitlines()
                    raise BenchmarkError(f"lighthouse failed: {lines[-1] if lines else 'no output'}")
                report = json.loads(output.read_text(encoding="utf-8"))
            except (BenchmarkError, subprocess.TimeoutExpired, ValueError) as error:
                failed = {"scores": {}, "meets_goal": False, "failing_audits": [], "audits": {}, "metrics": {}}
                results.append(
                    {**entry, **failed, "benchmark_index": None, "total_byte_weight": None, "error": str(error)}
                )
                continue
            scores = {
                name: round(report["categories"][name]["score"] * 100)
                if report["categories"].get(name, {}).get("score") is not None
                else None
                for name in LIGHTHOUSE_CATEGORIES
            }
            ids, audits = failing_audits(report)
            goal = all(scores[name] is not None and scores[name] >= LIGHTHOUSE_GOALS[name] for name in scores)
            results.append(
                {
                    **entry,
                    "scores": scores,
                    "meets_goal": goal,
                    "failing_audits": ids,
                    "audits": audits,
                    "benchmark_index": report.get("environment", {}).get("benchmarkIndex"),
                    # Lighthouse's own count of the bytes transferred (headers included), beside the benchmark's.
                    "total_byte_weight": audit_value(report, "total-byte-weight"),
                    "metrics": {name: audit_value(report, name) for name in LIGHTHOUSE_METRICS},
                    "error": None,
                }
            )
    return {
        "status": "ok",
        "reason": None,
        "version": LIGHTHOUSE_VERSION,
        "form_factor": "mobile",
        "goals": LIGHTHOUSE_GOALS,
        "pages": results,
    }


def bench_search_questions(root: Path, site: Path | None) -> dict:
    """Patient questions typed into the site's search box (scripts/search_eval.py), online then offline:
    the share answered in the top 3 and by the first result, per language, in %."""
    from playwright.sync_api import Error as PlaywrightError

    from sitetools.search_eval import evaluate

    figures = {}
    for offline in (False, True):
        try:
            result = evaluate(
                root, root / "tests" / "search" / "questions.yml", offline, None if offline else site, None
            )
        except PlaywrightError as error:
            raise BenchmarkError(f"search questions: {str(error).splitlines()[0]}") from None
        for language, entry in result["languages"].items():
            figures[f"search_{result['mode']}_{language}_top3"] = size(round(100 * entry["top_share"], 1), "%")
            figures[f"search_{result['mode']}_{language}_first"] = size(round(100 * entry["first_share"], 1), "%")
    return figures


# --- the run ----------------------------------------------------------------------------------------------

FIGURE_UNITS = {
    "build_strict": "s",
    "build_plain_fr": "s",
    "build_plain_en": "s",
    "build_plain_total": "s",
    "content_check": "s",
    "content_check_cli": "s",
    "offline_zip": "s",
    "offline_zip_size": "bytes",
    "site_size": "bytes",
    "site_files": "files",
    "first_visit_max": "bytes",
    "first_visit_median": "bytes",
    "first_visit_requests_max": "requests",
    "first_visit_requests_median": "requests",
    "first_visit_estimate_max": "bytes",
    "first_visit_estimate_median": "bytes",
    "publish_first": "s",
    "publish_unchanged": "s",
    "publish_one_page": "s",
    "publish_cli_first": "s",
    "publish_cli_unchanged": "s",
    "aws_sync_first": "s",
    "aws_sync_unchanged": "s",
}


def section(figures: dict, title: str, names: list[str], action: Callable[[], dict]) -> bool:
    """Run a section; on failure record each of its figures as failed with the reason."""
    try:
        figures.update(action())
        return True
    except (BenchmarkError, UserError, OSError, subprocess.SubprocessError) as error:
        reason = error.render() if isinstance(error, UserError) else str(error)
        for name in names:
            figures.setdefault(name, missing(FIGURE_UNITS.get(name, "s"), "failed", reason))
        print(f"benchmark: {title}: failed: {reason}", file=sys.stderr)
        return False


def ratio(figures: dict, numerator: str, denominator: str, meaning: str) -> dict:
    top, bottom = figures.get(numerator, {}).get("median"), figures.get(denominator, {}).get("median")
    value = top / bottom if top is not None and bottom else None
    return {"value": value, "unit": "ratio", "numerator": numerator, "denominator": denominator, "meaning": meaning}


def budgets(figures: dict) -> list[dict]:
    rows = []
    for budget in BUDGETS:
        value = figures.get(budget.figure, {}).get("median")
        rows.append(
            {
                "figure": budget.figure,
                "limit": budget.limit,
                "unit": budget.unit,
                "description": budget.text,
                "value": value,
                "measured": value is not None,
                "over": value is not None and value > budget.limit,
            }
        )
    return rows


def benchmark(root: Path, runs: int, warmup: int, quick: bool, progress: Callable[[str], None]) -> dict:
    figures: dict[str, dict] = {}
    sizes = QUICK_SYNTHETIC_SIZES if quick else SYNTHETIC_SIZES
    growth: dict = {}
    visit: dict = {}
    with tempfile.TemporaryDirectory(prefix="benchmark-") as temp:
        work = Path(temp)
        built: dict[str, Path] = {}

        def builds() -> dict:
            result, built["site"] = bench_builds(root, work, runs, warmup)
            return result

        progress("builds: strict bilingual, and plain Material per language")
        section(figures, "builds", ["build_strict", "build_plain_fr", "build_plain_en", "build_plain_total"], builds)

        def content() -> dict:
            result, summary = bench_content_check(root, work, runs, warmup, sizes)
            growth.update(summary)
            return result

        progress(f"content check: site and synthetic {', '.join(f'{n}x' for n in sizes)}")
        names = ["content_check", "content_check_cli", *(f"content_check_{n}x" for n in sizes)]
        section(figures, "content check", names, content)

        progress("offline zip")
        section(
            figures, "offline zip", ["offline_zip", "offline_zip_size"], lambda: bench_offline(root, work, runs, warmup)
        )

        def weight() -> dict:
            if "site" not in built:
                raise BenchmarkError("no built site (the build failed)")
            result, details = bench_site(built["site"])
            visit["estimate"] = details
            return result

        progress("site size and first-visit estimate")
        names = ["site_size", "site_files", "first_visit_estimate_max", "first_visit_estimate_median"]
        section(figures, "site weight", names, weight)

        def first_visits() -> dict:
            if "site" not in built:
                raise BenchmarkError("no built site (the build failed)")
            pages = built_pages(built["site"])
            if quick:  # about 1.5 s a page: the home pages and the heaviest by the estimate
                pages = list(dict.fromkeys(QUICK_FIRST_VISITS + [visit.get("estimate", {}).get("heaviest_page")]))
                pages = [page for page in pages if page and (built["site"] / page).is_file()]
            result, details = bench_first_visit(built["site"], work, pages)
            visit.update(details, scope="quick: " + ", ".join(pages) if quick else "every page")
            return result

        progress(f"first visit of {'a few pages' if quick else 'every page'} in Chromium, from a local bucket")
        names = ["first_visit_max", "first_visit_median", "first_visit_requests_max", "first_visit_requests_median"]
        section(figures, "first visit", names, first_visits)

        def publishing() -> dict:
            if "site" not in built:
                raise BenchmarkError("no built site (the build failed)")
            result, _ = bench_publish(built["site"], work, runs, warmup, with_awscli=not quick)
            return result

        progress("publish to a local moto S3 server" + ("" if quick else ", and aws s3 sync"))
        publish_names = [
            "publish_first",
            "publish_unchanged",
            "publish_one_page",
            "publish_cli_first",
            "publish_cli_unchanged",
            "aws_sync_first",
            "aws_sync_unchanged",
        ]
        section(figures, "publish", publish_names, publishing)

        if not quick:
            progress("patient questions in the search box, online and offline (scripts/search_eval.py)")
            names = [
                f"search_{mode}_{lang}_{kind}"
                for mode in ("online", "offline")
                for lang in languages(root)
                for kind in ("top3", "first")
            ]
            section(figures, "search questions", names, lambda: bench_search_questions(root, built.get("site")))

        if quick:
            lighthouse = {"status": "skipped", "reason": "--quick", "version": LIGHTHOUSE_VERSION, "pages": []}
        else:
            progress("Lighthouse (installs on first use)")
            try:
                lighthouse = bench_lighthouse(root, work)
            except (BenchmarkError, UserError, OSError, subprocess.SubprocessError) as error:
                reason = error.render() if isinstance(error, UserError) else str(error)
                lighthouse = {"status": "skipped", "reason": reason, "version": LIGHTHOUSE_VERSION, "pages": []}

    ratios = {
        "build_i18n_vs_plain": ratio(
            figures, "build_strict", "build_plain_total", "strict bilingual build over plain Material builds (fr + en)"
        ),
        "publish_first_vs_aws_sync": ratio(
            figures, "publish_cli_first", "aws_sync_first", "publish.py over aws s3 sync, first upload"
        ),
        "publish_unchanged_vs_aws_sync": ratio(
            figures, "publish_cli_unchanged", "aws_sync_unchanged", "publish.py over aws s3 sync, nothing changed"
        ),
        "content_check_per_page_growth": {
            "value": growth.get("per_page_ratio"),
            "unit": "ratio",
            "numerator": f"content_check_{sizes[-1]}x",
            "denominator": f"content_check_{sizes[0]}x",
            "meaning": f"time per page, largest tree over smallest (under {LINEAR_LIMIT} is linear)",
        },
    }
    rows = budgets(figures)
    return {
        "schema": SCHEMA,
        "mode": "quick" if quick else "full",
        "machine": machine(),
        "commit": commit(root),
        "settings": {"runs": runs, "warmup": warmup, "synthetic_sizes": list(sizes), "gzip_level": GZIP_LEVEL},
        "figures": figures,
        "ratios": ratios,
        "content_check_growth": growth,
        "first_visit": visit,
        "lighthouse": lighthouse,
        "budgets": rows,
        "over_budget": any(row["over"] for row in rows),
    }


# --- printing ---------------------------------------------------------------------------------------------


def show(value: float | None, unit: str) -> str:
    if value is None:
        return "-"
    if unit == "s":
        return f"{value:.3f} s" if value < 1 else f"{value:.2f} s"
    if unit == "bytes":
        return f"{value / 1_000_000:.2f} MB" if value >= 1_000_000 else f"{value / 1000:.1f} KB"
    return f"{value:g}"


def table(result: dict) -> str:
    lines = []
    m = result["machine"]
    settings = result["settings"]
    lines.append(
        f"Benchmark ({result['mode']}: median of {settings['runs']} run(s) after {settings['warmup']} warm-up) "
        f"on {m['cpu_count']} CPU(s), {m['cpu_model']}, Python {m['python']}, {m['date']}"
    )
    limits = {row["figure"]: row for row in result["budgets"]}
    header = f"{'figure':<48} {'median':>11} {'min':>11} {'max':>11}  {'budget':<10} status"
    lines += ["", header, "-" * len(header)]
    for name, figure in result["figures"].items():
        label = LABELS.get(name) or name.replace("_", " ").replace("search index", "search index,")
        row = limits.get(name)
        budget = f"< {show(row['limit'], row['unit'])}" if row else ""
        if figure["status"] != "ok":
            status = f"{figure['status']}: {figure['reason']}"
        elif row:
            status = "OVER" if row["over"] else "ok"
        else:
            status = ""
        if figure["runs"] == 1 and figure["unit"] != "s":
            cells = f"{show(figure['median'], figure['unit']):>11} {'':>11} {'':>11}"
        else:
            cells = " ".join(f"{show(figure[key], figure['unit']):>11}" for key in ("median", "min", "max"))
        lines.append(f"{label:<48} {cells}  {budget:<10} {status}".rstrip())

    growth = result["content_check_growth"]
    if growth:
        lines += ["", "Content check growth (time per page):"]
        lines.append(f"  site ({growth['site_pages']} pages): {growth['site_per_page_ms']:.2f} ms/page")
        for entry in growth["sizes"]:
            lines.append(
                f"  {entry['multiplier']}x ({entry['pages']} pages): {entry['median']:.2f} s, "
                f"{entry['per_page_ms']:.2f} ms/page"
            )
        verdict = "linear" if growth["linear"] else "NOT linear"
        lines.append(
            f"  per-page ratio largest/smallest: {growth['per_page_ratio']:.2f} ({verdict}, limit {LINEAR_LIMIT})"
        )

    visit = result["first_visit"]
    if visit.get("pages"):
        heaviest = visit["heaviest_page"]
        body = visit["body_bytes"][heaviest] / 1000
        lines += [
            "",
            f"First visit from the bucket ({visit['method']}): heaviest {heaviest} {visit['heaviest_kb']:.1f} KB "
            f"({body:.1f} KB of bodies), median {visit['median_kb']:.1f} KB over {len(visit['pages'])} pages "
            f"({visit['scope']})",
            f"  requests of {heaviest}:",
        ]
        for request in visit["requests"][heaviest]:
            lines.append(f"    {request['status']} {request['bytes'] / 1000:>6.1f} KB  {request['path']}")
        if visit["other_origin"]:
            lines.append(f"  requests to another origin: {', '.join(visit['other_origin'])}")
    estimate = visit.get("estimate")
    if estimate:
        lines.append(
            f"First visit estimate (files the HTML references plus Material's search files, each gzip "
            f"{estimate['gzip_level']} on the fly): heaviest {estimate['heaviest_page']} "
            f"{estimate['heaviest_kb']:.1f} KB, median {estimate['median_kb']:.1f} KB"
        )
        if estimate["missing_files"]:
            names = estimate["missing_files"]
            more = f", ... ({len(names)} in all, listed in the JSON)" if len(names) > 3 else ""
            lines.append(f"  fetched but not in the build (counted as the 404 page): {', '.join(names[:3])}{more}")

    lines += ["", "Ratios:"]
    for name, entry in result["ratios"].items():
        value = "-" if entry["value"] is None else f"{entry['value']:.2f}"
        lines.append(f"  {name}: {value}  ({entry['meaning']})")

    lighthouse = result["lighthouse"]
    lines += [""]
    if lighthouse["status"] != "ok":
        lines.append(f"Lighthouse: {lighthouse['status']} ({lighthouse['reason']})")
    else:
        goals = ", ".join(f"{k} {v}" for k, v in LIGHTHOUSE_GOALS.items())
        lines.append(f"Lighthouse {lighthouse['version']}, mobile, from the local bucket (goals: {goals}):")
        lines.append("  (KB: Lighthouse's total-byte-weight; cpu: its benchmarkIndex, lower on a busier machine)")
        columns = f"{'perf':>5} {'a11y':>5} {'b-p':>5} {'seo':>5} {'KB':>6} {'cpu':>5}"
        lines.append(f"  {'page':<28} {columns}  failing audits")
        for page in lighthouse["pages"]:
            if page["error"]:
                lines.append(f"  {page['page']:<28} error: {page['error']}")
                continue
            scores = " ".join(
                f"{'-' if page['scores'][c] is None else page['scores'][c]:>5}" for c in LIGHTHOUSE_CATEGORIES
            )
            transferred = page.get("total_byte_weight")
            scores += f" {'-' if transferred is None else f'{transferred / 1000:.1f}':>6}"
            scores += f" {'-' if page['benchmark_index'] is None else round(page['benchmark_index']):>5}"
            weighted = [name for name in page["failing_audits"] if page["audits"][name]["weight"] > 0]
            diagnostics = [name for name in page["failing_audits"] if page["audits"][name]["weight"] == 0]
            failing = ", ".join(weighted) or "none"
            if diagnostics:
                failing += f" (diagnostics: {', '.join(diagnostics)})"
            lines.append(f"  {page['page']:<28} {scores}  {failing}")
        seen: dict[str, dict] = {}
        for page in lighthouse["pages"]:
            for name, audit in page["audits"].items():
                if audit["weight"] > 0:
                    seen.setdefault(name, {**audit, "pages": []})["pages"].append(page["page"])
        if seen:
            lines.append("  Audits that cost points (first page's offending items):")
        for name, audit in sorted(seen.items()):
            lines.append(f"    {name} [{audit['category']}] {audit['title']} - on {len(audit['pages'])} page(s)")
            lines += [f"      {item[:160]}" for item in audit["items"][:3]]

    lines += ["", "Budgets:"]
    for row in result["budgets"]:
        state = "not measured" if not row["measured"] else ("OVER" if row["over"] else "ok")
        lines.append(f"  {row['description']}: {show(row['value'], row['unit'])} -> {state}")
    return "\n".join(lines)


def _description() -> str:
    """scripts/benchmark.py's docstring, so --help and the script say the same thing."""
    script = SCRIPTS / "benchmark.py"
    try:
        return ast.get_docstring(ast.parse(script.read_text(encoding="utf-8"))) or ""
    except (OSError, SyntaxError):
        return ""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="benchmark.py", description=_description(), formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--quick", action="store_true", help="one small run of each, no Lighthouse, no awscli")
    parser.add_argument(
        "--json",
        type=Path,
        default=DEFAULT_JSON,
        metavar="PATH",
        help="where to write the results (default: benchmark-results.json in the project folder)",
    )
    parser.add_argument("--enforce", action="store_true", help="exit 1 when a figure is over its budget")
    parser.add_argument(
        "--runs",
        type=int,
        default=None,
        metavar="N",
        help=f"measured runs per figure (default: {DEFAULT_RUNS}, quick: 1)",
    )
    parser.add_argument("--root", type=Path, default=PROJECT_ROOT, help="project folder (default: this project)")
    args = parser.parse_args(argv)
    runs = args.runs if args.runs is not None else (1 if args.quick else DEFAULT_RUNS)
    if runs < 1:
        raise UserError(f"--runs: expected at least 1, found {runs}")
    root = args.root.resolve()
    if not (root / "mkdocs.yml").is_file():
        raise UserError("expected a project folder with mkdocs.yml, found none", path=root)
    warmup = 0 if args.quick else WARMUP

    def progress(message: str) -> None:
        print(f"benchmark: {message}", file=sys.stderr, flush=True)

    result = benchmark(root, runs, warmup, args.quick, progress)
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(table(result))
    print(f"\nwrote {display_path(args.json)}")
    failed = [row for row in result["budgets"] if row["over"] or not row["measured"]]
    if args.enforce and failed:
        print(f"benchmark: over budget or not measured: {', '.join(row['figure'] for row in failed)}", file=sys.stderr)
        return EXIT_FINDINGS
    return EXIT_OK
