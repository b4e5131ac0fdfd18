"""Read the book's Markdown with a real parser (markdown-it-py).

One parser for everyone who reads the pages: the example harness (fenced
``console`` blocks and the snippets a page includes) and the MkDocs hooks
(where prose, code and headings are). Line numbers are 1-based, as an editor
shows them.
"""

from __future__ import annotations

import bisect
import copy
import functools
import gc
import re
import textwrap
from dataclasses import dataclass, field, replace
from functools import lru_cache
from itertools import accumulate
from operator import add
from pathlib import Path
from typing import NamedTuple

from markdown_it import MarkdownIt

# pymdownx.snippets' single-line include: --8<-- "path" (quotes required).
SNIPPET_RE = re.compile(r"""^\s*-{1,}8<-{1,}\s+(["'])([^"']+)\1\s*$""")
# Lines that open an indented container in Material/pymdownx syntax
# (admonitions, collapsible details, content tabs).
CONTAINER_RE = re.compile(r"^\s*(!!!|\?\?\?\+?|===)\s")
# abbr's definitions (*[HTML]: ...): CommonMark reads them as paragraphs.
ABBR_DEF_RE = re.compile(r"^\s*\*\[[^\]]+\]:")
_SPACES_RE = re.compile(r"\s+")
ANNOTATION_RE = re.compile(r"^<!--\s*test:(?P<body>.*?)-->\s*$", re.S)


@dataclass
class FencedBlock:
    """A fenced code block and the test annotation just above it, if any."""

    path: Path
    line: int  # line of the opening fence
    lang: str
    info: str  # the whole info string, e.g. 'console title="x"'
    content: str
    annotation: str | None = None  # body of <!-- test: ... -->
    annotation_line: int | None = None
    end_line: int = 0  # line of the closing fence
    indent: int = 0  # columns of container indentation (admonitions, tabs)

    @property
    def content_line(self) -> int:
        """Line number of the first content line."""
        return self.line + 1


@dataclass(slots=True)  # no __dict__: fewer objects for the garbage collector
class Heading:
    level: int
    text: str
    line: int


@dataclass(slots=True)  # thousands per build
class Prose:
    """Lines a reader sees as running text: a paragraph (also in a list item,
    a quote or an admonition body) or a table body row. Headings, code, HTML
    and container title lines (``!!! note "..."``) are never prose."""

    start: int  # first line
    end: int  # last line (inclusive)
    block: tuple[int, int]  # the top-level block it lies in: (first, last line)


@dataclass
class Document:
    path: Path
    text: str
    blocks: list[FencedBlock] = field(default_factory=list)
    headings: list[Heading] = field(default_factory=list)
    prose: list[Prose] = field(default_factory=list)
    # Top-level blocks (first, last line), in order. An admonition, details
    # or tab group is one block with its title line, so text inserted after
    # a block never splits a container.
    top_blocks: list[tuple[int, int]] = field(default_factory=list)
    _offsets: list[int] | None = field(default=None, repr=False, compare=False)

    def find_words(self, text: str) -> list[tuple[int, int]]:
        """(start, end) in ``self.text`` of each occurrence of ``text``'s
        words, in order, separated by any whitespace (line breaks too): each
        place the first word is, followed by the others. No pattern to
        compile for each passage looked for (compiling costs more)."""
        words, source, found = text.split(), self.text, []
        position = 0
        while words:
            start = source.find(words[0], position)
            if start < 0:
                break
            end = start + len(words[0])
            for word in words[1:]:
                space = _SPACES_RE.match(source, end)
                if space is None or not source.startswith(word, space.end()):
                    break
                end = space.end() + len(word)
            else:
                found.append((start, end))
                position = end
                continue
            position = start + 1
        return found

    @property
    def offsets(self) -> list[int]:
        """Offset in ``text`` of the start of each line (index 0 is line 1)."""
        if self._offsets is None:
            self._offsets = line_offsets(self.text)
        return self._offsets

    def block_at(self, line: int) -> tuple[int, int] | None:
        """The top-level block (first, last line) that contains ``line``."""
        index = bisect.bisect_right(self.top_blocks, (line, float("inf"))) - 1
        if index >= 0 and self.top_blocks[index][0] <= line <= self.top_blocks[index][1]:
            return self.top_blocks[index]
        return None

    def line_of(self, offset: int) -> int:
        """The line (1-based) of a character offset in ``text``."""
        return bisect.bisect_right(self.offsets, offset)

    def prose_at(self, line: int) -> Prose | None:
        """The prose passage that contains ``line``, if any."""
        index = bisect.bisect_right(self.prose, line, key=lambda p: p.start) - 1
        if index >= 0 and self.prose[index].start <= line <= self.prose[index].end:
            return self.prose[index]
        return None

    def section_at(self, line: int) -> Heading | None:
        """The last heading at or before ``line``."""
        found = None
        for heading in self.headings:
            if heading.line > line:
                break
            found = heading
        return found

    def console_blocks(self) -> list[FencedBlock]:
        return [b for b in self.blocks if b.lang == "console"]

    def snippet_includes(self) -> list[tuple[str, int]]:
        """(path relative to snippets/, line) of every --8<-- include."""
        found = []
        for number, line in enumerate(self.text.splitlines(), start=1):
            match = SNIPPET_RE.match(line)
            if match:
                found.append((match.group(2), number))
        return found


