"""The CI workflow and the pre-commit hooks: they parse, pin what they use, and call files that exist.

Also runs the publish job's settings step in bash, to show it skips cleanly (with a notice) when the
production secrets are not set, and the pre-commit YAML hook, to show it accepts mkdocs.yml's tags.
"""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from sitetools.content_check import FIXES

ROOT = Path(__file__).resolve().parent.parent
WORKFLOWS_DIR = ROOT / ".github" / "workflows"
WORKFLOW_FILES = sorted(WORKFLOWS_DIR.glob("*.yml")) + sorted(WORKFLOWS_DIR.glob("*.yaml"))
CI = WORKFLOWS_DIR / "ci.yml"
PRE_COMMIT = ROOT / ".pre-commit-config.yaml"

# Scripts CI must call; some are written by other people and must exist before the workflow is committed.
EXPECTED_SCRIPTS = {
    "scripts/check_content.py",
    "scripts/test.sh",
    "scripts/make_offline_zip.py",
    "scripts/publish.py",
}
SHA = re.compile(r"[0-9a-f]{40}")
EXACT_TAG = re.compile(r"v\d+\.\d+\.\d+")
USES_LINE = re.compile(r"^\s*(?:-\s*)?uses:\s*(?P<ref>\S+)(?:\s+#\s*(?P<comment>\S+))?")
SCRIPT_CALL = re.compile(r"\b(?:python3?|bash|sh)\s+(?P<path>scripts/[\w./-]+\.(?:py|sh))\b")
REQUIREMENTS = re.compile(r"(?:^|\s)-r\s+(?P<path>[\w./-]+\.txt)\b")
PUBLISH_GATE = re.compile(r"^\$?\{?\{?\s*steps\.(?P<step>[\w-]+)\.outputs\.(?P<output>[\w-]+)\s*==\s*'true'\s*\}?\}?$")


