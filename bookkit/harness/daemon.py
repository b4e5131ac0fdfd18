"""The disposable Docker daemon the examples run against.

Normally a Docker-in-Docker container on the host engine: the examples run
inside it (its CLI, Compose and buildx are current), it is reset between
pages and removed with its volume at the end. `--book-docker-host` points
the examples at another daemon instead, which must be empty unless declared
disposable.
"""

from __future__ import annotations

import os
import socket
import subprocess
import time
import uuid
from dataclasses import dataclass, field

# The measured way to run Docker-in-Docker where --privileged fails (no
# CAP_SYS_RESOURCE in the bounding set): see shared/notes.
DIND_RUN_OPTIONS = [
    "--cap-add", "ALL", "--cap-drop", "SYS_RESOURCE",
    "--security-opt", "seccomp=unconfined", "--security-opt", "apparmor=unconfined",
    "--security-opt", "systempaths=unconfined",
    "--device-cgroup-rule", "a *:* rwm",
    "-v", "/sys/fs/cgroup:/sys/fs/cgroup:rw", "--cgroupns", "host",
]
INNER_BIP = "10.213.0.1/24"  # the inner docker0, apart from the host's networks
LABEL = "org.docker-para-todos.harness"
RUN_ID = os.environ.setdefault("DPT_RUN_ID", uuid.uuid4().hex[:12])  # shared with xdist workers
# host:pid of the process that started a DinD container, so that a later run
# can tell a container of a killed run from one of a run still going.
OWNER_LABEL = f"{LABEL}.owner"

# Everything a page may have left: its containers, services, networks,
# volumes, images other than the base set, build cache, swarm, contexts.
RESET_SCRIPT = r"""
docker swarm leave --force >/dev/null 2>&1
docker context use default >/dev/null 2>&1
for c in $(docker context ls -q); do
  [ "$c" = default ] || docker context rm -f "$c" >/dev/null
done
ids=$(docker container ls -aq); [ -z "$ids" ] || docker container rm -f -v $ids >/dev/null
docker network prune -f >/dev/null
docker volume prune -af >/dev/null 2>&1 || docker volume prune -f >/dev/null
keep="$1"
docker image ls --format '{{.Repository}}:{{.Tag}} {{.ID}}' | while read -r ref id; do
  case " $keep " in
    *" $ref "*) ;;
    *) docker image rm -f "$ref" >/dev/null 2>&1 || docker image rm -f "$id" >/dev/null 2>&1;;
  esac
done
docker builder prune -af >/dev/null 2>&1
rm -rf /book/* /root/.docker/contexts /root/.docker/config.json 2>/dev/null
true
"""


class RefusedDaemon(RuntimeError):
    pass


@dataclass
class Daemon:
    """How to run a shell that talks to the examples' daemon."""

    shell_argv: list[str]  # argv of a shell whose `docker` uses the daemon
    env: dict[str, str]
    workroot: str  # where pages' working folders are made, as that shell sees it
    container: str | None = None  # the DinD container, when there is one
    host: object = None  # the HostEngine that runs it
    loaded: set[str] = field(default_factory=set)  # images already in the daemon

    def ensure_images(self, names: list[str]) -> None:
        """Load from the host engine the images a page mentions, once each:
        loading only what is used keeps the daemon quick to start."""
        missing = [n for n in names if n not in self.loaded]
        if missing and self.container:
            _load_images(self.host, self.container, missing)
        self.loaded.update(missing)

    def run(self, script: str, *args: str, timeout: int = 120) -> subprocess.CompletedProcess:
        """Run a bash script in the examples' environment (not a reader's command)."""
        return subprocess.run([*self.shell_argv, "-c", script, "bash", *args], env=self.env,
                              capture_output=True, text=True, timeout=timeout)

    def check(self, script: str, *args: str, timeout: int = 120) -> str:
        result = self.run(script, *args, timeout=timeout)
        if result.returncode != 0:
            raise RuntimeError(f"daemon command failed: {script.strip()[:200]}\n"
                               f"{result.stdout}{result.stderr}")
        return result.stdout

    def version(self) -> dict[str, str]:
        out = self.check("docker version --format '{{.Server.Version}} {{.Client.Version}}'; "
                         "docker compose version --short; docker buildx version | cut -d' ' -f2")
        engine, client, compose, buildx = out.split()
        return {"engine": engine, "client": client, "compose": compose, "buildx": buildx}

    def capabilities(self) -> dict[str, bool]:
        """What the machine offers, for blocks that declare `needs=`."""
        script = (
            "test -d /proc/sys/net/ipv4/vs && echo ipvs; "
            "timeout 8 docker run --rm busybox:1.37 wget -q -T 5 -O /dev/null "
            "http://deb.debian.org/debian/ >/dev/null 2>&1 && echo network; "
            "timeout 8 docker pull -q hello-world >/dev/null 2>&1 && echo registry; true")
        found = set(self.run(script, timeout=40).stdout.split())
        return {name: name in found for name in ("ipvs", "network", "registry")} | {
            "swarm": True, "tty": True}

    def reset(self, keep_images: list[str]) -> None:
        self.check(RESET_SCRIPT, " ".join(keep_images), timeout=180)

    def is_empty(self) -> bool:
        return not self.check("docker container ls -aq").strip()

    def stop(self) -> None:
        if self.container and self.host:
            self.host.docker("rm", "-f", "-v", self.container, check=False, timeout=60)