@lru_cache(maxsize=16)
def _parser(skip: frozenset[str] = frozenset()) -> MarkdownIt:
    # Block structure only: inline tokens keep their source text (.content)
    # but are not split into children, which nobody reads and which costs
    # half the parse time of a chapter.
    parser = MarkdownIt("commonmark", {"html": True}).enable("table").disable("inline")
    return parser.disable(sorted(skip)) if skip else parser


# Block rules that can only fire on a line of some shape. markdown-it tries
# each of them at every line; when no line of the text has the shape, the
# rule is left out: same tokens, a much faster parse (the hooks parse the
# whole book on every build). The shapes are loose on purpose: a rule is
# kept whenever it might apply.
_RULE_SHAPES = {
    "lheading": re.compile(r"^[ \t>]*(?:=+|-+)[ \t]*$", re.M),
    "blockquote": re.compile(r"^[ \t]*(?:(?:[-*+]|\d{1,9}[.)])[ \t]+)*>", re.M),
    "table": re.compile(r"^[ \t>|:-]*-[ \t|:-]*$", re.M),
    "reference": re.compile(r"\]:"),
}


def _tokens(text: str):
    skip = frozenset(rule for rule, shape in _RULE_SHAPES.items() if not shape.search(text))
    return _parser(skip).parse(text)


def without_gc_pauses(function):
    """``function`` with the garbage collector paused while it runs. The
    parser and the hooks make thousands of short-lived objects and no cycles;
    inside a big process (an MkDocs build) each automatic collection would
    walk the heap for nothing, and their collections add up to full ones.
    Python collects afterwards, as usual."""

    @functools.wraps(function)
    def paused(*args, **kwargs):
        if not gc.isenabled():
            return function(*args, **kwargs)
        gc.disable()
        try:
            return function(*args, **kwargs)
        finally:
            gc.enable()

    return paused


@without_gc_pauses
def parse(text: str, path: Path | str = "<string>") -> Document:
    path = Path(path)
    doc = Document(path=path, text=text)
    _walk(text, doc, line_offset=0, indent=0)
    # Blocks merge as the walk goes on (a tab group grows tab by tab): point
    # each passage at its final top-level block.
    for prose in doc.prose:
        prose.block = doc.block_at(prose.start) or prose.block
    return doc


def parse_file(path: Path | str) -> Document:
    path = Path(path)
    return parse(path.read_text(encoding="utf-8"), path)