def load(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def triggers(workflow: dict) -> dict:
    """The `on:` block; YAML 1.1 reads the bare key `on` as True."""
    value = workflow.get("on", workflow.get(True))
    if isinstance(value, str):
        return {value: None}
    if isinstance(value, list):
        return dict.fromkeys(value)
    return value or {}


def steps(job: dict) -> list[dict]:
    return job.get("steps") or []


def step_named(job: dict, words: str) -> tuple[int, dict]:
    """(index, step) of the first step whose name contains ``words`` (case-insensitive)."""
    for index, step in enumerate(steps(job)):
        if words.lower() in str(step.get("name", "")).lower():
            return index, step
    raise AssertionError(f"no step named like {words!r}; steps: {[s.get('name') for s in steps(job)]}")


def step_running(job: dict, pattern: str) -> tuple[int, dict]:
    """(index, step) of the first step whose `run:` matches the regular expression ``pattern``."""
    for index, step in enumerate(steps(job)):
        if re.search(pattern, str(step.get("run", ""))):
            return index, step
    raise AssertionError(f"no step runs {pattern!r}")


def all_runs() -> list[tuple[str, str]]:
    """(where, run text) for every `run:` in every workflow."""
    found = []
    for path in WORKFLOW_FILES:
        for job_id, job in (load(path).get("jobs") or {}).items():
            for step in steps(job):
                if "run" in step:
                    found.append((f"{path.name}:{job_id}:{step.get('name', '?')}", str(step["run"])))
    return found


@pytest.fixture(scope="module")
def ci() -> dict:
    assert CI.is_file(), f"expected the CI workflow at {CI.relative_to(ROOT)}"
    return load(CI)


# --- every workflow ---------------------------------------------------------------------------------------


def test_there_is_a_ci_workflow():
    assert CI in WORKFLOW_FILES


@pytest.mark.parametrize("path", WORKFLOW_FILES, ids=lambda p: p.name)
def test_workflow_parses_with_triggers_and_jobs(path):
    workflow = load(path)
    assert isinstance(workflow, dict), f"{path.name}: expected a mapping"
    assert triggers(workflow), f"{path.name}: expected an 'on:' block"
    jobs = workflow.get("jobs")
    assert isinstance(jobs, dict), f"{path.name}: expected jobs"
    assert jobs, f"{path.name}: expected jobs"
    for job_id, job in jobs.items():
        assert job.get("runs-on"), f"{path.name}: job {job_id} has no runs-on"
        assert steps(job), f"{path.name}: job {job_id} has no steps"
        for step in steps(job):
            assert ("uses" in step) != ("run" in step), f"{path.name}: {job_id} step needs one of uses/run: {step}"


@pytest.mark.parametrize("path", WORKFLOW_FILES, ids=lambda p: p.name)
def test_every_action_is_pinned(path):
    """A full commit SHA with its release as a comment, or an exact vX.Y.Z tag; never a moving @v4 or @main."""
    uses = [m for line in path.read_text(encoding="utf-8").splitlines() if (m := USES_LINE.match(line))]
    assert uses, f"{path.name}: no actions found"
    for match in uses:
        ref = match["ref"].strip("'\"")
        if ref.startswith("./") or ref.startswith("docker://"):
            continue
        _, _, version = ref.partition("@")
        assert version, f"{path.name}: {ref} is not pinned"
        if SHA.fullmatch(version):
            assert EXACT_TAG.fullmatch(match["comment"] or ""), (
                f"{path.name}: {ref} needs its release as a comment, like '# v4.2.2'"
            )
        else:
            assert EXACT_TAG.fullmatch(version), f"{path.name}: {ref} must be pinned to a commit SHA or vX.Y.Z"


def test_each_action_is_pinned_to_one_version():
    versions: dict[str, set[str]] = {}
    for path in WORKFLOW_FILES:
        for line in path.read_text(encoding="utf-8").splitlines():
            if match := USES_LINE.match(line):
                action, _, version = match["ref"].partition("@")
                versions.setdefault(action, set()).add(version)
    assert {action: v for action, v in versions.items() if len(v) > 1} == {}


@pytest.mark.parametrize("path", WORKFLOW_FILES, ids=lambda p: p.name)
def test_permissions_are_read_only(path):
    workflow = load(path)
    assert workflow.get("permissions") == {"contents": "read"}
    for job_id, job in workflow["jobs"].items():
        granted = job.get("permissions") or {}
        assert "write" not in granted.values(), f"{path.name}: job {job_id} asks for write access: {granted}"


def test_called_scripts_include_the_expected_ones():
    called = {m["path"] for _, run in all_runs() for m in SCRIPT_CALL.finditer(run)}
    assert EXPECTED_SCRIPTS <= called, f"CI never calls {sorted(EXPECTED_SCRIPTS - called)}"


@pytest.mark.parametrize(
    "script",
    sorted(EXPECTED_SCRIPTS | {m["path"] for _, run in all_runs() for m in SCRIPT_CALL.finditer(run)}),
)
def test_called_script_exists(script):
    assert (ROOT / script).is_file(), f"CI calls {script}, which does not exist (yet)"


def test_requirements_files_exist():
    referenced = {m["path"] for _, run in all_runs() for m in REQUIREMENTS.finditer(run)}
    assert "requirements.txt" in referenced
    # The requirements files include each other with -r; follow those too.
    pending = list(referenced)
    while pending:
        name = pending.pop()
        file = ROOT / name
        assert file.is_file(), f"{name} is referenced but does not exist"
        for line in file.read_text(encoding="utf-8").splitlines():
            if (match := REQUIREMENTS.search(line)) and match["path"] not in referenced:
                referenced.add(match["path"])
                pending.append(match["path"])


def test_no_expression_is_expanded_inside_a_run_script():
    """`${{ … }}` inside `run:` is pasted into the shell script; values go through `env:` instead."""
    assert [where for where, run in all_runs() if "${{" in run] == []


# --- the check job ----------------------------------------------------------------------------------------


def test_ci_runs_on_pull_requests_and_pushes_to_main(ci):
    on = triggers(ci)
    assert "pull_request" in on
    assert on["push"]["branches"] == ["main"]


def test_check_job_runs_every_check_in_order(ci):
    job = ci["jobs"]["check"]
    assert job["runs-on"] == "ubuntu-latest"
    checkout, checkout_step = step_named(job, "repository")
    assert checkout_step["uses"].startswith("actions/checkout@")
    assert checkout_step["with"]["fetch-depth"] == 0, "the twin-stale rule reads the git history"
    python, python_step = step_named(job, "python")
    assert python_step["uses"].startswith("actions/setup-python@")
    assert str(python_step["with"]["python-version"]) == "3.11"
    install, _ = step_running(job, r"pip install -r requirements\.txt")
    content, _ = step_running(job, r"python scripts/check_content\.py --format github")
    build, _ = step_running(job, r"^mkdocs build --strict$")
    tests, _ = step_running(job, r"^bash scripts/test\.sh$")
    offline, _ = step_running(job, r"python scripts/make_offline_zip\.py")
    assert checkout < python < install < content < build < tests < offline


def test_check_job_attaches_the_site_and_the_zip(ci):
    job = ci["jobs"]["check"]
    _, offline = step_running(job, r"python scripts/make_offline_zip\.py")
    zip_path = re.search(r"--output\s+(\S+)", offline["run"])[1]
    assert zip_path == "dist/cimentoplastie-hors-ligne.zip"
    uploads = {
        step["with"]["path"].rstrip("/"): step
        for step in steps(job)
        if str(step.get("uses", "")).startswith("actions/upload-artifact@")
    }
    assert set(uploads) == {"site", zip_path}
    for step in uploads.values():
        assert step["with"]["name"]
        assert step["with"]["if-no-files-found"] == "error"


def test_content_check_keeps_its_exit_code(ci):
    _, step = step_running(ci["jobs"]["check"], r"check_content\.py --format github")
    assert 'exit "$status"' in step["run"], "the step must fail when the check finds errors"


# --- the publish job --------------------------------------------------------------------------------------


def test_publish_runs_only_on_push_to_main_after_check(ci):
    job = ci["jobs"]["publish"]
    assert job["needs"] in ("check", ["check"])
    condition = re.sub(r"\s+", " ", job["if"])
    assert "github.event_name == 'push'" in condition
    assert "github.ref == 'refs/heads/main'" in condition
    assert "||" not in condition
    environment = job["environment"]
    assert (environment if isinstance(environment, str) else environment["name"]) == "production"


def test_publishes_never_overlap(ci):
    concurrency = ci["jobs"]["publish"]["concurrency"]
    assert concurrency["group"]
    assert "${{" not in concurrency["group"], "one fixed group for every publish"
    assert concurrency["cancel-in-progress"] is False


def test_publish_steps_wait_for_the_settings_check(ci):
    job = ci["jobs"]["publish"]
    first, *rest = steps(job)
    assert first.get("id"), "the first step checks the settings and sets an output"
    assert "run" in first
    assert "GITHUB_OUTPUT" in first["run"]
    for step in rest:
        gate = PUBLISH_GATE.match(str(step.get("if", "")).strip())
        assert gate, f"step {step.get('name')!r} must run only when the settings are there"
        assert gate["step"] == first["id"]


def test_secrets_reach_only_the_steps_that_need_them(ci):
    job = ci["jobs"]["publish"]
    assert "secrets." not in yaml.safe_dump(job.get("env") or {}), "no secrets in the job's env"
    with_secrets = [s["name"] for s in steps(job) if "secrets.AWS_" in yaml.safe_dump(s.get("env") or {})]
    assert with_secrets == [steps(job)[0]["name"], step_running(job, r"scripts/publish\.py")[1]["name"]]
    assert "secrets." not in yaml.safe_dump(ci["jobs"]["check"])


def test_publish_command(ci):
    job = ci["jobs"]["publish"]
    index, step = step_running(job, r"python scripts/publish\.py")
    assert '--site site --bucket "$BUCKET"' in step["run"]
    assert set(step["env"]) >= {"AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "BUCKET", "ENDPOINT_URL", "REGION"}
    build, _ = step_running(job, r"mkdocs build --strict")
    offline, _ = step_running(job, r"python scripts/make_offline_zip\.py")
    copy, _ = step_running(job, r"cp dist/cimentoplastie-hors-ligne\.zip site/")
    assert offline < build <= copy < index, "the zip goes into the site after the build, before publishing"


def run_settings_step(ci: dict, tmp_path: Path, **env: str) -> tuple[subprocess.CompletedProcess, str]:
    """Run the publish job's first step in bash as Actions would; returns (result, GITHUB_OUTPUT content)."""
    step = steps(ci["jobs"]["publish"])[0]
    output = tmp_path / "github_output"
    output.write_text("", encoding="utf-8")
    names = set(step.get("env") or {})
    base = {key: value for key, value in os.environ.items() if key not in names}
    result = subprocess.run(
        ["bash", "-e", "-o", "pipefail", "-c", step["run"]],
        env={**base, **dict.fromkeys(names, ""), **env, "GITHUB_OUTPUT": str(output)},
        capture_output=True,
        text=True,
        check=False,
    )
    return result, output.read_text(encoding="utf-8")


def test_publish_is_skipped_with_a_notice_without_secrets(ci, tmp_path):
    result, output = run_settings_step(ci, tmp_path)
    assert result.returncode == 0, result.stderr
    assert output.strip() == "publish=false"
    assert result.stdout.startswith("::notice title=Publish skipped::")


def test_publish_goes_ahead_with_every_setting(ci, tmp_path):
    result, output = run_settings_step(
        ci, tmp_path, AWS_ACCESS_KEY_ID="id", AWS_SECRET_ACCESS_KEY="secret", BUCKET="b", SITE_URL="https://x.org/"
    )
    assert result.returncode == 0, result.stderr
    assert output.strip() == "publish=true"
    assert result.stdout == ""


def test_incomplete_publish_settings_fail_and_name_what_is_missing(ci, tmp_path):
    result, output = run_settings_step(ci, tmp_path, AWS_ACCESS_KEY_ID="id", BUCKET="b")
    assert result.returncode == 1
    assert output == ""
    assert result.stdout.strip() == (
        "::error title=Publish settings incomplete::"
        "Missing in the production environment: AWS_SECRET_ACCESS_KEY SITE_URL"
    )


# --- pre-commit -------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def hooks() -> dict[str, dict]:
    assert PRE_COMMIT.is_file(), "expected .pre-commit-config.yaml at the project root"
    config = load(PRE_COMMIT)
    found = {}
    for repo in config["repos"]:
        if repo["repo"] != "local":
            assert SHA.fullmatch(repo.get("rev", "")) or EXACT_TAG.fullmatch(repo.get("rev", "")), (
                f"{repo['repo']} must be pinned by rev"
            )
        for hook in repo["hooks"]:
            found[hook["id"]] = hook
    return found


def test_pre_commit_hooks_are_local_and_use_the_venv(hooks):
    assert {"ruff-check", "check-yaml", "content-check"} <= set(hooks)
    for hook_id, hook in hooks.items():
        assert hook.get("language") == "system", f"{hook_id}: language: system runs the venv's tools"
        assert hook.get("entry"), f"{hook_id}: no entry"


def requirement_lines(name: str) -> list[str]:
    """The lines of a requirements file and of the files it includes with -r."""
    lines = []
    for line in (ROOT / name).read_text(encoding="utf-8").splitlines():
        match = REQUIREMENTS.search(line)
        lines += requirement_lines(match["path"]) if match else [line]
    return lines


def test_pre_commit_entries_call_existing_scripts_and_listed_tools(hooks):
    dev_requirements = "\n".join(requirement_lines("requirements-dev.txt"))
    assert re.search(r"^pre-commit==", dev_requirements, re.M), "pre-commit is pinned in requirements-dev.txt"
    for hook_id, hook in hooks.items():
        command = shlex.split(hook["entry"])
        for word in command:
            if re.fullmatch(r"scripts/[\w./-]+\.(?:py|sh)", word):
                assert (ROOT / word).is_file(), f"{hook_id}: {word} does not exist"
        if command[0] not in ("python", "python3", "bash"):
            assert re.search(rf"^{re.escape(command[0])}==", dev_requirements, re.M), (
                f"{hook_id}: {command[0]} is not pinned in requirements-dev.txt (or the files it includes)"
            )


def test_pre_commit_runs_the_same_content_check_as_ci(hooks, ci):
    assert hooks["content-check"]["entry"] == "python scripts/check_content.py"
    assert hooks["content-check"]["pass_filenames"] is False
    _, step = step_running(ci["jobs"]["check"], r"check_content\.py")
    assert "python scripts/check_content.py" in step["run"]


def yaml_hook(hooks: dict, *files: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    command = shlex.split(hooks["check-yaml"]["entry"])
    command[0] = sys.executable if command[0] in ("python", "python3") else command[0]
    return subprocess.run([*command, *files], cwd=cwd, capture_output=True, text=True, check=False)


def test_yaml_hook_accepts_the_project_files(hooks):
    files = ["mkdocs.yml", "facts.yml", ".pre-commit-config.yaml"]
    files += [p.relative_to(ROOT).as_posix() for p in WORKFLOW_FILES]
    result = yaml_hook(hooks, *files)
    assert result.returncode == 0, result.stderr


def test_yaml_hook_rejects_broken_yaml(hooks, tmp_path):
    (tmp_path / "broken.yml").write_text("nav:\n  - index.md\n - faq.md\n", encoding="utf-8")
    result = yaml_hook(hooks, "broken.yml", cwd=tmp_path)
    assert result.returncode != 0
    assert "broken.yml" in result.stderr


# --- the contributor guide matches the workflow and the check ---------------------------------------------


@pytest.mark.parametrize("guide", ["CONTRIBUTING.md", "CONTRIBUTING.en.md"])
def test_contributing_explains_every_rule_of_the_check(guide):
    text = (ROOT / guide).read_text(encoding="utf-8")
    table = re.split(r"^## (?:Tous les messages|Every message)", text, flags=re.M)[-1]
    documented = set(re.findall(r"^\| `([a-z-]+)`", table, re.M))
    assert documented == set(FIXES), (
        f"{guide}: missing {sorted(set(FIXES) - documented)}, extra {sorted(documented - set(FIXES))}"
    )


def test_contributing_has_the_front_matter_section_the_check_points_to():
    # The front-matter rule's advice says: see CONTRIBUTING.md, 'Front matter'.
    assert re.search(r"^## Front matter", (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8"), re.M)


@pytest.mark.parametrize("guide", ["CONTRIBUTING.md", "CONTRIBUTING.en.md"])
def test_contributing_names_the_artifact_ci_attaches(guide, ci):
    names = {
        step["with"]["name"]
        for step in steps(ci["jobs"]["check"])
        if str(step.get("uses", "")).startswith("actions/upload-artifact@")
    }
    text = (ROOT / guide).read_text(encoding="utf-8")
    assert "site-hors-ligne" in names
    assert "**site-hors-ligne**" in text
