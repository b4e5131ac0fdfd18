"""Corrections: each one in data/corrections.yml becomes a callout right
after the passage it corrects (typos, reader_cares: false, only go to the
errata page)."""

from mkdocs.plugins import event_priority

from bookkit import corrections, site
from bookkit.markdown import parse

DATA = "corrections.yml"
_state: dict = {}


def on_config(config):
    with site.data_errors():
        _state["entries"] = corrections.load_entries(site.data_path(config, DATA))
    _state["labels"] = site.labels(config)


@event_priority(-110)  # after mkdocs-static-i18n has picked this language's files
def on_files(files, config):
    lang, book = site.build(files, config)
    with site.data_errors():
        resolved = corrections.resolve(_state["entries"], site.data_path(config, DATA), lang,
                                       book)
    _state["lang"] = lang
    _state["by_page"] = by_page = {}
    for correction in resolved:
        if correction.reader_cares:
            by_page.setdefault(correction.page, []).append(correction)


def on_page_markdown(markdown, page, config, files):
    found = _state.get("by_page", {}).get(site.page_key(page.file))
    if not found:
        return markdown
    # Place by the text this hook receives, not the file: a hook before this
    # one may have added lines.
    doc = parse(markdown, page.file.src_uri)
    inserts = []
    with site.data_errors():
        for correction in found:
            _, block_end = corrections.locate(doc, correction.after,
                                              site.data_path(config, DATA), correction.entry)
            inserts.append((block_end, corrections.callout(correction, _state["labels"],
                                                           _state["lang"])))
    return corrections.insert_after_blocks(markdown, inserts)
