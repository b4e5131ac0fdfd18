"""The harness against a real daemon: timeouts, cleanup between pages, a
wrong output failing, loops stopped without losing the page, a bad
annotation failing only its page. Each test runs pytest on fixture pages, as
a contributor would, on the host engine this module starts (named to the
nested runs with --book-docker-host, as a user names their engine)."""

import os
import socket
import subprocess

import pytest
from harness_runs import run_pages

from bookkit.harness import daemon as daemons
from bookkit.harness import hostengine, images
from bookkit.harness.lab import CACHE

pytestmark = pytest.mark.docker


@pytest.fixture(scope="module")
def host(tmp_path_factory):
    """The host engine, started once here so nested runs reuse it, with the
    images made (on a cold cache this is where they are built)."""
    engine = hostengine.connect(None, CACHE, tmp_path_factory.mktemp("host"), log=lambda m: None)
    daemon_recipe, recipes = images.load_recipes()
    images.ImageMaker(engine.docker, log=lambda m: None).ensure([daemon_recipe, *recipes])
    yield engine
    engine.close()


def test_hanging_command_is_killed_and_reported(host, tmp_path):
    result = run_pages(tmp_path, "hang.md", host=host)
    assert result.returncode == 1, result.stdout
    assert "hang.md:5: $ sleep 600" in result.stdout
    assert "timed out after 2 s and was killed" in result.stdout


def test_wrong_output_fails_with_a_diff(host, tmp_path):
    result = run_pages(tmp_path, "wrong-output.md", host=host)
    assert result.returncode == 1
    assert "-hola" in result.stdout and "+adios" in result.stdout
    assert result.report["pages"]["wrong-output.md"]["failed"] == 1


def test_page_leaving_containers_is_cleaned_up(host, tmp_path):
    result = run_pages(tmp_path, "a-leaves-containers.md", "b-starts-clean.md", host=host)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.report["executed"] == 2
    assert result.report["engine"].startswith("26.")
    left = host.docker("ps", "-aq", "--filter", f"label={daemons.LABEL}={daemons.RUN_ID}")
    assert left.stdout.strip() == ""  # no Docker-in-Docker container left behind


def test_a_page_sees_only_the_images_it_names(host, tmp_path):
    # The images loaded for one page are gone on the next (a clean run failed
    # when a page's `docker image ls` listed python:3.13-slim that another
    # page of the same worker had used).
    result = run_pages(tmp_path, "c-loads-debian.md", "d-sees-only-its-images.md", host=host)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.report["executed"] == 2


def test_regenerate_rewrites_output_and_a_normal_run_does_not(host, tmp_path):
    run_pages(tmp_path, "wrong-output.md", host=host)
    page = tmp_path / "docs" / "wrong-output.md"
    assert "hola" in page.read_text()  # a normal run never rewrites
    result = run_pages(tmp_path, "wrong-output.md", extra=["--book-regen"], host=host)
    assert result.returncode == 0, result.stdout
    assert "hola" not in page.read_text() and "adios\n```" in page.read_text()


def test_an_uncaptured_block_runs_and_regenerate_captures_it(host, tmp_path):
    result = run_pages(tmp_path, "uncaptured.md", host=host)
    assert result.returncode == 0, result.stdout
    assert result.report["pages"]["uncaptured.md"]["uncaptured"] == [7]
    assert "output not compared uncaptured.md:7" in result.stdout
    result = run_pages(tmp_path, "uncaptured.md", extra=["--book-regen"], host=host)
    assert result.returncode == 0, result.stdout
    text = (tmp_path / "docs" / "uncaptured.md").read_text()
    assert "<!-- test: needs=swarm -->" in text
    assert "$ echo hola\nhola\n$ echo adios\nadios\n```" in text
    result = run_pages(tmp_path, host=host)  # the page as rewritten: compared from now on
    assert result.returncode == 0 and "uncaptured" not in result.report["pages"]["uncaptured.md"]


def test_a_shell_loop_is_stopped_and_the_page_goes_on(host, tmp_path):
    result = run_pages(tmp_path, "loop.md", host=host)
    assert result.returncode == 1, result.stdout
    page = result.report["pages"]["loop.md"]
    assert page["executed"] == 3 and page["failed"] == 1, result.stdout
    assert "loop.md:9: $ until false" in result.stdout and "timed out after 5 s" in result.stdout
    assert "Traceback" not in result.stdout + result.stderr


def test_a_bad_annotation_fails_its_page_and_the_others_run(host, tmp_path):
    result = run_pages(tmp_path, "bad-annotation.md", "b-starts-clean.md", host=host)
    assert result.returncode == 1, result.stdout
    assert "bad-annotation.md:3: option 'tiemout=5': unknown option" in result.stdout
    assert result.report["pages"]["b-starts-clean.md"]["executed"] == 1
    assert "Traceback" not in result.stdout + result.stderr


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

    busybox = images.host_tag("busybox:1.37")
    host.docker("run", "-d", "--name", names["killed"], *labels(gone.pid), busybox, "sleep", "300")
    host.docker("run", "--name", names["stopped"], *labels(os.getpid()), busybox, "true")
    host.docker("run", "-d", "--name", names["going"], *labels(os.getpid()), busybox,
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
