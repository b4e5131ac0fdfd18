"""The glossary page (docs/<lang>/glosario.md): its own text is the
introduction; the list of terms is generated from data/glossary.yml, the
same data that links terms in the chapters."""

from html import escape

from mkdocs.plugins import event_priority

from bookkit import glossary, site
from bookkit.book import plain
from bookkit.deferred import Deferred
from bookkit.render import renderer_for

DATA = "glossary.yml"
_state: dict = {}


def on_config(config):
    _state["labels"] = site.labels(config)


@event_priority(-110)  # after mkdocs-static-i18n has picked this language's files
def on_files(files, config):
    lang, book = site.build(files, config)
    _state["terms"] = site.resolve(config, book, DATA, glossary.load_entries, glossary.resolve)
    _state["lang"], _state["book"] = lang, book


def on_page_markdown(markdown, page, config, files):
    if site.page_key(page.file) != glossary.PAGE:
        return markdown
    labels, lang, book = _state["labels"], _state["lang"], _state["book"]
    render = renderer_for(config)
    explained = also = None
    with site.data_errors():
        explained, also = labels.get("glossary_explained", lang), \
            labels.get("glossary_synonyms", lang)
    if explained is None:
        return markdown
    terms = sorted(_state["terms"], key=glossary.sort_key)
    places = {id(term): _place(term, book) for term in terms}
    render.prepare([explained, also, *(term.definition for term in terms), *places.values()])
    # A definition list, written as HTML (what def_list makes of "**term**\n:
    # text") and put in after rendering (bookkit.deferred): Python-Markdown
    # would take longer over it than over a chapter.
    items = ["<dl>"]
    for term in terms:
        where = places[id(term)]
        href = book.url(term.page, glossary.PAGE, term.section.anchor)
        text = render.inline(term.definition)
        if term.names[1:]:
            text += f" <em>{render.inline(also)}: {escape(', '.join(term.names[1:]))}.</em>"
        text += f' {render.inline(explained)}: <a href="{escape(href)}">{render.inline(where)}</a>.'
        items += [f"<dt><strong>{escape(term.name, quote=False)}</strong></dt>", f"<dd>{text}</dd>"]
    _state["list"] = (page.file.src_uri, Deferred("t"))
    return markdown.rstrip("\n") + "\n\n" + _state["list"][1].block("\n".join([*items, "</dl>"]))


def _place(term, book) -> str:
    """Where a term is explained: "Page › Section"."""
    where = book.page(term.page).title
    if term.section.heading.level > 1:
        where += f" › {plain(term.section.heading.text)}"
    return where


def on_page_content(html, page, config, files):
    src_uri, deferred = _state.get("list") or (None, None)
    return site.fill(deferred, html, page) if src_uri == page.file.src_uri else html
