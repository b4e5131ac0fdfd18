"""Short Markdown texts from the data (what a correction said and what is
true, definitions, labels) as HTML, for the hooks that write HTML blocks
(callouts, the errata page, the glossary's term list).

Each text is rendered once per build, with the book's Markdown extensions,
however many places show it (a correction is in its callout and on the
errata page). Python-Markdown costs about a millisecond per call and per
kilobyte, so the texts go through it together, in one conversion; and a text
with no Markdown syntax at all, most of them, is its own HTML.
"""

from __future__ import annotations

import re

import markdown as python_markdown

from bookkit.markdown import without_gc_pauses

# A text on one line without any character Markdown or the book's extensions
# give a meaning to renders as itself in a paragraph (with ">" escaped). What
# may start a block (a list item, a quote, a heading, a rule) must not open
# it, and "_" must sit inside a word (endpoint_mode), where it is no emphasis.
_PLAIN_RE = re.compile(r"""
    (?![-+*]\s|\d+[.)](\s|$)|[-=_*]+$)   # no list item or rule
    (?=[\w«¿¡("'$/.~%-])(?!_)              # no quote, heading, indented code
    (?:[^\n`*\[\]<&\\{}_+]|\+(?!\+)|(?<=\w)_(?=\w))*
    (?<!\s)
    """, re.X)
# A link whose target is not a full URL: in a page, MkDocs rewrites it for
# that page, but a data text is rendered once for every page that shows it.
_CODE_RE = re.compile(r"(`+).*?(?<!`)\1(?!`)", re.S)
_RELATIVE_LINK_RE = re.compile(r"\]\((?!\s*<?(?:https?|mailto):)[^)]*\)")


def link_not_url(text: str) -> str | None:
    """The first link in a data text (outside code) that is not a full URL."""
    match = _RELATIVE_LINK_RE.search(_CODE_RE.sub("", text))
    return match.group()[2:-1] if match else None


# Between two texts in the one conversion: a paragraph of its own.
_SEPARATOR = "\ue003"


def text_markdown(extensions: list, configs: dict) -> python_markdown.Markdown:
    """Python-Markdown for data texts: Markdown without raw HTML, so that a
    placeholder in a command (``exec -it <contenedor> sh``, ``<none>``) shows
    as written instead of vanishing in the browser as an unknown tag."""
    md = python_markdown.Markdown(extensions=extensions, extension_configs=configs)
    md.preprocessors.deregister("html_block")
    md.inlinePatterns.deregister("html")
    return md


class Renderer:
    """Markdown -> HTML for data texts, cached for the whole build."""

    def __init__(self, extensions: list, configs: dict):
        self._md = text_markdown(extensions, configs)
        self._html: dict[str, str] = {}

    @classmethod
    def from_config(cls, config) -> Renderer:
        return cls(list(config["markdown_extensions"]), dict(config["mdx_configs"]))

    @without_gc_pauses
    def prepare(self, texts) -> None:
        """Render every text not seen yet, in one conversion."""
        todo = []
        for text in dict.fromkeys(texts):
            if text in self._html:
                continue
            if not text:
                self._html[text] = ""
            elif _PLAIN_RE.fullmatch(text):
                self._html[text] = f"<p>{text.replace('>', '&gt;')}</p>"
            else:
                todo.append(text)
        if not todo:
            return
        self._md.reset()
        parts = self._md.convert(f"\n\n{_SEPARATOR}\n\n".join(todo)).split(
            f"<p>{_SEPARATOR}</p>")
        if len(parts) != len(todo):  # a text swallowed a separator: one by one
            parts = []
            for text in todo:
                self._md.reset()
                parts.append(self._md.convert(text))
        for text, html in zip(todo, parts, strict=True):
            self._html[text] = html.strip()

    def block(self, text: str) -> str:
        """The text as HTML blocks (usually one paragraph)."""
        if text not in self._html:
            self.prepare([text])
        return self._html[text]

    def inline(self, text: str) -> str:
        """A one-paragraph text as inline HTML (for titles and labels)."""
        html = self.block(text)
        if html.startswith("<p>") and html.endswith("</p>") and html.count("<p>") == 1:
            return html[3:-4]
        return html

    def paragraphs(self, lead: str, text: str) -> str:
        """The text as HTML, with the inline HTML ``lead`` at the start of its
        first paragraph ("<strong>Se decía:</strong> ...")."""
        html = self.block(text)
        if html.startswith("<p>"):
            return f"<p>{lead}{html[3:]}"
        return f"<p>{lead.rstrip()}</p>\n{html}"


_renderers: list = []  # [(config, Renderer)] of the build in progress


def renderer_for(config) -> Renderer:
    """The build's Renderer, shared by the hooks (one rendering per text)."""
    if _renderers and _renderers[0][0] is config:
        return _renderers[0][1]
    renderer = Renderer.from_config(config)
    _renderers[:] = [(config, renderer)]
    return renderer
