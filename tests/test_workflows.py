"""The workflows and the pre-commit hooks: actionlint passes, they pin what they use, and call files that exist.

Forks never see secrets: the jobs that hold them are guarded, read their code from the base branch, and the
only job that may write (the pull request comment) checks out no code. The settings steps run in bash here to
show they skip cleanly (with a notice) when secrets are not set; the medical-changes step runs on a temporary
git history; the comment script runs under Node with a stand-in for GitHub's API to show it keeps ONE comment.
Also runs the pre-commit YAML hook, to show it accepts mkdocs.yml's tags.
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
from helpers.git import git
from sitetools.content_check import FIXES
from sitetools.offline import TOP_FOLDER

ROOT = Path(__file__).resolve().parent.parent
WORKFLOWS_DIR = ROOT / ".github" / "workflows"
WORKFLOW_FILES = sorted(WORKFLOWS_DIR.glob("*.yml")) + sorted(WORKFLOWS_DIR.glob("*.yaml"))
CI = WORKFLOWS_DIR / "ci.yml"
CLEANUP = WORKFLOWS_DIR / "preview-cleanup.yml"
PRE_COMMIT = ROOT / ".pre-commit-config.yaml"

# Scripts CI must call; some are written by other people and must exist before the workflow is committed.
EXPECTED_SCRIPTS = {
    "scripts/check_content.py",
    "scripts/test.sh",
    "scripts/make_offline_zip.py",
    "scripts/publish.py",
    "scripts/medical_diff.py",
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


# The one job that may write: it comments on pull requests of this repository and checks out no code.
WRITERS = {("ci.yml", "comment"): {"pull-requests": "write"}}


@pytest.mark.parametrize("path", WORKFLOW_FILES, ids=lambda p: p.name)
def test_permissions_are_read_only(path):
    workflow = load(path)
    assert workflow.get("permissions") == {"contents": "read"}
    for job_id, job in workflow["jobs"].items():
        granted = job.get("permissions") or {}
        if (path.name, job_id) in WRITERS:
            assert granted == WRITERS[(path.name, job_id)]
        else:
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


def test_check_job_attaches_the_site_and_the_offline_copy(ci):
    """The offline zip goes into the site (as published), and unpacked into the artifact reviewers download."""
    job = ci["jobs"]["check"]
    offline, offline_step = step_running(job, r"python scripts/make_offline_zip\.py")
    zip_path = re.search(r"--output\s+(\S+)", offline_step["run"])[1]
    assert zip_path == "dist/cimentoplastie-hors-ligne.zip"
    copy, _ = step_running(job, rf"^cp {re.escape(zip_path)} site/$")
    unpack, _ = step_running(job, rf"^python -m zipfile -e {re.escape(zip_path)} dist/offline/$")
    uploads = {
        step["with"]["path"].rstrip("/"): (index, step)
        for index, step in enumerate(steps(job))
        if str(step.get("uses", "")).startswith("actions/upload-artifact@")
    }
    assert set(uploads) == {"site", "dist/offline"}
    assert offline < copy < uploads["site"][0], "the site artifact is the site as published, zip included"
    assert offline < unpack < uploads["dist/offline"][0]
    assert uploads["dist/offline"][1]["with"]["name"] == "site-hors-ligne"
    for _, step in uploads.values():
        assert step["with"]["name"]
        assert step["with"]["if-no-files-found"] == "error"
    # The comment links the artifact by its address and names the folder the offline zip unpacks to.
    assert job["outputs"]["offline-url"] == f"${{{{ steps.{uploads['dist/offline'][1]['id']}.outputs.artifact-url }}}}"
    assert f"\\`{TOP_FOLDER}\\`" in comment_script(ci)


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
    for job_id in ("check", "medical-changes", "comment"):
        assert "secrets." not in yaml.safe_dump(ci["jobs"][job_id]), f"{job_id} must not see secrets"


def test_publish_command(ci):
    job = ci["jobs"]["publish"]
    index, step = step_running(job, r"python scripts/publish\.py")
    assert '--site site --bucket "$BUCKET"' in step["run"]
    assert set(step["env"]) >= {"AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "BUCKET", "ENDPOINT_URL", "REGION"}
    build, _ = step_running(job, r"mkdocs build --strict")
    offline, _ = step_running(job, r"python scripts/make_offline_zip\.py")
    copy, _ = step_running(job, r"cp dist/cimentoplastie-hors-ligne\.zip site/")
    assert offline < build <= copy < index, "the zip goes into the site after the build, before publishing"


def run_settings_step(job: dict, tmp_path: Path, **env: str) -> tuple[subprocess.CompletedProcess, str]:
    """Run a job's first step in bash as Actions would; returns (result, GITHUB_OUTPUT content)."""
    step = steps(job)[0]
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
    result, output = run_settings_step(ci["jobs"]["publish"], tmp_path)
    assert result.returncode == 0, result.stderr
    assert output.strip() == "publish=false"
    assert result.stdout.startswith("::notice title=Publish skipped::")


