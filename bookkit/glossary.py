"""The glossary (data/glossary.yml): terms, their definitions and the section
that explains each one; and the linker that turns a term's first mention in a
page's prose into a link to that section.

An entry::

    - term: containerd              # or {es: containerd, en: containerd}
      synonyms: []                  # or {es: [...], en: [...]}
      es: "Definición breve."       # one key per language
      page: arquitectura.md
      heading: "containerd"         # exact heading text; or {es: ..., en: ...}
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from bookkit.book import Book, Section, relative_link
from bookkit.data import DataError, Entry, load, raise_all, require
from bookkit.i18n import SOURCE_LANGUAGE, localized
from bookkit.markdown import Document, inline_spans

KEYS = {"term", "synonyms", "page", "heading"}
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

    @property
    def name(self) -> str:
        return self.names[0]


def load_entries(path: Path | str) -> list[Entry]:
    """The entries, checked for shape and duplicates (language-independent)."""
    path = Path(path)
    data = load(path)
    if data is None:
        return []
    if not isinstance(data, list):
        raise DataError(path, None, "must be a YAML list of terms (- term: ...)")
    errors: list[DataError] = []
    seen: dict[tuple[str, str], Entry] = {}
    for entry in data:
        if not isinstance(entry, Entry):
            errors.append(DataError(path, None, "every item must be a mapping with term, "
                                    "page, heading"))
            continue
        try:
            require(entry, "term", path, kind=None)
            require(entry, "page", path)
            require(entry, "heading", path, kind=None)
            unknown = set(entry) - KEYS - LANGUAGES
            if unknown:
                raise DataError(path, entry.line, f"{_label(entry)}: unknown key(s) "
                                f"{', '.join(sorted(unknown))}; allowed: "
                                f"{', '.join(sorted(KEYS | LANGUAGES))}")
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
        except DataError as error:
            found.append(error)
            continue
        terms.append(Term([str(name), *map(str, synonyms)], definition.strip(), entry["page"],
                          section, entry))
    raise_all(found, into=errors)
    return terms


def _synonyms(entry: Entry, lang: str, path) -> list:
    """Synonyms are optional in every language: a plain list is Spanish."""
    value = entry.get("synonyms") or []
    if isinstance(value, dict):
        value = value.get(lang) or []
    elif lang != SOURCE_LANGUAGE:
        value = []
    if not isinstance(value, list):
        raise DataError(path, entry.line, f"{_label(entry)}: 'synonyms' must be a list")
    return value


def sort_key(term: Term) -> str:
    return _fold(term.name)


# --- linking ---------------------------------------------------------------

# A term must stand alone: not part of a longer word, a hyphenated name
# (containerd in containerd-shim), a path or a file name (compose.yaml). A
# plural -s/-es is still the term.
_EDGE_BEFORE = r"(?<![\w./-])"
_EDGE_AFTER = r"(?:e?s)?(?![\w/-]|\.\w)"


_WORD_RE = re.compile(r"[\w-]+")


def _singular(name: frozenset[str], found: set[str]) -> bool:
    """Whether every word of a name is in the passage, some in the plural
    ("redes overlay" for red overlay)."""
    return all(w in found or w + "s" in found or w + "es" in found for w in name)


class Linker:
    """Links each term's first mention in a page's prose to its section."""

    def __init__(self, terms: list[Term]):
        self.terms = terms
        # A cheap first look at each passage: the longest word of every name
        # (and its plurals). A term can only be there if its word is; only
        # the terms whose words are there are searched for.
        self._words: dict[str, set[int]] = {}
        self._term_words: list[set[str]] = []
        self._name_words: list[list[frozenset[str]]] = []  # all the words of each name
        self._regexes: list[re.Pattern] = []
        for index, term in enumerate(terms):
            names = sorted(term.names, key=len, reverse=True)  # "red overlay" before "red"
            words = set()
            self._name_words.append([frozenset(_WORD_RE.findall(n.casefold())) for n in names])
            for name in names:
                word = max(name.casefold().split(), key=len)
                words.update((word, word + "s", word + "es"))
            for word in words:
                self._words.setdefault(word, set()).add(index)
            self._term_words.append(words)
            pattern = "|".join(r"\s+".join(map(re.escape, name.split())) for name in names)
            self._regexes.append(
                re.compile(f"{_EDGE_BEFORE}(?:{pattern}){_EDGE_AFTER}", re.IGNORECASE))

    def _mentions(self, passage: str, candidates: set[int]) -> list[tuple[re.Match, int]]:
        """Mentions of the candidate terms, leftmost first; where two overlap
        (red overlay, red), the longer one."""
        found = [(match, index) for index in candidates
                 for match in self._regexes[index].finditer(passage)]
        found.sort(key=lambda item: (item[0].start(), -item[0].end()))
        kept, reach = [], -1
        for match, index in found:
            if match.start() >= reach:
                kept.append((match, index))
                reach = match.end()
        return kept

    def link(self, doc: Document, page: str, spans=None, title=None) -> str:
        """The page's Markdown with first mentions linked. ``doc`` is the
        parsed page; ``spans`` maps anchors to (first, last line) of its
        sections in ``doc`` (default: as in the page's file); ``title(term)``
        gives a link title (a tooltip)."""
        if not self.terms or page == PAGE:
            return doc.text
        text, offsets = doc.text, doc.offsets
        linked: set[int] = set()
        waiting = {word: len(ids) for word, ids in self._words.items()}  # unlinked terms
        edits: list[tuple[int, int, str]] = []
        for prose in doc.prose:
            start = offsets[prose.start - 1]
            end = offsets[prose.end] if prose.end < len(offsets) else len(text)
            passage = text[start:end]
            # Most passages only repeat terms already linked: look for new
            # ones first, and split the passage into code/links/text only then.
            found = set(_WORD_RE.findall(passage.casefold()))
            words = found.intersection(self._words)
            if not any(waiting[w] for w in words):
                continue
            candidates = {
                index for index in set().union(*(self._words[w] for w in words))
                if any(name <= found or _singular(name, found)
                       for name in self._name_words[index])
            }
            if candidates <= linked:
                continue
            plain = [s for s in inline_spans(passage) if s.kind == "text"]
            for match, index in self._mentions(passage, candidates):
                if index in linked or not any(
                    s.start <= match.start() and match.end() <= s.end for s in plain
                ):
                    continue
                term = self.terms[index]
                if term.page == page:
                    first, last = (spans or {}).get(
                        term.section.anchor, (term.section.heading.line, term.section.end))
                    if first <= prose.start <= last:
                        continue  # the section that explains it
                linked.add(index)
                for word in self._term_words[index]:
                    waiting[word] -= 1
                target = relative_link(term.page, page, term.section.anchor)
                tip = f' "{_title(title(term))}"' if title else ""
                edits.append((start + match.start(), start + match.end(),
                              f"[{match.group()}]({target}{tip})"))
        for begin, finish, replacement in sorted(edits, reverse=True):
            text = text[:begin] + replacement + text[finish:]
        return text


def _title(text: str) -> str:
    """A definition as a link title: plain text, no quote to end it early, no
    pipe to split the table cell a link may sit in."""
    text = " ".join(re.sub(r"[`*_]", "", text).split()).replace("|", "/")
    return text.replace("\\", "\\\\").replace('"', "&quot;")
