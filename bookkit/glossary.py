"""The glossary (data/glossary.yml): terms, their definitions and the section
that explains each one; and the linker that turns a term's first mention in a
page's prose into a link to that section.

An entry::

    - term: containerd              # or {es: containerd, en: containerd}
      synonyms: []                  # or {es: [...], en: [...]}
      es: "Definición breve."       # one key per language
      page: arquitectura.md
      heading: "containerd"         # exact heading text; or {es: ..., en: ...}
      other_senses: []              # optional: phrases where a name means something else
      not_in: []                    # optional: pages where its names never mean it
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from bookkit.book import Book, Section, relative_link
from bookkit.data import DataError, Entry, load_list, raise_all, require
from bookkit.i18n import SOURCE_LANGUAGE, localized
from bookkit.markdown import Document, inline_spans, without_gc_pauses
from bookkit.render import link_not_url

KEYS = {"term", "synonyms", "page", "heading", "other_senses", "not_in"}
LANGUAGES = {"es", "en"}
# The generated glossary page; the linker leaves it alone.
PAGE = "glosario.md"


@dataclass
class Term:
    """A glossary entry resolved for one language."""

    names: list[str]  # the term first, then its synonyms
    definition: str
    page: str
    section: Section
    entry: Entry
    # Phrases in which a name means something else: never a mention.
    other_senses: list[str] = field(default_factory=list)
    # Pages whose prose uses the names only in another sense (an everyday
    # word like "tarea" on a page that never speaks of Swarm): no link there.
    not_in: frozenset[str] = frozenset()

    @property
    def name(self) -> str:
        return self.names[0]


def load_entries(path: Path | str) -> list[Entry]:
    """The entries, checked for shape and duplicates (language-independent)."""
    path = Path(path)
    data, errors = load_list(path, "- term: ..., page: ..., heading: ...")
    seen: dict[tuple[str, str], Entry] = {}
    for entry in data:
        try:
            require(entry, "term", path, kind=None)
            require(entry, "page", path)
            require(entry, "heading", path, kind=None)
            unknown = set(entry) - KEYS - LANGUAGES
            if unknown:
                raise DataError(path, entry.line, f"{_label(entry)}: unknown key(s) "
                                f"{', '.join(sorted(unknown))}; allowed: "
                                f"{', '.join(sorted(KEYS | LANGUAGES))}")
            for lang in sorted(LANGUAGES & set(entry)):
                link = link_not_url(str(entry[lang]))
                if link is not None:
                    raise DataError(path, entry.line, f"{_label(entry)}: the {lang} definition "
                                    f"links to '{link}'; it is shown on the glossary page and "
                                    "as a link title, so links must be full URLs (https://...)")
        except DataError as error:
            errors.append(error)
            continue
        for lang, name in _all_names(entry):
            key = (lang, _fold(name))
            if seen.get(key) is entry:
                continue  # its own spelling variant (quorum for quórum): fine
            if key in seen:
                first = seen[key]
                errors.append(DataError(
                    path, entry.line,
                    f"{_label(entry)}: duplicate term '{name}' ({lang}), already defined by "
                    f"'{_label(first)}' at {path}:{first.line}; merge the two entries or "
                    "remove the name from one of them"))
            else:
                seen[key] = entry
    raise_all(errors)
    return data


def _label(entry: Entry) -> str:
    term = entry.get("term")
    if isinstance(term, dict):
        term = term.get(SOURCE_LANGUAGE) or next(iter(term.values()), "?")
    return str(term)


def _all_names(entry: Entry):
    """(language, name) of the term and its synonyms in every language given."""
    term, synonyms = entry.get("term"), entry.get("synonyms") or []
    terms = term if isinstance(term, dict) else {SOURCE_LANGUAGE: term}
    synonym_map = synonyms if isinstance(synonyms, dict) else {SOURCE_LANGUAGE: synonyms}
    for lang, name in terms.items():
        yield lang, str(name)
    for lang, names in synonym_map.items():
        for name in names or []:
            yield lang, str(name)


def _fold(text: str) -> str:
    """Case- and accent-insensitive key (duplicates, sorting)."""
    text = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in text if not unicodedata.combining(c))


def resolve(entries: list[Entry], path: Path | str, lang: str, book: Book,
            errors: list[DataError] | None = None) -> list[Term]:
    """The terms in ``lang``, each pointing at an existing section; every
    problem at once, each naming file:line, the term and the fix. With an
    ``errors`` list, problems go there and the good terms are returned."""
    terms, found = [], []
    for entry in entries:
        try:
            name = localized(entry, "term", lang, path)
            synonyms = _synonyms(entry, lang, path)
            other_senses = _other_senses(entry, lang, path, [name, *synonyms])
            definition = entry.get(lang)
            if not isinstance(definition, str) or not definition.strip():
                raise DataError(path, entry.line, f"{_label(entry)}: no {lang} definition; "
                                f"add '{lang}: \"...\"' to the entry")
            heading = localized(entry, "heading", lang, path)
            page = book.page(entry["page"])
            if page is None:
                raise DataError(path, entry.line, f"{_label(entry)}: unknown page "
                                f"'{entry['page']}' (no docs/{lang}/{entry['page']}); fix 'page'")
            section = page.section(heading)
            if section is None:
                raise DataError(path, entry.line, f"{_label(entry)}: {entry['page']} has no "
                                f"heading '{heading}'; set 'heading' to the exact text of the "
                                "heading that explains the term")
            not_in = _not_in(entry, lang, path, book)
        except DataError as error:
            found.append(error)
            continue
        terms.append(Term([str(name), *map(str, synonyms)], definition.strip(), entry["page"],
                          section, entry, other_senses, not_in))
    raise_all(found, into=errors)
    return terms


def _synonyms(entry: Entry, lang: str, path, key: str = "synonyms") -> list:
    """Synonyms are optional in every language: a plain list is Spanish."""
    value = entry.get(key) or []
    if isinstance(value, dict):
        value = value.get(lang) or []
    elif lang != SOURCE_LANGUAGE:
        value = []
    if not isinstance(value, list):
        raise DataError(path, entry.line, f"{_label(entry)}: '{key}' must be a list")
    return value


def _other_senses(entry: Entry, lang: str, path, names: list) -> list[str]:
    """Optional, like synonyms (a plain list is Spanish); each phrase must
    contain one of the term's names as a whole word, or it hides nothing."""
    value = _synonyms(entry, lang, path, key="other_senses")
    regex = names_regex([str(name) for name in names]) if value else None
    for phrase in value:
        if not isinstance(phrase, str) or not regex.search(phrase):
            raise DataError(path, entry.line, f"{_label(entry)}: other_senses '{phrase}' does "
                            "not contain the term or a synonym; quote the words around the "
                            "mention that is not this term (\"esas capas\")")
    return value


