""""Tested" stamps: where the example harness's report exists, each page
says how many of its examples ran, on which Docker Engine and when, and why
the skipped ones did not. No report, no stamp: never claim a test that did
not happen."""

from mkdocs.plugins import event_priority

from bookkit import site, stamps
from bookkit.markdown import insert_lines, parse_page

_state: dict = {}


def on_config(config):
    _state["report"] = None
    with site.data_errors():
        _state["report"] = stamps.load_report(site.project_dir(config) / stamps.REPORT)
    _state["labels"] = site.labels(config) if _state["report"] else None


@event_priority(-110)  # after mkdocs-static-i18n has picked this language's files
def on_files(files, config):
    _state["lang"], _state["book"] = site.build(files, config)


def on_page_markdown(markdown, page, config, files):
    report = _state.get("report")
    if report is None:
        return markdown
    key, lang = site.page_key(page.file), _state["lang"]
    result = report.for_page(key, lang)
    book_page = _state["book"].page(key) if result else None
    if book_page is None:
        return markdown
    text = None
    with site.data_errors():
        text = stamps.stamp(result, report, book_page, _state["labels"], lang)
    if text is None:
        return markdown
    # Right under the title (after the chapter's opening block, if the title
    # is its first line), so a reader sees it before the examples.
    doc = parse_page(markdown, page.file.src_uri)
    title = next((h for h in doc.headings if h.level == 1), None)
    line = doc.block_at(title.line)[1] if title else 0
    return insert_lines(doc, [(line, text)]).text
