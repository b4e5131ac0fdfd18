"""Join the pieces of one language's PDF (render.py) with pypdf: the front
matter, then the runs of the body; then

- page numbers: a document of blank pages carrying only the numbers, made by
  WeasyPrint with the book's @page rule, each page stamped onto its page of
  the body as a form XObject (the body's content is not parsed again);
- internal links: each "bookkit-anchor:<id>" link becomes a jump to where
  that id landed, whichever piece it is in;
- the outline (bookmarks): parts, chapters and their sections;
- page labels (i, ii... for the front matter; 1, 2... from the body, as
  printed), the metadata and the document's language.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from bookkit.pdf.structure import Edition

ANCHOR = "bookkit-anchor:"


@dataclass
class Mark:
    """An outline entry: where it points (an id of the body, or a page of
    the front matter) and what it holds."""

    title: str
    anchor: str | None = None
    front_page: int | None = None
    open: bool = False
    children: list[Mark] = field(default_factory=list)


def outline(edition: Edition, titles: dict, sections: dict, contents: str,
            toc_page: int) -> list[Mark]:
    def chapter(c) -> Mark:
        title = titles.get(c.slug, c.nav_title)
        label = f"{c.number}. {title}" if c.number else title
        return Mark(label, c.slug, children=[
            Mark(f"{s.number} {s.title}".strip(), s.id) for s in sections.get(c.slug, [])])

    marks = [Mark(contents, front_page=toc_page)]
    marks += [chapter(c) for c in edition.front]
    for index, part in enumerate(edition.parts, start=1):
        if part.title:
            label = f"{part.number}. {part.title}" if part.number else part.title
            marks.append(Mark(label, f"part-{index}", open=True,
                              children=[chapter(c) for c in part.chapters]))
        else:
            marks += [chapter(c) for c in part.chapters]
    return marks


def page_numbers(count: int, unnumbered: list[int], render):
    """WeasyPrint document: ``count`` blank pages numbered 1..count as the
    book's @page rule does, but for the pages in ``unnumbered``."""
    skip = set(unnumbered)
    pages = "".join('<div class="n"></div>' if i not in skip else '<div class="n x"></div>'
                    for i in range(count))
    html = ("<!DOCTYPE html><html><head><meta charset='utf-8'><style>"
            "@page unnumbered { @bottom-center { content: none; } }"
            "body { margin: 0; } .n { break-after: page; height: 1px; }"
            ".n:last-child { break-after: auto; } .x { page: unnumbered; }"
            f"</style></head><body>{pages}</body></html>")
    return render(html)


def _stamp(writer, page, overlay, name: str) -> None:
    """Draw ``overlay`` (a page of another PDF) on ``page``, as a form XObject."""
    from pypdf.generic import (
        ArrayObject,
        DecodedStreamObject,
        DictionaryObject,
        NameObject,
    )

    form = DecodedStreamObject()
    form.set_data(overlay.get_contents().get_data())
    form.update({
        NameObject("/Type"): NameObject("/XObject"),
        NameObject("/Subtype"): NameObject("/Form"),
        NameObject("/BBox"): ArrayObject(overlay.mediabox),
        NameObject("/Resources"): overlay["/Resources"].clone(writer),
    })
    form_ref = writer._add_object(form)
    resources = page["/Resources"].get_object()
    xobjects = resources.get("/XObject")
    if xobjects is None:
        xobjects = DictionaryObject()
        resources[NameObject("/XObject")] = xobjects
    xobjects.get_object()[NameObject(name)] = form_ref

    def stream(data: bytes):
        obj = DecodedStreamObject()
        obj.set_data(data)
        return writer._add_object(obj)

    contents = page["/Contents"]
    old = list(contents.get_object()) if isinstance(contents.get_object(), ArrayObject) \
        else [contents]
    page[NameObject("/Contents")] = ArrayObject(
        [stream(b"q\n"), *old, stream(b"\nQ\nq " + name.encode() + b" Do Q\n")])


def join(out: Path, *, front: Path, body: list[Path], numbers: Path,
         anchors: dict[str, tuple[int, float, float]], front_pages: int,
         outline: list[Mark], metadata: dict) -> int:
    """Write the book to ``out``; return its number of pages."""
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import (
        ArrayObject,
        Fit,
        FloatObject,
        NameObject,
        NullObject,
        TextStringObject,
    )

    writer = PdfWriter()
    writer.append(str(front), import_outline=False)
    for path in body:
        writer.append(str(path), import_outline=False)
    total = len(writer.pages)

    overlay = PdfReader(str(numbers))
    for index, page in enumerate(overlay.pages):
        _stamp(writer, writer.pages[front_pages + index], page, f"/BookPage{index}")

    def where(anchor: str):
        index, x, y = anchors[anchor]
        return front_pages + index, x, y

    for page in writer.pages:
        for annotation in page.get("/Annots") or []:
            link = annotation.get_object()
            action = link.get("/A")
            uri = action.get_object().get("/URI") if action is not None else None
            if not (isinstance(uri, str) and uri.startswith(ANCHOR)):
                continue
            del link["/A"]
            target = uri[len(ANCHOR):]
            if target not in anchors:
                continue  # reported as a broken link by render.py; the text stays
            index, x, y = where(target)
            link[NameObject("/Dest")] = ArrayObject([
                writer.pages[index].indirect_reference, NameObject("/XYZ"),
                FloatObject(x), FloatObject(y), NullObject()])

    def add(marks: list[Mark], parent=None) -> None:
        for mark in marks:
            if mark.anchor is not None:
                if mark.anchor not in anchors:
                    continue
                index, x, y = where(mark.anchor)
                fit = Fit.xyz(left=x, top=y)
            else:
                index, fit = mark.front_page or 0, Fit.fit()
            item = writer.add_outline_item(title=mark.title, page_number=index, parent=parent,
                                           fit=fit, is_open=mark.open)
            add(mark.children, item)

    add(outline)
    writer.page_mode = "/UseOutlines"
    if front_pages:
        writer.set_page_label(0, front_pages - 1, style="/r", start=1)
    writer.set_page_label(front_pages, total - 1, style="/D", start=1)

    created: datetime = metadata["created"]
    stamp = created.strftime("D:%Y%m%d%H%M%S") + (
        created.strftime("%z")[:3] + "'" + created.strftime("%z")[3:] + "'"
        if created.utcoffset() is not None else "")
    from pypdf import __version__ as pypdf_version
    from weasyprint import __version__ as weasyprint_version

    writer.add_metadata({
        "/Title": metadata["title"], "/Author": metadata["author"],
        "/Subject": metadata["subject"], "/Keywords": "Docker",
        "/Creator": "bookkit.pdf", "/Producer": f"WeasyPrint {weasyprint_version}, "
                                                f"pypdf {pypdf_version}",
        "/CreationDate": stamp, "/ModDate": stamp,
    })
    writer._root_object[NameObject("/Lang")] = TextStringObject(metadata["lang"])
    with open(out, "wb") as handle:
        writer.write(handle)
    return total
