"""The two editions kept in step: a page of the English edition (docs/en)
has the Spanish page's examples (docs/es), in the same order, with the same
commands, annotations and included files, and the same heading depths.

An English page whose commands and files are the Spanish page's is covered
by the Spanish run: `sync` copies the Spanish outputs into it, so both
editions show the output of one run (`make regen` does it after rewriting a
Spanish page). An English page that translates a message inside a command
(declared in data/translated-strings.yml) or includes an English variant of
a file (bookkit.variants) runs its own examples, all of them, since each
block needs the ones before it; `make regen` then rewrites it from that run.
No English output is written by hand.

Each English page records, in data/translations.yml, a hash of every Spanish
section it translates (its prose and commands, not the outputs a run
rewrites) and the date. A Spanish section whose hash changed since is
*behind* in English: `make lint` lists it and the English page says so
until a translator updates it and runs

    .venv/bin/python -m bookkit.translations mark docs/en/page.md
"""

from __future__ import annotations

import hashlib
import sys
from datetime import date
from pathlib import Path

import yaml

from bookkit import DATA, DOCS, ROOT, variants
from bookkit.data import load, load_validated
from bookkit.harness.collect import collect, english_variants, parse_console
from bookkit.harness.options import parse as parse_options
from bookkit.markdown import CONTAINER_RE, FencedBlock, parse, parse_file

SOURCE, TRANSLATION = DOCS / "es", DOCS / "en"
RECORD = DATA / "translations.yml"
STRINGS, STRINGS_SCHEMA = DATA / "translated-strings.yml", DATA / "translated-strings.schema.json"


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


def strings(page: str, path: Path = STRINGS) -> list:
    """The messages the English page translates inside its commands (entries
    with their line in data/translated-strings.yml)."""
    return list((load_validated(path, STRINGS_SCHEMA) or {}).get(page) or [])


def _translated(typed: list[list[str]], replacements: list) -> list[list[str]]:
    """Spanish commands as the English page should type them."""
    def swap(line: str) -> str:
        for entry in replacements:
            line = line.replace(entry["es"], entry["en"])
        return line
    return [[swap(line) for line in command] for command in typed]


def problems(source: Path, translation: Path, replacements: list | None = None) -> list[str]:
    """Where the translation is out of step with the source page."""
    original, translated = parse_file(source), parse_file(translation)
    if replacements is None:
        replacements = strings(translation.name)
    shown_source, shown = _show(source), _show(translation)
    found = []
    levels = [h.level for h in original.headings], [h.level for h in translated.headings]
    if levels[0] != levels[1]:
        index = next((i for i, (a, b) in enumerate(zip(*levels, strict=False)) if a != b),
                     min(map(len, levels)))
        at = [doc.headings[index].line if index < len(doc.headings) else "end"
              for doc in (original, translated)]
        found.append(f"{shown}:{at[1]}: the headings' depths part from "
                     f"{shown_source}:{at[0]} here (same sections, same levels, same order)")
    containers = [sum(1 for line in doc.text.splitlines() if CONTAINER_RE.match(line))
                  for doc in (original, translated)]
    if containers[0] != containers[1]:
        found.append(f"{shown}: {containers[1]} admonitions or tabs, {shown_source} has "
                     f"{containers[0]}")
    found += _include_problems(original, translated, shown_source, shown)
    blocks = original.console_blocks(), translated.console_blocks()
    for index in range(max(map(len, blocks))):
        if index >= len(blocks[1]):
            found.append(f"{shown}: missing the example of {_where(blocks[0][index])}")
            continue
        if index >= len(blocks[0]):
            found.append(f"{_where(blocks[1][index])}: an example {shown_source} does not have")
            continue
        mine, theirs = blocks[1][index], blocks[0][index]
        if mine.annotation != theirs.annotation:
            found.append(f"{_where(mine)}: its test annotation differs from {_where(theirs)}")
        elif _typed(mine) != _translated(_typed(theirs), replacements):
            found.append(f"{_where(mine)}: its commands differ from {_where(theirs)} (a "
                         f"translated message is declared in {_show(STRINGS)})")
    typed = "\n".join(line for block in blocks[0] for command in _typed(block)
                      for line in command)
    for entry in replacements:
        if entry["es"] not in typed:
            found.append(f"{_show(STRINGS)}:{entry.line}: {entry['es']!r} is in no command of "
                         f"{shown_source}; fix it or remove the entry")
    return found


