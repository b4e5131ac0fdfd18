"""The project's own Python, checked by ruff with pyproject.toml's [tool.ruff]
(ruff skips what .gitignore ignores: .venv/, node_modules/, site/)."""

from __future__ import annotations

from pathlib import Path

from bookkit.lint import run, tool

NAME = "python"
NEEDS_SITE = False


def check(root: Path, site: Path | None = None, paths: list[Path] | None = None) -> list[str]:
    targets = [str(p) for p in paths] if paths else ["."]
    result = run([tool("ruff"), "check", "--no-cache", "--output-format", "concise",
                  "--config", str(root / "pyproject.toml"), *targets], cwd=root)
    if result.returncode == 0:
        return []
    lines = [line for line in result.stdout.splitlines()
             if line and not line.startswith(("Found ", "[*]", "No fixes"))]
    return lines or [result.stderr.strip()]
