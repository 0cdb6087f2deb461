"""A leaflet shows the review dates of its oldest part, never a newer one.

Every real page has the same last_reviewed and next_review, so the earliest date equals the latest. Here the
pages of two sections (one per language) get different dates in a copy of the project, with the oldest on a
different page for each date and the leaflet's own front matter the newest, and the built leaflets are read:
the visible review footer and the JSON-LD `lastReviewed`.
"""

from __future__ import annotations

import json
import re

import yaml
from conftest import mkdocs_build

# section -> page -> (last_reviewed, next_review); the oldest of each column is on a different page.
DATES = {
    "fr/metastasis": {
        "leaflet.md": ("2026-11-25", "2027-11-25"),
        "index.md": ("2026-06-10", "2027-06-10"),
        "before.md": ("2026-09-01", "2027-03-01"),
        "procedure.md": ("2026-02-03", "2027-08-03"),
        "after.md": ("2026-10-15", "2027-10-15"),
    },
    "en/osteoporosis": {
        "leaflet.md": ("2026-11-20", "2027-11-20"),
        "index.md": ("2026-07-04", "2027-01-12"),
        "before.md": ("2026-08-19", "2027-08-19"),
        "procedure.md": ("2026-09-30", "2027-09-30"),
        "after.md": ("2026-04-22", "2027-04-22"),
    },
}
EXPECTED = {  # the leaflet's dates: the earliest of each column above
    "fr/metastasis": ("2026-02-03", "2027-03-01"),
    "en/osteoporosis": ("2026-04-22", "2027-01-12"),
}
FRONT_MATTER = re.compile(r"\A---\n(?P<yaml>.*?)\n---\n", re.DOTALL)
REVIEW_DATE = re.compile(r'<span class="page-review__(?P<which>last|next)">[^<]*<time datetime="(?P<date>[\d-]+)">')
JSON_LD = re.compile(r'<script type="application/ld\+json">(?P<json>.*?)</script>', re.DOTALL)


def set_dates(path, last_reviewed: str, next_review: str) -> None:
    text = path.read_text(encoding="utf-8")
    text, found = re.subn(r"^last_reviewed: .*$", f"last_reviewed: {last_reviewed}", text, count=1, flags=re.M)
    text, found_next = re.subn(r"^next_review: .*$", f"next_review: {next_review}", text, count=1, flags=re.M)
    assert found == found_next == 1, f"{path}: expected last_reviewed and next_review lines"
    path.write_text(text, encoding="utf-8")


def shown_dates(html: str) -> dict[str, str]:
    """The review footer's dates and the JSON-LD lastReviewed of a built page."""
    dates = {f"footer {m['which']}": m["date"] for m in REVIEW_DATE.finditer(html)}
    for match in JSON_LD.finditer(html):
        data = json.loads(match["json"])
        if "lastReviewed" in data:
            dates["json-ld lastReviewed"] = data["lastReviewed"]
    return dates


def built(site, section: str, page: str) -> str:
    folder = section.removeprefix("fr/")
    name = "" if page == "index.md" else page.removesuffix(".md") + "/"
    return (site / folder / name / "index.html").read_text(encoding="utf-8")


def test_leaflet_shows_the_oldest_review_dates_of_its_pages(copy_of_project, tmp_path):
    for section, pages in DATES.items():
        folder = copy_of_project / "docs" / section
        leaflet_meta = yaml.safe_load(FRONT_MATTER.match((folder / "leaflet.md").read_text(encoding="utf-8"))["yaml"])
        assert set(leaflet_meta["leaflet"]) | {"leaflet.md"} == set(pages), f"docs/{section}/leaflet.md: its pages"
        for page, (last_reviewed, next_review) in pages.items():
            set_dates(folder / page, last_reviewed, next_review)
    result = mkdocs_build(tmp_path / "site", root=copy_of_project)
    assert result.returncode == 0, result.stderr

    for section, pages in DATES.items():
        last_reviewed, next_review = EXPECTED[section]
        assert shown_dates(built(tmp_path / "site", section, "leaflet.md")) == {
            "footer last": last_reviewed,
            "footer next": next_review,
            "json-ld lastReviewed": last_reviewed,
        }, f"docs/{section}/leaflet.md"
        # The gathered pages keep their own dates.
        for page, (own_last, own_next) in pages.items():
            if page != "leaflet.md":
                assert shown_dates(built(tmp_path / "site", section, page)) == {
                    "footer last": own_last,
                    "footer next": own_next,
                    "json-ld lastReviewed": own_last,
                }, f"docs/{section}/{page}"
