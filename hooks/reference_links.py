"""Links to Docker's reference: the first code span in a page's prose that
names a command (`docker container run ...`) or a Dockerfile instruction
(`RUN`) links to its page in Docker's documentation (data/reference-urls.yml)."""

from html import escape

from bookkit import references, site
from bookkit.deferred import Deferred
from bookkit.markdown import edited_within_lines, parse_page

DATA = "reference-urls.yml"
_state: dict = {"pages": {}}


def on_config(config):
    _state["linker"] = references.Linker(site.load(config, DATA, references.load_table,
                                                   default=[]))


def on_page_markdown(markdown, page, config, files):
    doc = parse_page(markdown, page.file.src_uri)
    # Written into the HTML (bookkit.deferred): cheaper than Markdown links.
    links = _state["pages"][page.file.src_uri] = Deferred("r")
    linked = _state["linker"].link(
        doc, make_link=lambda url, code: links.inline(code, f'<a href="{escape(url)}">', "</a>"))
    return edited_within_lines(doc, linked).text


def on_page_content(html, page, config, files):
    return site.fill(_state["pages"].pop(page.file.src_uri, None), html, page)
