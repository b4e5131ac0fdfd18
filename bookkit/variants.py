"""English variants of runnable files. A file of snippets/ that carries prose
(a comment, an `echo` message) has an English twin at the same path under
snippets/en/; the English edition includes the twin (`--8<-- "en/x/file"`)
and its examples run in the folder snippets/x overlaid with snippets/en/x.
A file without prose has no twin: both editions include the one copy."""

from __future__ import annotations

from pathlib import Path, PurePosixPath

from bookkit import SNIPPETS

PREFIX = "en"
VARIANTS = SNIPPETS / PREFIX


def is_variant(include: str) -> bool:
    return PurePosixPath(include).parts[0] == PREFIX


def original(include: str) -> str:
    """The Spanish file an include stands for: en/x/file -> x/file."""
    return str(PurePosixPath(*PurePosixPath(include).parts[1:])) if is_variant(include) \
        else include


def folder(include: str) -> str:
    """The top-level snippet entry (folder or file) an include belongs to."""
    return PurePosixPath(original(include)).parts[0]


def variant_of(include: str) -> str | None:
    """The English twin of a Spanish include, when there is one."""
    twin = f"{PREFIX}/{include}"
    return twin if (SNIPPETS / twin).exists() else None


def orphans() -> list[Path]:
    """Variant files without the Spanish file they translate."""
    if not VARIANTS.is_dir():
        return []
    return sorted(path for path in VARIANTS.rglob("*") if path.is_file()
                  and not (SNIPPETS / path.relative_to(VARIANTS)).is_file())
