"""The book's fonts: DejaVu, from Debian's fonts-dejavu-core and
fonts-dejavu-extra (italics), declared with @font-face from their files, so
the PDF never depends on what fontconfig would pick, nor on the network."""

from __future__ import annotations

import os
from pathlib import Path

# family -> (weight, style) -> file
FAMILIES = {
    "Book Serif": {
        ("normal", "normal"): "DejaVuSerif.ttf",
        ("bold", "normal"): "DejaVuSerif-Bold.ttf",
        ("normal", "italic"): "DejaVuSerif-Italic.ttf",
        ("bold", "italic"): "DejaVuSerif-BoldItalic.ttf",
    },
    "Book Sans": {
        ("normal", "normal"): "DejaVuSans.ttf",
        ("bold", "normal"): "DejaVuSans-Bold.ttf",
        ("normal", "italic"): "DejaVuSans-Oblique.ttf",
        ("bold", "italic"): "DejaVuSans-BoldOblique.ttf",
    },
    "Book Mono": {
        ("normal", "normal"): "DejaVuSansMono.ttf",
        ("bold", "normal"): "DejaVuSansMono-Bold.ttf",
        ("normal", "italic"): "DejaVuSansMono-Oblique.ttf",
        ("bold", "italic"): "DejaVuSansMono-BoldOblique.ttf",
    },
}

# Debian's place for them; BOOK_FONT_DIR points elsewhere (another system).
DIRS = [Path(os.environ["BOOK_FONT_DIR"])] if os.environ.get("BOOK_FONT_DIR") else []
DIRS += [Path("/usr/share/fonts/truetype/dejavu")]


def files() -> dict[tuple[str, str, str], Path]:
    """(family, weight, style) -> font file. Raises if one is missing."""
    found, missing = {}, []
    for family, faces in FAMILIES.items():
        for (weight, style), name in faces.items():
            path = next((d / name for d in DIRS if (d / name).is_file()), None)
            if path is None:
                missing.append(name)
            else:
                found[(family, weight, style)] = path
    if missing:
        raise FileNotFoundError(
            f"fonts not found in {', '.join(map(str, DIRS))}: {', '.join(missing)}. "
            "Install Debian's fonts-dejavu-core and fonts-dejavu-extra (make pdf does, as "
            "root), or set BOOK_FONT_DIR to a folder holding these DejaVu files.")
    return found


def directories() -> list[Path]:
    return sorted({path.parent for path in files().values()})


def font_faces() -> str:
    rules = []
    for (family, weight, style), path in files().items():
        rules.append(f'@font-face {{ font-family: "{family}"; font-weight: {weight}; '
                     f'font-style: {style}; src: url("{path.resolve().as_uri()}"); }}')
    return "\n".join(rules)


def described() -> str:
    """The fonts as the colophon names them: "DejaVu Serif 2.37, ..." (the
    family and version in each regular file's name table)."""
    from fontTools.ttLib import TTFont

    names = []
    for family, faces in FAMILIES.items():
        path = files()[(family, "normal", "normal")]
        table = TTFont(path, lazy=True)["name"]
        name = table.getDebugName(1) or faces[("normal", "normal")]
        version = (table.getDebugName(5) or "").replace("Version ", "").strip()
        names.append(f"{name} {version}".strip())
    return ", ".join(names)
