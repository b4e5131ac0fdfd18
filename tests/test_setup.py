"""The set-up: the lock installs exactly the pins, the test tiers select what
the Makefile says, and the system packages have one list and one installer."""

import re
import subprocess
import sys
from pathlib import Path

from bookkit import system
from bookkit.lint import spelling
from bookkit.pdf import system as pdf_system

ROOT = Path(__file__).resolve().parent.parent


def lock_entries() -> dict[str, tuple[str, list[str]]]:
    """{name: (version, hashes)} of requirements.lock."""
    entries, name = {}, None
    for line in (ROOT / "requirements.lock").read_text(encoding="utf-8").splitlines():
        match = re.match(r"^([A-Za-z0-9._-]+)==([^ ;\\]+)", line)
        if match:
            name = match.group(1).lower()
            entries[name] = (match.group(2), [])
        elif name and (found := re.search(r"--hash=sha256:([0-9a-f]{64})", line)):
            entries[name][1].append(found.group(1))
    return entries


def test_the_lock_pins_every_requirement_at_its_version_with_hashes():
    lock = lock_entries()
    pins = re.findall(r"^([A-Za-z0-9._-]+)==(\S+)", (ROOT / "requirements.txt").read_text(
        encoding="utf-8"), re.MULTILINE)
    assert len(pins) >= 20
    for name, version in pins:
        assert name.lower() in lock, f"{name} is not in requirements.lock: run `make lock`"
        assert lock[name.lower()][0] == version, \
            f"{name}=={version} but the lock has {lock[name.lower()][0]}: run `make lock`"
    assert all(hashes for _, hashes in lock.values())
    assert len(lock) > len(pins)  # the transitive ones are pinned too


def makefile_variable(name: str) -> str:
    text = (ROOT / "Makefile").read_text(encoding="utf-8")
    return re.search(rf"^{name} :?= (.*)$", text, re.MULTILINE).group(1).strip()


def collected(expression: str) -> set[str]:
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "--collect-only", "-q",
         "-m", expression, "tests"], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode in (0, 5), result.stdout[-2000:] + result.stderr[-2000:]
    return {line for line in result.stdout.splitlines() if "::" in line}


class _Markers(dict):
    def __missing__(self, name):
        return False


def selects(expression: str, markers: set[str]) -> bool:
    """pytest's -m for expressions of marker names, `not`, `and`, `or` and brackets."""
    assert re.fullmatch(r"[\w\s()]+", expression), expression
    return eval(expression, {"__builtins__": {}}, _Markers({m: True for m in markers}))


def test_test_unit_leaves_out_docker_build_and_ci_tests(collected_markers):
    unit = makefile_variable("UNIT_MARKERS")
    heavy = "docker or build or ci"
    if "tests/test_harness_daemon.py" in {n.split("::")[0] for n in collected_markers}:
        # The whole folder was collected (make test, make test-unit): no second collection.
        selected = {n for n, marks in collected_markers.items() if selects(unit, marks)}
        heavy_tests = {n for n, marks in collected_markers.items() if selects(heavy, marks)}
    else:
        selected, heavy_tests = collected(unit), collected(heavy)
    assert len(selected) > 100
    assert not selected & heavy_tests, f"make test-unit runs these: {selected & heavy_tests}"
    # What needs Docker, reads the real site (marked or not: conftest.py) or
    # runs a CI script is in the heavy tier.
    files = {name.split("::")[0] for name in heavy_tests}
    assert {"tests/test_harness_daemon.py", "tests/test_book_build.py",
            "tests/test_offline_site.py", "tests/test_ci_scripts.py"} <= files


def test_the_system_packages_have_one_list():
    groups = system.groups()
    assert set(groups) >= {"lint", "pdf", "poppler", "chromium", "engine"}
    assert "iproute2" in groups["engine"] and groups["engine"]["iproute2"] == "ip"
    assert list(groups["lint"]) == spelling.DEBIAN_PACKAGES
    for group, checks in pdf_system.CHECKS.items():  # what the PDF code checks is listed
        assert {package for package, _ in checks} <= set(groups[group]), group


def test_a_missing_package_says_how_to_install_it(tmp_path, monkeypatch):
    data = tmp_path / "system-packages.txt"
    data.write_text("# comment\nengine: dpt-fake=no-such-command-here dpt-no-such-package\n")
    monkeypatch.setattr(system, "PACKAGES", data)
    assert system.missing("engine") == ["dpt-fake", "dpt-no-such-package"]
    try:
        system.require("engine")
    except system.Missing as error:
        assert "dpt-fake, dpt-no-such-package" in str(error)
        assert "sudo make system-deps" in str(error)
    else:
        raise AssertionError("require() did not raise")


def test_only_make_system_deps_installs_system_packages():
    calls = {path.relative_to(ROOT).as_posix() for path in (ROOT / "bookkit").rglob("*.py")
             if re.search(r"""["']apt-get["']""", path.read_text(encoding="utf-8"))}
    assert not calls, f"apt-get called outside scripts/system-deps.sh: {calls}"


def test_system_deps_checks_without_installing_and_names_what_is_missing(tmp_path):
    script = ROOT / "scripts" / "system-deps.sh"
    data = tmp_path / "system-packages.txt"
    data.write_text("tools: dpt-fake-iproute2=no-such-command-here\nlint: bash=bash\n")
    env = {"PATH": "/usr/bin:/bin", "SYSTEM_PACKAGES_FILE": str(data)}

    def run(*args):
        return subprocess.run(["bash", str(script), *args], capture_output=True, text=True,
                              env=env)

    result = run("--check", "nonexistent-group")
    assert result.returncode == 2 and "unknown group 'nonexistent-group'" in result.stderr
    result = run("--check", "lint")
    assert result.returncode == 0 and "all present" in result.stdout
    result = run("--check", "tools")
    assert result.returncode == 1 and "missing: dpt-fake-iproute2" in result.stderr
    assert "make system-deps" in result.stderr