def start_dind(host, image: str, log=print, name: str | None = None) -> Daemon:
    """Run the DinD container and wait for its daemon."""
    name = name or f"dpt-dind-{uuid.uuid4().hex[:8]}"
    shell = ["docker", "exec", "-i", "-e", "TERM=dumb", name, "bash", "--noprofile", "--norc"]
    daemon = Daemon(shell_argv=shell, env=host.env, workroot="/book", container=name, host=host)
    try:
        host.docker("run", "-d", "--name", name, "--label", f"{LABEL}={RUN_ID}",
                    "--label", f"{OWNER_LABEL}={socket.gethostname()}:{os.getpid()}",
                    "--hostname", "docker-host", *DIND_RUN_OPTIONS, image,
                    "--host", "unix:///var/run/docker.sock", "--bip", INNER_BIP, "--tls=false")
        deadline = time.monotonic() + 60
        while daemon.run("docker info >/dev/null 2>&1", timeout=10).returncode != 0:
            if time.monotonic() > deadline:
                logs = host.docker("logs", "--tail", "30", name, check=False)
                raise RuntimeError(f"Docker-in-Docker did not start:\n{logs.stderr}{logs.stdout}")
            time.sleep(0.2)
        daemon.check("mkdir -p /book")
    except BaseException:
        daemon.stop()
        raise
    log(f"daemon: {name} ready")
    return daemon


def remove_orphans(host, log=print) -> list[str]:
    """Remove the DinD containers, with their volumes, of runs that ended
    without their teardown (SIGTERM from a CI timeout, SIGKILL, a laptop shut
    down): each keeps a whole /var/lib/docker volume, and they pile up run
    after run. One is an orphan when it is no longer running, or when the
    process that started it on this machine is gone. Containers of other
    runs still going (another terminal, another machine) are left alone."""
    listing = host.docker("ps", "-a", "--filter", f"label={LABEL}", "--format",
                          f'{{{{.Names}}}} {{{{.State}}}} {{{{.Label "{OWNER_LABEL}"}}}}')
    orphans = []
    for line in listing.stdout.splitlines():
        name, state, owner = (line.split() + ["", ""])[:3]
        if state in ("exited", "dead") or not _owner_alive(owner):
            orphans.append(name)
    if orphans:
        host.docker("rm", "-f", "-v", *orphans, check=False, timeout=120)
        log(f"removed Docker-in-Docker containers of earlier runs that did not end: "
            f"{', '.join(orphans)}")
    return orphans


def _owner_alive(owner: str) -> bool:
    """Whether the host:pid of OWNER_LABEL may still run (True when it cannot
    be told: no label, another machine)."""
    hostname, _, pid = owner.rpartition(":")
    if hostname != socket.gethostname() or not pid.isdigit():
        return True
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process: alive
        pass
    return True


def _load_images(host, container: str, images: list[str]) -> None:
    save = subprocess.Popen(["docker", "save", *images], env=host.env, stdout=subprocess.PIPE)
    load = subprocess.run(["docker", "exec", "-i", container, "docker", "load", "-q"],
                          env=host.env, stdin=save.stdout, capture_output=True, text=True)
    save.stdout.close()
    if save.wait() != 0 or load.returncode != 0:
        raise RuntimeError(f"loading images into Docker-in-Docker failed:\n{load.stderr}")


def external(docker_host: str, disposable: bool, workroot: str) -> Daemon:
    """A daemon the user names. Refuse one with containers unless disposable."""
    env = {**os.environ, "DOCKER_HOST": docker_host}
    daemon = Daemon(shell_argv=["bash", "--noprofile", "--norc"], env=env, workroot=workroot)
    if not disposable and not daemon.is_empty():
        raise RefusedDaemon(
            f"{docker_host} has containers: the examples remove containers, images and "
            "swarms. Refusing to use it; pass --book-disposable if it may be wiped.")
    return daemon
