"""The two editions kept in step: a page of the English edition (docs/en)
has the Spanish page's examples (docs/es), in the same order, with the same
commands, annotations and included files, and the same heading depths.

A console block whose commands and annotation equal the Spanish block's is
covered by the Spanish block's run: `sync` copies the Spanish output into it,
so both editions show the output of one run (`make regen` does it after
rewriting a Spanish page). No English output is written by hand.
"""

from __future__ import annotations

from pathlib import Path

from bookkit import DOCS, ROOT
from bookkit.harness.collect import parse_console
from bookkit.harness.options import parse as parse_options
from bookkit.markdown import CONTAINER_RE, FencedBlock, parse_file

SOURCE, TRANSLATION = DOCS / "es", DOCS / "en"


def translation_of(source: Path) -> Path:
    return TRANSLATION / source.relative_to(SOURCE)


def _typed(block: FencedBlock) -> list[list[str]]:
    """What a reader types in a console block: each command's lines."""
    options = parse_options(block.annotation, block.path, block.annotation_line or block.line)
    return [command.raw for command in parse_console(block, options)]


def _show(path: Path) -> str:
    return str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else str(path)


def _where(block: FencedBlock) -> str:
    return f"{_show(Path(block.path))}:{block.line}"


def problems(source: Path, translation: Path) -> list[str]:
    """Where the translation is out of step with the source page."""
    original, translated = parse_file(source), parse_file(translation)
    source, translation = _show(source), _show(translation)
    found = []
    levels = [h.level for h in original.headings], [h.level for h in translated.headings]
    if levels[0] != levels[1]:
        index = next((i for i, (a, b) in enumerate(zip(*levels, strict=False)) if a != b),
                     min(map(len, levels)))
        at = [doc.headings[index].line if index < len(doc.headings) else "end"
              for doc in (original, translated)]
        found.append(f"{translation}:{at[1]}: the headings' depths part from "
                     f"{source}:{at[0]} here (same sections, same levels, same order)")
    containers = [sum(1 for line in doc.text.splitlines() if CONTAINER_RE.match(line))
                  for doc in (original, translated)]
    if containers[0] != containers[1]:
        found.append(f"{translation}: {containers[1]} admonitions or tabs, {source} has "
                     f"{containers[0]}")
    includes = [[name for name, _ in doc.snippet_includes()] for doc in (original, translated)]
    if includes[0] != includes[1]:
        found.append(f"{translation}: includes {includes[1]}, {source} includes {includes[0]}")
    blocks = original.console_blocks(), translated.console_blocks()
    for index in range(max(map(len, blocks))):
        if index >= len(blocks[1]):
            found.append(f"{translation}: missing the example of {_where(blocks[0][index])}")
            continue
        if index >= len(blocks[0]):
            found.append(f"{_where(blocks[1][index])}: an example {source} does not have")
            continue
        mine, theirs = blocks[1][index], blocks[0][index]
        if mine.annotation != theirs.annotation:
            found.append(f"{_where(mine)}: its test annotation differs from {_where(theirs)}")
        elif _typed(mine) != _typed(theirs):
            found.append(f"{_where(mine)}: its commands differ from {_where(theirs)}")
    return found


def sync(source: Path, translation: Path) -> int:
    """Copy the output and the test annotation of each Spanish block into the
    English block that has the same commands; returns how many blocks changed."""
    original, translated = parse_file(source), parse_file(translation)
    lines = translated.text.split("\n")
    changed = 0
    pairs = list(zip(original.console_blocks(), translated.console_blocks(), strict=False))
    source_lines = original.text.split("\n")
    for theirs, mine in reversed(pairs):  # bottom-up: earlier line numbers stay valid
        if _typed(mine) != _typed(theirs):
            continue
        pad = " " * mine.indent
        new = [pad + line if line else line for line in theirs.content.rstrip("\n").split("\n")]
        first, last = mine.content_line - 1, mine.end_line - 1
        touched = lines[first:last] != new
        lines[first:last] = new
        # The test annotation (a timeout, a hidden wait) follows the Spanish one.
        if mine.annotation != theirs.annotation and theirs.annotation_line:
            annotation = source_lines[theirs.annotation_line - 1]
            if mine.annotation_line:
                lines[mine.annotation_line - 1] = annotation
            else:
                lines.insert(mine.line - 1, annotation)
            touched = True
        changed += touched
    if changed:
        translation.write_text("\n".join(lines), encoding="utf-8")
    return changed


def covered(translation: Path) -> set[int]:
    """Lines of the translation's console blocks that equal their Spanish
    block (commands, annotation and output): the Spanish run proves them."""
    source = SOURCE / translation.relative_to(TRANSLATION)
    if not source.exists():
        return set()
    pairs = zip(parse_file(source).console_blocks(), parse_file(translation).console_blocks(),
                strict=False)
    return {mine.line for theirs, mine in pairs
            if (mine.annotation, mine.content) == (theirs.annotation, theirs.content)}


def pages() -> list[tuple[Path, Path]]:
    """(Spanish page, English page) for each page translated so far."""
    return [(page, translation_of(page)) for page in sorted(SOURCE.glob("*.md"))
            if translation_of(page).exists()]
