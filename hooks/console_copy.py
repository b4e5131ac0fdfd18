"""The copy button of a `console` block copies only its commands (no `$ `
prompts, no output): see bookkit/copytext.py."""

from bookkit.copytext import with_copy_text


def on_page_content(html, page, config, files):
    return with_copy_text(html) if "language-console" in html else html
