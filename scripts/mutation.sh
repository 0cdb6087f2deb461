#!/usr/bin/env bash
# Mutation testing with mutmut 3: plant small bugs in scripts/sitetools/ and count how many the tests catch.
#
#   bash scripts/mutation.sh                                   every module of scripts/sitetools/
#   bash scripts/mutation.sh scripts/sitetools/facts.py        one module (or several, one argument each)
#   bash scripts/mutation.sh scripts/sitetools/hooks/csp.py    one build hook (see below)
#   bash scripts/mutation.sh scripts/sitetools/hooks           every build hook (a folder: every module in it)
#
# Slow (each mutant reruns the tests that reach its function), so it is not part of .ci/run;
# .github/workflows/mutation.yml runs it every week and keeps the report. Extra pytest options go in
# MUTATION_PYTEST_ARGS (added to -m "not browser": the Chromium tests read the built site, not sitetools).
# MUTATION_TESTS narrows the tests mutmut maps to functions (its first, 'stats' pass; default: all of tests/),
# e.g. "tests/check": a mutant is then tried only against those of them that reached its function, so the
# killed share is a lower bound of the full suite's.
# Writes dist/mutation/report.txt: killed / mutants per module, then every surviving mutant with its diff
# (summary.md: the per-module lines; report.txt.results: mutmut's status of every mutant).
#
# The work happens in a copy, .cache/mutation/ (git-ignored), because mutmut names a module after its path
# and the tests import `sitetools` from scripts/ (pytest's pythonpath): in the copy the package sits at the
# top, scripts/ keeps the command-line scripts, and PYTHONPATH sends those scripts to the mutated package.
# The build hooks are measured as sitetools.hooks: overrides/hooks/<name>.py only re-exports the events of
# sitetools.hooks.<name>, and overrides/hooks/_sitetools.py adds scripts/ to sys.path only where it holds
# sitetools, which the copy's does not, so a build in the copy runs the mutated hooks. mutmut credits a
# function only with the tests that call it in their own process (tests/test_hooks_*.py call each event
# directly); a build run as a subprocess still runs the mutant under test, but is never chosen for it.
set -euo pipefail
cd "$(dirname "$0")/.."