def _walk(
    text: str,
    doc: Document,
    line_offset: int,
    indent: int,
    top: tuple[int, int] | None = None,
) -> None:
    tokens = _tokens(text)
    lines = text.splitlines()
    pending: tuple[str, int] | None = None  # annotation waiting for its block
    for index, token in enumerate(tokens):
        start = token.map[0] if token.map else None
        if top is None and token.level == 0 and token.map and token.nesting >= 0:
            _add_top_block(doc, lines, token, line_offset)
        block = top or (doc.top_blocks[-1] if doc.top_blocks else (1, 1))
        if token.type == "inline" and token.map:
            _add_prose(doc, lines, tokens[index - 1].type, token, line_offset, block)
        if token.type == "html_block":
            match = ANNOTATION_RE.match(token.content.strip())
            pending = (match.group("body"), start + 1 + line_offset) if match else None
            continue
        if token.type == "fence":
            lang = token.info.split()[0] if token.info.strip() else ""
            block = FencedBlock(
                path=doc.path,
                line=start + 1 + line_offset,
                lang=lang,
                info=token.info.strip(),
                content=token.content,
                end_line=token.map[1] + line_offset,
                indent=indent,
            )
            if pending:
                block.annotation, block.annotation_line = pending
            doc.blocks.append(block)
        elif token.type == "code_block" and _opens_container(lines, start):
            # An admonition or tab body: Markdown-it sees indented code, while
            # pymdownx renders it as Markdown. Parse the body again, dedented.
            body = "\n".join(lines[start : token.map[1]])
            _walk(textwrap.dedent(body), doc, line_offset + start, indent + 4, block)
        elif token.type == "heading_open":
            inline = tokens[index + 1]
            doc.headings.append(
                Heading(int(token.tag[1:]), inline.content, start + 1 + line_offset)
            )
        if token.type not in ("html_block",) and token.nesting >= 0 and token.block:
            pending = None


def _add_top_block(doc: Document, lines: list[str], token, line_offset: int) -> None:
    first, last = token.map[0] + 1 + line_offset, token.map[1] + line_offset
    previous = doc.top_blocks[-1] if doc.top_blocks else None
    opens_body = token.type == "code_block" and _opens_container(lines, token.map[0])
    # A title line like `=== "Tab"` right after a tab's body continues the group.
    next_tab = (
        token.type == "paragraph_open"
        and lines[token.map[0]].lstrip().startswith("===")
        and previous is not None
        and doc.text.splitlines()[previous[0] - 1].lstrip().startswith("===")
    )
    if previous and (opens_body or next_tab):
        doc.top_blocks[-1] = (previous[0], last)
    else:
        doc.top_blocks.append((first, last))


def _add_prose(doc, lines, opener: str, token, line_offset: int, block) -> None:
    first, last = token.map[0], token.map[1] - 1  # 0-based, inclusive
    if opener == "paragraph_open":
        if CONTAINER_RE.match(lines[first]):
            first += 1  # the title line of an admonition, details or tab
        if lines[first:first + 1] and ABBR_DEF_RE.match(lines[first]):
            return
    elif opener == "td_open":
        if doc.prose and doc.prose[-1].start == first + 1 + line_offset:
            return  # one Prose per table row, not per cell
    else:
        return  # headings (heading_open) and header cells (th_open)
    if first <= last:
        doc.prose.append(Prose(first + 1 + line_offset, last + 1 + line_offset, block))


def _opens_container(lines: list[str], start: int | None) -> bool:
    """Whether the indented block starting at `start` belongs to a container."""
    if start is None:
        return False
    for previous in reversed(lines[:start]):
        if previous.strip():
            return bool(CONTAINER_RE.match(previous))
    return False


# ---------------------------------------------------------------------------
# Inline Markdown: which characters of a prose passage are plain text.
#
# The hooks insert links into prose. They must not touch code spans, links,
# raw HTML, URLs, attribute lists or keys, so they need to know where those
# are in the source text itself (markdown-it's inline tokens carry no offsets).

