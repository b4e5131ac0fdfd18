"""A page that includes a snippet that does not exist fails the build with
the page's file:line and what to do (pymdownx.snippets alone names only the
snippet). First in the hook list, while the page's lines are still its own."""

from mkdocs.exceptions import PluginError

from bookkit import SNIPPETS
from bookkit.markdown import parse_page


def on_page_markdown(markdown, page, config, files):
    if "--8<--" not in markdown:
        return markdown
    path = f"{config['docs_dir']}/{page.file.src_uri}"
    for include, line in parse_page(markdown, path).snippet_includes():
        if not (SNIPPETS / include).exists():
            raise PluginError(f"{path}:{line}: snippet {include!r} not found in snippets/; "
                              "create it or fix the path")
    return markdown
