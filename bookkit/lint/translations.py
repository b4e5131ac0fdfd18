"""The English edition in step with the Spanish one (bookkit.translations):
same examples in the same order, same commands, annotations and included
files, same heading depths, for every page translated so far."""

from __future__ import annotations

from pathlib import Path

from bookkit import translations

NAME = "translations"
NEEDS_SITE = False


def wants(path: Path) -> bool:
    return path.suffix == ".md" and "docs" in path.parts


def check(root: Path, site: Path | None = None, files: list[Path] | None = None) -> list[str]:
    found = []
    for source, translation in translations.pages():
        found += translations.problems(source, translation)
    return found
