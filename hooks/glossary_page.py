"""The glossary page (docs/<lang>/glosario.md): its own text is the
introduction; the list of terms is generated from data/glossary.yml, the
same data that links terms in the chapters."""

import re
import unicodedata
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
    index_label = labels.get("glossary_index", lang)
    render.prepare([explained, also, index_label, *(term.definition for term in terms),
                    *places.values()])
    # The terms by initial, each letter a heading (the page's table of
    # contents and the A-Z index link to it); each term has an id of its own
    # (glosario/#contenedor). The lists are HTML, what def_list makes of
    # "**term**\n: text", put in after rendering (bookkit.deferred):
    # Python-Markdown would take longer over them than over a chapter.
    deferred = Deferred("t")
    by_letter: dict[str, list] = {}
    for term in terms:
        by_letter.setdefault(glossary_initial(term.name), []).append(term)
    index = [f'<nav class="book-az" aria-label="{escape(index_label)}"><ul>']
    index += [f'<li><a href="#{letter_id(letter)}">{escape(letter)}</a></li>'
              for letter in by_letter]
    parts = [markdown.rstrip("\n"), deferred.block("".join([*index, "</ul></nav>"]))]
    used: set[str] = set()
    for letter, group in by_letter.items():
        items = ["<dl>"]
        for term in group:
            where = places[id(term)]
            href = book.url(term.page, glossary.PAGE, term.section.anchor)
            text = render.inline(term.definition)
            if term.names[1:]:
                text += f" <em>{render.inline(also)}: {escape(', '.join(term.names[1:]))}.</em>"
            text += (f' {render.inline(explained)}: '
                     f'<a href="{escape(href)}">{render.inline(where)}</a>.')
            ident = term_id(term.name, used)
            items += [f'<dt id="{ident}"><strong>{escape(term.name, quote=False)}</strong></dt>',
                      f"<dd>{text}</dd>"]
        parts += [f"## {letter} {{#{letter_id(letter)}}}", deferred.block("\n".join([*items,
                                                                                   "</dl>"]))]
    _state["list"] = (page.file.src_uri, deferred)
    return "\n\n".join(parts) + "\n"


def glossary_initial(name: str) -> str:
    """The letter a term is listed under: its first letter without accents
    (Ñ stays Ñ); digits and symbols under "0-9"."""
    for char in name:
        if char.isalpha():
            if char.upper() == "Ñ":
                return "Ñ"
            return unicodedata.normalize("NFKD", char)[0].upper()
        if char.isdigit():
            return "0-9"
    return "0-9"


def letter_id(letter: str) -> str:
    return "letra-" + ("0-9" if letter == "0-9" else letter.lower().replace("ñ", "nn"))


def term_id(name: str, used: set[str]) -> str:
    """A term's id: its name folded to a-z, 0-9 and hyphens, unique in the page."""
    text = unicodedata.normalize("NFKD", name.casefold())
    text = "".join(c for c in text if not unicodedata.combining(c))
    base = re.sub(r"[^a-z0-9]+", "-", text).strip("-") or "termino"
    if base.startswith("letra-"):  # the letters' headings
        base = "termino-" + base
    ident, n = base, 2
    while ident in used:
        ident, n = f"{base}-{n}", n + 1
    used.add(ident)
    return ident


def _place(term, book) -> str:
    """Where a term is explained: "Page › Section"."""
    where = book.page(term.page).title
    if term.section.heading.level > 1:
        where += f" › {plain(term.section.heading.text)}"
    return where


def on_page_content(html, page, config, files):
    src_uri, deferred = _state.get("list") or (None, None)
    return site.fill(deferred, html, page) if src_uri == page.file.src_uri else html
