"""Glossary links: the first mention of each term (data/glossary.yml) in a
page's prose links to the section that explains it; never in code,
headings, links or admonition titles, nor inside that section itself."""

from html import escape

from mkdocs.plugins import event_priority

from bookkit import glossary, site
from bookkit.book import section_spans
from bookkit.deferred import Deferred
from bookkit.markdown import edited_within_lines, parse_page

DATA = "glossary.yml"
_state: dict = {"pages": {}}


@event_priority(-110)  # after mkdocs-static-i18n has picked this language's files
def on_files(files, config):
    _, book = site.build(files, config)
    terms = site.resolve(config, book, DATA, glossary.load_entries, glossary.resolve)
    _state["linker"] = glossary.Linker(terms)
    _state["book"] = book


def on_page_markdown(markdown, page, config, files):
    key = site.page_key(page.file)
    if key == glossary.PAGE:
        return markdown
    doc = parse_page(markdown, page.file.src_uri)
    book = _state["book"]
    book_page = book.page(key)
    spans = section_spans(book_page, doc) if book_page else None
    # The link itself is written into the HTML (bookkit.deferred): Markdown
    # links cost Python-Markdown and MkDocs more than finding the mentions.
    links = _state["pages"][page.file.src_uri] = Deferred("g")

    def link(term, mention):
        href = book.url(term.page, key, term.section.anchor)
        title = escape(glossary.plain_title(term.definition))
        return links.inline(mention, f'<a href="{escape(href)}" title="{title}">', "</a>")

    linked = _state["linker"].link(doc, key, spans, make_link=link)
    return edited_within_lines(doc, linked).text


def on_page_content(html, page, config, files):
    return site.fill(_state["pages"].pop(page.file.src_uri, None), html, page)
