"""shellcheck on every shell script in snippets/: *.sh, *.bash, and any file
whose first line is a sh/bash shebang (a CLI plugin such as docker-hola).
A script the book shows broken on purpose disables the rule inline, with the
reason in a comment above (`# shellcheck disable=SC2086`)."""

from __future__ import annotations

import json
import re
from pathlib import Path

from bookkit.lint import rel, run, snippet_files, tool

NAME = "shell"
NEEDS_SITE = False
SHEBANG_RE = re.compile(rb"^#!\s*(/usr)?/bin/(env\s+)?(ba|da)?sh\b")


def wants(path: Path) -> bool:
    return path.is_file() and is_shell_script(path)


def is_shell_script(path: Path) -> bool:
    if path.suffix in (".sh", ".bash"):
        return True
    if path.suffix:
        return False
    with path.open("rb") as handle:
        return bool(SHEBANG_RE.match(handle.readline()))


def check(root: Path, site: Path | None = None, files: list[Path] | None = None) -> list[str]:
    files = files if files is not None else snippet_files(root, is_shell_script)
    if not files:
        return []
    result = run([tool("shellcheck"), "--format", "json1", "--external-sources",
                  *[str(p) for p in files]], cwd=root)
    try:
        findings = json.loads(result.stdout)["comments"]
    except (json.JSONDecodeError, KeyError):
        return [line for line in (result.stdout + result.stderr).splitlines() if line]
    return [f"{rel(Path(item['file']), root)}:{item['line']}:{item['column']}: "
            f"SC{item['code']} {item['level']}: {item['message']}" for item in findings]
