"""CI: the workflows stay thin (each job runs one script of ci/, which calls
the Makefile), and the job scripts work in a container built like the jobs'
image (python:3.11-bookworm, with no iproute2), run with a real engine."""

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))
ACTIONS = ("actions/checkout@", "actions/cache@", "actions/setup-python@",
           "actions/upload-artifact@", "actions/download-artifact@",
           "actions/upload-pages-artifact@", "actions/deploy-pages@")


def jobs():
    for path in WORKFLOWS:
        for name, job in yaml.safe_load(path.read_text(encoding="utf-8"))["jobs"].items():
            yield path.name, name, job


def makefile_targets():
    text = (ROOT / "Makefile").read_text(encoding="utf-8")
    return set(re.findall(r"^([a-z][a-z-]*):", text, re.MULTILINE))


# --- the workflows are thin ------------------------------------------------

def test_every_step_runs_a_ci_script_or_uses_an_action():
    scripts = set()
    for workflow, name, job in jobs():
        for step in job.get("steps", []):
            if "uses" in step:
                assert step["uses"].startswith(ACTIONS), f"{workflow} {name}: {step['uses']}"
                continue
            lines = [line for line in step["run"].splitlines() if line.strip()]
            assert len(lines) == 1, f"{workflow} {name}: one command per step, a ci/ script"
            script = re.match(r"(ci/[a-z-]+\.sh)( |$)", lines[0])
            assert script, f"{workflow} {name}: `{lines[0]}` is not a ci/ script"
            path = ROOT / script.group(1)
            assert path.is_file() and os.access(path, os.X_OK), f"{path} missing or not +x"
            scripts.add(script.group(1))
    assert {"ci/lint.sh", "ci/unit.sh", "ci/checks.sh", "ci/examples.sh", "ci/pdf.sh"} <= scripts


def test_ci_scripts_call_only_makefile_targets():
    used = set()
    for script in (ROOT / "ci").glob("*.sh"):
        text = script.read_text(encoding="utf-8")
        for match in re.finditer(r"^\s*(?:step\s+)?make\s+(.*)$", text, re.MULTILINE):
            words = re.sub(r"\S+=(\"[^\"]*\"|\S*)", " ", match.group(1)).split()  # not VAR=...
            used |= {word for word in words if re.fullmatch(r"[a-z-]+", word)}
    assert {"lint", "test-unit", "test-suite", "test-examples", "pdf"} <= used
    assert used <= makefile_targets(), used - makefile_targets()


def test_every_job_has_a_timeout_and_none_is_privileged():
    for workflow, name, job in jobs():
        assert 0 < job.get("timeout-minutes", 0) <= 60, f"{workflow} {name}: timeout-minutes"
        container = job.get("container") or {}
        options = container.get("options", "") if isinstance(container, dict) else ""
        assert "--privileged" not in options, f"{workflow} {name}: Docker runs on the VM"


def test_jobs_that_need_docker_run_on_the_runner_vm():
    for workflow, name, job in jobs():
        steps = " ".join(step.get("run", "") for step in job.get("steps", []))
        if re.search(r"ci/(harness|examples)\.sh", steps):
            assert "container" not in job, f"{workflow} {name}: a private dockerd in a " \
                "container keeps its images on overlay; run it on the VM"


def test_releases_are_made_only_from_tags():
    main = yaml.safe_load((ROOT / ".github" / "workflows" / "main.yml").read_text())
    assert main["jobs"]["release"]["if"].startswith("startsWith(github.ref, 'refs/tags/")
    assert main["jobs"]["deploy"]["if"] == "github.ref == 'refs/heads/main'"
    push = main[True]["push"] if True in main else main["on"]["push"]  # YAML 1.1: on = True
    assert push["tags"] and push["branches"] == ["main"]


def test_the_examples_matrix_covers_every_page_with_examples():
    result = subprocess.run(["bash", str(ROOT / "ci" / "pages.sh")], capture_output=True,
                            text=True, env={**os.environ, "GITHUB_OUTPUT": ""}, check=True)
    pages = json.loads(result.stdout)
    # The Spanish pages: their runs prove the English blocks too (bookkit.translations).
    with_examples = sorted(str(p.relative_to(ROOT)) for p in (ROOT / "docs" / "es").glob("*.md")
                           if re.search(r"^ *```console", p.read_text(encoding="utf-8"),
                                        re.MULTILINE))
    assert pages == with_examples