def test_publish_goes_ahead_with_every_setting(ci, tmp_path):
    result, output = run_settings_step(
        ci["jobs"]["publish"],
        tmp_path,
        AWS_ACCESS_KEY_ID="id",
        AWS_SECRET_ACCESS_KEY="secret",
        BUCKET="b",
        SITE_URL="https://x.org/",
    )
    assert result.returncode == 0, result.stderr
    assert output.strip() == "publish=true"
    assert result.stdout == ""


def test_incomplete_publish_settings_fail_and_name_what_is_missing(ci, tmp_path):
    result, output = run_settings_step(ci["jobs"]["publish"], tmp_path, AWS_ACCESS_KEY_ID="id", BUCKET="b")
    assert result.returncode == 1
    assert output == ""
    assert result.stdout.strip() == (
        "::error title=Publish settings incomplete::"
        "Missing in the production environment: AWS_SECRET_ACCESS_KEY SITE_URL"
    )


# --- actionlint -------------------------------------------------------------------------------------------


def actionlint(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    binary = Path(sys.executable).parent / "actionlint"
    assert binary.is_file(), f"{binary} is missing: pip install -r requirements-test.txt"
    # shellcheck and pyflakes are left out so the result does not depend on what else the machine has.
    command = [str(binary), "-no-color", "-oneline", "-shellcheck=", "-pyflakes=", *args]
    return subprocess.run(command, cwd=cwd, capture_output=True, text=True, check=False)


def test_actionlint_passes_on_every_workflow():
    result = actionlint(*[p.relative_to(ROOT).as_posix() for p in WORKFLOW_FILES])
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")


def test_actionlint_catches_what_yaml_parsing_misses(tmp_path):
    """Valid YAML, wrong workflow: a job needing a job that does not exist, a context that does not exist."""
    workflow = tmp_path / "broken.yml"
    workflow.write_text(
        "on: push\njobs:\n  a:\n    needs: missing\n    runs-on: ubuntu-latest\n"
        "    steps:\n      - run: echo ${{ github.nothing_here }}\n",
        encoding="utf-8",
    )
    result = actionlint("broken.yml", cwd=tmp_path)
    assert result.returncode == 1
    found = result.stdout.splitlines()
    assert len(found) == 2, result.stdout
    assert found[0] == 'broken.yml:3:3: job "a" needs job "missing" which does not exist in this workflow [job-needs]'
    assert found[1].startswith('broken.yml:7:23: property "nothing_here" is not defined in object type {')
    assert found[1].endswith("} [expression]")


# --- pull requests: medical changes, preview, comment, cleanup; forks never see secrets ---------------------

FORK_GUARD = "github.event.pull_request.head.repo.full_name == github.repository"
PR_JOBS_WITH_SECRETS = {("ci.yml", "preview"), ("preview-cleanup.yml", "remove-preview")}


@pytest.fixture(scope="module")
def cleanup() -> dict:
    assert CLEANUP.is_file(), f"expected the preview cleanup workflow at {CLEANUP.relative_to(ROOT)}"
    return load(CLEANUP)


def condition(job: dict) -> str:
    return re.sub(r"\s+", " ", str(job.get("if", ""))).strip()


def environment_name(job: dict) -> str | None:
    environment = job.get("environment")
    return environment if isinstance(environment, str) or environment is None else environment["name"]


def test_no_workflow_runs_pull_request_code_with_the_repository_secrets():
    """pull_request_target and workflow_run run with the base repository's secrets: none of ours use them."""
    for path in WORKFLOW_FILES:
        assert not {"pull_request_target", "workflow_run"} & set(triggers(load(path))), path.name


def test_only_the_guarded_jobs_see_secrets():
    with_secrets = {
        (path.name, job_id)
        for path in WORKFLOW_FILES
        for job_id, job in load(path)["jobs"].items()
        if "secrets." in yaml.safe_dump(job)
    }
    assert with_secrets == PR_JOBS_WITH_SECRETS | {("ci.yml", "publish")}
    for name, job_id in sorted(PR_JOBS_WITH_SECRETS):
        job = load(WORKFLOWS_DIR / name)["jobs"][job_id]
        assert FORK_GUARD in condition(job), f"{name}:{job_id} must skip fork pull requests"
        assert "||" not in condition(job), f"{name}:{job_id}: an 'or' could let a fork through"
        assert environment_name(job) == "preview", f"{name}:{job_id}: the keys live in the preview environment"


def test_jobs_with_secrets_run_only_reviewed_code():
    """They check out the base branch, never the pull request's head, and keep no git credentials."""
    allowed_refs = {"${{ github.event.pull_request.base.sha }}", "${{ github.event.pull_request.base.ref }}"}
    for name, job_id in sorted(PR_JOBS_WITH_SECRETS):
        checkouts = [
            step
            for step in steps(load(WORKFLOWS_DIR / name)["jobs"][job_id])
            if str(step.get("uses", "")).startswith("actions/checkout@")
        ]
        assert len(checkouts) == 1, f"{name}:{job_id}"
        assert checkouts[0]["with"]["ref"] in allowed_refs, f"{name}:{job_id} checks out {checkouts[0]['with']}"
        assert checkouts[0]["with"]["persist-credentials"] is False


def test_secrets_reach_only_the_settings_and_upload_steps(ci, cleanup):
    for job, command in (
        (ci["jobs"]["preview"], "scripts/publish.py"),
        (cleanup["jobs"]["remove-preview"], "--remove"),
    ):
        assert "secrets." not in yaml.safe_dump(job.get("env") or {})
        with_secrets = [s["name"] for s in steps(job) if "secrets.AWS_" in yaml.safe_dump(s.get("env") or {})]
        assert with_secrets == [steps(job)[0]["name"], step_running(job, command)[1]["name"]]


@pytest.mark.parametrize(("workflow", "job_id"), sorted(PR_JOBS_WITH_SECRETS))
def test_pull_request_job_steps_wait_for_the_settings_check(workflow, job_id):
    job = load(WORKFLOWS_DIR / workflow)["jobs"][job_id]
    first, *rest = steps(job)
    assert first.get("id") == "settings"
    for step in rest:
        gate = PUBLISH_GATE.match(str(step.get("if", "")).strip())
        assert gate, f"step {step.get('name')!r} must run only when the settings are there"
        assert gate["step"] == "settings"


def test_preview_publishes_the_checked_site_under_the_pull_request_prefix(ci):
    job = ci["jobs"]["preview"]
    assert job["needs"] in ("check", ["check"])
    assert condition(job) == f"github.event_name == 'pull_request' && {FORK_GUARD}"
    download, download_step = next(
        (i, s) for i, s in enumerate(steps(job)) if str(s.get("uses", "")).startswith("actions/download-artifact@")
    )
    assert download_step["with"] == {"name": "site", "path": "site"}
    publish, publish_step = step_running(job, r"python scripts/publish\.py")
    assert publish_step["run"].splitlines()[0] == (
        'args=(--site site --bucket "$BUCKET" --prefix "previews/pr-${PR_NUMBER}/" --delete --max-delete 500)'
    )
    assert publish_step["env"]["PR_NUMBER"] == "${{ github.event.pull_request.number }}"
    address, address_step = step_named(job, "address")
    assert 'url="${PREVIEW_URL%/}/previews/pr-${PR_NUMBER}/"' in address_step["run"]
    assert download < publish < address
    assert job["outputs"]["url"] == f"${{{{ steps.{address_step['id']}.outputs.url }}}}"


def test_cleanup_removes_the_prefix_when_the_pull_request_closes(cleanup):
    assert triggers(cleanup) == {"pull_request": {"types": ["closed"]}}
    job = cleanup["jobs"]["remove-preview"]
    assert condition(job) == FORK_GUARD
    _, step = step_running(job, r"python scripts/publish\.py")
    assert (
        step["run"].splitlines()[0] == 'args=(--bucket "$BUCKET" --prefix "previews/pr-${PR_NUMBER}/" --remove-prefix)'
    )
    assert step["env"]["PR_NUMBER"] == "${{ github.event.pull_request.number }}"


def test_preview_and_cleanup_never_overlap_for_one_pull_request(ci, cleanup):
    for job in (ci["jobs"]["preview"], cleanup["jobs"]["remove-preview"]):
        assert job["concurrency"] == {
            "group": "preview-${{ github.event.pull_request.number }}",
            "cancel-in-progress": False,
        }


def test_preview_is_skipped_with_a_notice_without_a_bucket(ci, tmp_path):
    result, output = run_settings_step(ci["jobs"]["preview"], tmp_path)
    assert result.returncode == 0, result.stderr
    assert output.strip() == "publish=false"
    assert result.stdout.startswith("::notice title=Preview skipped::")
    assert "site-hors-ligne" in result.stdout


def test_preview_goes_ahead_with_every_setting(ci, tmp_path):
    result, output = run_settings_step(
        ci["jobs"]["preview"],
        tmp_path,
        AWS_ACCESS_KEY_ID="id",
        AWS_SECRET_ACCESS_KEY="secret",
        BUCKET="b",
        PREVIEW_URL="https://previews.example.org",
    )
    assert (result.returncode, output.strip(), result.stdout) == (0, "publish=true", "")


def test_incomplete_preview_settings_fail_and_name_what_is_missing(ci, tmp_path):
    result, output = run_settings_step(ci["jobs"]["preview"], tmp_path, BUCKET="b")
    assert (result.returncode, output) == (1, "")
    assert result.stdout.strip() == (
        "::error title=Preview settings incomplete::"
        "Missing in the preview environment: AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY PREVIEW_URL"
    )


def test_cleanup_settings(cleanup, tmp_path):
    job = cleanup["jobs"]["remove-preview"]
    skipped, skipped_output = run_settings_step(job, tmp_path)
    assert (skipped.returncode, skipped_output.strip()) == (0, "remove=false")
    assert skipped.stdout.startswith("::notice title=Nothing to delete::")
    ready, ready_output = run_settings_step(job, tmp_path, AWS_ACCESS_KEY_ID="i", AWS_SECRET_ACCESS_KEY="s", BUCKET="b")
    assert (ready.returncode, ready_output.strip(), ready.stdout) == (0, "remove=true", "")
    partial, partial_output = run_settings_step(job, tmp_path, AWS_ACCESS_KEY_ID="i")
    assert (partial.returncode, partial_output) == (1, "")
    assert partial.stdout.strip().endswith("Missing in the preview environment: AWS_SECRET_ACCESS_KEY BUCKET")


def test_medical_changes_run_for_every_pull_request_without_secrets(ci):
    job = ci["jobs"]["medical-changes"]
    assert condition(job) == "github.event_name == 'pull_request'", "forks get the job summary too"
    assert "permissions" not in job
    _, checkout = step_named(job, "repository")
    assert checkout["with"]["fetch-depth"] == 0, "the base branch must be there to compare with"
    _, step = step_running(job, r"scripts/medical_diff\.py")
    assert step["env"] == {"BASE_REF": "${{ github.base_ref }}"}
    assert '>> "$GITHUB_STEP_SUMMARY"' in step["run"]


def test_comment_job_is_guarded_and_checks_out_nothing(ci):
    job = ci["jobs"]["comment"]
    assert condition(job) == (
        f"!cancelled() && github.event_name == 'pull_request' && {FORK_GUARD} && "
        "needs.medical-changes.result != 'skipped'"
    )
    assert set(job["needs"]) == {"check", "medical-changes", "preview"}
    assert [str(s["uses"]).split("@")[0] for s in steps(job)] == ["actions/download-artifact", "actions/github-script"]
    assert "${{" not in comment_script(ci), "values reach the script through env, never pasted into its code"


def run_medical_changes_step(ci: dict, clone: Path, base_ref: str) -> tuple[subprocess.CompletedProcess, str]:
    """The step's script in bash as Actions runs it; returns (result, what it wrote to the job summary)."""
    _, step = step_running(ci["jobs"]["medical-changes"], r"scripts/medical_diff\.py")
    summary = clone.parent / "summary.md"
    result = subprocess.run(
        ["bash", "-e", "-o", "pipefail", "-c", step["run"]],
        cwd=clone,
        env={
            **os.environ,
            "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
            "BASE_REF": base_ref,
            "GITHUB_STEP_SUMMARY": str(summary),
        },
        capture_output=True,
        text=True,
        check=False,
    )
    return result, summary.read_text(encoding="utf-8")


def test_medical_changes_step_on_a_temporary_history(ci, tmp_path):
    """The step as Actions runs it, in a clone whose origin/main is the base: both languages, in the summary."""
    origin = tmp_path / "origin"
    (origin / "docs" / "fr").mkdir(parents=True)
    (origin / "docs" / "en").mkdir(parents=True)
    i18n = (
        "plugins:\n  - i18n:\n      languages:\n        - locale: fr\n          default: true\n        - locale: en\n"
    )
    (origin / "mkdocs.yml").write_text(i18n, encoding="utf-8")
    (origin / "facts.yml").write_text(
        "sources:\n  centre:\n    title: A centre\nfacts:\n  - id: brace-weeks\n    statement: A brace for 6 weeks.\n"
        "    scope: osteoporosis\n    source: centre\n    value: 6\n"
        "    patterns:\n      fr: 'corset{gap}{value}{weeks}'\n      en: 'brace{gap}{value}{weeks}'\n",
        encoding="utf-8",
    )
    page = "---\ntitle: T\n---\n\n{}\n"
    (origin / "docs" / "fr" / "after.md").write_text(page.format("Un corset pendant 6 semaines."), encoding="utf-8")
    (origin / "docs" / "en" / "after.md").write_text(page.format("A brace for 6 weeks."), encoding="utf-8")
    git(origin, "init", "-q", "-b", "main")
    git(origin, "add", "-A")
    git(origin, "commit", "-q", "-m", "base")
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "-q", str(origin), str(clone))
    (clone / "docs" / "fr" / "after.md").write_text(page.format("Un corset pendant 8 semaines."), encoding="utf-8")
    (clone / "scripts").symlink_to(ROOT / "scripts")

    result, summary = run_medical_changes_step(ci, clone, "main")
    assert result.returncode == 0, result.stderr
    report = (clone / "medical-diff" / "medical-diff.md").read_text(encoding="utf-8")
    assert summary == report
    blocks = report.split("<details><summary>English</summary>")
    assert len(blocks) == 2
    assert blocks[0].startswith("## Changements médicaux : copie de travail comparée à `origin/main` (`")
    assert "- `docs/fr/after.md:5` : `brace-weeks` : **6 → 8**\n" in blocks[0]
    assert "- `docs/fr/after.md` modifié, `docs/en/after.md` non\n" in blocks[0]
    assert blocks[1].startswith("\n\n## Medical changes: working tree compared with `origin/main` (`")
    assert "- `docs/fr/after.md:5`: `brace-weeks`: **6 → 8**\n" in blocks[1]
    assert blocks[1].endswith("\n</details>\n")


