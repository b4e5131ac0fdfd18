"""The disposable Docker daemon the examples run against: a Docker-in-Docker
container on the host engine. The examples run inside it (its CLI, Compose
and buildx are current, and a page's commands never run on the machine
itself); it is reset between pages and removed with its volume at the end.
"""

from __future__ import annotations

import os
import socket
import subprocess
import time
import uuid
from dataclasses import dataclass, field

from .images import host_tag

# The measured way to run Docker-in-Docker where --privileged fails (no
# CAP_SYS_RESOURCE in the bounding set): see shared/notes.
DIND_RUN_OPTIONS = [
    "--cap-add", "ALL", "--cap-drop", "SYS_RESOURCE",
    "--security-opt", "seccomp=unconfined", "--security-opt", "apparmor=unconfined",
    "--security-opt", "systempaths=unconfined",
    "--device-cgroup-rule", "a *:* rwm",
    "-v", "/sys/fs/cgroup:/sys/fs/cgroup:rw", "--cgroupns", "host",
]
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


@dataclass
class Daemon:
    """How to run a shell that talks to the examples' daemon."""

    exec_argv: list[str]  # argv that runs a program inside the DinD container
    env: dict[str, str]
    workroot: str  # where pages' working folders are made, as that shell sees it
    container: str  # the DinD container
    host: object  # the HostEngine that runs it
    loaded: set[str] = field(default_factory=set)  # images already in the daemon

    def ensure_images(self, names: list[str]) -> None:
        """Load from the host engine the images a page mentions, once each:
        loading only what is used keeps the daemon quick to start."""
        missing = [n for n in names if n not in self.loaded]
        if missing:
            _load_images(self.host, self.container, missing)
        self.loaded.update(missing)

    def run(self, script: str, *args: str, timeout: int = 120) -> subprocess.CompletedProcess:
        """Run a bash script in the examples' environment (not a reader's command)."""
        return subprocess.run([*self.exec_argv, "bash", "--noprofile", "--norc", "-c", script,
                               "bash", *args], env=self.env, capture_output=True, text=True,
                              timeout=timeout)

    def check(self, script: str, *args: str, timeout: int = 120) -> str:
        result = self.run(script, *args, timeout=timeout)
        if result.returncode != 0:
            raise RuntimeError(f"daemon command failed: {script.strip()[:200]}\n"
                               f"{result.stdout}{result.stderr}")
        return result.stdout

    def version(self) -> dict[str, str]:
        out = self.check("docker version --format '{{.Server.Version}} {{.Client.Version}}'; "
                         "docker compose version --short; docker buildx version | cut -d' ' -f2")
        return dict(zip(("engine", "client", "compose", "buildx"), out.split(), strict=True))

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
        """Remove what a page left, then restart the daemon: its address
        allocator goes round (172.18, 172.19... even after the networks are
        removed), and a page must find the state of a reader's fresh daemon."""
        self.check(RESET_SCRIPT, " ".join(keep_images), timeout=180)
        self.loaded.intersection_update(keep_images)
        self.host.docker("restart", "--time", "10", self.container, timeout=120)
        self.wait_ready()

    def wait_ready(self, seconds: float = 60) -> None:
        deadline = time.monotonic() + seconds
        while self.run("docker info >/dev/null 2>&1", timeout=10).returncode != 0:
            if time.monotonic() > deadline:
                logs = self.host.docker("logs", "--tail", "30", self.container, check=False)
                raise RuntimeError(f"Docker-in-Docker did not start:\n{logs.stderr}{logs.stdout}")
            time.sleep(0.2)

    def stop(self) -> None:
        self.host.docker("rm", "-f", "-v", self.container, check=False, timeout=60)


def _owner() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def create_network(host) -> str:
    """The run's network on the host engine, for its DinD containers. Its
    subnet is one of 10.213.N.0/24, so that the daemons inside keep Docker's
    defaults (docker0 172.17.0.1/16) whatever the host engine's networks are."""
    name = f"dpt-lab-{uuid.uuid4().hex[:8]}"
    for third in range(1, 255):
        result = host.docker("network", "create", "--label", f"{LABEL}={RUN_ID}",
                             "--label", f"{OWNER_LABEL}={_owner()}",
                             "--subnet", f"10.213.{third}.0/24", name, check=False)
        if result.returncode == 0:
            return name
        if "overlap" not in result.stderr and "Pool" not in result.stderr:
            raise RuntimeError(f"cannot create the network {name}: {result.stderr}")
    raise RuntimeError(f"no free 10.213.N.0/24 subnet on the host engine for {name}")


def remove_network(host, name: str) -> None:
    host.docker("network", "rm", name, check=False)


def start_dind(host, image: str, network: str, log=print, name: str | None = None) -> Daemon:
    """Run the DinD container and wait for its daemon."""
    name = name or f"dpt-dind-{uuid.uuid4().hex[:8]}"
    daemon = Daemon(exec_argv=["docker", "exec", "-i", "-e", "TERM=dumb", name], env=host.env,
                    workroot="/book", container=name, host=host)
    try:
        host.docker("run", "-d", "--name", name, "--label", f"{LABEL}={RUN_ID}",
                    "--label", f"{OWNER_LABEL}={_owner()}", "--network", network,
                    "--hostname", "docker-host", *DIND_RUN_OPTIONS, image,
                    "--host", "unix:///var/run/docker.sock", "--tls=false")
        daemon.wait_ready()
        daemon.check("mkdir -p /book")
    except BaseException:
        daemon.stop()
        raise
    log(f"daemon: {name} ready")
    return daemon


def remove_orphans(host, log=print) -> list[str]:
    """Remove the DinD containers, with their volumes, and the networks of
    runs that ended without their teardown (SIGTERM from a CI timeout,
    SIGKILL, a laptop shut down): each container keeps a whole
    /var/lib/docker volume, and they pile up run after run. A container is an
    orphan when it is no longer running, or when the process that started it
    on this machine is gone; a network when that process is gone. Those of
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
    networks = host.docker("network", "ls", "--filter", f"label={LABEL}", "--format",
                           f'{{{{.Name}}}} {{{{.Label "{OWNER_LABEL}"}}}}')
    for line in networks.stdout.splitlines():
        name, owner = (line.split() + [""])[:2]
        if not _owner_alive(owner):
            remove_network(host, name)
            orphans.append(name)
    if orphans:
        log(f"removed what earlier runs that did not end left: {', '.join(orphans)}")
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
    """Copy images from the host engine, where they carry the harness's
    prefix, into the DinD daemon under their official names."""
    tags = [host_tag(name) for name in images]
    save = subprocess.Popen(["docker", "save", *tags], env=host.env, stdout=subprocess.PIPE)
    load = subprocess.run(["docker", "exec", "-i", container, "docker", "load", "-q"],
                          env=host.env, stdin=save.stdout, capture_output=True, text=True)
    save.stdout.close()
    if save.wait() != 0 or load.returncode != 0:
        raise RuntimeError(f"loading images into Docker-in-Docker failed:\n{load.stderr}")
    retag = "; ".join(f"docker tag {t} {n} && docker rmi {t} >/dev/null"
                      for t, n in zip(tags, images, strict=True) if t != n)
    if retag:
        result = subprocess.run(["docker", "exec", container, "sh", "-ec", retag],
                                env=host.env, capture_output=True, text=True)
        if result.returncode != 0:
            raise RuntimeError(f"naming the images in Docker-in-Docker failed:\n{result.stderr}")
