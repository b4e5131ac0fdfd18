"""Nothing of the user's is touched, and nothing is left behind.

A "user's engine" (a dockerd of its own, started here) holds a canary
container, image (also tagged as one of the book's official tags), volume
and network, and a HOME whose ~/.docker has a context and credentials. The
harness runs in its default mode (with DOCKER_HOST naming the user's
engine) and with the explicit option naming it; both leave every canary
exactly as it was. Then a run killed with kill -9, two runs at once, and
the machine's processes, interfaces, mounts and firewall before and after.
"""

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from harness_runs import PAGES, run_pages

from bookkit.harness import hostengine, images
from bookkit.harness.lab import CACHE

pytestmark = pytest.mark.docker


def _run(command: str) -> str:
    return subprocess.run(command, shell=True, capture_output=True, text=True).stdout


def machine_state() -> dict:
    """What a run must leave as it found it (see shared/hooks/before-stop)."""
    return {
        "dockerd": _run("pgrep -c -x dockerd").strip(),
        "containerd": _run("pgrep -c -x containerd").strip(),
        "links": sorted(line.split(":")[1].strip().split("@")[0]
                        for line in _run("ip -o link").splitlines()),
        "mounts": sorted(_run("findmnt -rn -o TARGET").split()),
        "iptables": _run("iptables -S 2>/dev/null"),
        "work folders": sorted(p.name for p in Path("/tmp").glob("dpt-run-*")),
    }


@pytest.fixture(scope="module")
def users_engine(tmp_path_factory):
    """A user's engine with the harness's images already in it (as a
    laptop's cache would be) and canary objects of the user's."""
    root = tmp_path_factory.mktemp("user")
    engine = hostengine.connect(None, root / "cache", root / "work", log=lambda m: None)
    ours = hostengine.connect(None, CACHE, root / "ours", log=lambda m: None)
    try:
        daemon_recipe, recipes = images.load_recipes()
        images.ImageMaker(ours.docker, log=lambda m: None).ensure([daemon_recipe, *recipes])
        tags = [r.host_tag for r in [daemon_recipe, *recipes]]
        save = subprocess.Popen(["docker", "save", *tags], env=ours.env, stdout=subprocess.PIPE)
        engine.docker("load", "-q", stdin=save.stdout, timeout=600)
        save.wait()
    finally:
        ours.close()
    canary = root / "canary.tar"
    (root / "canary.txt").write_text("canary\n")
    subprocess.run(["tar", "-C", str(root), "-cf", str(canary), "canary.txt"], check=True)
    engine.docker("import", str(canary), "canary:1")
    engine.docker("tag", "canary:1", "nginx:1.26")  # one of the book's official tags
    engine.docker("create", "--name", "canary", "canary:1", "/canary.txt")
    engine.docker("volume", "create", "canary")
    engine.docker("network", "create", "canary")
    home = root / "home"
    (home / ".docker").mkdir(parents=True)
    (home / ".docker" / "config.json").write_text(
        json.dumps({"auths": {"registry.example": {"auth": "Y2FuYXJ5OmNhbmFyeQ=="}}}))
    env = {**os.environ, "HOME": str(home)}
    subprocess.run(["docker", "context", "create", "canary", "--docker",
                    f"host={engine.url}"], env=env, check=True, capture_output=True)
    subprocess.run(["docker", "context", "use", "canary"], env=env, check=True,
                   capture_output=True)
    engine.home = home
    yield engine
    engine.close()
    shutil.rmtree(root / "cache", ignore_errors=True)  # its images: a gigabyte


def snapshot(engine) -> dict:
    """Everything of the user's, to compare byte for byte."""
    def docker(*args):
        return engine.docker(*args).stdout

    def listing(*args):  # as a set: listings of equal objects have no fixed order
        return sorted(docker(*args).splitlines())

    return {
        "container": docker("container", "inspect", "canary"),
        "image": docker("image", "inspect", "canary:1", "nginx:1.26"),
        "volume": docker("volume", "inspect", "canary"),
        "network": docker("network", "inspect", "canary"),
        "containers": listing("ps", "-a", "--format", "{{.Names}}"),
        "volumes": listing("volume", "ls", "-q"),
        "networks": listing("network", "ls", "--format", "{{.Name}}"),
        "images": listing("image", "ls", "--format", "{{.Repository}}:{{.Tag}} {{.ID}}"),
        "files": {str(p.relative_to(engine.home)): p.read_bytes()
                  for p in sorted(engine.home.rglob("*")) if p.is_file()},
    }


def test_the_default_mode_never_uses_the_users_engine(users_engine, tmp_path):
    before = snapshot(users_engine)
    env = {**os.environ, "HOME": str(users_engine.home), "DOCKER_HOST": users_engine.url,
           "DPT_CACHE": str(CACHE)}  # the image cache stays ours
    result = run_pages(tmp_path, "a-leaves-containers.md", "b-starts-clean.md", env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "host engine: a private dockerd" in result.stdout
    assert snapshot(users_engine) == before


def test_the_explicit_option_touches_only_what_the_harness_makes(users_engine, tmp_path):
    before = snapshot(users_engine)
    env = {**os.environ, "HOME": str(users_engine.home), "DPT_CACHE": str(CACHE)}
    result = run_pages(tmp_path, "a-leaves-containers.md", "b-starts-clean.md", env=env,
                       extra=["--book-docker-host", users_engine.url])
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"host engine: your engine at {users_engine.url}" in result.stdout
    assert snapshot(users_engine) == before


def _page_env() -> dict:
    # Each run its own run ID, as two contributors' runs would have.
    return {k: v for k, v in os.environ.items() if k != "DPT_RUN_ID"}


def test_a_run_killed_with_kill_9_leaves_nothing_and_the_next_run_passes(tmp_path):
    before = machine_state()
    docs = tmp_path / "killed" / "docs"
    docs.mkdir(parents=True)
    (docs / "long.md").write_text((PAGES / "long.md")
                                  .read_text())
    killed = subprocess.Popen(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "--rootdir",
         str(docs.parent), "--book-docs", str(docs), "--book-report",
         str(docs.parent / "report.json"), str(docs)],
        cwd=docs.parent, env=_page_env(), start_new_session=True,
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 600
    while "sleep 317" not in _run("pgrep -af 'sleep 317'"):
        assert killed.poll() is None and time.monotonic() < deadline, "the page never ran"
        time.sleep(1)
    os.killpg(killed.pid, signal.SIGKILL)
    killed.wait()
    result = run_pages(tmp_path / "next", "b-starts-clean.md", env=_page_env())
    assert result.returncode == 0, result.stdout + result.stderr
    time.sleep(2)  # the namespaces of the engine end with its last process
    assert machine_state() == before


def test_two_runs_at_once_both_pass(tmp_path):
    before = machine_state()
    runs = []
    for name in ("first", "second"):
        folder = tmp_path / name
        docs = folder / "docs"
        docs.mkdir(parents=True)
        (docs / "b.md").write_text((PAGES / "b-starts-clean.md")
                                   .read_text())
        runs.append(subprocess.Popen(
            [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "--rootdir", str(folder),
             "--book-docs", str(docs), "--book-report", str(folder / "report.json"),
             str(docs)], cwd=folder, env=_page_env(), stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT, text=True))
    outputs = [run.communicate(timeout=900)[0] for run in runs]
    assert [run.returncode for run in runs] == [0, 0], "\n".join(outputs)
    assert any("waiting for it to finish" in output for output in outputs)
    time.sleep(2)
    assert machine_state() == before
