"""The last touch on a language's PDF, written whole by WeasyPrint
(render.py): page labels, so that a viewer numbers the pages as they are
printed (i, ii... for the front matter, then 1, 2... from the body).
WeasyPrint has no property for them; pypdf appends them as an incremental
update, leaving every object WeasyPrint wrote (tags, fonts, links) as it is."""

from __future__ import annotations

import io
from pathlib import Path


def page_labels(path: Path, *, front_pages: int) -> None:
    from pypdf import PdfWriter

    writer = PdfWriter(str(path), incremental=True)
    total = len(writer.pages)
    if front_pages:
        writer.set_page_label(0, front_pages - 1, style="/r", start=1)
    if front_pages < total:
        writer.set_page_label(front_pages, total - 1, style="/D", start=1)
    buffer = io.BytesIO()
    writer.write(buffer)
    Path(path).write_bytes(buffer.getvalue())
