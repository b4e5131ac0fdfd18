"""Links to Docker's reference: the first code span in a page's prose that
names a command (`docker container run ...`) or a Dockerfile instruction
(`RUN`) links to its page in Docker's documentation (data/reference-urls.yml)."""

from bookkit import references, site
from bookkit.markdown import edited_within_lines, parse_page

DATA = "reference-urls.yml"
_state: dict = {}


def on_config(config):
    _state["linker"] = references.Linker(site.load(config, DATA, references.load_table,
                                                   default=[]))


def on_page_markdown(markdown, page, config, files):
    doc = parse_page(markdown, page.file.src_uri)
    return edited_within_lines(doc, _state["linker"].link(doc)).text