def test_medical_changes_step_reports_why_it_could_not_list_them(ci, tmp_path):
    """An unknown base (or a broken registry) fails the step, and the summary and the comment say why."""
    clone = tmp_path / "clone"
    (clone / "docs").mkdir(parents=True)
    (clone / "mkdocs.yml").write_text("plugins:\n  - i18n:\n      languages:\n        - locale: fr\n", encoding="utf-8")
    git(clone, "init", "-q", "-b", "main")
    git(clone, "add", "-A")
    git(clone, "commit", "-q", "-m", "base")
    (clone / "scripts").symlink_to(ROOT / "scripts")
    result, summary = run_medical_changes_step(ci, clone, "gone")
    error = f"medical_diff: erreur : {clone}: référence git inconnue 'origin/gone'"
    assert result.returncode == 2
    assert result.stdout.startswith(f"::error title=Medical changes::{error}")
    assert (clone / "medical-diff" / "medical-diff.md").read_text(encoding="utf-8") == summary
    assert summary.startswith(
        "## Changements médicaux / Medical changes\n\n"
        "La liste n'a pas pu être établie. / The list could not be made.\n\n"
        f"```text\n{error}"
    )
    assert summary.endswith(" aucun trouvé\n```\n")


def comment_script(ci: dict) -> str:
    _, step = step_named(ci["jobs"]["comment"], "comment")
    return step["with"]["script"]


