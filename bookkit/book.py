"""The pages of the language being built: their headings, anchors and titles.

Every hook that links to a heading asks here, so links and the ids MkDocs
gives headings cannot drift apart: anchors are computed by Python-Markdown's
own toc extension, configured as in mkdocs.yml (slugify, separator,
attr_list ids, duplicate numbering), on the page's headings.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass

import markdown as python_markdown
from markdown.extensions import toc as toc_extension
from mkdocs.utils import get_relative_url

from bookkit.markdown import Document, Heading, parse_page, strip_front_matter


@dataclass
class Section:
    heading: Heading
    anchor: str
    end: int  # last line of the section (before the next heading of its level or above)


# Extensions that only act on blocks (fences, admonitions, tables...): they
# cannot change a heading's text, so the anchors' converter leaves them out.
# Any other extension is kept, since it might.
BLOCK_ONLY = {
    "admonition", "def_list", "tables", "md_in_html", "fenced_code", "codehilite",
    "pymdownx.details", "pymdownx.superfences", "pymdownx.tabbed", "pymdownx.snippets",
    "pymdownx.highlight",
}


# A heading whose text is words, `code` and *emphasis* of plain words only
# (plus an optional trailing { #id }; "<" or ">" that make no tag, <<EOF):
# its id is toc's slugify of the text without the backticks and asterisks,
# so the anchors need no Markdown conversion. Anything else (strong, HTML,
# links, entities, escapes, keys) goes through Python-Markdown.
_PLAIN_HEADING_RE = re.compile(
    r"^(?!.*<.*>)"  # "<" then ">" may be a tag; either alone is text
    r"(?:[^`*_&\[\]\\+~^=|{}]|`[^`<>&]+`|\*(?=[^\s*])[^`*_&\[\]\\+~^=|{}]+(?<=\S)\*)*$")
_ID_ATTR_RE = re.compile(r"\s*\{:?\s*#([\w-]+)\s*\}\s*$")


class Anchors:
    """Heading ids exactly as the toc extension makes them."""

    def __init__(self, extensions: list, configs: dict):
        self._extensions, self._configs = extensions, configs
        self._md = None  # made when a heading needs it: most pages do not
        toc = configs.get("toc", {})
        self._slugify = toc.get("slugify", toc_extension.slugify)
        self._separator = toc.get("separator", "-")

    @classmethod
    def from_config(cls, config) -> Anchors:
        extensions = [e for e in config["markdown_extensions"] if e not in BLOCK_ONLY]
        configs = {k: v for k, v in config["mdx_configs"].items() if k in extensions}
        return cls(extensions, configs)

    def __call__(self, headings: list[Heading]) -> list[str]:
        texts = [" ".join(h.text.split()) for h in headings]
        if all(_PLAIN_HEADING_RE.match(_ID_ATTR_RE.sub("", t)) for t in texts):
            return self._plain(texts)
        return self._converted(headings)

    def _plain(self, texts: list[str]) -> list[str]:
        ids: list[str] = []
        for text in texts:
            given = _ID_ATTR_RE.search(text)
            if given:
                ids.append(given.group(1))
            else:
                slug = self._slugify(text.replace("`", "").replace("*", "").strip(),
                                     self._separator)
                ids.append(toc_extension.unique(slug, set(ids)))
        return ids

    def _converted(self, headings: list[Heading]) -> list[str]:
        # Headings alone, in order, as ATX headings: same text, same ids, and
        # the same numbering of duplicates as on the rendered page.
        source = "\n\n".join(
            "#" * h.level + " " + " ".join(h.text.split()) for h in headings
        )
        if self._md is None:
            self._md = python_markdown.Markdown(extensions=self._extensions,
                                                extension_configs=self._configs)
        self._md.reset()
        self._md.convert(source)
        ids: list[str] = []

        def walk(tokens):
            for token in tokens:
                ids.append(token["id"])
                walk(token["children"])

        walk(self._md.toc_tokens)
        if len(ids) != len(headings):  # a heading toc ignores; never guess
            raise ValueError("could not compute heading anchors")
        return ids


class Page:
    """One page of the build, parsed once."""

    def __init__(self, key: str, text: str, anchors: Anchors):
        self.key = key
        self.doc: Document = _parse(strip_front_matter(text), key)
        ids = anchors(self.doc.headings)
        self.sections: list[Section] = []
        total = len(self.doc.text.splitlines())
        for index, (heading, anchor) in enumerate(zip(self.doc.headings, ids, strict=True)):
            end = total
            for later in self.doc.headings[index + 1 :]:
                if later.level <= heading.level:
                    end = later.line - 1
                    break
            self.sections.append(Section(heading, anchor, end))
        self._by_heading: dict[str, Section] | None = None

    @property
    def title(self) -> str:
        for section in self.sections:
            if section.heading.level == 1:
                return plain(section.heading.text)
        return self.key

    def section(self, heading_text: str) -> Section | None:
        """The section whose heading reads ``heading_text`` (as written,
        without a trailing attribute list such as ``{ #id }``)."""
        if self._by_heading is None:  # the glossary asks a hundred times
            self._by_heading = {}
            for section in self.sections:
                self._by_heading.setdefault(_without_attrs(section.heading.text), section)
        return self._by_heading.get(" ".join(heading_text.split()))

    def by_anchor(self, anchor: str) -> Section | None:
        return next((s for s in self.sections if s.anchor == anchor), None)

    def section_at(self, line: int) -> Section | None:
        found = None
        for section in self.sections:
            if section.heading.line > line:
                break
            found = section
        return found


def _parse(text: str, key: str) -> Document:
    # Through the hooks' cache: the first hook to see this page reuses it.
    return parse_page(text, key)


_ATTRS_RE = re.compile(r"\s*\{:?\s*[#.][^}]*\}\s*$")


def _without_attrs(text: str) -> str:
    return " ".join(_ATTRS_RE.sub("", text).split())


def plain(inline: str) -> str:
    """Heading text without Markdown marks, for link texts and titles."""
    inline = heading_markdown(inline)
    for mark in ("**", "__", "`"):
        inline = inline.replace(mark, "")
    return inline


def heading_markdown(inline: str) -> str:
    """Heading text as inline Markdown on one line, without its attribute list:
    rendered, its code stays code (`.env` is no word to spell-check)."""
    return " ".join(_without_attrs(inline).split()).strip()


def page_key(file) -> str:
    """A page's path relative to docs/<lang>/ (what data files name)."""
    return getattr(file, "norm_src_uri", None) or file.src_uri


class Book:
    """The documentation pages of the build in progress, by page key."""

    def __init__(self, files, config):
        self._files = files
        self._anchors = Anchors.from_config(config)
        self._pages: dict[str, Page] = {}
        self._index: tuple[int, dict] = (-1, {})
        # Data resolved against these pages, by data file: several hooks
        # need the same (the corrections hook and the errata page).
        self.resolved: dict = {}

    def _by_key(self) -> dict:
        # Files holds the theme's assets too (hundreds): index the pages once,
        # again only if a hook adds a file (the errata page).
        if self._index[0] != len(self._files):
            pages = {page_key(f): f for f in self._files.documentation_pages()}
            self._index = (len(self._files), pages)
        return self._index[1]

    def _file(self, key: str):
        return self._by_key().get(key)

    def has(self, key: str) -> bool:
        return self._file(key) is not None

    def keys(self) -> list[str]:
        return list(self._by_key())

    def page(self, key: str) -> Page | None:
        if key not in self._pages:
            file = self._file(key)
            if file is None:
                return None
            self._pages[key] = Page(key, file.content_string, self._anchors)
        return self._pages[key]

    def url(self, key: str, from_key: str, anchor: str | None = None) -> str:
        """The href MkDocs writes for a link from one page to another (or
        within a page), for hooks that write HTML themselves."""
        if key == from_key and anchor:
            return f"#{anchor}"
        path = get_relative_url(self._file(key).url, self._file(from_key).url)
        return f"{path}#{anchor}" if anchor else path

    def parse_target(self, target: str) -> tuple[str, str | None]:
        key, _, anchor = target.partition("#")
        return key, anchor or None


def relative_link(target_key: str, from_key: str, anchor: str | None = None) -> str:
    """A Markdown link target from one page to another (MkDocs checks and
    rewrites .md links); within a page, just the anchor."""
    if target_key == from_key and anchor:
        return f"#{anchor}"
    path = posixpath.relpath(target_key, posixpath.dirname(from_key) or ".")
    return f"{path}#{anchor}" if anchor else path


_books: list = []  # [(files, Book)] of the build in progress


def book_for(files, config) -> Book:
    """The Book of this build, shared by the hooks (one parse per page)."""
    if _books and _books[0][0] is files:
        return _books[0][1]
    book = Book(files, config)
    _books[:] = [(files, book)]
    return book


def section_spans(page: Page, doc: Document) -> dict[str, tuple[int, int]] | None:
    """anchor -> (heading line, last line) of each section of ``page``, found
    in ``doc``, the same page's text as a later hook receives it: earlier
    hooks add lines (callouts, stamps) but never headings, so sections match
    by position. None if they do not."""
    if len(page.sections) != len(doc.headings):
        return None
    spans, total = {}, len(doc.text.split("\n"))
    for index, (section, heading) in enumerate(zip(page.sections, doc.headings, strict=True)):
        later = [h.line for h in doc.headings[index + 1 :] if h.level <= heading.level]
        spans[section.anchor] = (heading.line, later[0] - 1 if later else total)
    return spans
