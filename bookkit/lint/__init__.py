"""`make lint`: the checks a reviewer would make, one module per check.

Each check module has ``NAME``, ``NEEDS_SITE`` (whether it reads the built
site) and ``check(root, site) -> list[str]``: the problems found, each a line
that names the file and what to fix (empty when the check passes). The
runner is ``python -m bookkit.lint`` (see ``__main__``)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

# In the order `make lint` runs them: the quick source checks first.
CHECKS = ["python", "markdown", "terms", "translations", "dockerfiles", "shell", "compose",
          "spelling", "links", "weight"]


def tool(name: str) -> str:
    """A linter installed by requirements.txt: the one beside this Python
    (the virtualenv's bin/), else the one on PATH."""
    here = Path(sys.executable).parent / name
    if here.exists():
        return str(here)
    found = shutil.which(name)
    if not found:
        raise LintSetupError(f"{name} is not installed: run `make install` "
                             "(it installs requirements.txt into .venv)")
    return found


class LintSetupError(RuntimeError):
    """A tool a check needs is missing and cannot be installed here."""


def run(cmd: list[str], cwd: Path | None = None, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, **kwargs)


def snippet_files(root: Path, match) -> list[Path]:
    """Files under snippets/ for which match(path) is true, sorted."""
    return sorted(p for p in (root / "snippets").rglob("*") if p.is_file() and match(p))


def rel(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return str(path)