def _not_in(entry: Entry, lang: str, path, book: Book) -> frozenset[str]:
    """Optional, a list of pages (the same in every language)."""
    value = entry.get("not_in") or []
    if not isinstance(value, list):
        raise DataError(path, entry.line, f"{_label(entry)}: 'not_in' must be a list of pages")
    for page in value:
        if book.page(str(page)) is None:
            raise DataError(path, entry.line, f"{_label(entry)}: not_in names an unknown page "
                            f"'{page}' (no docs/{lang}/{page}); fix or remove it")
    return frozenset(map(str, value))


def sort_key(term: Term) -> str:
    return _fold(term.name)


# --- linking ---------------------------------------------------------------

# A term must stand alone: not part of a longer word, a hyphenated name
# (containerd in containerd-shim), a path or a file name (compose.yaml). A
# plural -s/-es is still the term.
_EDGE_BEFORE = r"(?<![\w./-])"
_EDGE_AFTER = r"(?:e?s)?(?![\w/-]|\.\w)"


def _key(name: str) -> str:
    """How a name is looked up once found: case and line breaks do not count."""
    return " ".join(name.split()).lower()


def names_regex(names: list[str], ignore_case: bool = True) -> re.Pattern:
    """One pattern for every name (group 1: the name as written), as a trie:
    at each position the engine follows the letters typed so far instead of
    trying every name in turn, and greedy optional branches make the longest
    name win ("red overlay" before "red"). Without ``ignore_case`` it matches
    lowercase text only, three times faster (the linker lowercases passages)."""
    trie: dict = {}
    for name in names:
        node = trie
        for word_index, word in enumerate(_key(name).split(" ")):
            if word_index:
                node = node.setdefault(" ", {})
            for char in word:
                node = node.setdefault(char, {})
        node[""] = {}  # a name ends here

    def pattern(node: dict) -> str:
        branches = [(r"\s+" if char == " " else re.escape(char)) + pattern(child)
                    for char, child in node.items() if char]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if "" in node else body

    # The lookahead lets the engine skip, at C speed, every position where
    # no name can start.
    starts = "".join(re.escape(char) for char in sorted(trie))
    return re.compile(f"(?=[{starts}]){_EDGE_BEFORE}({pattern(trie)}){_EDGE_AFTER}",
                      re.IGNORECASE if ignore_case else 0)


