"""Make the images the examples need: pull them, or build them from Debian's
packages when no registry answers. Recipes live in data/images.yml."""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import tempfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from bookkit import DATA
from bookkit.data import DataError, load, require

RECIPES = DATA / "images.yml"
MIRROR = "http://deb.debian.org/debian"
LABEL = "org.docker-para-todos.recipe"
# On the host engine every image is tagged under this prefix, never under an
# official name a user may have (nginx:1.26): the Docker-in-Docker daemon
# gets the official name when the image is loaded into it.
IMAGE_PREFIX = "docker-para-todos/examples"
KNOWN_KEYS = {"name", "pull", "suite", "packages", "run", "changes", "busybox", "after_pull"}


def host_tag(name: str) -> str:
    """An image's name on the host engine."""
    return name if name.startswith("docker-para-todos/") else f"{IMAGE_PREFIX}/{name}"


@dataclass
class Recipe:
    name: str
    pull: str | None
    suite: str
    packages: list[str] = field(default_factory=list)
    run: list[str] = field(default_factory=list)
    changes: list[str] = field(default_factory=list)
    busybox: bool = False
    after_pull: list[str] = field(default_factory=list)  # Dockerfile lines over `pull`

    @property
    def host_tag(self) -> str:
        return host_tag(self.name)

    @property
    def key(self) -> str:
        """Cache key: a hash of what the local build is made from."""
        built_from = {k: v for k, v in self.__dict__.items() if k != "after_pull"}
        text = json.dumps(built_from, sort_keys=True)
        return hashlib.sha256(text.encode()).hexdigest()[:16]


def _recipe(entry, path) -> Recipe:
    unknown = set(entry) - KNOWN_KEYS
    if unknown:
        raise DataError(path, entry.line, f"unknown key(s) {sorted(unknown)}; known: "
                        f"{sorted(KNOWN_KEYS)}")
    return Recipe(
        name=require(entry, "name", path),
        pull=entry.get("pull"),
        suite=require(entry, "suite", path),
        packages=list(entry.get("packages") or []),
        run=list(entry.get("run") or []),
        changes=list(entry.get("changes") or []),
        busybox=bool(entry.get("busybox", False)),
        after_pull=list(entry.get("after_pull") or []),
    )


def load_recipes(path: Path = RECIPES) -> tuple[Recipe, list[Recipe]]:
    """(daemon recipe, example image recipes)."""
    data = load(path)
    daemon = data.get("daemon") if isinstance(data, dict) else None
    if daemon is None:
        raise DataError(path, None, "a 'daemon' recipe is required")
    return _recipe(daemon, path), [_recipe(e, path) for e in data.get("images") or []]


