"""The errata page ("Fe de erratas"): generated from data/corrections.yml,
it lists every correction with a link to its place in the book. There is no
file for it in docs/: it is added to the build as a virtual page. Like the
callouts it repeats, its lists are what a hook wrote: no glossary or
reference links inside them."""

from mkdocs.plugins import event_priority
from mkdocs.structure.files import File

from bookkit import corrections, site
from bookkit.deferred import Deferred
from bookkit.i18n import default_language
from bookkit.render import renderer_for

DATA = "corrections.yml"
_state: dict = {}


@event_priority(-110)  # after mkdocs-static-i18n has picked this language's files
def on_files(files, config):
    lang, book = site.build(files, config)
    resolved = site.resolve(config, book, DATA, corrections.load_entries, corrections.resolve)
    labels, render = site.labels(config), renderer_for(config)
    file = _virtual_page(config, lang)
    files.append(file)
    _state["page"], _state["lists"] = file.src_uri, None
    with site.data_errors():
        render.prepare(corrections.texts(resolved, labels, lang))
        # The headings stay Markdown (the table of contents lists them); each
        # page's list is HTML, put in after rendering (bookkit.deferred).
        lists = Deferred("e")
        # Out of the search index: the page is a list of what was wrong.
        parts = ["---\nsearch:\n  exclude: true\n---",
                 f"# {labels.get('errata_title', lang)}", labels.get("errata_intro", lang)]
        titles = site.nav_titles(config, lang)
        if not resolved:
            parts.append(labels.get("errata_none", lang))
        key = corrections.ERRATA_PAGE
        for page, items in corrections.errata_by_page(resolved, site.nav_order(config)).items():
            html = corrections.errata_list(items, labels, lang, render,
                                           lambda target, anchor: book.url(target, key, anchor))
            # Each chapter as the navigation names it.
            parts += [f"## {titles.get(page) or book.page(page).title}", lists.block(html)]
        file.content_string = "\n\n".join(parts) + "\n"
        _state["lists"] = lists
    return files


def on_page_content(html, page, config, files):
    if page.file.src_uri != _state.get("page"):
        return html
    return site.fill(_state["lists"], html, page)


def _virtual_page(config, lang: str) -> File:
    key = corrections.ERRATA_PAGE
    i18n = config.plugins.get("i18n")
    src_uri = f"{lang}/{key}" if i18n else key
    file = File.generated(config, src_uri, content="")
    if i18n:
        # What mkdocs-static-i18n does to the pages it finds in docs/<lang>/:
        # the default language is served at the site root, others under /<lang>/.
        dest = File(key, None, config.site_dir, config.use_directory_urls).dest_uri
        file.dest_uri = dest if lang == default_language(config) else f"{lang}/{dest}"
        file.norm_src_uri = key
        file.locale = file.locale_alternate_of = file.localization = lang
        file.alternates = {lang: file}
    return file
