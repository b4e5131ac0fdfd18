""""See also" boxes (data/see-also.yml): at the end of each section (or
page) that a group names, links to the other places that treat the subject."""

from mkdocs.plugins import event_priority

from bookkit import seealso, site
from bookkit.book import section_spans
from bookkit.deferred import Deferred
from bookkit.markdown import insert_lines, parse_page
from bookkit.render import renderer_for

DATA = "see-also.yml"
_state: dict = {"pages": {}}


def on_config(config):
    _state["entries"] = site.load(config, DATA, seealso.load_entries, default=[])
    _state["labels"] = site.labels(config)


@event_priority(-110)  # after mkdocs-static-i18n has picked this language's files
def on_files(files, config):
    lang, book = site.build(files, config)
    errors = []
    _state["groups"] = seealso.resolve(_state["entries"], site.data_path(config, DATA), lang,
                                       book, errors)
    site.collected(errors)
    _state["lang"], _state["book"] = lang, book


def on_page_markdown(markdown, page, config, files):
    key, book = site.page_key(page.file), _state["book"]
    boxes = seealso.boxes_for(_state.get("groups", []), key, book)
    if not boxes:
        return markdown
    title = None
    with site.data_errors():
        title = _state["labels"].get("see_also", _state["lang"])
    if title is None:
        return markdown
    doc = parse_page(markdown, page.file.src_uri)
    spans = section_spans(book.page(key), doc) or {}
    total = len(markdown.split("\n"))
    # The boxes are HTML, put in after rendering (bookkit.deferred).
    deferred = _state["pages"][page.file.src_uri] = Deferred("s")
    render = renderer_for(config)
    inserts = [
        (spans[anchor][1] if anchor in spans else total,
         deferred.block(seealso.box(links, title, render,
                                    lambda target, anchor: book.url(target, key, anchor))))
        for anchor, links in boxes.items()
    ]
    return insert_lines(doc, inserts).text


def on_page_content(html, page, config, files):
    return site.fill(_state["pages"].pop(page.file.src_uri, None), html, page)
