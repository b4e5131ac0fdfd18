"""The English edition in step with the Spanish one (bookkit.translations):
same examples in the same order, same commands, annotations and included
files, same heading depths, for every page translated so far. Sections whose
Spanish text changed since they were translated are listed, not failed: the
English page says so to its readers until a translator catches up."""

from __future__ import annotations

from pathlib import Path

from bookkit import translations, variants

NAME = "translations"
NEEDS_SITE = False


def wants(path: Path) -> bool:
    return path.suffix == ".md" and "docs" in path.parts


def check(root: Path, site: Path | None = None, files: list[Path] | None = None) -> list[str]:
    found = []
    recorded = translations.recorded_pages()
    for source, translation in translations.pages():
        found += translations.problems(source, translation)
        if source.name not in recorded:
            found.append(f"{translation.relative_to(root)}: not in "
                         f"{translations.RECORD.relative_to(root)}; once it translates today's "
                         f"Spanish, run `.venv/bin/python -m bookkit.translations mark "
                         f"{translation.relative_to(root)}`")
    found += [f"{path.relative_to(root)}: an English variant of a file snippets/ does not have "
              f"({path.relative_to(variants.VARIANTS)}); rename it or remove it"
              for path in variants.orphans()]
    return found


def summary(root: Path, site: Path | None = None) -> str:
    lines = [f"{translation.relative_to(root)}: «{title or '(opening)'}» behind the Spanish "
             f"since {since}"
             for source, translation in translations.pages()
             for _, title, since in translations.behind(source.name)]
    return "\n  ".join(lines) if lines else "every English section translates today's Spanish"
