"""CI cannot stay green while a test fails: `.ci/run`, `scripts/test.sh` and the workflow's test step.

The two scripts run for real, as copies inside a tiny throwaway project with one test (passing or failing).
Its `.venv` is a link to this project's, so nothing is installed: Debian's Chromium is already there and the
tiny project has no package-lock.json, so test.sh skips apt and npm. Every other script test.sh calls is a
stub that succeeds, so only pytest can make the run fail.

Each check also runs on a broken copy (`exit 0` at the top of .ci/run, `|| true` after pytest,
`continue-on-error: true` on the test step) to show that it sees the difference.
"""

from __future__ import annotations

import copy
import os
import re
import shlex
import subprocess
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
CI_RUN = ROOT / ".ci" / "run"
TEST_SH = ROOT / "scripts" / "test.sh"
WORKFLOWS_DIR = ROOT / ".github" / "workflows"
CHROMIUM = Path("/usr/bin/chromium")
README_BLOCK = re.compile(r"```sh\n(.*?)\n```", re.DOTALL)
SCRIPT_IN_TEST_SH = re.compile(r"\bscripts/[\w./-]+\.py\b")
PYTEST_LINE = re.compile(r"^(?P<line>[^#\n]*-m pytest\b.*)$", re.M)
# Steps that must fail the job when they fail: the tests, the content check, the strict build, the zip.
GUARDED_RUN = re.compile(
    r"\bbash scripts/test\.sh\b|scripts/check_content\.py|mkdocs build --strict|scripts/make_offline_zip\.py"
)
TEST_RUN = re.compile(r"\bbash scripts/test\.sh\b")
SWALLOWED = re.compile(r"\|\|\s*(?:true\b|:(?!\S)|exit\s+0\b)")
# What GitHub runs a `run:` step with when the workflow names no shell.
ACTIONS_BASH = ["bash", "--noprofile", "--norc", "-eo", "pipefail"]
TIMEOUT = 180


def readme_test_command() -> str:
    """The second of the two commands the README opens with."""
    text = (ROOT / "README.md").read_text(encoding="utf-8").split("\n\n## ", 1)[0]
    commands = [block.strip() for block in README_BLOCK.findall(text)]
    assert len(commands) == 2, f"README.md: expected two opening commands, found {commands}"
    return commands[1]


# --- the tiny project -------------------------------------------------------------------------------------


def tiny_project(tmp_path: Path, *, test_passes: bool, ci_run: str | None = None, test_sh: str | None = None) -> Path:
    """A project with copies of .ci/run and scripts/test.sh (or the texts given) and one test."""
    venv = ROOT / ".venv"
    assert (venv / "bin" / "python").is_file(), "run scripts/test.sh once first: it creates .venv"
    if not CHROMIUM.is_file():
        pytest.fail(f"{CHROMIUM} is missing: test.sh would install it; run scripts/test.sh once first")
    project = tmp_path / "project"
    (project / ".ci").mkdir(parents=True)
    (project / "scripts").mkdir()
    (project / "tests").mkdir()
    (project / ".venv").symlink_to(venv, target_is_directory=True)
    test_sh = TEST_SH.read_text(encoding="utf-8") if test_sh is None else test_sh
    (project / ".ci" / "run").write_text(CI_RUN.read_text(encoding="utf-8") if ci_run is None else ci_run)
    (project / "scripts" / "test.sh").write_text(test_sh, encoding="utf-8")
    for script in set(SCRIPT_IN_TEST_SH.findall(test_sh)):
        (project / script).parent.mkdir(parents=True, exist_ok=True)
        (project / script).write_text(f'print("{script}: stub, always passes")\n', encoding="utf-8")
    (project / "requirements-test.txt").write_text("# everything is already in the linked .venv\n")
    (project / "pyproject.toml").write_text('[tool.pytest.ini_options]\ntestpaths = ["tests"]\n')
    (project / "tests" / "test_one.py").write_text(f"def test_one():\n    assert {test_passes}\n")
    return project


def run(command: list[str], project: Path) -> subprocess.CompletedProcess:
    env = {key: value for key, value in os.environ.items() if not key.startswith("PYTEST_")}
    return subprocess.run(command, cwd=project, env=env, capture_output=True, text=True, timeout=TIMEOUT, check=False)


