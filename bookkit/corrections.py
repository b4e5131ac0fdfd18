"""Corrections (data/corrections.yml): what the notes or the first edition
said, what is true, and where in the book it is put right.

An entry::

    - id: restart-on-failure        # unique, kebab-case
      page: contenedores.md
      after: "exact text of the page's prose"   # or {es: ..., en: ...}
      said: "What was said."                    # or {es: ..., en: ...}
      truth: "What is true."                    # or {es: ..., en: ...}
      sources: ["https://docs.docker.com/..."]
      example: "contenedores.md#politicas-de-reinicio"   # optional
      reader_cares: true            # false: a typo, listed in the errata only

The callout goes right after the top-level block (paragraph, list, table,
admonition) whose prose contains ``after``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html import escape
from pathlib import Path

from bookkit.book import Book, Section, plain
from bookkit.data import DataError, Entry, load_list, raise_all, require
from bookkit.i18n import Labels, localized
from bookkit.markdown import Document
from bookkit.render import Renderer, link_not_url

KEYS = {"id", "page", "after", "said", "truth", "sources", "example", "reader_cares"}
ID_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
# The errata page, generated (there is no file for it in docs/).
ERRATA_PAGE = "erratas.md"


@dataclass
class Correction:
    """An entry resolved for one language and placed in its page."""

    id: str
    page: str
    after: str
    said: str
    truth: str
    sources: list[str]
    example: tuple[str, Section] | None  # (page, section)
    reader_cares: bool
    block_end: int  # last line of the block the callout follows
    section: Section | None  # the section the passage is in
    entry: Entry

    @property
    def anchor(self) -> str:
        """Where the errata page links: the callout, or for a typo (no
        callout) the section that holds the passage."""
        if self.reader_cares:
            return callout_id(self.id)
        return self.section.anchor if self.section else ""


def callout_id(correction_id: str) -> str:
    """The callout's id in its page."""
    return f"errata-{correction_id}"


def erratum_id(correction_id: str) -> str:
    """The entry's id on the errata page."""
    return f"e-{correction_id}"


def load_entries(path: Path | str) -> list[Entry]:
    """The entries, checked for shape and unique ids (language-independent)."""
    path = Path(path)
    data, errors = load_list(path, "- id: ...")
    seen: dict[str, Entry] = {}
    for entry in data:
        try:
            _check(entry, path)
        except DataError as error:
            errors.append(error)
            continue
        if entry["id"] in seen:
            errors.append(DataError(path, entry.line, f"{entry['id']}: duplicate id, already "
                                    f"used at {path}:{seen[entry['id']].line}; rename one"))
        seen.setdefault(entry["id"], entry)
    raise_all(errors)
    return data


def _check(entry: Entry, path: Path) -> None:
    ident = require(entry, "id", path)
    if not ID_RE.match(ident):
        raise DataError(path, entry.line, f"{ident}: 'id' must be kebab-case (a-z, 0-9, -)")
    unknown = set(entry) - KEYS
    if unknown:
        raise DataError(path, entry.line, f"{ident}: unknown key(s) {', '.join(sorted(unknown))}"
                        f"; allowed: {', '.join(sorted(KEYS))}")
    require(entry, "page", path)
    for key in ("after", "said", "truth"):
        if not isinstance(entry.get(key), str | dict):
            raise DataError(path, entry.line, f"{ident}: '{key}' must be text (Spanish) or "
                            "a mapping {es: ..., en: ...}")
    for key in ("said", "truth"):
        value = entry[key]
        for text in value.values() if isinstance(value, dict) else [value]:
            link = link_not_url(str(text))
            if link is not None:
                raise DataError(path, entry.line, f"{ident}: '{key}' links to '{link}'; a "
                                "correction is shown on its page and on the errata page, so "
                                "links must be full URLs (https://...); use 'example' for "
                                "the book's own pages")
    cares = entry.get("reader_cares")
    if not isinstance(cares, bool):
        raise DataError(path, entry.line, f"{ident}: 'reader_cares' must be true or false "
                        "(false: a typo, listed in the errata without a callout)")
    sources = entry.get("sources")
    if sources is None and not cares:
        sources = entry["sources"] = []
    if not isinstance(sources, list) or not all(
        isinstance(url, str) and url.startswith(("https://", "http://")) for url in sources
    ):
        raise DataError(path, entry.line, f"{ident}: 'sources' must be a list of URLs")
    if cares and not sources:
        raise DataError(path, entry.line, f"{ident}: cite at least one source (official "
                        "documentation) in 'sources'")
    example = entry.get("example")
    if example is not None and not isinstance(example, str | dict):
        raise DataError(path, entry.line, f"{ident}: 'example' must be \"page.md#anchor\"")


def resolve(entries: list[Entry], path: Path | str, lang: str, book: Book,
            errors: list[DataError] | None = None) -> list[Correction]:
    """Every correction in ``lang``, placed in its page; all problems at once
    (or, with an ``errors`` list, collected there, and the good ones returned)."""
    corrections, found = [], []
    for entry in entries:
        try:
            corrections.append(_resolve(entry, Path(path), lang, book))
        except DataError as error:
            found.append(error)
    raise_all(found, into=errors)
    return corrections