def _include_problems(original, translated, shown_source: str, shown: str) -> list[str]:
    """Same files in the same order; the English page includes the English
    variant of each file that has one."""
    mine, theirs = translated.snippet_includes(), original.snippet_includes()
    if [variants.original(name) for name, _ in mine] != [name for name, _ in theirs]:
        return [f"{shown}: includes {[name for name, _ in mine]}, {shown_source} includes "
                f"{[name for name, _ in theirs]}"]
    found = [f"{shown_source}:{line}: includes the English variant {name}; include "
             f"{variants.original(name)}" for name, line in theirs if variants.is_variant(name)]
    for name, line in mine:
        twin = None if variants.is_variant(name) else variants.variant_of(name)
        if twin:
            found.append(f"{shown}:{line}: {name} has an English variant; include {twin}")
    return found


def runs_itself(source: Path, translation: Path) -> bool:
    """Whether the English page runs its own examples: a command says a
    translated message, or its files have English variants."""
    pairs = zip(parse_file(source).console_blocks(), parse_file(translation).console_blocks(),
                strict=False)
    return any(_typed(mine) != _typed(theirs) for theirs, mine in pairs) \
        or bool(english_variants(collect(translation)))


def sync(source: Path, translation: Path) -> int:
    """Copy the output and the test annotation of each Spanish block into the
    English block that has the same commands; returns how many blocks changed.
    An English page that runs itself keeps the outputs of its own run."""
    if runs_itself(source, translation):
        return 0
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
    if not source.exists() or runs_itself(source, translation):
        return set()
    pairs = zip(parse_file(source).console_blocks(), parse_file(translation).console_blocks(),
                strict=False)
    return {mine.line for theirs, mine in pairs
            if (mine.annotation, mine.content) == (theirs.annotation, theirs.content)}


def pages() -> list[tuple[Path, Path]]:
    """(Spanish page, English page) for each page translated so far."""
    return [(page, translation_of(page)) for page in sorted(SOURCE.glob("*.md"))
            if translation_of(page).exists()]


def section_hashes(source: Path) -> list[tuple[str, str]]:
    """(heading, hash) of each section of a Spanish page, in order; the text
    before the first heading counts as a section. Console outputs are left
    out: a regenerated run is not a change to translate."""
    doc = parse_file(source)
    lines = doc.text.split("\n")
    for block in reversed(doc.console_blocks()):
        typed = [line for command in _typed(block) for line in command]
        lines[block.content_line - 1:block.end_line - 1] = typed
    headings = parse("\n".join(lines), doc.path).headings
    starts = [0] + [h.line - 1 for h in headings]
    titles = ["", *[h.text for h in headings]]
    bounds = [*starts[1:], len(lines)]
    return [(title, hashlib.sha256("\n".join(lines[a:b]).encode()).hexdigest()[:12])
            for title, a, b in zip(titles, starts, bounds, strict=True)]


def _records(path: Path = RECORD) -> dict:
    data = load(path) if path.exists() else None
    return dict(data or {})


def recorded_pages(record: Path = RECORD) -> set[str]:
    return set(_records(record))


def behind(page: str, record: Path = RECORD) -> list[tuple[int, str, str]]:
    """(section index, Spanish heading, date of the translation) of each
    section of docs/en/page whose Spanish text changed since it was translated."""
    recorded = _records(record).get(page) or []
    found = []
    for index, (title, digest) in enumerate(section_hashes(SOURCE / page)):
        entry = recorded[index] if index < len(recorded) else {}
        if entry.get("hash") != digest:
            found.append((index, title, str(entry.get("date", "its first translation"))))
    return found


def mark(pages: list[str], record: Path = RECORD) -> None:
    """Record that these English pages translate today's Spanish sections."""
    records = _records(record)
    today = date.today().isoformat()
    for page in pages:
        records[page] = [{"hash": digest, "date": today}
                         for _, digest in section_hashes(SOURCE / page)]
    header = ("# The Spanish sections each English page translates: a hash of each section\n"
              "# (prose and commands, not outputs) and when. Written by\n"
              "# `.venv/bin/python -m bookkit.translations mark docs/en/page.md`; do not edit.\n")
    # Plain dicts: the loader's entries (which keep their lines) do not dump.
    body = yaml.safe_dump({k: [dict(e) for e in records[k]] for k in sorted(records)},
                          sort_keys=False,
                          default_flow_style=None, width=100)
    record.write_text(header + body, encoding="utf-8")


def main(argv: list[str]) -> int:
    if len(argv) < 2 or argv[0] != "mark":
        print("usage: python -m bookkit.translations mark docs/en/page.md [...]", file=sys.stderr)
        return 2
    pages = [Path(p).name for p in argv[1:]]
    missing = [p for p in pages if not (TRANSLATION / p).exists() or not (SOURCE / p).exists()]
    if missing:
        print(f"no such page in both editions: {', '.join(missing)}", file=sys.stderr)
        return 2
    mark(pages)
    print(f"{RECORD.relative_to(ROOT)}: {', '.join(pages)} translate today's Spanish text")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
