"""Links to Docker's reference: the first code span in a page's prose that
names a command (`docker container run ...`) or a Dockerfile instruction
(`RUN`) links to its page in Docker's documentation (data/reference-urls.yml)."""

from bookkit import references, site
from bookkit.markdown import parse

DATA = "reference-urls.yml"
_state: dict = {}


def on_config(config):
    with site.data_errors():
        _state["linker"] = references.Linker(
            references.load_table(site.data_path(config, DATA)))


def on_page_markdown(markdown, page, config, files):
    return _state["linker"].link(parse(markdown, page.file.src_uri))
