"""The system packages the book's tools need, from data/system-packages.txt.

Nothing in bookkit installs them: `make system-deps` (scripts/system-deps.sh,
as root on Debian or Ubuntu) does, and `make test` runs it first. The code
that needs a package checks for it and, when it is missing, raises
:class:`Missing` with the packages and that command::

    from bookkit import system
    system.require("engine")                      # dockerd, debootstrap, ip...
    system.require("pdf", present=lambda package: ...)   # a check of its own

A package written ``package=command`` in the data file is present when the
command is on PATH (whatever installed it); a bare package is asked to dpkg
(on a system without dpkg, give ``present``).
"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

from bookkit import DATA

PACKAGES = DATA / "system-packages.txt"
COMMAND = "make system-deps"


class Missing(RuntimeError):
    """Some system packages are missing; the message says how to install them."""

    def __init__(self, group: str, packages: list[str]):
        self.group, self.packages = group, packages
        super().__init__(
            f"missing system packages ({group}): {', '.join(packages)}. Install them with "
            f"`sudo {COMMAND}` (Debian/Ubuntu: apt-get install {' '.join(packages)}); "
            "nothing installs them during a test run")


def groups(path: Path | None = None) -> dict[str, dict[str, str | None]]:
    """{group: {package: command or None}}, in the file's order."""
    found: dict[str, dict[str, str | None]] = {}
    for line in (path or PACKAGES).read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        group, _, entries = line.partition(":")
        found[group.strip()] = {package: command or None for package, _, command
                                in (entry.partition("=") for entry in entries.split())}
    return found


def packages(*names: str) -> list[str]:
    """The Debian packages of these groups."""
    table = groups()
    unknown = [name for name in names if name not in table]
    if unknown:
        raise KeyError(f"unknown group(s) {unknown}; {PACKAGES.name} has {sorted(table)}")
    return list(dict.fromkeys(p for name in names for p in table[name]))


def _dpkg_installed(package: str) -> bool:
    if not shutil.which("dpkg-query"):
        return False
    result = subprocess.run(["dpkg-query", "-W", "-f", "${db:Status-Status}", package],
                            capture_output=True, text=True)
    return result.stdout == "installed"


def missing(group: str, present: Callable[[str], bool] | None = None) -> list[str]:
    """The packages of the group that are not there. ``present(package)``, when
    given, decides for the packages that have no command in the data file."""
    packages(group)  # an unknown group fails loudly
    absent = []
    for package, command in groups()[group].items():
        if command and shutil.which(command):
            continue
        if command is None and present is not None:
            if present(package):
                continue
        elif _dpkg_installed(package):
            continue
        absent.append(package)
    return absent


def require(group: str, present: Callable[[str], bool] | None = None) -> None:
    """Raise :class:`Missing` if a package of the group is not there."""
    absent = missing(group, present)
    if absent:
        raise Missing(group, absent)
