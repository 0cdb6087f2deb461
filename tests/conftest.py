"""Shared fixtures: the project root, a built site, Debian's Chromium driven by Playwright, and a moto S3 server."""

from __future__ import annotations

import shutil
import subprocess
import uuid
from pathlib import Path

import pytest
from sitetools.browser import CHROMIUM, CHROMIUM_ARGS
from sitetools.build import run_strict_build

# The check's base tree fixture: a plugin rather than tests/check/conftest.py, which would shadow this module
# for the tests that import it as `conftest`.
pytest_plugins = ["helpers.scenarios"]

ROOT = Path(__file__).resolve().parent.parent


def mkdocs_build(site_dir: Path, env: dict[str, str] | None = None, root: Path = ROOT) -> subprocess.CompletedProcess:
    """Build the site at ``root`` strictly into ``site_dir``; the result carries stdout/stderr for messages."""
    return run_strict_build(root, site_dir, env)


@pytest.fixture(scope="session")
def project_root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def site_built_with(tmp_path_factory):
    """``site_built_with(NAME="value", ...)``: the real site built with these variables, once per session and
    configuration (each distinct set of variables is one build, shared by every test that asks for it).

    Tests read it and never change it: a test that alters a site copies it first (shutil.copytree).
    """
    sites: dict[tuple[tuple[str, str], ...], Path] = {}

    def build(**variables: str) -> Path:
        key = tuple(sorted(variables.items()))
        if key not in sites:
            site = tmp_path_factory.mktemp("site")
            result = mkdocs_build(site, env=variables or None)
            assert result.returncode == 0, f"build with {variables}: {result.stderr}"
            sites[key] = site
        return sites[key]

    return build


@pytest.fixture(scope="session")
def built_site(site_built_with) -> Path:
    """The real site, built once per test session."""
    return site_built_with()


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium, headless, through Playwright (Playwright's own browser download does not work here)."""
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium package (scripts/test.sh does)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def copy_of_project(tmp_path) -> Path:
    """A throwaway copy of the project's sources, for tests that break something on purpose."""
    target = tmp_path / "project"
    target.mkdir()
    # scripts/ too: the hooks import the rule book (sitetools) the build shares with the check.
    for name in ("docs", "overrides", "scripts", "mkdocs.yml", "facts.yml"):
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, target / name)
        else:
            shutil.copy2(source, target / name)
    return target


@pytest.fixture
def aws_env(monkeypatch, tmp_path):
    """Fake credentials; keep the machine's profiles, config files and endpoints out of the tests."""
    from sitetools.local_s3 import AWS_SETTINGS_TO_CLEAR, FAKE_CREDENTIALS

    for name in AWS_SETTINGS_TO_CLEAR:
        monkeypatch.delenv(name, raising=False)
    for name, value in FAKE_CREDENTIALS.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "no-aws-config"))
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(tmp_path / "no-aws-credentials"))
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")  # no instance-metadata lookup when creds are absent


@pytest.fixture(scope="session")
def endpoint():
    """The address of one moto S3 server, a real HTTP endpoint on 127.0.0.1, shared by the session (each test
    uses its own bucket)."""
    from sitetools.local_s3 import moto_server

    with moto_server() as (url, _process):
        yield url


@pytest.fixture
def s3(endpoint):
    """A boto3 S3 client for that server (with the aws_env fixture's fake credentials)."""
    import boto3

    return boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1")


@pytest.fixture
def bucket(s3):
    """A new, empty bucket on that server."""
    name = f"test-{uuid.uuid4().hex[:16]}"
    s3.create_bucket(Bucket=name)
    return name