def with_early_exit(script: str) -> str:
    """The script with `exit 0` right after its shebang line."""
    shebang, _, rest = script.partition("\n")
    return f"{shebang}\nexit 0\n{rest}"


def with_swallowed_pytest(script: str) -> str:
    """test.sh with `|| true` after the pytest line."""
    broken, count = PYTEST_LINE.subn(r"\g<line> || true", script, count=1)
    assert count == 1, "scripts/test.sh: expected a line running '-m pytest'"
    return broken


# --- .ci/run runs the README's test command and nothing else ----------------------------------------------

STUB_TEST_SH = '#!/usr/bin/env bash\nprintf "called with [%s]\\n" "$*" >> test_sh_calls.log\n'


def trace_ci_run(project: Path) -> tuple[list[str], list[str]]:
    """(commands .ci/run executed itself, besides `set` and `cd`; the calls the stub test.sh logged)."""
    result = run(["bash", "-x", ".ci/run"], project)
    commands = []
    for line in result.stderr.splitlines():
        if not line.startswith("+ "):  # '++' lines are command substitutions, such as $(dirname "$0")
            continue
        command = line[2:].removeprefix("exec ")
        if not command.startswith(("set ", "cd ")):
            commands.append(command)
    log = project / "test_sh_calls.log"
    calls = log.read_text(encoding="utf-8").splitlines() if log.is_file() else []
    return commands, calls


def test_ci_run_runs_the_readme_test_command_and_nothing_else(tmp_path):
    project = tiny_project(tmp_path, test_passes=True, test_sh=STUB_TEST_SH)
    commands, calls = trace_ci_run(project)
    assert commands == [readme_test_command()]
    assert calls == ["called with []"]


def test_the_trace_sees_an_early_exit_in_ci_run(tmp_path):
    broken = with_early_exit(CI_RUN.read_text(encoding="utf-8"))
    project = tiny_project(tmp_path, test_passes=True, ci_run=broken, test_sh=STUB_TEST_SH)
    assert trace_ci_run(project) == (["exit 0"], [])


# --- a failing test fails scripts/test.sh and .ci/run -----------------------------------------------------


def test_ci_run_passes_when_every_test_passes(tmp_path):
    """The control: the tiny project is complete, so a failure below can only come from its one test."""
    result = run(["bash", ".ci/run"], tiny_project(tmp_path, test_passes=True))
    assert result.returncode == 0, result.stdout + result.stderr
    assert re.search(r"^=+ 1 passed\b", result.stdout, re.M), result.stdout


@pytest.mark.parametrize("entry", ["scripts/test.sh", ".ci/run"])
def test_a_failing_test_fails_the_run(tmp_path, entry):
    result = run(["bash", entry], tiny_project(tmp_path, test_passes=False))
    assert result.returncode == 1, result.stdout + result.stderr
    assert re.search(r"^FAILED tests/test_one\.py::test_one\b", result.stdout, re.M), result.stdout


def test_the_run_would_see_a_swallowed_failure(tmp_path):
    """With `|| true` after pytest, the same failing test leaves .ci/run green: the test above tells them apart."""
    broken = with_swallowed_pytest(TEST_SH.read_text(encoding="utf-8"))
    result = run(["bash", ".ci/run"], tiny_project(tmp_path, test_passes=False, test_sh=broken))
    assert result.returncode == 0, result.stdout + result.stderr
    assert re.search(r"^FAILED tests/test_one\.py::test_one\b", result.stdout, re.M), result.stdout


# --- the workflow's test job fails when a test fails ------------------------------------------------------


def workflows() -> dict[str, dict]:
    files = sorted(WORKFLOWS_DIR.glob("*.yml")) + sorted(WORKFLOWS_DIR.glob("*.yaml"))
    return {path.name: yaml.safe_load(path.read_text(encoding="utf-8")) for path in files}


def triggers(workflow: dict) -> set[str]:
    """The event names of `on:`; YAML 1.1 reads the bare key `on` as True."""
    value = workflow.get("on", workflow.get(True))
    if isinstance(value, str):
        return {value}
    return set(value or ())


