"""scripts/benchmark.py --quick: the JSON it writes has the documented shape (never asserts a time)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from sitetools.benchmark import BUDGETS, LIGHTHOUSE_VERSION

ROOT = Path(__file__).resolve().parents[1]

TOP_LEVEL = {
    "schema",
    "mode",
    "machine",
    "commit",
    "settings",
    "figures",
    "ratios",
    "content_check_growth",
    "first_visit",
    "lighthouse",
    "budgets",
    "over_budget",
}
FIGURE_FIELDS = {"median", "min", "max", "runs", "unit", "samples", "status", "reason"}
# Quick mode: every figure by name and unit; search indexes are checked apart (one per language).
QUICK_FIGURES = {
    "build_strict": "s",
    "build_plain_fr": "s",
    "build_plain_en": "s",
    "build_plain_total": "s",
    "content_check": "s",
    "content_check_cli": "s",
    "content_check_1x": "s",
    "content_check_2x": "s",
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
SEARCH_INDEXES = {f"search_index_{lang}_{kind}" for lang in ("fr", "en") for kind in ("raw", "gzip")}
SKIPPED_IN_QUICK = {"aws_sync_first", "aws_sync_unchanged"}
RATIOS = {
    "build_i18n_vs_plain",
    "publish_first_vs_aws_sync",
    "publish_unchanged_vs_aws_sync",
    "content_check_per_page_growth",
}


def number(value) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


@pytest.fixture(scope="module")
def results(tmp_path_factory) -> dict:
    """One quick run of the real script, as a user would start it."""
    output = tmp_path_factory.mktemp("benchmark") / "results.json"
    run = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "benchmark.py"), "--quick", "--json", str(output)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    return json.loads(output.read_text(encoding="utf-8"))


def test_top_level_and_machine(results):
    assert set(results) == TOP_LEVEL
    assert results["schema"] == 1
    assert results["mode"] == "quick"
    machine = results["machine"]
    assert set(machine) == {"cpu_count", "cpu_model", "python", "platform", "date"}
    assert isinstance(machine["cpu_count"], int)
    assert machine["cpu_count"] >= 1
    assert all(isinstance(machine[key], str) and machine[key] for key in ("cpu_model", "python", "platform", "date"))
    assert results["settings"] == {"runs": 1, "warmup": 0, "synthetic_sizes": [1, 2], "gzip_level": 6}


def test_every_figure_has_the_same_fields(results):
    figures = results["figures"]
    assert set(figures) == set(QUICK_FIGURES) | SEARCH_INDEXES
    for name, figure in figures.items():
        assert set(figure) == FIGURE_FIELDS, name
        assert figure["unit"] == QUICK_FIGURES.get(name, "bytes"), name
        if name in SKIPPED_IN_QUICK:
            assert (figure["status"], figure["reason"]) == ("skipped", "--quick")
            assert (figure["median"], figure["runs"], figure["samples"]) == (None, 0, [])
            continue
        assert (figure["status"], figure["reason"]) == ("ok", None), name
        assert (figure["runs"], len(figure["samples"])) == (1, 1), name
        assert all(number(figure[key]) for key in ("median", "min", "max")), name
        assert figure["min"] <= figure["median"] <= figure["max"], name
        if figure["unit"] in ("bytes", "files", "requests"):
            assert all(isinstance(figure[key], int) for key in ("median", "min", "max")), name


def test_budgets_are_all_reported(results):
    budgets = results["budgets"]
    assert [row["figure"] for row in budgets] == [budget.figure for budget in BUDGETS]
    for row, budget in zip(budgets, BUDGETS, strict=True):
        assert set(row) == {"figure", "limit", "unit", "description", "value", "measured", "over"}
        assert row["unit"] == budget.unit == results["figures"][row["figure"]]["unit"]
        assert number(row["limit"])
        assert number(row["value"])
        assert row["measured"] is True
        assert isinstance(row["over"], bool)
    assert results["over_budget"] == any(row["over"] for row in budgets)


def test_ratios_growth_and_first_visit(results):
    ratios = results["ratios"]
    assert set(ratios) == RATIOS
    for name, entry in ratios.items():
        assert set(entry) == {"value", "unit", "numerator", "denominator", "meaning"}, name
        assert entry["unit"] == "ratio"
    assert number(ratios["build_i18n_vs_plain"]["value"])
    assert number(ratios["content_check_per_page_growth"]["value"])
    assert ratios["publish_first_vs_aws_sync"]["value"] is None  # no awscli in quick mode

    growth = results["content_check_growth"]
    assert set(growth) == {"site_pages", "site_per_page_ms", "sizes", "per_page_ratio", "linear", "linear_limit"}
    assert [entry["multiplier"] for entry in growth["sizes"]] == [1, 2]
    assert growth["sizes"][1]["pages"] == 2 * growth["sizes"][0]["pages"] == 2 * growth["site_pages"]
    assert isinstance(growth["linear"], bool)

    estimate = results["first_visit"]["estimate"]
    assert set(estimate) == {"gzip_level", "heaviest_page", "heaviest_kb", "median_kb", "pages", "missing_files"}
    assert estimate["heaviest_page"] in estimate["pages"]
    assert {"index.html", "en/index.html", "en/faq/index.html"} <= set(estimate["pages"])
    assert isinstance(estimate["missing_files"], list)
    assert all(number(weight) for weight in estimate["pages"].values())


def test_first_visit_is_measured_in_the_browser_from_the_bucket(results):
    """Quick mode opens the two home pages and the estimate's heaviest page; every byte the bucket sent counts."""
    visit = results["first_visit"]
    assert set(visit) == {
        "method",
        "scope",
        "heaviest_page",
        "heaviest_kb",
        "median_kb",
        "pages",
        "body_bytes",
        "requests",
        "other_origin",
        "estimate",
    }
    pages = ["index.html", "en/index.html", visit["estimate"]["heaviest_page"]]
    assert set(visit["pages"]) == set(visit["body_bytes"]) == set(visit["requests"]) == set(pages)
    assert visit["scope"] == "quick: " + ", ".join(dict.fromkeys(pages))
    assert visit["heaviest_page"] == max(visit["pages"], key=visit["pages"].get)
    assert results["figures"]["first_visit_max"]["median"] == visit["pages"][visit["heaviest_page"]]
    assert visit["other_origin"] == []  # the site asks nothing of another origin
    for page, requests in visit["requests"].items():
        assert requests[0]["path"] == "/" + page.removesuffix("index.html"), page
        assert [request["status"] for request in requests] == [200] * len(requests), page
        assert all(set(request) == {"path", "status", "bytes", "body_bytes"} for request in requests), page
        assert all(request["bytes"] > request["body_bytes"] > 0 for request in requests), page
        assert sum(request["bytes"] for request in requests) == visit["pages"][page]
        assert sum(request["body_bytes"] for request in requests) == visit["body_bytes"][page]
    counts = sorted(len(requests) for requests in visit["requests"].values())
    assert results["figures"]["first_visit_requests_max"]["median"] == counts[-1]


def test_lighthouse_is_skipped_in_quick_mode(results):
    assert results["lighthouse"] == {
        "status": "skipped",
        "reason": "--quick",
        "version": LIGHTHOUSE_VERSION,
        "pages": [],
    }