_INLINE_RE = re.compile(
    # The lookahead lets the engine skip, at C speed, every character that
    # cannot start any of the alternatives (four times faster on the book).
    r"""(?=[\\`<!\[hfw{+])(?:
      (?P<escape>\\[!-/:-@\[-`{-~])
    | (?P<ticks>`+)
    | (?P<html><!--.*?-->|<(?P<tag>[A-Za-z][\w-]*)\b[^<>]*>.*?</(?P=tag)\s*>|</?[A-Za-z][^<>]*>
              |<[A-Za-z][A-Za-z0-9+.-]*:[^\s<>]*>)
    | (?P<link>!?\[)
    | (?P<url>(?:https?|ftp)://[^\s<>]+|www\.[^\s<>]+)
    | (?P<attr>\{:?[ \t]*[#.:][^}\n]*\})
    | (?P<keys>\+\+[^\s+][^\n]*?\+\+)
    )""",
    re.X | re.S,
)


class Span(NamedTuple):  # a tuple: made thousands of times per build
    kind: str  # text, code, link, html, url, attr, keys, escape
    start: int
    end: int


# The hooks look at the same passages one after another (the linkers, page
# by page); a bigger cache only keeps objects alive for the garbage collector.
@lru_cache(maxsize=256)
def inline_spans(text: str) -> tuple[Span, ...]:
    """Split inline Markdown into spans that cover it; only ``text`` spans are
    plain prose. ``code`` spans are code spans outside links. An inline HTML
    element counts as HTML with all its content (``<a href>...</a>``)."""
    spans: list[Span] = []
    pos = plain = 0
    while True:
        match = _INLINE_RE.search(text, pos)
        if not match:
            break
        kind, start = match.lastgroup, match.start()
        end = match.end()
        if kind == "ticks":
            close = _closing_ticks(end - start).search(text, end)
            if not close:
                pos = end
                continue
            kind, end = "code", close.end()
        elif kind == "link":
            end = _link_end(text, end)
            if end is None:
                pos = match.end()
                continue
        if start > plain:
            spans.append(Span("text", plain, start))
        spans.append(Span(kind, start, end))
        pos = plain = end
    if plain < len(text):
        spans.append(Span("text", plain, len(text)))
    return tuple(spans)


def link_label(text: str, span: Span) -> tuple[int, int]:
    """(start, end) in ``text`` of a link span's text (an image's alt text):
    what a reader reads, without the target."""
    first = span.start + (2 if text.startswith("![", span.start) else 1)
    end = _balanced(text, first, "[", "]")
    return first, (end - 1 if end is not None else first)


@lru_cache(maxsize=16)
def _closing_ticks(count: int) -> re.Pattern:
    """A code span closes with a run of exactly as many backticks."""
    return re.compile(rf"(?<!`){'`' * count}(?!`)")


def _link_end(text: str, pos: int) -> int | None:
    """End of a link or image whose text starts at ``pos`` (after ``[``)."""
    end = _balanced(text, pos, "[", "]")
    if end is None:
        return None
    if text.startswith("(", end):
        return _balanced(text, end + 1, "(", ")") or end
    if text.startswith("[", end):
        return _balanced(text, end + 1, "[", "]") or end
    return end  # shortcut reference, footnote, task box: leave it alone


def _balanced(text: str, pos: int, opening: str, closing: str) -> int | None:
    depth, index = 1, pos
    while index < len(text):
        char = text[index]
        if char == "\\":
            index += 2
            continue
        if char == "`":
            run = re.match(r"`+", text[index:]).group()
            close = text.find(run, index + len(run))
            index = close + len(run) if close >= 0 else index + len(run)
            continue
        if char == opening:
            depth += 1
        elif char == closing:
            depth -= 1
            if depth == 0:
                return index + 1
        index += 1
    return None


def line_offsets(text: str) -> list[int]:
    """Offset in ``text`` of the start of each line (index 0 is line 1)."""
    lines = text.split("\n")  # each line's start: the lengths before it, plus the newlines
    return list(map(add, accumulate(map(len, lines[:-1]), initial=0), range(len(lines))))


