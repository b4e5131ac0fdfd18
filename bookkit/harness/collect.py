"""Find the examples of a page: its fenced `console` blocks (commands after
`$ `, `\\` continuations and here-documents, then the expected output) and
the snippet folders it includes."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from bookkit import DOCS, SNIPPETS, variants
from bookkit.markdown import FencedBlock, parse_file

from . import options as opts

PROMPT = "$ "
HEREDOC_RE = re.compile(r"<<(-?)\s*(['\"]?)([A-Za-z_][A-Za-z0-9_]*)\2")


class CollectError(opts.PageError):
    """A console block or snippet include the harness cannot read."""


@dataclass
class Step:
    """What is typed (None for the command itself) and what should appear."""

    input: str | None
    expected: list[str]
    line: int


@dataclass
class Command:
    raw: list[str]  # the lines as written, prompts included
    line: int
    steps: list[Step]  # steps[0] is the command's own output

    @property
    def text(self) -> str:
        """The shell text: prompts and continuation markers kept as bash reads them."""
        first, *rest = self.raw
        return "\n".join([first[len(PROMPT):], *rest])


@dataclass
class Example:
    block: FencedBlock
    options: opts.Options
    commands: list[Command]

    @property
    def line(self) -> int:
        return self.block.line


@dataclass
class Page:
    path: Path
    examples: list[Example] = field(default_factory=list)
    snippet_paths: list[str] = field(default_factory=list)  # relative to snippets/

    def mentioned(self, names: list[str]) -> list[str]:
        """Which of these image names the page or its snippet folders mention."""
        texts = [self.path.read_text(encoding="utf-8")]
        for folder in snippet_folders(self):
            root = SNIPPETS / folder
            files = [root] if root.is_file() else [f for f in root.rglob("*") if f.is_file()]
            texts += [f.read_text(encoding="utf-8", errors="replace") for f in files]
        return [name for name in names if any(name in text for text in texts)]


def collect(path: Path) -> Page:
    doc = parse_file(path)
    page = Page(path=path)
    for include, line in doc.snippet_includes():
        if not (SNIPPETS / include).exists():
            raise CollectError(path, line, f"snippet {include!r} not found in snippets/; "
                               "create it or fix the path")
        page.snippet_paths.append(include)
    for block in doc.console_blocks():
        options = opts.parse(block.annotation, path, block.annotation_line or block.line)
        commands = parse_console(block, options)
        if not commands:
            raise CollectError(path, block.line, "a console block with no `$ ` command; "
                               "use another language (e.g. text) for plain output")
        shown = next((step for command in commands for step in command.steps
                      if step.expected), None)
        if options.uncaptured and shown is not None:
            raise CollectError(path, shown.line, "the block is marked 'uncaptured' but shows "
                               "output; drop 'uncaptured' (the output is then compared)")
        page.examples.append(Example(block, options, commands))
    return page


def snippet_folders(page: Page) -> list[str]:
    """Top-level snippet entries (folder or file) the page's examples need."""
    return sorted({variants.folder(p) for p in page.snippet_paths})


def english_variants(page: Page) -> list[str]:
    """The folders of snippets/en/ laid over the page's folders: an English
    page runs with the files its readers read."""
    if not page.path.is_relative_to(DOCS / variants.PREFIX):
        return []
    return [f for f in snippet_folders(page) if (variants.VARIANTS / f).exists()]


def parse_console(block: FencedBlock, options: opts.Options) -> list[Command]:
    lines = block.content.splitlines()
    commands: list[Command] = []
    index = 0
    while index < len(lines):
        line = lines[index]
        number = block.content_line + index
        if line.startswith(PROMPT) or line == PROMPT.strip():
            raw, index = _command_lines(lines, index, block, number)
            commands.append(Command(raw=raw, line=number, steps=[Step(None, [], number)]))
            continue
        if not commands:
            raise CollectError(block.path, number, "output before the first `$ ` command; "
                               "each command starts with `$ `")
        steps = commands[-1].steps
        if options.tty and line.startswith(options.prompt):
            steps.append(Step(line[len(options.prompt):], [], number))
        else:
            steps[-1].expected.append(line)
        index += 1
    return commands


def _command_lines(lines, index, block, number):
    raw = [lines[index]]
    while raw[-1].endswith("\\"):
        index += 1
        if index >= len(lines):
            raise CollectError(block.path, number, "the command ends in `\\` but no line follows")
        raw.append(lines[index])
    for match in HEREDOC_RE.finditer("\n".join(raw)):
        strip_tabs, delimiter = match.group(1), match.group(3)
        while True:
            index += 1
            if index >= len(lines):
                raise CollectError(block.path, number,
                                   f"here-document never ends: no line `{delimiter}`")
            raw.append(lines[index])
            body = lines[index].lstrip("\t") if strip_tabs else lines[index]
            if body == delimiter:
                break
    return raw, index + 1
