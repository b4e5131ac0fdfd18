"""Examples that fail on purpose. A console block whose test annotation
expects a non-zero exit status (``<!-- test: exit=125 -->``) runs a command
to show that it fails: `--log-opts`, a rm that a running container refuses.
On the page it must not look like a command to copy. From that annotation,
the data the tests check, never from a judgement about the command, the
block gets a title (``fails_title`` in data/labels.yml, with the status) and
the class ``book-fails``, styled in docs/stylesheets/book.css (site,
light and dark) and pdf/book.css (PDF)."""

from __future__ import annotations

import re

from bookkit.harness.options import OptionError
from bookkit.harness.options import parse as parse_options
from bookkit.markdown import Document, FencedBlock, edited_within_lines

CLASS = "book-fails"
# The opening fence: its indentation, its backticks or tildes, its info string.
FENCE_RE = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})[ \t]*(?P<info>.*)$")


def expected_exit(block: FencedBlock) -> int:
    """The exit status a console block's annotation expects (0: none). A
    broken annotation counts as none here: the tests report it, with its line."""
    if block.lang != "console" or not block.annotation:
        return 0
    try:
        return parse_options(block.annotation, block.path, block.annotation_line or 0).exit
    except OptionError:
        return 0


def fence_line(line: str, block: FencedBlock, title: str) -> str:
    """The opening fence, as superfences' attribute form: the block's
    language, the class, and the title (a title the block had goes first)."""
    match = FENCE_RE.match(line)
    rest = block.info[len(block.lang):].strip()
    own = re.search(r'\btitle="([^"]*)"', rest)
    if own:
        title = f"{own.group(1)} · {title}"
        rest = (rest[:own.start()] + rest[own.end():]).strip()
    title = title.replace('"', "'")
    attrs = " ".join(part for part in (f".{block.lang}", f".{CLASS}", rest, f'title="{title}"')
                     if part)
    return f"{match.group('indent')}{match.group('fence')}{{{attrs}}}"


def mark(doc: Document, title: str) -> Document:
    """The page with each failing-on-purpose console block marked; ``title``
    may contain ``{exit}``."""
    lines = doc.text.split("\n")
    changed = False
    for block in doc.blocks:
        code = expected_exit(block)
        line = lines[block.line - 1]
        if code and FENCE_RE.match(line):
            lines[block.line - 1] = fence_line(line, block, title.format(exit=code))
            changed = True
    return edited_within_lines(doc, "\n".join(lines)) if changed else doc
