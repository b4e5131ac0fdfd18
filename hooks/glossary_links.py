"""Glossary links: the first mention of each term (data/glossary.yml) in a
page's prose links to the section that explains it; never in code,
headings, links or admonition titles, nor inside that section itself."""

from mkdocs.plugins import event_priority

from bookkit import glossary, site
from bookkit.book import section_spans
from bookkit.markdown import edited_within_lines, parse_page

DATA = "glossary.yml"
_state: dict = {}


def on_config(config):
    _state["entries"] = site.load(config, DATA, glossary.load_entries, default=[])


@event_priority(-110)  # after mkdocs-static-i18n has picked this language's files
def on_files(files, config):
    lang, book = site.build(files, config)
    errors = []
    terms = glossary.resolve(_state["entries"], site.data_path(config, DATA), lang, book, errors)
    site.collected(errors)
    _state["linker"] = glossary.Linker(terms)
    _state["book"] = book


def on_page_markdown(markdown, page, config, files):
    key = site.page_key(page.file)
    if key == glossary.PAGE:
        return markdown
    doc = parse_page(markdown, page.file.src_uri)
    book_page = _state["book"].page(key)
    spans = section_spans(book_page, doc) if book_page else None
    linked = _state["linker"].link(doc, key, spans, title=lambda term: term.definition)
    return edited_within_lines(doc, linked).text
