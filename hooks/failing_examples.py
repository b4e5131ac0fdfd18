"""Examples that fail on purpose (a console block annotated with a non-zero
`exit=`) get a title and a distinct style, so nobody copies them as a
recipe (bookkit/failing.py)."""

from bookkit import failing, site
from bookkit.i18n import language
from bookkit.markdown import parse_page

_state: dict = {}


def on_config(config):
    _state["labels"] = site.labels(config)


def on_page_markdown(markdown, page, config, files):
    if "exit=" not in markdown:  # most pages: nothing to parse
        return markdown
    title = None
    with site.data_errors():
        title = _state["labels"].get("fails_title", language(config))
    if title is None:
        return markdown
    return failing.mark(parse_page(markdown, page.file.src_uri), title).text
