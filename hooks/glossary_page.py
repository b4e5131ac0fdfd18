"""The glossary page (docs/<lang>/glosario.md): its own text is the
introduction; the list of terms is generated from data/glossary.yml, the
same data that links terms in the chapters."""

from mkdocs.plugins import event_priority

from bookkit import glossary, site
from bookkit.book import plain, relative_link

DATA = "glossary.yml"
_state: dict = {}


def on_config(config):
    _state["entries"] = site.load(config, DATA, glossary.load_entries, default=[])
    _state["labels"] = site.labels(config)


@event_priority(-110)  # after mkdocs-static-i18n has picked this language's files
def on_files(files, config):
    lang, book = site.build(files, config)
    errors = []
    _state["terms"] = glossary.resolve(_state["entries"], site.data_path(config, DATA), lang,
                                       book, errors)
    site.collected(errors)
    _state["lang"], _state["book"] = lang, book


def on_page_markdown(markdown, page, config, files):
    if site.page_key(page.file) != glossary.PAGE:
        return markdown
    labels, lang, book = _state["labels"], _state["lang"], _state["book"]
    explained = also = None
    with site.data_errors():
        explained, also = labels.get("glossary_explained", lang), \
            labels.get("glossary_synonyms", lang)
    if explained is None:
        return markdown
    items = []
    for term in sorted(_state["terms"], key=glossary.sort_key):
        where = book.page(term.page).title
        if term.section.heading.level > 1:
            where += f" › {plain(term.section.heading.text)}"
        link = relative_link(term.page, glossary.PAGE, term.section.anchor)
        text = term.definition
        if term.names[1:]:
            text += f" *{also}: {', '.join(term.names[1:])}.*"
        text += f" {explained}: [{where}]({link})."
        # A definition list (def_list): the term, then its definition.
        items.append(f"**{term.name}**\n:   {text}\n")
    return markdown.rstrip("\n") + "\n\n" + "\n".join(items)
