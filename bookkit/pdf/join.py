"""The last touch on a language's PDF, while WeasyPrint writes it
(render.py, write_pdf's ``finisher``): page labels, so that a viewer
numbers the pages as they are printed (i, ii... for the front matter, then
1, 2... from the body). WeasyPrint has no property for them; the finisher
adds the /PageLabels number tree to the catalog before the file is written,
so nothing is rewritten afterwards."""

from __future__ import annotations


def page_labels(front_pages: int):
    """A finisher for Document.write_pdf."""
    import pydyf

    def finish(document, pdf) -> None:
        numbers = pydyf.Array()
        if front_pages:
            numbers.extend([0, pydyf.Dictionary({"S": "/r"})])
        numbers.extend([front_pages, pydyf.Dictionary({"S": "/D", "St": 1})])
        pdf.catalog["PageLabels"] = pydyf.Dictionary({"Nums": numbers})

    return finish
