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
from pathlib import Path

import boto3
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


def test_first_command_in_a_clean_copy_then_every_readme_script(tmp_path):
    """As a clinic's IT person would: the first command, then check, readability, zip and publish."""
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

    built = len(list((project / "site").rglob("*.html")))
    assert printed == [
        f"Site built in site/ ({built} HTML pages).",
        f"Serving at http://{address}/ (français) and http://{address}/en/ (English); Ctrl-C stops it.",
    ], errors
    assert pages == {"": 200, "en/": 200}
    assert [noise for noise in NOISE if noise in rest + errors] == []

    python = str(project / ".venv/bin/python")

    def run(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [python, *args], cwd=project, env=env, capture_output=True, text=True, timeout=300, check=False
        )

    check = run("scripts/check_content.py")
    assert check.returncode == 0, check.stdout + check.stderr
    readability = run("scripts/readability.py")
    assert readability.returncode == 0, readability.stdout + readability.stderr
    offline = run("scripts/make_offline_zip.py")
    assert offline.returncode == 0, offline.stdout + offline.stderr
    assert (project / "dist/cimentoplastie-hors-ligne.zip").is_file()

    bucket = f"readme-{uuid.uuid4().hex[:12]}"
    with moto_server() as (endpoint, _):
        boto3.client(
            "s3",
            endpoint_url=endpoint,
            region_name="us-east-1",
            aws_access_key_id=FAKE_CREDENTIALS["AWS_ACCESS_KEY_ID"],
            aws_secret_access_key=FAKE_CREDENTIALS["AWS_SECRET_ACCESS_KEY"],
        ).create_bucket(Bucket=bucket)
        published = run(
            "scripts/publish.py", "--lang", "en", "--site", "site", "--bucket", bucket, "--endpoint-url", endpoint
        )
    assert published.returncode == 0, published.stderr
    assert re.fullmatch(r"uploaded \d+, unchanged 0, deleted 0", published.stdout.splitlines()[-1])
