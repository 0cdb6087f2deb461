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
        if figure["unit"] in ("bytes", "files"):
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

    visit = results["first_visit"]
    assert set(visit) == {"gzip_level", "heaviest_page", "heaviest_kb", "median_kb", "pages", "missing_files"}
    assert visit["heaviest_page"] in visit["pages"]
    assert {"index.html", "en/index.html", "en/faq/index.html"} <= set(visit["pages"])
    assert isinstance(visit["missing_files"], list)
    assert all(number(weight) for weight in visit["pages"].values())


def test_lighthouse_is_skipped_in_quick_mode(results):
    assert results["lighthouse"] == {
        "status": "skipped",
        "reason": "--quick",
        "version": LIGHTHOUSE_VERSION,
        "pages": [],
    }
