"""hadolint on every Dockerfile in snippets/ (Dockerfile, Dockerfile.*,
*.Dockerfile). The book shows some bad Dockerfiles on purpose: such a file
ignores the rule inline, and says why in a comment just above the pragma
(hadolint stops reading the pragma at any text after the rule list):

    # Sin fijar versiones a propósito: el ejemplo muestra el problema
    # hadolint ignore=DL3008
    RUN apt-get install -y curl

A pragma repeating rules already explained earlier in the same file needs no
second reason. .hadolint.yaml at the top ignores no rule for the whole book."""

from __future__ import annotations

import json
import re
from pathlib import Path

from bookkit.lint import rel, run, snippet_files, tool

NAME = "dockerfiles"
NEEDS_SITE = False
PRAGMA_RE = re.compile(r"^\s*#\s*hadolint\s+ignore=(\S+)\s*$")
LOOSE_PRAGMA_RE = re.compile(r"#\s*hadolint\s+ignore=")


def wants(path: Path) -> bool:
    return is_dockerfile(path)


def is_dockerfile(path: Path) -> bool:
    name = path.name
    return name == "Dockerfile" or name.startswith("Dockerfile.") or name.endswith(".Dockerfile")


def check(root: Path, site: Path | None = None, files: list[Path] | None = None) -> list[str]:
    files = files if files is not None else snippet_files(root, is_dockerfile)
    problems = []
    for path in files:
        problems += unexplained_ignores(path, root)
    if not files:
        return problems
    cmd = [tool("hadolint"), "--no-color", "--format", "json"]
    config = root / ".hadolint.yaml"
    if config.exists():
        cmd += ["--config", str(config)]
    result = run(cmd + [str(p) for p in files], cwd=root)
    try:
        findings = json.loads(result.stdout or "[]")
    except json.JSONDecodeError:
        return problems + [line for line in (result.stdout + result.stderr).splitlines() if line]
    for item in findings:
        problems.append(f"{rel(Path(item['file']), root)}:{item['line']}: {item['code']} "
                        f"{item['level']}: {item['message']}")
    if result.returncode != 0 and not findings:
        problems.append(result.stderr.strip())
    return problems


def unexplained_ignores(path: Path, root: Path) -> list[str]:
    """Every `# hadolint ignore=` pragma has its reason in a comment just above
    it (or repeats rules explained before in the file); text after the rules
    would make hadolint ignore nothing."""
    problems, explained = [], set()
    lines = path.read_text(encoding="utf-8").splitlines()
    for index, line in enumerate(lines):
        if not LOOSE_PRAGMA_RE.search(line):
            continue
        where = f"{rel(path, root)}:{index + 1}"
        match = PRAGMA_RE.match(line)
        if not match:
            problems.append(f"{where}: put only the rules on the pragma line "
                            "(`# hadolint ignore=DLxxxx`) and the reason in a comment above it")
            continue
        rules = set(match.group(1).split(","))
        above = index - 1
        reason = False
        while above >= 0 and lines[above].lstrip().startswith("#"):
            if not LOOSE_PRAGMA_RE.search(lines[above]) and len(lines[above].strip(" #")) >= 10:
                reason = True
            above -= 1
        if reason:
            explained |= rules
        elif not rules <= explained:
            problems.append(f"{where}: `# hadolint ignore={match.group(1)}` needs a comment "
                            "just above it saying why the book shows it this way")
    return problems
