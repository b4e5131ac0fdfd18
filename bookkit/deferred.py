"""HTML that a hook decides on while reading a page's Markdown but writes
into the page's HTML, after Python-Markdown has rendered it.

Python-Markdown is slow on what the hooks add: a link costs it more than
finding the mention did, a callout a few milliseconds, and MkDocs checks
every link again. What a hook writes is already known to be right (its
targets come from the build's own files), so it does not need that. The hook
leaves a marker in the Markdown instead: private-use characters, which
Python-Markdown passes through as plain text. In ``on_page_content`` the
hook puts its HTML where its markers are.

A marker is the hook's own (``kind``), so each hook fills only its markers,
and one character numbers it, so the HTML needs no escaping in the Markdown.
"""

from __future__ import annotations

import re

_OPEN, _CLOSE, _BLOCK = "\ue000", "\ue001", "\ue002"
_NUMBERS = 0xF0000  # the supplementary private-use plane: one character per marker


class Deferred:
    """The markers one hook left in one page, and their HTML."""

    def __init__(self, kind: str):
        if len(kind) != 1:
            raise ValueError("a marker kind is one character")
        self.kind = kind
        self._html: list[tuple[str, str]] = []
        k = re.escape(kind)
        self._inline = re.compile(f"{_OPEN}{k}(.)(.*?){_CLOSE}{k}", re.S)
        # A block marker is a paragraph of its own; patterns that start with
        # a fixed string let the engine search at C speed.
        self._paragraph = re.compile(f"<p>{_BLOCK}{k}(.)</p>")
        self._block = re.compile(f"{_BLOCK}{k}(.)")
        self._left = re.compile(f"[{_OPEN}{_CLOSE}{_BLOCK}]{k}.?")

    def _number(self, before: str, after: str = "") -> str:
        self._html.append((before, after))
        return chr(_NUMBERS + len(self._html) - 1)

    def inline(self, markdown: str, before: str, after: str) -> str:
        """``markdown`` (still rendered by Python-Markdown) between two
        markers that become the HTML ``before`` and ``after`` it."""
        return f"{_OPEN}{self.kind}{self._number(before, after)}{markdown}{_CLOSE}{self.kind}"

    def block(self, html: str) -> str:
        """A paragraph of its own that becomes the block ``html``."""
        return f"{_BLOCK}{self.kind}{self._number(html)}"

    def fill(self, html: str) -> tuple[str, int]:
        """The page's HTML with this hook's markers replaced, and how many
        markers were lost on the way (a bug: Python-Markdown split one)."""
        if not self._html:
            return html, 0

        def inline(match):
            before, after = self._html[ord(match.group(1)) - _NUMBERS]
            return before + match.group(2) + after

        def block(match):
            return self._html[ord(match.group(1)) - _NUMBERS][0]

        html = self._inline.sub(inline, html)
        html = self._block.sub(block, self._paragraph.sub(block, html))
        if _OPEN in html or _CLOSE in html or _BLOCK in html:  # a cheap look first
            return self._left.subn("", html)
        return html, 0