def test_shard_reports_merge_into_one(tmp_path):
    def report(page, date, executed):
        return {"date": date, "engine": "28.5.2", "total": 2, "executed": executed,
                "failed": 0, "examples_seconds": 10.0,
                "pages": {page: {"total": 2, "executed": executed, "failed": 0,
                                 "skipped": [] if executed == 2 else
                                 [{"line": 9, "reason": "needs ipvs"}]}}}
    for n, (page, date, executed) in enumerate([("es/redes.md", "2026-12-07T10:00:00Z", 2),
                                                ("es/swarm.md", "2026-12-07T10:05:00Z", 1)]):
        (tmp_path / f"r{n}").mkdir()
        (tmp_path / f"r{n}" / "examples.json").write_text(json.dumps(report(page, date,
                                                                              executed)))
    work = tmp_path / "repo"
    shutil.copytree(ROOT / "ci", work / "ci")
    subprocess.run(["git", "init", "-q", str(work)], check=True)
    result = subprocess.run(["bash", str(work / "ci" / "merge-reports.sh"),
                             str(tmp_path / "r0" / "examples.json"),
                             str(tmp_path / "r1" / "examples.json")],
                            capture_output=True, text=True,
                            env={**os.environ, "HOME": str(tmp_path)})
    assert result.returncode == 0, result.stderr
    merged = json.loads((work / ".book-report" / "examples.json").read_text())
    assert (merged["total"], merged["executed"], merged["date"]) == (4, 3, "2026-12-07T10:05:00Z")
    assert merged["pages"]["es/redes.md"]["run"]["date"] == "2026-12-07T10:00:00Z"
    assert merged["pages"]["es/swarm.md"]["skipped"] == [{"line": 9, "reason": "needs ipvs"}]


# --- the job scripts in a container like the jobs' -------------------------

@pytest.fixture(scope="module")
def ci_image(tmp_path_factory):
    """An engine (the running one, or a private one as the harness starts it)
    and the dpt-ci:bookworm image of ci/local-image.sh on it."""
    if os.geteuid() != 0 or not shutil.which("debootstrap"):
        pytest.skip("building the CI image needs root and debootstrap (make system-deps)")
    from bookkit.harness import hostengine
    from bookkit.harness.plugin import CACHE

    engine = hostengine.connect(None, CACHE, tmp_path_factory.mktemp("ci-engine"),
                                log=lambda m: None)
    try:
        result = subprocess.run([str(ROOT / "ci" / "local-image.sh")], env=engine.env,
                                capture_output=True, text=True, timeout=1200)
        assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
        yield engine.env
    finally:
        engine.close()


def in_container(env, *command, timeout=1200):
    return subprocess.run([str(ROOT / "ci" / "local-run.sh"), *command], env=env,
                          capture_output=True, text=True, timeout=timeout)


@pytest.mark.ci
def test_a_missing_iproute2_is_named_then_installed(ci_image):
    # python:3.11-bookworm has no iproute2, and the private engine's bridge
    # needs `ip link add`: the check names it, and system-deps installs it.
    result = in_container(ci_image, "bash", "-c",
                          "command -v ip && exit 9; scripts/system-deps.sh --check engine; "
                          "echo check=$?; scripts/system-deps.sh engine && ip -V && "
                          "scripts/system-deps.sh --check engine")
    out = result.stdout + result.stderr
    assert "check=1" in out and re.search(r"missing: .*\biproute2\b", out), out[-3000:]
    assert result.returncode == 0, out[-3000:]
    assert "ip utility" in out and "engine: all present" in out, out[-3000:]


@pytest.mark.ci
def test_the_unit_job_passes_in_a_container_like_its_image(ci_image):
    # The whole job as GitHub runs it: a checkout owned by another user (git's
    # "dubious ownership"), system packages, uv, then make test-unit.
    result = in_container(ci_image, "ci/unit.sh", timeout=1800)
    out = result.stdout + result.stderr
    assert result.returncode == 0, out[-5000:]
    assert "install: uv" in out and " passed" in out, out[-3000:]
