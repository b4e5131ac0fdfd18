"""Read the book's Markdown with a real parser (markdown-it-py).

One parser for everyone who reads the pages: the example harness (fenced
``console`` blocks and the snippets a page includes) and the MkDocs hooks
(where prose, code and headings are). Line numbers are 1-based, as an editor
shows them.
"""

from __future__ import annotations

import re
import textwrap
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from markdown_it import MarkdownIt

# pymdownx.snippets' single-line include: --8<-- "path" (quotes required).
SNIPPET_RE = re.compile(r"""^\s*-{1,}8<-{1,}\s+(["'])([^"']+)\1\s*$""")
# Lines that open an indented container in Material/pymdownx syntax
# (admonitions, collapsible details, content tabs).
CONTAINER_RE = re.compile(r"^\s*(!!!|\?\?\?\+?|===)\s")
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


@dataclass
class Heading:
    level: int
    text: str
    line: int


@dataclass
class Document:
    path: Path
    text: str
    blocks: list[FencedBlock] = field(default_factory=list)
    headings: list[Heading] = field(default_factory=list)

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


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    return MarkdownIt("commonmark", {"html": True}).enable("table")


def parse(text: str, path: Path | str = "<string>") -> Document:
    path = Path(path)
    doc = Document(path=path, text=text)
    _walk(text, doc, line_offset=0, indent=0)
    return doc


def parse_file(path: Path | str) -> Document:
    path = Path(path)
    return parse(path.read_text(encoding="utf-8"), path)


def _walk(text: str, doc: Document, line_offset: int, indent: int) -> None:
    tokens = _parser().parse(text)
    lines = text.splitlines()
    pending: tuple[str, int] | None = None  # annotation waiting for its block
    for index, token in enumerate(tokens):
        start = token.map[0] if token.map else None
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
            _walk(textwrap.dedent(body), doc, line_offset + start, indent + 4)
        elif token.type == "heading_open":
            inline = tokens[index + 1]
            doc.headings.append(
                Heading(int(token.tag[1:]), inline.content, start + 1 + line_offset)
            )
        if token.type not in ("html_block",) and token.nesting >= 0 and token.block:
            pending = None


def _opens_container(lines: list[str], start: int | None) -> bool:
    """Whether the indented block starting at `start` belongs to a container."""
    if start is None:
        return False
    for previous in reversed(lines[:start]):
        if previous.strip():
            return bool(CONTAINER_RE.match(previous))
    return False