modules=()
for module in "$@"; do
  module="${module%/}"
  if [[ "$module" != scripts/sitetools/* || ! (-d "$module" || ("$module" == *.py && -f "$module")) ]]; then
    echo "mutation.sh: expected a module such as scripts/sitetools/facts.py or a folder such as scripts/sitetools/hooks, found '$module'" >&2
    exit 2
  fi
  modules+=("$module")
done

# Same set-up as the tests (virtual environment, Chromium, axe-core), then mutmut from requirements-dev.txt.
bash scripts/test.sh --collect-only -q >/dev/null
.venv/bin/python -m pip install -q --disable-pip-version-check -r requirements-dev.txt

project="$PWD"
work=.cache/mutation
report=dist/mutation/report.txt
rm -rf "$work"
mkdir -p "$work/mutants" "$(dirname "$report")"
git ls-files -z --cached --others --exclude-standard | tar --null -T - -cf - | tar -xf - -C "$work"
mv "$work/scripts/sitetools" "$work/sitetools"
# mutmut copies folders into mutants/ by value; these two are linked there instead.
ln -s "$project/.venv" "$work/mutants/.venv"
if [ -d node_modules ]; then ln -s "$project/node_modules" "$work/mutants/node_modules"; fi
# publish.py's --help reads scripts/publish.py beside the package (parents[1]): in the copy that is mutants/.
ln -s "$project/$work/scripts/publish.py" "$work/mutants/publish.py"

{
  echo "[mutmut]"
  echo "source_paths = sitetools"
  if [ "${#modules[@]}" -gt 0 ]; then
    echo "only_mutate ="
    for module in "${modules[@]}"; do
      if [ -d "$module" ]; then echo "    sitetools/${module#scripts/sitetools/}/*"; else echo "    sitetools/${module#scripts/sitetools/}"; fi
    done
  fi
  echo "also_copy ="
  for name in scripts docs overrides mkdocs.yml facts.yml README.md CONTRIBUTING.md CONTRIBUTING.en.md \
    .ci .github .pre-commit-config.yaml requirements.txt requirements-test.txt requirements-dev.txt \
    package.json package-lock.json; do
    echo "    $name"
  done
  echo "pytest_add_cli_args ="
  printf '    -m\n    not browser\n'
  # shellcheck disable=SC2086 # one pytest option per word
  for arg in ${MUTATION_PYTEST_ARGS:-}; do echo "    $arg"; done
  if [ -n "${MUTATION_TESTS:-}" ]; then
    echo "pytest_add_cli_args_test_selection ="
    # shellcheck disable=SC2086 # one test path per word
    for arg in $MUTATION_TESTS; do echo "    $arg"; done
  fi
} >"$work/setup.cfg"

# A script the tests run as a subprocess (check_content.py, make_offline_zip.py) inherits MUTANT_UNDER_TEST and
# runs the mutant under test. While mutmut maps tests to functions ('stats') it would read mutmut's settings
# from its own folder and crash: this loads them from the workspace first.
mkdir -p "$work/site-customize"
cat >"$work/site-customize/sitecustomize.py" <<'PYTHON'
import os

if os.environ.get("MUTANT_UNDER_TEST") == "stats" and os.environ.get("MUTATION_WORKSPACE"):
    folder = os.getcwd()
    os.chdir(os.environ["MUTATION_WORKSPACE"])
    try:
        from mutmut.configuration import config

        config()
    finally:
        os.chdir(folder)
PYTHON

cd "$work"
export NO_MKDOCS_2_WARNING=1 PYTHONPATH="$PWD/mutants:$PWD/site-customize" MUTATION_WORKSPACE="$PWD"
# Survivors are the result, not an error: mutmut exits non-zero only when it could not run the tests.
"$project/.venv/bin/mutmut" run --max-children "${MUTATION_JOBS:-2}"
"$project/.venv/bin/mutmut" results --all true >"$project/$report.results"
"$project/.venv/bin/python" - "$project/$report" <<'PYTHON'
"""Summarise mutmut's results: killed share per module, then each surviving mutant with its diff.

Also writes summary.md beside the report (the per-module lines, for the workflow's run summary).
"""
import collections
import re
import subprocess
import sys
from pathlib import Path

report = Path(sys.argv[1])
statuses = collections.defaultdict(collections.Counter)
survivors = []
for line in Path(f"{report}.results").read_text(encoding="utf-8").splitlines():
    match = re.match(r"^\s*(?P<name>[\w.ǁ]+__mutmut_\d+): (?P<status>.+)$", line)
    if not match:
        continue
    module = match["name"].split(".x")[0]
    statuses[module][match["status"].strip()] += 1
    if match["status"].strip() == "survived":
        survivors.append(match["name"])
lines = []
for module, counts in sorted(statuses.items()):
    total = sum(counts.values())
    killed = counts["killed"] + counts["timeout"]
    rest = ", ".join(f"{status} {n}" for status, n in sorted(counts.items()) if status not in ("killed", "timeout"))
    path = Path(*module.split("."))  # run in the copy, where the package sits at the top
    path = Path("scripts", path / "__init__.py" if path.is_dir() else path.with_suffix(".py"))
    lines.append(f"{path}: {killed}/{total} killed ({killed / total:.0%}); {rest}")
lines.append("")
for name in survivors:
    mutmut = str(Path(sys.executable).with_name("mutmut"))
    diff = subprocess.run([mutmut, "show", name], capture_output=True, text=True, check=True).stdout
    lines += [f"--- surviving: {name}", diff.rstrip(), ""]
report.write_text("\n".join(lines) + "\n", encoding="utf-8")
modules = [line for line in lines if line.startswith("scripts/")]
summary = ["### Mutation testing (mutmut)", "", *[f"- {line}" for line in modules], "", f"Survivors: {len(survivors)}"]
report.with_name("summary.md").write_text("\n".join(summary) + "\n", encoding="utf-8")
print("\n".join(modules))
print(f"report: {report}")
checked = sum(n for counts in statuses.values() for status, n in counts.items() if status != "not checked")
if not checked:
    sys.exit(f"mutation.sh: mutmut checked no mutant; see {report}.results and mutmut's output above")
PYTHON
