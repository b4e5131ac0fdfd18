"""The host engine: the Docker engine that runs the Docker-in-Docker
container, and nothing else. Either one that is already there (a laptop,
Docker Desktop) or a private dockerd this run installs and starts (CI)."""

from __future__ import annotations

import contextlib
import fcntl
import ipaddress
import os
import shutil
import subprocess
import time
from pathlib import Path


class HostEngine:
    def __init__(self, env: dict[str, str], private: bool):
        self.env, self.private = env, private
        self._stop = None

    def docker(self, *args, check=True, timeout=120, stdin=None, input_text=None):
        """Run the Docker CLI against this engine."""
        result = subprocess.run(["docker", *args], env=self.env, capture_output=True,
                                text=True, timeout=timeout, stdin=stdin, input=input_text)
        if check and result.returncode != 0:
            raise RuntimeError(f"docker {' '.join(args)} failed on the host engine:\n"
                               f"{result.stderr}")
        return result

    def version(self) -> str:
        return self.docker("version", "--format", "{{.Server.Version}}").stdout.strip()

    def close(self):
        if self._stop:
            self._stop()
            self._stop = None


def _answers(env: dict[str, str]) -> bool:
    if not shutil.which("docker"):
        return False
    try:
        result = subprocess.run(["docker", "version", "--format", "{{.Server.Version}}"],
                                env=env, capture_output=True, timeout=20)
    except subprocess.TimeoutExpired:
        return False
    return result.returncode == 0


def connect(cache: Path, work: Path, log=print) -> HostEngine:
    """An engine that answers: the user's, or a private one started here."""
    env = dict(os.environ)
    if _answers(env):
        log("host engine: using the running Docker engine to run Docker-in-Docker")
        return HostEngine(env, private=False)
    if os.geteuid() != 0 or not Path("/etc/debian_version").exists():
        raise RuntimeError(
            "no Docker engine answers. Start Docker (Docker Desktop or dockerd), or run "
            "the tests as root on Debian/Ubuntu so they can install and start a private one.")
    return _start_private(cache, work, log)


def _install() -> None:
    if shutil.which("dockerd") and shutil.which("debootstrap"):
        return
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    for cmd in (["apt-get", "update", "-qq"],
                ["apt-get", "install", "-y", "-qq", "docker.io", "debootstrap", "iptables"]):
        subprocess.run(cmd, env=env, check=True, capture_output=True, timeout=900)


def _start_private(cache: Path, work: Path, log) -> HostEngine:
    log("host engine: none running; installing Debian's docker.io and starting a private one")
    _install()
    data_root = cache / "host-engine"  # kept between runs: it caches the images
    data_root.mkdir(parents=True, exist_ok=True)
    lock = open(data_root.parent / "host-engine.lock", "w")  # noqa: SIM115 - held while running
    try:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        raise RuntimeError(f"another test run holds the private engine ({lock.name}); wait for "
                           "it, or point DOCKER_HOST at a running engine") from None
    run = work / "host"
    run.mkdir(parents=True)
    sock = run / "docker.sock"
    # Its own bridge on a free subnet, so it never fights another engine's docker0.
    bridge = f"dpt{os.getpid() % 100000}"
    subprocess.run(["ip", "link", "add", "name", bridge, "type", "bridge"], check=True,
                   capture_output=True)
    subprocess.run(["ip", "addr", "add", _free_subnet(), "dev", bridge], check=True,
                   capture_output=True)
    subprocess.run(["ip", "link", "set", bridge, "up"], check=True, capture_output=True)
    logfile = open(run / "dockerd.log", "w")  # noqa: SIM115 - closed in stop()
    proc = subprocess.Popen(
        ["dockerd", "--host", f"unix://{sock}", "--data-root", str(data_root),
         "--exec-root", str(run / "exec"), "--pidfile", str(run / "docker.pid"),
         "--bridge", bridge],
        stdout=logfile, stderr=subprocess.STDOUT, start_new_session=True)
    env = {**os.environ, "DOCKER_HOST": f"unix://{sock}"}
    engine = HostEngine(env, private=True)

    def stop():
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        _stop_children(run / "exec")
        subprocess.run(["ip", "link", "delete", bridge], capture_output=True)
        logfile.close()
        with contextlib.suppress(OSError):
            fcntl.flock(lock, fcntl.LOCK_UN)
            lock.close()

    engine._stop = stop
    deadline = time.monotonic() + 60
    while not _answers(env):
        if proc.poll() is not None or time.monotonic() > deadline:
            stop()
            raise RuntimeError(f"the private dockerd did not start; see {run / 'dockerd.log'}:\n"
                               + (run / "dockerd.log").read_text()[-2000:])
        time.sleep(0.2)
    return engine


def _free_subnet() -> str:
    """The first 172.29.N.1/24 that no interface here uses."""
    used = subprocess.run(["ip", "-4", "-o", "addr"], capture_output=True, text=True).stdout
    for third in range(1, 255):
        net = ipaddress.ip_network(f"172.29.{third}.0/24")
        if f" 172.29.{third}." not in used:
            return f"{net.network_address + 1}/24"
    raise RuntimeError("no free 172.29.N.0/24 subnet for the private engine's bridge")


def _stop_children(exec_root: Path) -> None:
    """dockerd's containerd exits with it; make sure no shim outlives it."""
    subprocess.run(["pkill", "-f", f"containerd-shim.*{exec_root}"], capture_output=True)
