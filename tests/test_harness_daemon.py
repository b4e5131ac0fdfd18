"""The harness against a real daemon: timeouts, cleanup between pages, the
refusal to touch a daemon that is not disposable, a wrong output failing.
Each test runs pytest on fixture pages, as a contributor would."""

import json
import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from bookkit.harness import daemon as daemons
from bookkit.harness import hostengine, images
from bookkit.harness.plugin import CACHE

pytestmark = pytest.mark.docker
PAGES = Path(__file__).parent / "fixtures" / "harness"


@pytest.fixture(scope="module")
def host(tmp_path_factory):
    """The host engine, started once here so nested runs reuse it, with the
    images made (on a cold cache this is where they are built)."""
    engine = hostengine.connect(CACHE, tmp_path_factory.mktemp("host"), log=lambda m: None)
    daemon_recipe, recipes = images.load_recipes()
    images.ImageMaker(engine.docker, log=lambda m: None).ensure([daemon_recipe, *recipes])
    old = os.environ.get("DOCKER_HOST")
    if "DOCKER_HOST" in engine.env:
        os.environ["DOCKER_HOST"] = engine.env["DOCKER_HOST"]
    yield engine
    engine.close()
    if old is None:
        os.environ.pop("DOCKER_HOST", None)
    else:
        os.environ["DOCKER_HOST"] = old


def run_pages(tmp_path, *pages, extra=()):
    docs = tmp_path / "docs"
    docs.mkdir(exist_ok=True)
    for page in pages:
        (docs / page).write_text((PAGES / page).read_text())
    report = tmp_path / "report.json"
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "--rootdir", str(tmp_path),
         "--book-docs", str(docs), "--book-report", str(report), *extra, str(docs)],
        capture_output=True, text=True, cwd=tmp_path, timeout=900)
    result.report = json.loads(report.read_text()) if report.exists() else None
    return result


def test_hanging_command_is_killed_and_reported(host, tmp_path):
    result = run_pages(tmp_path, "hang.md")
    assert result.returncode == 1, result.stdout
    assert "hang.md:5: $ sleep 600" in result.stdout
    assert "timed out after 2 s and was killed" in result.stdout


def test_wrong_output_fails_with_a_diff(host, tmp_path):
    result = run_pages(tmp_path, "wrong-output.md")
    assert result.returncode == 1
    assert "-hola" in result.stdout and "+adios" in result.stdout
    assert result.report["pages"]["wrong-output.md"]["failed"] == 1


def test_page_leaving_containers_is_cleaned_up(host, tmp_path):
    result = run_pages(tmp_path, "a-leaves-containers.md", "b-starts-clean.md")
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.report["executed"] == 2
    assert result.report["engine"].startswith("26.")
    left = host.docker("ps", "-aq", "--filter", f"label={daemons.LABEL}={daemons.RUN_ID}")
    assert left.stdout.strip() == ""  # no Docker-in-Docker container left behind


def test_regenerate_rewrites_output_and_a_normal_run_does_not(host, tmp_path):
    run_pages(tmp_path, "wrong-output.md")
    page = tmp_path / "docs" / "wrong-output.md"
    assert "hola" in page.read_text()  # a normal run never rewrites
    result = run_pages(tmp_path, "wrong-output.md", extra=["--book-regen"])
    assert result.returncode == 0, result.stdout
    assert "hola" not in page.read_text() and "adios\n```" in page.read_text()


def test_an_uncaptured_block_runs_and_regenerate_captures_it(host, tmp_path):
    result = run_pages(tmp_path, "uncaptured.md")
    assert result.returncode == 0, result.stdout
    assert result.report["pages"]["uncaptured.md"]["uncaptured"] == [7]
    assert "output not compared uncaptured.md:7" in result.stdout
    result = run_pages(tmp_path, "uncaptured.md", extra=["--book-regen"])
    assert result.returncode == 0, result.stdout
    text = (tmp_path / "docs" / "uncaptured.md").read_text()
    assert "<!-- test: needs=swarm -->" in text
    assert "$ echo hola\nhola\n$ echo adios\nadios\n```" in text
    result = run_pages(tmp_path)  # the page as rewritten: compared from now on
    assert result.returncode == 0 and "uncaptured" not in result.report["pages"]["uncaptured.md"]


def test_refuses_a_daemon_that_is_not_disposable(host, tmp_path):
    docker_host = host.env.get("DOCKER_HOST", "unix:///var/run/docker.sock")
    name = f"dpt-not-disposable-{os.getpid()}"
    host.docker("create", "--name", name, "busybox:1.37", "true")
    try:
        with pytest.raises(daemons.RefusedDaemon, match="Refusing"):
            daemons.external(docker_host, disposable=False, workroot=str(tmp_path))
        result = run_pages(tmp_path, "b-starts-clean.md",
                           extra=["--book-docker-host", docker_host])
        assert result.returncode != 0 and "Refusing to use it" in result.stdout + result.stderr
        assert host.docker("container", "inspect", name, check=False).returncode == 0
    finally:
        host.docker("rm", "-f", name, check=False)


def test_containers_of_runs_that_did_not_end_are_removed(host):
    """A run killed before its teardown leaves its DinD container (and its
    /var/lib/docker volume); the next run removes it, not those of runs that
    are still going."""
    gone = subprocess.Popen(["true"])
    gone.wait()  # its pid: a process that no longer exists
    names = {kind: f"dpt-orphan-{kind}-{os.getpid()}" for kind in ("killed", "stopped", "going")}

    def labels(pid):
        return ["--label", f"{daemons.LABEL}=test",
                "--label", f"{daemons.OWNER_LABEL}={socket.gethostname()}:{pid}"]

    host.docker("run", "-d", "--name", names["killed"], *labels(gone.pid), "busybox:1.37",
                "sleep", "300")
    host.docker("run", "--name", names["stopped"], *labels(os.getpid()), "busybox:1.37", "true")
    host.docker("run", "-d", "--name", names["going"], *labels(os.getpid()), "busybox:1.37",
                "sleep", "300")
    try:
        removed = daemons.remove_orphans(host, log=lambda m: None)
        assert names["killed"] in removed and names["stopped"] in removed
        assert names["going"] not in removed
        for kind, exists in (("killed", False), ("stopped", False), ("going", True)):
            inspect = host.docker("container", "inspect", names[kind], check=False)
            assert (inspect.returncode == 0) is exists, kind
    finally:
        host.docker("rm", "-f", *names.values(), check=False)