def _resolve(entry: Entry, path: Path, lang: str, book: Book) -> Correction:
    ident = entry["id"]
    said = localized(entry, "said", lang, path)
    truth = localized(entry, "truth", lang, path)
    after = localized(entry, "after", lang, path)
    page = book.page(entry["page"])
    if page is None:
        raise DataError(path, entry.line, f"{ident}: unknown page '{entry['page']}' (no "
                        f"docs/{lang}/{entry['page']}); fix 'page'")
    line, block_end = locate(page.doc, after, path, entry)
    example = None
    if entry.get("example") is not None:
        target = localized(entry, "example", lang, path)
        key, _, anchor = target.partition("#")
        example_page = book.page(key)
        section = example_page.by_anchor(anchor) if example_page and anchor else None
        if section is None:
            raise DataError(path, entry.line, f"{ident}: example '{target}' does not resolve "
                            "(page.md#anchor of an existing heading); fix 'example'")
        example = (key, section)
    return Correction(ident, entry["page"], after, said.strip(), truth.strip(), entry["sources"],
                      example, entry["reader_cares"], block_end, page.section_at(line), entry)


def locate(doc: Document, after: str, path: Path, entry: Entry) -> tuple[int, int]:
    """(line of the passage, last line of its top-level block)."""
    if not after.split():
        raise DataError(path, entry.line, f"{entry['id']}: 'after' is empty")
    occurrences = doc.find_words(after)
    found = []
    for start, end in occurrences:
        first, last = doc.line_of(start), doc.line_of(end - 1)
        prose = doc.prose_at(first)
        if prose and last <= prose.end:
            found.append((first, prose.block[1]))
    if len(found) == 1:
        return found[0]
    if len(found) > 1:
        lines = ", ".join(str(line) for line, _ in found)
        raise DataError(path, entry.line, f"{entry['id']}: 'after' appears {len(found)} times "
                        f"in {entry['page']} (lines {lines}); quote a longer, unique passage")
    where = "only outside prose (code, a heading or a title)" if occurrences else "nowhere"
    raise DataError(path, entry.line, f"{entry['id']}: the passage in 'after' is {where} in "
                    f"{entry['page']}: \"{after}\". The page changed: copy the exact text of a "
                    "sentence of its prose into 'after'")


# The callouts and the errata page are written as HTML (see bookkit.render and
# bookkit.deferred): Python-Markdown would take longer over them than over the
# chapters they sit in. The HTML is what Material's admonitions and a
# Markdown list render to.

def texts(corrections: list[Correction], labels: Labels, lang: str) -> list[str]:
    """Every Markdown text the callouts and the errata page show, to render
    them together (Renderer.prepare)."""
    found = [labels.get(key, lang) for key in
             ("correction_title", "said", "truth", "sources", "example", "errata_see",
              "errata_typo")]
    for correction in corrections:
        found += [correction.said, correction.truth, _one_line(correction.said),
                  _one_line(correction.truth)]
        if correction.example:
            found.append(plain(correction.example[1].heading.text))
    return found


def callout(correction: Correction, labels: Labels, lang: str, render: Renderer,
            href) -> str:
    """The admonition shown after the corrected passage; ``href(page, anchor)``
    is a link's target from the page the callout is in."""
    links = [_sources(correction, labels, lang, render)]
    if correction.example:
        key, section = correction.example
        links.append(f"{render.inline(labels.get('example', lang))} "
                     f'<a href="{escape(href(key, section.anchor))}">'
                     f"{render.inline(plain(section.heading.text))}</a>")
    # The id is the callout's own, so a link lands on its title. What was
    # said wrong is left out of the search index (data-search-exclude): a
    # search should not surface the error as if it were the book's.
    return "\n".join([
        f'<div class="admonition bug" id="{callout_id(correction.id)}">',
        f'<p class="admonition-title">{render.inline(labels.get("correction_title", lang))}</p>',
        '<div data-search-exclude>',
        render.paragraphs(_label(render, labels, "said", lang), correction.said),
        "</div>",
        render.paragraphs(_label(render, labels, "truth", lang), correction.truth),
        f'<p>{" · ".join(links)}</p>',
        "</div>",
    ])


def _label(render: Renderer, labels: Labels, key: str, lang: str) -> str:
    return f"<strong>{render.inline(labels.get(key, lang))}</strong> "


def _sources(correction: Correction, labels: Labels, lang: str, render: Renderer) -> str:
    links = ", ".join(f'<a href="{escape(url)}">{escape(_short(url))}</a>'
                      for url in correction.sources)
    return f"{render.inline(labels.get('sources', lang))} {links}" if links else ""


def _short(url: str) -> str:
    return re.sub(r"^https?://(www\.)?", "", url).rstrip("/")


def errata_by_page(corrections: list[Correction], order: list[str]) -> dict[str, list[Correction]]:
    """The corrections by page, pages in reading order (``order``: the nav),
    each page's in the order of its text."""
    rank = {key: index for index, key in enumerate(order)}
    by_page: dict[str, list[Correction]] = {}
    for correction in sorted(corrections, key=lambda c: (rank.get(c.page, len(rank)), c.page,
                                                          c.block_end)):
        by_page.setdefault(correction.page, []).append(correction)
    return by_page


def errata_list(items: list[Correction], labels: Labels, lang: str, render: Renderer,
                href) -> str:
    """One page's corrections on the errata page, each with a link to its
    place (``href(page, anchor)``: a target from the errata page)."""
    html = ["<ul>"]
    for correction in items:
        where = escape(href(correction.page, correction.anchor or None))
        link_label = render.inline(labels.get("errata_see" if correction.reader_cares else
                                              "errata_typo", lang))
        sources = _sources(correction, labels, lang, render)
        html += [
            f'<li id="{erratum_id(correction.id)}">',
            render.paragraphs(_label(render, labels, "said", lang), _one_line(correction.said)),
            render.paragraphs(_label(render, labels, "truth", lang),
                              _one_line(correction.truth)),
            f'<p><a href="{where}">{link_label}</a>' + (f" · {sources}" if sources else "")
            + "</p>",
            "</li>",
        ]
    return "\n".join([*html, "</ul>"])


def _one_line(text: str) -> str:
    return " ".join(text.split())
