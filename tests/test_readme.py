"""The README opens with exactly two commands, CI runs the second one and nothing else, and the first one sets up
a clean environment from the lock in which every script the README names runs as written."""

from __future__ import annotations

import os
import re
import shlex
import shutil
import signal
import subprocess
import time
import urllib.request
import uuid
from dataclasses import dataclass
from pathlib import Path

import boto3
import pytest
from sitetools.local_s3 import AWS_SETTINGS_TO_CLEAR, FAKE_CREDENTIALS, free_port, moto_server

ROOT = Path(__file__).resolve().parent.parent
BLOCK = re.compile(r"```sh\n(.*?)\n```", re.DOTALL)
NOISE = ("reaches end of life", "NO_MKDOCS_2_WARNING", "config 'extra'", "mkdocs_static_i18n", "Traceback")


def opening_commands() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    before_prose = text.split("\n\n## ", 1)[0]
    return [block.strip() for block in BLOCK.findall(before_prose)]


def test_readme_opens_with_two_commands_before_any_prose():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if line.strip()]
    assert lines[0].startswith("# ")
    assert lines[1:7] == ["```sh", opening_commands()[0], "```", "```sh", opening_commands()[1], "```"]
    assert opening_commands()[:2] == ["bash scripts/serve.sh", "bash scripts/test.sh"]


def test_both_commands_install_the_locks_with_hashes_required():
    serve = (ROOT / "scripts/serve.sh").read_text(encoding="utf-8")
    test = (ROOT / "scripts/test.sh").read_text(encoding="utf-8")
    assert "pip install -q --disable-pip-version-check -r requirements.txt --require-hashes" in serve
    assert "pip install -q --disable-pip-version-check -r requirements-test.txt --require-hashes" in test
    assert "mkdocs build --quiet --strict" in serve
    assert "export NO_MKDOCS_2_WARNING=1" in serve


def test_ci_runs_exactly_the_readme_test_command():
    test_command = opening_commands()[1]
    ci_lines = [
        line.strip()
        for line in (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.lstrip().startswith("#")
    ]
    assert ci_lines[-1] == test_command
    assert all(line.startswith(("set ", "cd ")) for line in ci_lines[:-1]), ci_lines
    script = ROOT / shlex.split(test_command)[1]
    assert script.is_file()


def project_copy(target: Path) -> Path:
    """The project's files as a fresh clone has them (tracked and new, not ignored: no .venv, no site/)."""
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT,
        capture_output=True,
        check=True,
    ).stdout.split(b"\0")
    for name in filter(None, listed):
        source = ROOT / os.fsdecode(name)
        if source.is_file():
            (target / os.fsdecode(name)).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / os.fsdecode(name))
    return target


def clean_env(tmp_path: Path) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if key not in AWS_SETTINGS_TO_CLEAR}
    env.pop("NO_MKDOCS_2_WARNING", None)  # the command itself must silence the banner
    env.pop("VIRTUAL_ENV", None)
    env["PATH"] = os.pathsep.join(p for p in env.get("PATH", "").split(os.pathsep) if ".venv" not in p)
    env.update(FAKE_CREDENTIALS)
    env["AWS_CONFIG_FILE"] = str(tmp_path / "no-aws-config")
    env["AWS_SHARED_CREDENTIALS_FILE"] = str(tmp_path / "no-aws-credentials")
    return env


def fetch(url: str, attempts: int = 240) -> int:
    """The HTTP status of ``url``, waiting (bounded) for `mkdocs serve` to finish its own build and listen."""
    for _ in range(attempts):
        try:
            with urllib.request.urlopen(url, timeout=30) as response:  # noqa: S310 - our own local server
                return response.status
        except OSError:
            time.sleep(0.5)
    raise AssertionError(f"nothing answered at {url}")


@dataclass
class FirstCommand:
    """A clean copy of the project after the README's first command, and what that command showed."""

    project: Path
    env: dict[str, str]
    address: str
    printed: list[str]
    pages: dict[str, int]
    rest: str
    errors: str

    def run(self, *args: str) -> subprocess.CompletedProcess:
        """A README script run as written, with the `.venv/bin/python` the first command set up."""
        return subprocess.run(
            [str(self.project / ".venv/bin/python"), *args],
            cwd=self.project,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )


@pytest.fixture(scope="module")
def first_command(tmp_path_factory) -> FirstCommand:
    """As a clinic's IT person would: the first command in a clean copy (its own .venv from requirements.txt).

    Run once for this module: the tests below share its virtual environment and its site/ instead of each
    setting up their own, as the README's scripts share them.
    """
    tmp_path = tmp_path_factory.mktemp("readme")
    project = project_copy(tmp_path / "project")
    env = clean_env(tmp_path)
    address = f"127.0.0.1:{free_port()}"
    server = subprocess.Popen(
        ["bash", "-c", opening_commands()[0]],
        cwd=project,
        env={**env, "SERVE_ADDR": address},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    try:
        printed = [server.stdout.readline().rstrip("\n") for _ in range(2)]
        pages = {path: fetch(f"http://{address}/{path}") for path in ("", "en/")}
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        rest, errors = server.communicate(timeout=30)
    return FirstCommand(project, env, address, printed, pages, rest, errors)


def test_first_command_in_a_clean_copy_builds_then_serves_both_languages(first_command):
    built = len(list((first_command.project / "site").rglob("*.html")))
    address = first_command.address
    assert first_command.printed == [
        f"Site built in site/ ({built} HTML pages).",
        f"Serving at http://{address}/ (français) and http://{address}/en/ (English); Ctrl-C stops it.",
    ], first_command.errors
    assert first_command.pages == {"": 200, "en/": 200}


def test_first_command_prints_nothing_else(first_command):
    assert [noise for noise in NOISE if noise in first_command.rest + first_command.errors] == []


def test_check_content_runs_as_written_after_the_first_command(first_command):
    check = first_command.run("scripts/check_content.py")
    assert check.returncode == 0, check.stdout + check.stderr


def test_readability_runs_as_written_after_the_first_command(first_command):
    readability = first_command.run("scripts/readability.py")
    assert readability.returncode == 0, readability.stdout + readability.stderr


def test_offline_zip_runs_as_written_after_the_first_command(first_command):
    offline = first_command.run("scripts/make_offline_zip.py")
    assert offline.returncode == 0, offline.stdout + offline.stderr
    assert (first_command.project / "dist/cimentoplastie-hors-ligne.zip").is_file()


def test_publish_runs_as_written_after_the_first_command(first_command):
    bucket = f"readme-{uuid.uuid4().hex[:12]}"
    with moto_server() as (endpoint, _):
        boto3.client(
            "s3",
            endpoint_url=endpoint,
            region_name="us-east-1",
            aws_access_key_id=FAKE_CREDENTIALS["AWS_ACCESS_KEY_ID"],
            aws_secret_access_key=FAKE_CREDENTIALS["AWS_SECRET_ACCESS_KEY"],
        ).create_bucket(Bucket=bucket)
        published = first_command.run(
            "scripts/publish.py", "--lang", "en", "--site", "site", "--bucket", bucket, "--endpoint-url", endpoint
        )
    assert published.returncode == 0, published.stderr
    assert re.fullmatch(r"uploaded \d+, unchanged 0, deleted 0", published.stdout.splitlines()[-1])
