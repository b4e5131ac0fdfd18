"""The host engine: the Docker engine that runs the Docker-in-Docker
containers, and nothing else.

By default it is a private dockerd this run starts (root on Linux) inside
namespaces of its own: its own network namespace (its bridges and iptables
rules live and die there, the host's firewall is never touched; slirp4netns
gives it a way out to the package mirrors, in user space, as rootless Docker
does), its own
mount namespace (its overlay mounts vanish with it) and its own PID namespace
whose first process dies with the test run, so that even `kill -9` of the run
takes dockerd, containerd, the shims and every container with it.

A user's engine (Docker Desktop, a system dockerd) is used only when asked
for (`--book-docker-host URL`, or `current` for what the docker CLI uses), and
even then the harness only creates, and later removes, things of its own:
labelled containers, a network, anonymous volumes and images tagged under
IMAGE_PREFIX. Either way the CLI runs with a DOCKER_CONFIG of the harness's,
so ~/.docker is never read for contexts nor written.
"""

from __future__ import annotations

import ctypes
import fcntl
import json
import os
import shutil
import signal
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path

from bookkit import system

# What the private engine's own bridge and pools use, so that the Docker
# daemons inside keep Docker's defaults (docker0 172.17.0.1/16, pools from
# 172.17.0.0/12), as on a reader's machine.
PRIVATE_BIP = "10.213.0.1/24"
PRIVATE_POOLS = "base=10.214.0.0/16,size=24"
LOCK_WAIT = 45 * 60  # a second run waits this long for the first one


class EngineError(RuntimeError):
    """The host engine cannot be had: said to the contributor without a traceback."""


@dataclass
class HostEngine:
    env: dict[str, str]
    description: str  # which engine, for the screen
    private: bool = False
    _stop: object = field(default=None, repr=False)

    def docker(self, *args, check=True, timeout=120, stdin=None, input_text=None):
        """Run the Docker CLI against this engine."""
        result = subprocess.run(["docker", *args], env=self.env, capture_output=True,
                                text=True, timeout=timeout, stdin=stdin, input=input_text)
        if check and result.returncode != 0:
            raise RuntimeError(f"docker {' '.join(args)} failed on the host engine:\n"
                               f"{result.stderr}")
        return result

    @property
    def url(self) -> str:
        return self.env["DOCKER_HOST"]

    def version(self) -> str:
        return self.docker("version", "--format", "{{.Server.Version}}").stdout.strip()

    def close(self):
        if self._stop:
            self._stop()
            self._stop = None


def cli_env(docker_host: str, config_dir: Path) -> dict[str, str]:
    """The environment of every docker CLI call on the host engine: this
    engine only (no DOCKER_CONTEXT, no TLS variables of the user's), and a
    config folder of the harness's own."""
    config_dir.mkdir(parents=True, exist_ok=True)
    plugins = config_dir / "cli-plugins"
    user_plugins = Path.home() / ".docker" / "cli-plugins"
    if not plugins.exists() and user_plugins.is_dir():
        plugins.symlink_to(user_plugins)  # buildx and compose, read only
    env = {k: v for k, v in os.environ.items()
           if k not in ("DOCKER_CONTEXT", "DOCKER_TLS_VERIFY", "DOCKER_CERT_PATH")}
    return env | {"DOCKER_HOST": docker_host, "DOCKER_CONFIG": str(config_dir)}


def _answers(env: dict[str, str]) -> bool:
    if not shutil.which("docker"):
        return False
    try:
        result = subprocess.run(["docker", "version", "--format", "{{.Server.Version}}"],
                                env=env, capture_output=True, timeout=20)
    except subprocess.TimeoutExpired:
        return False
    return result.returncode == 0


def _current_endpoint() -> str | None:
    """The daemon the user's docker CLI talks to (DOCKER_HOST or context)."""
    if os.environ.get("DOCKER_HOST"):
        return os.environ["DOCKER_HOST"]
    if not shutil.which("docker"):
        return None
    result = subprocess.run(["docker", "context", "inspect", "--format",
                             "{{json .Endpoints.docker}}"], capture_output=True, text=True)
    if result.returncode != 0:
        return None
    endpoint = json.loads(result.stdout)
    if endpoint.get("SkipTLSVerify") is False and endpoint.get("Host", "").startswith("tcp"):
        raise EngineError("the current Docker context uses TLS; pass its URL with "
                          "--book-docker-host and DOCKER_CERT_PATH is not supported: use a "
                          "local engine or a unix socket")
    return endpoint.get("Host")


def connect(choice: str | None, cache: Path, work: Path, log=print) -> HostEngine:
    """The engine to run Docker-in-Docker on: a private one (default), or the
    one `choice` names (a URL, or `current`)."""
    config_dir = cache / "docker-config"
    if choice:
        url = _current_endpoint() if choice == "current" else choice
        if not url:
            raise EngineError("--book-docker-host current: the docker CLI names no engine")
        engine = HostEngine(cli_env(url, config_dir), description=f"your engine at {url}")
        if not _answers(engine.env):
            raise EngineError(f"no Docker engine answers at {url}")
        return engine
    if os.geteuid() != 0 or not Path("/etc/debian_version").exists() or not shutil.which(
            "unshare"):
        found = _current_endpoint() if shutil.which("docker") else None
        hint = (f"\nA Docker engine answers at {found}. To run the examples' Docker-in-Docker "
                "containers on it, say so: `make test DOCKER_ENGINE=current` (the harness "
                "then creates only its own labelled containers, a network, anonymous volumes "
                "and images tagged docker-para-todos/..., and removes them at the end)."
                if found else "")
        raise EngineError("cannot start a private Docker engine: that needs root on Debian "
                          "or Ubuntu (it runs Debian's dockerd in namespaces of its own)."
                          + hint)
    return _start_private(cache, work, config_dir, log)


