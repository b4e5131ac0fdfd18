""""See also" links between pages that treat the same subject
(data/see-also.yml). Each group lists places, ``page.md`` or
``page.md#anchor``; every place gets a box linking to the others, at the end
of its section (or of its page)::

    - id: publicar-puertos
      links:
        - redes.md#publicar-puertos
        - swarm.md#publicar-servicios

An anchor is the heading's id in one language: give other languages theirs
with a mapping, ``{es: redes.md#publicar-puertos, en: redes.md#publishing-ports}``.
A place without an anchor is the same page in every language.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape
from pathlib import Path

from bookkit.book import Book, Section, heading_markdown
from bookkit.data import DataError, Entry, load_list, raise_all, require
from bookkit.i18n import SOURCE_LANGUAGE
from bookkit.render import Renderer


@dataclass
class Place:
    page: str
    section: Section | None  # None: the whole page

    @property
    def anchor(self) -> str | None:
        return self.section.anchor if self.section else None


@dataclass(frozen=True)
class Link:
    title: str  # Markdown: "Page › Section"
    page: str
    anchor: str | None


@dataclass
class Group:
    id: str
    places: list[Place]
    entry: Entry


def load_entries(path: Path | str) -> list[Entry]:
    path = Path(path)
    data, errors = load_list(path, "- id: ..., links: [...]")
    seen = {}
    for entry in data:
        try:
            ident = require(entry, "id", path)
            links = require(entry, "links", path, kind=list)
            if len(links) < 2 or not all(isinstance(link, str | dict) for link in links):
                raise DataError(path, entry.line, f"{ident}: 'links' must list at least two "
                                "places (page.md or page.md#anchor)")
            unknown = set(entry) - {"id", "links"}
            if unknown:
                raise DataError(path, entry.line, f"{ident}: unknown key(s) "
                                f"{', '.join(sorted(unknown))}; allowed: id, links")
            if ident in seen:
                raise DataError(path, entry.line, f"{ident}: duplicate id, already used at "
                                f"{path}:{seen[ident].line}; rename one")
            seen[ident] = entry
        except DataError as error:
            errors.append(error)
    raise_all(errors)
    return data


def resolve(entries: list[Entry], path: Path | str, lang: str, book: Book,
            errors: list[DataError] | None = None) -> list[Group]:
    """The groups in ``lang``; problems raised together, or collected in
    ``errors`` (then the places that resolve are kept)."""
    groups, found = [], []
    for entry in entries:
        places = []
        for link in entry["links"]:
            try:
                places.append(_place(link, entry, Path(path), lang, book))
            except DataError as error:
                found.append(error)
        groups.append(Group(entry["id"], places, entry))
    raise_all(found, into=errors)
    return groups


def _place(link, entry: Entry, path: Path, lang: str, book: Book) -> Place:
    ident = entry["id"]
    if isinstance(link, dict):
        target = link.get(lang)
        if not isinstance(target, str):
            raise DataError(path, entry.line, f"{ident}: no {lang} place in {link}; add "
                            f"{lang}: page.md#anchor")
    elif "#" in link and lang != SOURCE_LANGUAGE:
        raise DataError(path, entry.line, f"{ident}: '{link}' has a Spanish anchor; write it "
                        f"as {{es: {link}, {lang}: page.md#{lang}-anchor}}")
    else:
        target = link
    key, _, anchor = target.partition("#")
    page = book.page(key)
    if page is None:
        raise DataError(path, entry.line, f"{ident}: unknown page '{key}' (no docs/{lang}/{key});"
                        " fix the link")
    section = page.by_anchor(anchor) if anchor else None
    if anchor and section is None:
        known = ", ".join(s.anchor for s in page.sections[:12])
        raise DataError(path, entry.line, f"{ident}: {key} has no heading with anchor "
                        f"'{anchor}'; use one of: {known}")
    return Place(key, section)


def boxes_for(groups: list[Group], page: str, book: Book) -> dict[str | None, list[Link]]:
    """For one page: anchor of the section (None: the page) -> links to the
    other places of its groups, in data order, without repeats."""
    boxes: dict[str | None, list[Link]] = {}
    for group in groups:
        for place in group.places:
            if place.page != page:
                continue
            links = boxes.setdefault(place.anchor, [])
            for other in group.places:
                if other is place:
                    continue
                title = book.page(other.page).title
                if other.section and other.section.heading.level > 1:
                    title += f" › {heading_markdown(other.section.heading.text)}"
                link = Link(title, other.page, other.anchor)
                if link not in links:
                    links.append(link)
    return boxes


def box(links: list[Link], title: str, render: Renderer, href) -> str:
    """The box as HTML (what Material's admonition with a list renders to);
    ``href(page, anchor)`` gives a link's target from the page it is in."""
    render.prepare([title, *(link.title for link in links)])
    items = "\n".join(f'<li><a href="{escape(href(link.page, link.anchor))}">'
                      f"{render.inline(link.title)}</a></li>" for link in links)
    return (f'<div class="admonition tip">\n<p class="admonition-title">{render.inline(title)}'
            f"</p>\n<ul>\n{items}\n</ul>\n</div>")
