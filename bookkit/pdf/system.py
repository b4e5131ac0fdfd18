"""The Debian packages that offline reading needs, installed when missing.

    .venv/bin/python -m bookkit.pdf.system pdf [poppler] [qpdf] [mupdf] [chromium]

- pdf: WeasyPrint's Pango (libpango-1.0-0, libpangoft2-1.0-0) and the book's
  fonts (fonts-dejavu-core, fonts-dejavu-extra for the italics);
- poppler: pdftotext and pdfinfo, with which the tests read the PDFs;
- qpdf and mupdf: qpdf --check and MuPDF's mutool, which the tests open
  the PDFs with (a structure error one viewer forgives, another may not);
- chromium: Debian's browser, which the offline site's test drives.

As root on Debian (CI, a fresh machine) the missing ones are installed with
apt-get, as the example harness does for docker.io; elsewhere the error says
what to install.
"""

from __future__ import annotations

import ctypes.util
import os
import shutil
import subprocess
import sys
from pathlib import Path

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
    "qpdf": [("qpdf", lambda: bool(shutil.which("qpdf")))],
    "mupdf": [("mupdf-tools", lambda: bool(shutil.which("mutool")))],
}


def missing(*groups: str) -> list[str]:
    return list(dict.fromkeys(package for group in groups for package, present
                              in CHECKS[group] if not present()))


def ensure(*groups: str) -> None:
    """Install what is missing (root on Debian), or raise saying what to install."""
    needed = missing(*groups)
    if not needed:
        return
    if os.geteuid() != 0 or not Path("/etc/debian_version").exists():
        raise RuntimeError(f"missing: {', '.join(needed)}. Install them (on Debian/Ubuntu: "
                           f"sudo apt-get install {' '.join(needed)}), then retry.")
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    for cmd in (["apt-get", "update", "-qq"],
                ["apt-get", "install", "-y", "-qq", "--no-install-recommends", *needed]):
        subprocess.run(cmd, env=env, check=True, capture_output=True, timeout=1200)
    still = missing(*groups)
    if still:
        raise RuntimeError(f"still missing after apt-get install: {', '.join(still)}")


def main(argv: list[str]) -> int:
    groups = argv or ["pdf"]
    unknown = [g for g in groups if g not in CHECKS]
    if unknown:
        print(f"unknown: {unknown}; choose among {sorted(CHECKS)}", file=sys.stderr)
        return 2
    try:
        ensure(*groups)
    except (RuntimeError, subprocess.CalledProcessError) as error:
        print(f"system: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
