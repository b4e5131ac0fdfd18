"""Regenerate mode: write what Docker really printed into the Markdown, so
no contributor ever types output by hand.

Every output of the page is written from this one run, so that an ID, a
digest or a name shown in one block is the one the next block shows (a
matching output from an older run would keep an older run's IDs). An output
a writer trimmed with ``...`` keeps its trimming while it still matches (the
writer's choice), with the lines it kept, and the IDs in a trimmed line,
taken from this run."""

from __future__ import annotations

import re

from . import matching
from .runner import ExampleOutcome

ANSI_RE = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")
UNCAPTURED_RE = re.compile(r"\s+uncaptured\b(?!=)")


def block_lines(outcome: ExampleOutcome) -> list[str]:
    """The block's new content: commands as written, outputs as printed."""
    prompt = outcome.example.options.prompt or ""
    lines: list[str] = []
    for result in outcome.commands:
        lines += result.command.raw
        for index, (step, actual) in enumerate(zip(result.command.steps, result.actual,
                                                   strict=False)):
            if index:
                lines.append(prompt + step.input)
            printed = [ANSI_RE.sub("", line).rstrip() for line in actual.splitlines()]
            while printed and not printed[-1]:
                printed.pop()
            trimmed = any(matching.ELLIPSIS in line for line in step.expected)
            placed = (matching.align(step.expected, printed, outcome.example.options.varies)
                      if trimmed else None)
            if placed is None:
                lines += printed
                continue
            # The writer's trimming stays; every line it kept is this run's
            # (zip drops trailing blank lines, which align does not place).
            for want, index in zip(step.expected, placed, strict=False):
                if index is None:
                    lines.append(want)  # a `...` line
                elif matching.ELLIPSIS in want:
                    lines.append(matching.refresh(want, printed[index]))
                else:
                    lines.append(printed[index])
    return lines


def rewrite(path, outcomes: list[ExampleOutcome]) -> int:
    """Rewrite the blocks of one file from this run; returns how many changed."""
    text = path.read_text(encoding="utf-8").split("\n")
    changed = 0
    # Bottom-up, so earlier line numbers stay valid.
    for outcome in sorted(outcomes, key=lambda o: o.example.line, reverse=True):
        if outcome.setup_problem or len(outcome.commands) != len(outcome.example.commands):
            continue
        block = outcome.example.block
        pad = " " * block.indent
        new = [pad + line if line else line for line in block_lines(outcome)]
        first, last = block.content_line - 1, block.end_line - 1  # 0-based, end exclusive
        touched = text[first:last] != new
        text[first:last] = new
        if outcome.example.options.uncaptured:  # captured now: compared from now on
            at = block.annotation_line - 1
            text[at] = UNCAPTURED_RE.sub("", text[at])
            touched = True
        changed += touched  # a block counts once, output and annotation alike
    if changed:
        path.write_text("\n".join(text), encoding="utf-8")
    return changed
