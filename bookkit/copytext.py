"""What the copy button of a `console` block copies: only the commands, as
a reader pastes them into a shell. A block shows `$ ` prompts, the commands
(with their `\\` continuation lines and here-document bodies) and their
output; the copy drops the prompts and the output, read by the same rules the
example harness uses (bookkit.harness.collect).

Material for MkDocs 9.8 copies the ``data-copy`` attribute of the nearest
element around a block's code when there is one (else the code's text):
``with_copy_text`` gives each console block of a page's HTML that attribute,
so the button works without a script of ours, offline too."""

from __future__ import annotations

import re
from html import escape, unescape
from pathlib import Path

from bookkit.harness import options as opts
from bookkit.harness.collect import PROMPT, CollectError, parse_console
from bookkit.markdown import FencedBlock

BLOCK_RE = re.compile(
    r'<div class="language-console highlight"(?P<attrs>[^>]*)>(?P<body>.*?</code></pre>)',
    re.S)
CODE_RE = re.compile(r"<code[^>]*>(.*?)</code>", re.S)
LINE_ANCHOR_RE = re.compile(r'<a id="__codelineno-[^"]*"[^>]*></a>')
TAG_RE = re.compile(r"<[^>]+>")


def commands(transcript: str) -> str:
    """The commands of a console transcript, prompts and output left out."""
    block = FencedBlock(path=Path("<html>"), line=0, lang="console", info="console",
                        content=transcript)
    try:
        found = parse_console(block, opts.Options())
    except CollectError:  # not a transcript the harness reads: keep the prompted lines
        return "\n".join(line[len(PROMPT):] for line in transcript.splitlines()
                         if line.startswith(PROMPT))
    return "\n".join(command.text for command in found)


def code_text(code_html: str) -> str:
    """The text of a highlighted block's <code>, as a browser shows it."""
    return unescape(TAG_RE.sub("", LINE_ANCHOR_RE.sub("", code_html)))


def with_copy_text(html: str) -> str:
    """The page with a data-copy attribute on each console block."""
    def one(match: re.Match) -> str:
        code = CODE_RE.search(match["body"])
        if code is None or "data-copy=" in match["attrs"]:
            return match[0]
        text = commands(code_text(code[1]))
        if not text:
            return match[0]
        return (f'<div class="language-console highlight"{match["attrs"]} '
                f'data-copy="{escape(text, quote=True)}">{match["body"]}')
    return BLOCK_RE.sub(one, html)