class Linker:
    """Links each term's first mention in a page's prose to its section."""

    @without_gc_pauses
    def __init__(self, terms: list[Term]):
        self.terms = terms
        # name -> term index; an other_senses phrase -> None: found, it hides
        # the term inside it ("esas capas" of a chain of programs is no layer).
        self._names: dict[str, int | None] = {}
        for index, term in enumerate(terms):
            for name in term.names:
                self._names[_key(name)] = index
            for phrase in term.other_senses:
                self._names.setdefault(_key(phrase), None)
        self._regex = names_regex(list(self._names), ignore_case=False) if self._names else None

    @without_gc_pauses
    def link(self, doc: Document, page: str, spans=None, title=None, make_link=None) -> str:
        """The page's Markdown with first mentions linked. ``doc`` is the
        parsed page; ``spans`` maps anchors to (first, last line) of its
        sections in ``doc`` (default: as in the page's file); ``title(term)``
        gives a link title (a tooltip). ``make_link(term, text)`` writes the
        link (default: a Markdown link to the section)."""
        if self._regex is None or page == PAGE:
            return doc.text
        text, offsets = doc.text, doc.offsets
        linked: set[int] = set()
        edits: list[tuple[int, int, str]] = []
        for prose in doc.prose:
            if len(linked) == len(self.terms):
                break
            start = offsets[prose.start - 1]
            end = offsets[prose.end] if prose.end < len(offsets) else len(text)
            passage = text[start:end]
            plain = None  # the passage's plain-text spans, split only if needed
            lowered = passage.lower()
            if len(lowered) != len(passage):  # a letter whose lowercase is longer (İ)
                lowered = "".join(char.lower()[0] for char in passage)
            for match in self._regex.finditer(lowered):
                index = self._names.get(_key(match.group(1)))
                if index is None or index in linked or page in self.terms[index].not_in:
                    continue
                if plain is None:
                    plain = [s for s in inline_spans(passage) if s.kind == "text"]
                if not any(s.start <= match.start() and match.end() <= s.end for s in plain):
                    continue
                term = self.terms[index]
                if term.page == page:
                    first, last = (spans or {}).get(
                        term.section.anchor, (term.section.heading.line, term.section.end))
                    if first <= prose.start <= last:
                        continue  # the section that explains it
                linked.add(index)
                mention = passage[match.start():match.end()]
                if make_link is not None:
                    replacement = make_link(term, mention)
                else:
                    target = relative_link(term.page, page, term.section.anchor)
                    tip = f' "{_markdown_title(title(term))}"' if title else ""
                    replacement = f"[{mention}]({target}{tip})"
                edits.append((start + match.start(), start + match.end(), replacement))
        parts, done = [], 0
        for begin, finish, replacement in edits:  # in page order
            parts += [text[done:begin], replacement]
            done = finish
        return "".join(parts) + text[done:]


def plain_title(text: str) -> str:
    """A definition as a link title (a tooltip): plain text on one line."""
    return " ".join(re.sub(r"[`*_]", "", text).split())


def _markdown_title(text: str) -> str:
    """A title inside a Markdown link: no quote to end it early, no pipe to
    split the table cell a link may sit in."""
    text = plain_title(text).replace("|", "/")
    return text.replace("\\", "\\\\").replace('"', "&quot;")
