"""The Debian packages that offline reading needs, and whether they are there.

    .venv/bin/python -m bookkit.pdf.system pdf [poppler] [qpdf] [mupdf] [chromium]

- pdf: WeasyPrint's Pango (libpango-1.0-0, libpangoft2-1.0-0) and the book's
  fonts (fonts-dejavu-core, fonts-dejavu-extra for the italics);
- poppler: pdftotext and pdfinfo, with which the tests read the PDFs;
- qpdf and mupdf: qpdf --check and MuPDF's mutool, which the tests open
  the PDFs with (a structure error one viewer forgives, another may not);
- chromium: Debian's browser, which the offline site's test drives;
- node: node and npm, for axe-core and Lighthouse (browser/package.json).

Nothing here installs them: `make system-deps` does (data/system-packages.txt
lists the same groups); a missing one raises bookkit.system.Missing, which
says what to install and how.
"""

from __future__ import annotations

import ctypes.util
import shutil
import sys
from pathlib import Path

from bookkit import system
from bookkit.pdf import fonts

CHROMIUM = ("/usr/bin/chromium", "/usr/bin/chromium-browser")


def _has_library(name: str) -> bool:
    return ctypes.util.find_library(name) is not None


def _has_fonts() -> bool:
    try:
        fonts.files()
    except FileNotFoundError:
        return False
    return True


def chromium() -> str | None:
    return next((path for path in CHROMIUM if Path(path).exists()), None) or \
        shutil.which("chromium")


CHECKS = {
    "pdf": [
        ("libpango-1.0-0", lambda: _has_library("pango-1.0")),
        ("libpangoft2-1.0-0", lambda: _has_library("pangoft2-1.0")),
        ("fonts-dejavu-core", _has_fonts),
        ("fonts-dejavu-extra", _has_fonts),
    ],
    "poppler": [("poppler-utils", lambda: bool(shutil.which("pdftotext")
                                                and shutil.which("pdfinfo")))],
    "chromium": [("chromium", lambda: chromium() is not None)],
    "node": [("nodejs", lambda: bool(shutil.which("node"))),
             ("npm", lambda: bool(shutil.which("npm")))],
    "qpdf": [("qpdf", lambda: bool(shutil.which("qpdf")))],
    "mupdf": [("mupdf-tools", lambda: bool(shutil.which("mutool")))],
}


def missing(*groups: str) -> list[str]:
    return list(dict.fromkeys(package for group in groups for package, present
                              in CHECKS[group] if not present()))


def ensure(*groups: str) -> None:
    """Raise bookkit.system.Missing (naming `make system-deps`) if something is missing."""
    needed = missing(*groups)
    if needed:
        raise system.Missing("+".join(groups), needed)


def main(argv: list[str]) -> int:
    groups = argv or ["pdf"]
    unknown = [g for g in groups if g not in CHECKS]
    if unknown:
        print(f"unknown: {unknown}; choose among {sorted(CHECKS)}", file=sys.stderr)
        return 2
    try:
        ensure(*groups)
    except RuntimeError as error:
        print(f"system: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