def prose_text(doc: Document, prose: Prose) -> tuple[int, str]:
    """(offset of the passage in doc.text, its source text)."""
    offsets = doc.offsets
    start = offsets[prose.start - 1]
    end = offsets[prose.end] if prose.end < len(offsets) else len(doc.text)
    return start, doc.text[start:end]


def strip_front_matter(text: str) -> str:
    """The page without its YAML front matter, as MkDocs hands it to hooks."""
    match = re.match(r"^-{3}[ \t]*\n.*?\n(?:-{3}|\.{3})[ \t]*\n", text, re.S)
    return text[match.end():] if match else text


# ---------------------------------------------------------------------------
# Pages as the MkDocs hooks pass them along. Each hook gets the text the one
# before it returned; parsing it again in every hook would cost more than the
# hooks' own work. A hook that edits a parsed page says how (within lines, or
# whole lines inserted), so the next hook gets the structure without a parse.

_known: dict[str, Document] = {}


def parse_page(text: str, path: Path | str = "<string>") -> Document:
    """parse(text), reusing the Document of a text the hooks already know.
    Trailing newlines do not change the structure (and MkDocs plugins drop
    them), so they do not count."""
    doc = _known.get(text.rstrip("\n"))
    if doc is None:
        return remember(parse(text, path))
    if doc.text != text:
        doc = replace(doc, text=text, _offsets=None)
    return doc


# The latest edited version of each page: only the next hook asks for it.
_edited: dict[Path, str] = {}


def remember(doc: Document, edited: bool = False) -> Document:
    """Keep ``doc`` for parse_page. Of a page's edited versions only the
    latest is kept: the ones before it are done with, and every object kept
    through the build makes Python's garbage collector walk more."""
    if len(_known) > 512:  # one build's pages, several times over
        _known.clear()
    key = doc.text.rstrip("\n")
    if edited:
        older = _edited.get(doc.path)
        if older is not None and older != key:
            _known.pop(older, None)
        _edited[doc.path] = key
    _known[key] = doc
    return doc


def edited_within_lines(doc: Document, text: str) -> Document:
    """The Document of ``text``, made from ``doc`` by edits inside prose lines
    (links added): same lines, same structure."""
    return remember(replace(doc, text=text, _offsets=None), edited=True)


@without_gc_pauses
def insert_lines(doc: Document, inserts: list[tuple[int, str]]) -> Document:
    """Insert Markdown after given lines (0: before the first), each set off
    by blank lines, and return the new page's Document: the known structure
    moves down; the inserted text is opaque to later hooks (no prose, no
    headings), so nobody links or corrects what a hook wrote."""
    lines = doc.text.split("\n")
    count = len(lines)
    ordered = sorted(inserts, key=lambda item: item[0])
    for after, markdown in sorted(inserts, key=lambda item: item[0], reverse=True):
        lines[after:after] = ["", *markdown.rstrip("\n").split("\n"), ""]
    # moved[n]: where old line n is now (a list index is much cheaper than a
    # function call, and a page has thousands of lines to move).
    moved, shift, index = [0], 0, 0
    for line in range(1, count + 1):
        while index < len(ordered) and ordered[index][0] < line:
            shift += ordered[index][1].rstrip("\n").count("\n") + 3
            index += 1
        moved.append(line + shift)

    def block(b: FencedBlock) -> FencedBlock:
        new = copy.copy(b)
        new.line, new.end_line = moved[b.line], moved[b.end_line]
        new.annotation_line = moved[b.annotation_line] if b.annotation_line else None
        return new

    new = replace(
        doc,
        text="\n".join(lines),
        _offsets=None,
        blocks=[block(b) for b in doc.blocks],
        headings=[Heading(h.level, h.text, moved[h.line]) for h in doc.headings],
        prose=[Prose(moved[p.start], moved[p.end], (moved[p.block[0]], moved[p.block[1]]))
               for p in doc.prose],
        top_blocks=[(moved[first], moved[last]) for first, last in doc.top_blocks],
    )
    return remember(new, edited=True)