# Runs the comment job's script the way actions/github-script does (an async function of require, github,
# context, core), with a stand-in for GitHub's REST API that records the calls.
NODE_HARNESS = """
const fs = require("fs");
const [scriptPath, statePath] = process.argv.slice(2);
const existing = JSON.parse(fs.readFileSync(statePath, "utf8"));
const calls = [];
const github = {
  paginate: async (method, params) => (await method(params)).data,
  rest: { issues: {
    listComments: async (params) => { calls.push(["list", params]); return { data: existing }; },
    updateComment: async (params) => { calls.push(["update", params]); return { data: {} }; },
    createComment: async (params) => { calls.push(["create", params]); return { data: {} }; },
  } },
};
const context = { repo: { owner: "clinic", repo: "site" }, issue: { number: 7 } };
const AsyncFunction = Object.getPrototypeOf(async function () {}).constructor;
const script = fs.readFileSync(scriptPath, "utf8");
new AsyncFunction("require", "github", "context", "core", script)(require, github, context, {})
  .then(() => process.stdout.write(JSON.stringify(calls)))
  .catch((error) => { console.error(error); process.exit(1); });
"""


def run_comment_script(ci: dict, tmp_path: Path, existing: list[dict], **env: str) -> list:
    import json

    (tmp_path / "medical-diff").mkdir(exist_ok=True)
    (tmp_path / "medical-diff" / "medical-diff.md").write_text("## Changements médicaux\n", encoding="utf-8")
    (tmp_path / "script.js").write_text(comment_script(ci), encoding="utf-8")
    (tmp_path / "existing.json").write_text(json.dumps(existing), encoding="utf-8")
    (tmp_path / "harness.js").write_text(NODE_HARNESS, encoding="utf-8")
    result = subprocess.run(
        ["node", "harness.js", "script.js", "existing.json"],
        cwd=tmp_path,
        env={
            **os.environ,
            "PREVIEW_URL": "",
            "OFFLINE_URL": "",
            "RUN_URL": "https://github.com/clinic/site/actions/runs/1",
            **env,
        },
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_comment_is_created_once_with_the_offline_copy_when_there_is_no_preview(ci, tmp_path):
    artifact = "https://github.com/clinic/site/actions/runs/1/artifacts/2"
    calls = run_comment_script(ci, tmp_path, [], OFFLINE_URL=artifact)
    assert [call[0] for call in calls] == ["list", "create"]
    assert calls[1][1]["issue_number"] == 7
    assert calls[1][1]["body"] == "\n".join(
        [
            "<!-- medical-diff -->",
            "## Changements médicaux\n",
            "### Aperçu / Preview",
            "",
            f"Téléchargez **site-hors-ligne** : {artifact} (connecté à GitHub). "
            "Ouvrez le zip, faites « Extraire tout », "
            f"puis double-cliquez sur `index.html` dans le dossier `{TOP_FOLDER}` (anglais : `en/index.html`).",
            "",
            f'Download **site-hors-ligne**: {artifact} (signed in to GitHub). Open the zip, choose "Extract all", '
            f"then double-click `index.html` in the `{TOP_FOLDER}` folder (English: `en/index.html`).",
            "",
            "<sub>https://github.com/clinic/site/actions/runs/1</sub>",
        ]
    )


def test_comment_is_updated_in_place_with_the_preview_address(ci, tmp_path):
    existing = [
        {"id": 1, "user": {"type": "User"}, "body": "<!-- medical-diff --> quoted by a person"},
        {"id": 5, "user": {"type": "Bot"}, "body": "<!-- medical-diff -->\nan older report"},
    ]
    preview = "https://previews.example.org/previews/pr-7/"
    calls = run_comment_script(ci, tmp_path, existing, PREVIEW_URL=preview)
    assert [call[0] for call in calls] == ["list", "update"]
    assert calls[1][1]["comment_id"] == 5
    assert calls[1][1]["body"] == "\n".join(
        [
            "<!-- medical-diff -->",
            "## Changements médicaux\n",
            "### Aperçu / Preview",
            "",
            f"Le site avec ces changements / The site with these changes: {preview} (English: {preview}en/)",
            "",
            "<sub>https://github.com/clinic/site/actions/runs/1</sub>",
        ]
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
