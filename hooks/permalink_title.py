"""The heading links' title in the page's language. Python-Markdown's toc
extension has one `permalink_title` for the whole site ("Permanent link"),
and MkDocs configures extensions once for every language."""

from bookkit import site
from bookkit.i18n import language

DEFAULT = 'title="Permanent link"'


def on_page_content(html, page, config, files):
    if DEFAULT not in html:
        return html
    with site.data_errors():
        title = site.labels(config).get("permalink_title", language(config))
    return html.replace(DEFAULT, f'title="{title}"')
