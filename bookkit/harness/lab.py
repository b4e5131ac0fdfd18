"""The lab of a run: the host engine, the images on it and the run's network,
made once by the controller before any pytest-xdist worker starts, and
removed at the end. The workers find them through the environment."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from . import daemon as daemons
from . import hostengine, images

CACHE = Path(os.environ.get("DPT_CACHE") or
             Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
             / "docker-para-todos")
WORK_PREFIX = "dpt-run-"


def _remove_stale_folders(log) -> None:
    """The work folders of runs killed before their teardown (kill -9)."""
    for folder in Path(tempfile.gettempdir()).glob(WORK_PREFIX + "*"):
        owner = folder / "owner"
        pid = owner.read_text().strip() if owner.exists() else ""
        if pid.isdigit() and not Path(f"/proc/{pid}").exists():
            shutil.rmtree(folder, ignore_errors=True)
            log(f"removed {folder}, left by a run that did not end")


# How the xdist workers find the controller's host engine and network.
HOST_ENV, NETWORK_ENV = "DPT_HOST_ENGINE", "DPT_LAB_NETWORK"


class Lab:
    """What this run made on the host engine, and the folder it works in."""

    def __init__(self, work: Path, host, network: str):
        self.work, self.host, self.network = work, host, network

    @classmethod
    def start(cls, choice: str | None, image_mode: str, log) -> Lab:
        _remove_stale_folders(log)
        work = Path(tempfile.mkdtemp(prefix=WORK_PREFIX))
        (work / "owner").write_text(str(os.getpid()))
        host = None
        try:
            host = hostengine.connect(choice, CACHE, work, log=log)
            log(f"host engine: {host.description}; this run creates there only containers "
                f"labelled {daemons.LABEL}, their volumes and a network, removed at the end, "
                f"and images tagged {images.IMAGE_PREFIX}/... (kept there as a cache)")
            daemons.remove_orphans(host, log=log)
            daemon_recipe, recipes = images.load_recipes()
            made = images.ImageMaker(host.docker, mode=image_mode, log=log)
            log(f"images: {made.ensure([daemon_recipe, *recipes])}")
            network = daemons.create_network(host)
        except BaseException:
            if host is not None:
                host.close()
            shutil.rmtree(work, ignore_errors=True)
            raise
        os.environ[HOST_ENV], os.environ[NETWORK_ENV] = host.url, network
        return cls(work, host, network)

    def stop(self, log) -> None:
        left = self.host.docker("ps", "-aq", "--filter",
                                f"label={daemons.LABEL}={daemons.RUN_ID}", check=False)
        if left.stdout.strip():
            log(f"warning: Docker-in-Docker containers left on the host engine: {left.stdout}")
        daemons.remove_network(self.host, self.network)
        self.host.close()
        shutil.rmtree(self.work, ignore_errors=True)
