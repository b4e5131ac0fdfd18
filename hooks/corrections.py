"""Corrections: each one in data/corrections.yml becomes a callout right
after the passage it corrects (typos, reader_cares: false, only go to the
errata page)."""

from mkdocs.plugins import event_priority

from bookkit import corrections, site
from bookkit.markdown import insert_lines, parse_page

DATA = "corrections.yml"
_state: dict = {}


def on_config(config):
    _state["entries"] = site.load(config, DATA, corrections.load_entries, default=[])
    _state["labels"] = site.labels(config)


@event_priority(-110)  # after mkdocs-static-i18n has picked this language's files
def on_files(files, config):
    lang, book = site.build(files, config)
    errors = []
    resolved = corrections.resolve(_state["entries"], site.data_path(config, DATA), lang, book,
                                   errors)
    site.collected(errors)
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
    doc = parse_page(markdown, page.file.src_uri)
    inserts = []
    for correction in found:
        with site.data_errors():
            _, block_end = corrections.locate(doc, correction.after,
                                              site.data_path(config, DATA), correction.entry)
            inserts.append((block_end, corrections.callout(correction, _state["labels"],
                                                           _state["lang"])))
    return insert_lines(doc, inserts).text