def _wait_for_lock(path: Path, log):
    """One private engine per cache: a second run waits for the first."""
    lock = open(path, "w")  # noqa: SIM115 - held while the engine runs
    deadline = time.monotonic() + LOCK_WAIT
    told = False
    while True:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return lock
        except BlockingIOError:
            if not told:
                log(f"host engine: another test run is using the private engine ({path}); "
                    f"waiting for it to finish (at most {LOCK_WAIT // 60} minutes)")
                told = True
            if time.monotonic() > deadline:
                lock.close()
                raise EngineError(f"another test run held {path} for {LOCK_WAIT // 60} "
                                  "minutes; stop it or wait, then run again") from None
            time.sleep(2)


# Run by `unshare` as the first process of the new PID namespace. /etc/docker,
# /run/docker and /run/containerd get empty tmpfs mounts (in this mount
# namespace only), so the private engine never reads or writes the host's
# daemon.json, key.json, plugins or system containerd.
_NAMESPACE_INIT = r"""
set -e
ip link set lo up
for dir in /etc/docker /run/docker /run/containerd; do
  mkdir -p "$dir" && mount -t tmpfs -o mode=0755 tmpfs "$dir"
done
exec dockerd "$@"
"""


def _die_with_parent() -> None:
    """In the child before exec: SIGKILL when the test run dies, even by kill -9."""
    PR_SET_PDEATHSIG = 1
    ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)


def _namespace_init(unshare: subprocess.Popen) -> int | None:
    """The PID of the first process in the engine's namespaces (unshare's child)."""
    children = Path(f"/proc/{unshare.pid}/task/{unshare.pid}/children")
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and unshare.poll() is None:
        pids = children.read_text().split() if children.exists() else []
        if pids:
            return int(pids[0])
        time.sleep(0.05)
    return None


def _way_out(unshare: subprocess.Popen, run: Path) -> subprocess.Popen | None:
    """slirp4netns: a tap device in the engine's network namespace whose
    traffic leaves through this process's sockets (no host bridge, no host
    firewall rule). Containers then reach what the machine reaches."""
    pid = _namespace_init(unshare)
    if pid is None:
        return None
    log = open(run / "slirp4netns.log", "w")  # noqa: SIM115 - the process keeps it
    return subprocess.Popen(["slirp4netns", "--configure", "--mtu=65520",
                             "--disable-host-loopback", str(pid), "tap0"],
                            stdout=log, stderr=subprocess.STDOUT, preexec_fn=_die_with_parent)


def _start_private(cache: Path, work: Path, config_dir: Path, log) -> HostEngine:
    log("host engine: starting a private dockerd in namespaces of its own "
        "(nothing of this machine's Docker, network or mounts is touched)")
    try:
        system.require("engine")
    except system.Missing as error:
        raise EngineError(str(error)) from None
    data_root = cache / "host-engine"  # kept between runs: it caches the images
    data_root.mkdir(parents=True, exist_ok=True)
    lock = _wait_for_lock(cache / "host-engine.lock", log)
    run = work / "host"
    run.mkdir(parents=True)
    sock = run / "docker.sock"
    (run / "daemon.json").write_text("{}\n")
    logfile = open(run / "dockerd.log", "w")  # noqa: SIM115 - closed in stop()
    proc = subprocess.Popen(
        ["unshare", "--fork", "--pid", "--mount-proc", "--net", "--mount", "--kill-child",
         "sh", "-c", _NAMESPACE_INIT, "dpt-engine",
         "--host", f"unix://{sock}", "--data-root", str(data_root),
         "--exec-root", str(run / "exec"), "--pidfile", str(run / "docker.pid"),
         "--config-file", str(run / "daemon.json"),
         "--bip", PRIVATE_BIP, "--default-address-pool", PRIVATE_POOLS],
        stdout=logfile, stderr=subprocess.STDOUT, preexec_fn=_die_with_parent)
    engine = HostEngine(cli_env(f"unix://{sock}", config_dir), private=True,
                        description=f"a private dockerd (data in {data_root})")
    way_out = _way_out(proc, run)

    def stop():
        # unshare ignores SIGTERM while it waits: stop dockerd, its child, and
        # the namespaces end with it.
        init = _namespace_init(proc) if proc.poll() is None else None
        if init is not None:
            os.kill(init, signal.SIGTERM)
        try:
            proc.wait(timeout=40)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        if way_out is not None:
            way_out.terminate()
            way_out.wait()
        logfile.close()
        fcntl.flock(lock, fcntl.LOCK_UN)
        lock.close()

    engine._stop = stop
    deadline = time.monotonic() + 60
    while not _answers(engine.env):
        if proc.poll() is not None or time.monotonic() > deadline:
            stop()
            raise EngineError(f"the private dockerd did not start; its log "
                              f"({run / 'dockerd.log'}) ends with:\n"
                              + (run / "dockerd.log").read_text()[-2000:])
        time.sleep(0.2)
    return engine