def guarded_steps(name: str, workflow: dict) -> list[tuple[str, dict, dict]]:
    """(where, job, step) for every step that runs the tests, the content check, the build or the zip."""
    found = []
    for job_id, job in (workflow.get("jobs") or {}).items():
        for step in job.get("steps") or []:
            if GUARDED_RUN.search(str(step.get("run", ""))):
                found.append((f"{name}: job {job_id}, step {step.get('name', step['run'])!r}", job, step))
    return found


def integrity_problems(name: str, workflow: dict) -> list[str]:
    """What would let a guarded step fail while its job stays green."""
    problems = []
    default_shell = ((workflow.get("defaults") or {}).get("run") or {}).get("shell")
    for job_id, job in (workflow.get("jobs") or {}).items():
        guarded = any(GUARDED_RUN.search(str(step.get("run", ""))) for step in job.get("steps") or [])
        if guarded and job.get("continue-on-error", False) is not False:
            problems.append(f"{name}: job {job_id}: continue-on-error: {job['continue-on-error']}")
    for where, job, step in guarded_steps(name, workflow):
        if step.get("continue-on-error", False) is not False:
            problems.append(f"{where}: continue-on-error: {step['continue-on-error']}")
        if match := SWALLOWED.search(str(step["run"])):
            problems.append(f"{where}: '{match[0]}' swallows the exit code")
        job_shell = ((job.get("defaults") or {}).get("run") or {}).get("shell")
        shell = step.get("shell", job_shell or default_shell)
        if shell not in (None, "bash"):
            problems.append(f"{where}: shell {shell!r} instead of the default 'bash -eo pipefail'")
    return problems


def test_no_guarded_step_can_fail_quietly():
    found = {name: integrity_problems(name, workflow) for name, workflow in workflows().items()}
    assert {name: problems for name, problems in found.items() if problems} == {}


def test_pull_requests_run_the_readme_test_command():
    on_pull_requests = [
        step["run"].strip()
        for name, workflow in workflows().items()
        if "pull_request" in triggers(workflow)
        for _, _, step in guarded_steps(name, workflow)
        if TEST_RUN.search(step["run"])
    ]
    assert on_pull_requests, "no workflow triggered by pull_request runs bash scripts/test.sh"
    assert set(on_pull_requests) == {readme_test_command()}


def steps_running_tests() -> list[tuple[str, str, dict, dict]]:
    """(workflow file, where, job, step) for every step that runs bash scripts/test.sh."""
    return [
        (name, where, job, step)
        for name, workflow in workflows().items()
        for where, job, step in guarded_steps(name, workflow)
        if TEST_RUN.search(step["run"])
    ]


@pytest.mark.parametrize("breakage", ["step continue-on-error", "job continue-on-error", "|| true", "shell bash {0}"])
def test_the_workflow_check_sees_each_breakage(breakage):
    name = steps_running_tests()[0][0]
    broken = copy.deepcopy(workflows()[name])
    _, job, step = next(found for found in guarded_steps(name, broken) if TEST_RUN.search(found[2]["run"]))
    if breakage == "step continue-on-error":
        step["continue-on-error"] = True
    elif breakage == "job continue-on-error":
        job["continue-on-error"] = True
    elif breakage == "|| true":
        step["run"] = f"{step['run'].rstrip()} || true\n"
    else:
        step["shell"] = "bash {0}"
    assert integrity_problems(name, workflows()[name]) == []
    assert len(integrity_problems(name, broken)) == 1, integrity_problems(name, broken)


def test_the_workflow_test_step_fails_on_a_failing_test(tmp_path):
    """Each test step's script, run the way GitHub runs it, in the tiny project whose one test fails."""
    steps = steps_running_tests()
    assert steps
    for number, (_, where, _, step) in enumerate(steps):
        project = tiny_project(tmp_path / str(number), test_passes=False)
        script = project / "step.sh"
        script.write_text(step["run"], encoding="utf-8")
        result = run([*ACTIONS_BASH, str(script)], project)
        assert result.returncode != 0, f"{where}: exit 0 although a test failed\n{result.stdout}"
        assert "FAILED tests/test_one.py::test_one" in result.stdout, f"{where}: {result.stdout}"


def test_the_readme_command_is_what_the_tiny_project_runs():
    """The tiny project runs `bash scripts/test.sh`; if the README's command changes, so must these tests."""
    assert shlex.split(readme_test_command()) == ["bash", "scripts/test.sh"]
