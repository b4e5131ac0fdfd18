"""The PDF's alphabetical index: the glossary's terms (data/glossary.yml),
each with the page that explains it (in bold) and the pages of the chapters
that mention it, found as the glossary's links find them (a whole word, a
synonym, +s/+es plurals; never in code, headings or the term's other senses,
nor on its not_in pages), but every mention, not only the first.

A mention is recorded on the block (paragraph, list item, cell) that holds
it: the block gets an id, and the page where the block starts is the page
the index gives. The index is laid out after the book (render.py), when
those pages are known, so it lists each page once and joins runs (12-14)."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path

from bookkit import ROOT
from bookkit.glossary import _fold, _key, _other_senses, _synonyms, load_entries, names_regex
from bookkit.i18n import localized
from bookkit.pdf.page import parents

GLOSSARY = ROOT / "data" / "glossary.yml"
BLOCKS = {"p", "li", "dd", "dt", "td", "th", "blockquote", "figcaption"}
SKIP = {"code", "pre", "kbd", "h1", "h2", "h3", "h4", "h5", "h6", "script", "style"}


@dataclass
class Term:
    name: str
    page: str  # the chapter that explains it, e.g. "redes.md"
    heading: str
    names: list[str]
    not_in: frozenset[str] = frozenset()
    anchor: str | None = None  # the id of the section that explains it
    other: list[str] = field(default_factory=list)  # phrases that are not a mention


def terms(lang: str, path: Path | None = None) -> list[Term]:
    path = Path(path or GLOSSARY)
    found = []
    for entry in load_entries(path):
        try:
            name = str(localized(entry, "term", lang, path))
            heading = str(localized(entry, "heading", lang, path))
        except Exception:  # noqa: BLE001 - a term not translated yet: not in this index
            continue
        names = [name, *map(str, _synonyms(entry, lang, path))]
        found.append(Term(name, str(entry["page"]), heading, names,
                          frozenset(map(str, entry.get("not_in") or [])),
                          other=_other_senses(entry, lang, path, names)))
    return found


class Finder:
    """Every mention of every term in the chapters' prose."""

    def __init__(self, found: list[Term]):
        self.terms = found
        self.names: dict[str, int | None] = {}
        for index, term in enumerate(found):
            for name in term.names:
                self.names[_key(name)] = index
            for phrase in term.other:
                self.names.setdefault(_key(phrase), None)
        self.regex = names_regex(list(self.names), ignore_case=False) if self.names else None
        self.mentions: dict[int, list[str]] = {}
        self.count = 0

    def _block_id(self, block: ET.Element, chapter) -> str:
        if not block.get("id"):
            self.count += 1
            block.set("id", f"{chapter.slug}--ix-{self.count}")
        return block.get("id")

    def find(self, body: ET.Element, chapter) -> None:
        if self.regex is None:
            return
        up = parents(body)
        heading_ids = {}
        # The section explaining a term: its heading's id (ids are prefixed already).
        for el in body.iter():
            if el.tag in ("h1", "h2", "h3", "h4") and el.get("id"):
                text = " ".join("".join(el.itertext()).split())
                heading_ids.setdefault(text, el.get("id"))

        def skipped(el: ET.Element) -> bool:
            while el is not None:
                if el.tag in SKIP:
                    return True
                el = up.get(el)
            return False

        def block_of(el: ET.Element) -> ET.Element | None:
            while el is not None and el.tag not in BLOCKS:
                el = up.get(el)
            return el

        for el in body.iter():
            if el.tag in SKIP or skipped(el):
                continue
            # The text directly in el, and the tail of each child (also el's).
            runs = [(el, el.text)] + [(el, child.tail) for child in el]
            for owner, text in runs:
                if not text:
                    continue
                lowered = text.lower()
                if len(lowered) != len(text):
                    lowered = "".join(char.lower()[0] for char in text)
                for match in self.regex.finditer(lowered):
                    index = self.names.get(_key(match.group(1)))
                    if index is None or chapter.key in self.terms[index].not_in:
                        continue
                    block = block_of(owner)
                    if block is None:
                        continue
                    ident = self._block_id(block, chapter)
                    seen = self.mentions.setdefault(index, [])
                    if not seen or seen[-1] != ident:
                        seen.append(ident)
        for term in self.terms:
            if term.page == chapter.key and term.anchor is None:
                heading = " ".join(term.heading.replace("`", "").split())
                term.anchor = next((ident for text, ident in heading_ids.items()
                                    if text.endswith(heading)), None)


@dataclass
class Entry:
    term: str
    main: tuple[int, str] | None  # (page, id) where it is explained
    runs: list[tuple[int, int, str]] = field(default_factory=list)  # (first, last, id)


def entries(found: list[Term], mentions: dict[int, list[str]],
            printed: dict[str, int]) -> list[Entry]:
    """The index, sorted as the glossary is (accents and case aside)."""
    result = []
    for index, term in enumerate(found):
        main = (printed[term.anchor], term.anchor) if term.anchor in printed else None
        pages: dict[int, str] = {}
        for ident in mentions.get(index, []):
            if ident in printed:
                pages.setdefault(printed[ident], ident)
        if main:
            pages.pop(main[0], None)
        runs: list[tuple[int, int, str]] = []
        for number in sorted(pages):
            if runs and number == runs[-1][1] + 1:
                runs[-1] = (runs[-1][0], number, runs[-1][2])
            else:
                runs.append((number, number, pages[number]))
        if main or runs:
            result.append(Entry(term.name, main, runs))
    return sorted(result, key=lambda e: _fold(e.term))


def letters(found: list[Entry]) -> list[tuple[str, list[Entry]]]:
    """The entries grouped by their initial (A, B, C...; digits and signs first)."""
    groups: list[tuple[str, list[Entry]]] = []
    for entry in found:
        initial = _fold(entry.term)[:1].upper()
        initial = initial if initial.isalpha() else "#"
        if not groups or groups[-1][0] != initial:
            groups.append((initial, []))
        groups[-1][1].append(entry)
    return groups
