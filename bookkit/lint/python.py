"""The project's own Python, checked by ruff with pyproject.toml's [tool.ruff]
(ruff skips what .gitignore ignores: .venv/, node_modules/, site/)."""

from __future__ import annotations

from pathlib import Path

from bookkit.lint import run, tool

NAME = "python"
NEEDS_SITE = False


def wants(path: Path) -> bool:
    return path.suffix == ".py"


def check(root: Path, site: Path | None = None, paths: list[Path] | None = None) -> list[str]:
    if paths is not None and not paths:
        return []
    targets = [str(p) for p in paths] if paths else ["."]
    result = run([tool("ruff"), "check", "--no-cache", "--output-format", "concise",
                  "--config", str(root / "pyproject.toml"), *targets], cwd=root)
    if result.returncode == 0:
        return []
    lines = [line for line in result.stdout.splitlines()
             if line and not line.startswith(("Found ", "[*]", "No fixes"))]
    return lines or [result.stderr.strip()]
