""""See also" boxes (data/see-also.yml): at the end of each section (or
page) that a group names, links to the other places that treat the subject."""

from mkdocs.plugins import event_priority

from bookkit import seealso, site
from bookkit.book import section_spans
from bookkit.markdown import parse

DATA = "see-also.yml"
_state: dict = {}


def on_config(config):
    with site.data_errors():
        _state["entries"] = seealso.load_entries(site.data_path(config, DATA))
    _state["labels"] = site.labels(config)


@event_priority(-110)  # after mkdocs-static-i18n has picked this language's files
def on_files(files, config):
    lang, book = site.build(files, config)
    with site.data_errors():
        _state["groups"] = seealso.resolve(_state["entries"], site.data_path(config, DATA),
                                           lang, book)
    _state["lang"], _state["book"] = lang, book


def on_page_markdown(markdown, page, config, files):
    key, book = site.page_key(page.file), _state["book"]
    boxes = seealso.boxes_for(_state.get("groups", []), key, book)
    if not boxes:
        return markdown
    with site.data_errors():
        title = _state["labels"].get("see_also", _state["lang"])
    doc = parse(markdown, page.file.src_uri)
    spans = section_spans(book.page(key), doc) or {}
    total = len(markdown.split("\n"))
    inserts = [
        (spans[anchor][1] if anchor in spans else total, seealso.box(links, title))
        for anchor, links in boxes.items()
    ]
    lines = markdown.split("\n")
    for line, text in sorted(inserts, key=lambda item: item[0], reverse=True):
        lines[line:line] = ["", *text.rstrip("\n").split("\n"), ""]
    return "\n".join(lines)
