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
        self._counts = {"inline": 0, "block": 0}
        k = re.escape(kind)
        # Patterns that start with a fixed string: the engine searches at C
        # speed (a character class first would be ten times slower).
        self._inline = re.compile(f"{_OPEN}{k}(.)(.*?){_CLOSE}{k}", re.S)
        self._block = re.compile(f"<!--{_BLOCK}{k}(.)-->")
        self._left = re.compile(f"[{_OPEN}{_CLOSE}{_BLOCK}]{k}.?")

    def _number(self, kind: str, before: str, after: str = "") -> str:
        self._html.append((before, after))
        self._counts[kind] += 1
        return chr(_NUMBERS + len(self._html) - 1)

    def inline(self, markdown: str, before: str, after: str) -> str:
        """``markdown`` (still rendered by Python-Markdown) between two
        markers that become the HTML ``before`` and ``after`` it."""
        number = self._number("inline", before, after)
        return f"{_OPEN}{self.kind}{number}{markdown}{_CLOSE}{self.kind}"

    def block(self, html: str) -> str:
        """A block of its own (an HTML comment, which Python-Markdown passes
        through untouched) that becomes ``html``."""
        return f"<!--{_BLOCK}{self.kind}{self._number('block', html)}-->"

    def fill(self, html: str) -> tuple[str, int]:
        """The page's HTML with this hook's markers replaced, and how many
        markers were lost on the way (a bug: Python-Markdown split one)."""

        def inline(match):
            before, after = self._html[ord(match.group(1)) - _NUMBERS]
            return before + match.group(2) + after

        def block(match):
            return self._html[ord(match.group(1)) - _NUMBERS][0]

        lost = 0
        if self._counts["inline"]:
            html, done = self._inline.subn(inline, html)
            lost += self._counts["inline"] - done
        if self._counts["block"]:
            html, done = self._block.subn(block, html)
            lost += self._counts["block"] - done
        if lost:
            html = self._left.sub("", html)
        return html, lost
