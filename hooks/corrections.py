"""Corrections: each one in data/corrections.yml becomes a callout right
after the passage it corrects (typos, reader_cares: false, only go to the
errata page)."""

from mkdocs.plugins import event_priority

from bookkit import corrections, site
from bookkit.deferred import Deferred
from bookkit.markdown import insert_lines, parse_page
from bookkit.render import renderer_for

DATA = "corrections.yml"
_state: dict = {"pages": {}}


def on_config(config):
    _state["labels"] = site.labels(config)


@event_priority(-110)  # after mkdocs-static-i18n has picked this language's files
def on_files(files, config):
    lang, book = site.build(files, config)
    resolved = site.resolve(config, book, DATA, corrections.load_entries, corrections.resolve)
    _state["lang"], _state["book"] = lang, book
    _state["by_page"] = by_page = {}
    for correction in resolved:
        if correction.reader_cares:
            by_page.setdefault(correction.page, []).append(correction)
    with site.data_errors():
        renderer_for(config).prepare(corrections.texts(resolved, _state["labels"], lang))


def on_page_markdown(markdown, page, config, files):
    key = site.page_key(page.file)
    found = _state.get("by_page", {}).get(key)
    if not found:
        return markdown
    # Place by the text this hook receives, not the file: a hook before this
    # one may have added lines.
    doc = parse_page(markdown, page.file.src_uri)
    render, book = renderer_for(config), _state["book"]
    # Usually the text is still the file's, where the passages were found.
    unchanged = doc.text.rstrip("\n") == book.page(key).doc.text.rstrip("\n")
    # The callout is HTML, put in after rendering (bookkit.deferred).
    callouts = _state["pages"][page.file.src_uri] = Deferred("c")
    inserts = []
    for correction in found:
        with site.data_errors():
            block_end = correction.block_end if unchanged else corrections.locate(
                doc, correction.after, site.data_path(config, DATA), correction.entry)[1]
            html = corrections.callout(correction, _state["labels"], _state["lang"], render,
                                       lambda target, anchor: book.url(target, key, anchor))
            inserts.append((block_end, callouts.block(html)))
    return insert_lines(doc, inserts).text


def on_page_content(html, page, config, files):
    return site.fill(_state["pages"].pop(page.file.src_uri, None), html, page)
