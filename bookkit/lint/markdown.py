"""Markdown style: pymarkdown (pymarkdownlnt) with .pymarkdown.yml, tuned to
the book's conventions rule by rule (the file says why for each one), on the
book's pages (docs/), the top-level *.md, snippets/README.md and .github/."""

from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from bookkit.lint import rel, run, tool

NAME = "markdown"
NEEDS_SITE = False


def targets(root: Path) -> list[Path]:
    files = sorted((root / "docs").rglob("*.md")) + sorted(root.glob("*.md"))
    files += sorted((root / ".github").rglob("*.md")) if (root / ".github").exists() else []
    files += [p for p in [root / "snippets" / "README.md"] if p.exists()]
    return files


def wants(path: Path) -> bool:
    return path.suffix == ".md"


def check(root: Path, site: Path | None = None, files: list[Path] | None = None) -> list[str]:
    files = files if files is not None else targets(root)
    if not files:
        return []
    cmd = [tool("pymarkdown"), "--config", str(root / ".pymarkdown.yml"), "scan"]
    # pymarkdown is pure Python (~3 s of CPU for a long chapter): one process per
    # core, each with a share of the files.
    jobs = max(1, min(len(files), os.cpu_count() or 1))
    shares = [files[i::jobs] for i in range(jobs)]
    with ThreadPoolExecutor(jobs) as pool:
        results = list(pool.map(lambda share: run(cmd + [str(p) for p in share], cwd=root),
                                shares))
    problems = []
    for result in results:
        if result.returncode == 0:
            continue
        for line in (result.stdout + result.stderr).splitlines():
            path, sep, rest = line.partition(":")
            if line.strip():
                problems.append(rel(Path(path), root) + sep + rest if sep else line)
    return sorted(problems)