class ImageMaker:
    """Ensures images exist on a host engine (`docker` is a callable running
    the Docker CLI against it)."""

    def __init__(self, docker, mode: str = "auto", log=print):
        if mode not in ("auto", "pull", "build"):
            raise ValueError(f"unknown image mode {mode!r}: use auto, pull or build")
        self.docker, self.mode, self.log = docker, mode, log
        self._registry_ok: bool | None = None if mode == "auto" else mode == "pull"

    def ensure(self, recipes: list[Recipe]) -> dict[str, str]:
        """Make every recipe's image; returns name -> 'cached'|'pulled'|'built'."""
        missing = [r for r in recipes if not self._present(r)]
        how = {r.name: "cached" for r in recipes if r not in missing}
        to_build = []
        for recipe in missing:
            if self._try_pull(recipe):
                how[recipe.name] = "pulled"
            else:
                to_build.append(recipe)
        with ThreadPoolExecutor(max_workers=4) as pool:
            for recipe in pool.map(self._build, to_build):
                how[recipe.name] = "built"
        return how

    def _present(self, recipe: Recipe) -> bool:
        out = self.docker("image", "inspect", "--format",
                          "{{json .Config.Labels}}", recipe.host_tag, check=False)
        if out.returncode != 0:
            return False
        labels = json.loads(out.stdout or "null") or {}
        # A pulled image has no recipe label; accept it unless we must build.
        return labels.get(LABEL) == recipe.key or (LABEL not in labels and self.mode != "build")

    def _try_pull(self, recipe: Recipe) -> bool:
        """Pull through a BuildKit build FROM the official image: the build
        tags only recipe.host_tag, where `docker pull` would also write the
        official tag into the engine."""
        if not recipe.pull or self._registry_ok is False:
            return False
        dockerfile = "\n".join([f"FROM {recipe.pull}", *recipe.after_pull]) + "\n"
        result = self.docker("build", "-q", "-t", recipe.host_tag, "-", input_text=dockerfile,
                             check=False, timeout=900)
        if result.returncode != 0:
            if self.mode == "pull":
                raise RuntimeError(f"pulling {recipe.pull} failed:\n{result.stderr}")
            self.log(f"images: no registry ({result.stderr.strip()[-120:]}); building locally")
            self._registry_ok = False
            return False
        self._registry_ok = True
        return True

    def _build(self, recipe: Recipe) -> Recipe:
        for tool in ("debootstrap", "chroot", "tar"):
            if not shutil.which(tool):
                raise RuntimeError(
                    f"cannot build {recipe.name}: '{tool}' is missing and no registry "
                    "answered; install debootstrap (Debian/Ubuntu, as root) or give "
                    "this machine a registry")
        self.log(f"images: building {recipe.name} from Debian {recipe.suite}")
        with tempfile.TemporaryDirectory(prefix="dpt-image-") as tmp:
            root = Path(tmp) / "root"
            cmd = ["debootstrap", "--variant=minbase"]
            if recipe.packages:
                cmd.append("--include=" + ",".join(recipe.packages))
            cmd += [recipe.suite, str(root), MIRROR]
            _run(cmd, f"debootstrap for {recipe.name}")
            for step in recipe.run:
                _run(["chroot", str(root), "sh", "-ec", step], f"{recipe.name}: {step}")
            if recipe.busybox:
                root = _busybox_root(root, Path(tmp) / "busybox")
            changes = [*recipe.changes, f"LABEL {LABEL}={recipe.key}"]
            args = ["import"]
            for change in changes:
                args += ["--change", change]
            tar = subprocess.Popen(["tar", "--numeric-owner", "-C", str(root), "-c", "."],
                                   stdout=subprocess.PIPE)
            self.docker(*args, "-", recipe.host_tag, stdin=tar.stdout, timeout=900)
            if tar.wait() != 0:
                raise RuntimeError(f"tar of {recipe.name}'s root failed")
        return recipe


def _busybox_root(source: Path, target: Path) -> Path:
    """A root with only busybox and its applet links, as the official image."""
    (target / "bin").mkdir(parents=True)
    for folder in ("etc", "tmp", "root", "proc", "sys", "dev", "var", "home"):
        (target / folder).mkdir()
    (target / "tmp").chmod(0o1777)
    shutil.copy2(source / "bin/busybox", target / "bin/busybox")
    applets = subprocess.run([str(target / "bin/busybox"), "--list"], capture_output=True,
                             text=True, check=True).stdout.split()
    for applet in applets:
        if applet != "busybox":
            (target / "bin" / applet).symlink_to("busybox")
    (target / "etc/passwd").write_text("root:x:0:0:root:/root:/bin/sh\n"
                                       "nobody:x:65534:65534:nobody:/home:/bin/false\n")
    (target / "etc/group").write_text("root:x:0:\nnogroup:x:65534:\n")
    return target


def _run(cmd: list[str], what: str) -> None:
    result = subprocess.run(cmd, capture_output=True, text=True)
    if result.returncode != 0:
        tail = (result.stderr or result.stdout)[-2000:]
        raise RuntimeError(f"{what} failed (exit {result.returncode}):\n{tail}")
