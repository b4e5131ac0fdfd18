"""The book's vocabulary (data/terms.yml): a rejected variant ("archivo",
"comando", "librería"...) in what a reader reads as prose fails, with
file:line, the word found and the term the book writes instead.

Prose is read with the book's Markdown parser (bookkit.markdown), as the
hooks read it: paragraphs, list items, quotes, admonition bodies and table
rows, plus headings, admonition titles and table headers; never code blocks,
code spans, URLs, raw HTML or HTML comments (a link's text is prose, its URL
is not). Pages a hook writes from data (glosario.md's term list, erratas.md)
are not read as pages: their data is. The texts the hooks take from data are
prose too, and a problem names the YAML file and line: a correction's
`truth`, a glossary term and its definition. A correction's `said` quotes the
author's notes in their own words (the spelling check leaves it out too) and
is not checked.

A variant matches as whole words, ignoring case, each word also with a
plural +s/+es; a final * matches any ending. A term with `italics: true` is
an English name a sentence may keep in italics (*routing mesh*): only its
plain use fails."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from bookkit.data import DataError, load_validated
from bookkit.lint import rel
from bookkit.markdown import CONTAINER_RE, inline_spans, link_label, parse_file, prose_text

NAME = "terms"
NEEDS_SITE = False
TERMS = Path("data") / "terms.yml"
SCHEMA = Path("data") / "terms.schema.json"
# Pages whose content a hook writes from data: the data is checked instead.
GENERATED = {"glosario.md", "erratas.md", "glossary.md", "errata.md"}
# Data texts that are prose, per file: (the items' keys whose text is checked;
# "{lang}" is the language's own key, a glossary definition).
DATA_TEXTS = {
    "corrections.yml": ("truth",),
    "glossary.yml": ("term", "{lang}"),
}
# Admonition, details and tab titles: !!! note "Título", === "Pestaña".
TITLE_RE = re.compile(r'^\s*(?:!!!|\?\?\?\+?|===)[^"\n]*"(?P<title>[^"\n]*)"')
DELIMITER_RE = re.compile(r"^\s*\|?\s*:?-+:?\s*(?:\|\s*:?-+:?\s*)*\|?\s*$")
EMPHASIS = "*_"


@dataclass(frozen=True)
class Term:
    preferred: str
    variant: str
    italics: bool
    line: int  # its entry in data/terms.yml
    pattern: re.Pattern

    def hint(self) -> str:
        keep = (f", or keep the English name in italics (*{self.variant}*)"
                if self.italics else "")
        return f"the book writes '{self.preferred}'{keep} (data/terms.yml:{self.line})"


def variant_pattern(variant: str) -> re.Pattern:
    """Whole words, any case, each word with an optional plural; a final *
    is any ending; the words of a phrase may be split across lines."""
    stem = variant.endswith("*")
    words = variant.rstrip("*").split()
    parts = [re.escape(word) + ("" if stem and n == len(words) - 1 else "(?:e?s)?")
             for n, word in enumerate(words)]
    tail = r"\w*" if stem else ""
    return re.compile(r"(?<!\w)" + r"\s+".join(parts) + tail + r"(?!\w)", re.I)


def load_terms(root: Path) -> dict[str, list[Term]]:
    """{lang: terms}; a DataError (file:line) when the file breaks its schema."""
    data = load_validated(root / TERMS, root / SCHEMA)
    return {lang: [Term(entry["preferred"], variant, bool(entry.get("italics")), entry.line,
                        variant_pattern(variant))
                   for entry in entries for variant in entry["rejected"]]
            for lang, entries in data.items()}


# --- where the prose is --------------------------------------------------------

def text_ranges(text: str, start: int = 0):
    """(start, end) of the plain-text runs of inline Markdown: code spans,
    URLs, HTML, attribute lists and keys left out; a link's (or image's)
    text is read, its target is not."""
    for span in inline_spans(text):
        if span.kind == "text":
            yield start + span.start, start + span.end
        elif span.kind == "link":
            first, last = link_label(text, span)
            yield from text_ranges(text[first:last], start + first)


def found_in(text: str, ranges, terms: list[Term]):
    """(offset, word, term) of each rejected variant inside the ranges."""
    for first, last in ranges:
        for term in terms:
            for match in term.pattern.finditer(text, first, last):
                if term.italics and _in_italics(text, match.start(), match.end()):
                    continue
                yield match.start(), match.group(), term


def _in_italics(text: str, start: int, end: int) -> bool:
    """Whether an emphasis opened earlier on the line is still open at the
    term and closes after it (*routing mesh*, *ingress routing mesh*)."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    before = text[line_start:start].replace("**", "")
    after = text[end:None if line_end < 0 else line_end].replace("**", "")
    return any(before.count(mark) % 2 == 1 and mark in after for mark in EMPHASIS)


def page_problems(path: Path, root: Path, terms: list[Term]) -> list[tuple[str, int, str, Term]]:
    doc = parse_file(path)
    lines = doc.text.split("\n")
    found = []
    # Paragraphs and table rows (with the header row above a table's first row).
    for prose in doc.prose:
        offset, text = prose_text(doc, prose)
        for at, word, term in found_in(text, text_ranges(text), terms):
            found.append((doc.line_of(offset + at), word, term))
        header = prose.start - 2  # 1-based line of a header row, if this row is a table's first
        if header >= 1 and DELIMITER_RE.match(lines[header]) and "|" in lines[header - 1]:
            found += _line(lines[header - 1], header, terms)
    for heading in doc.headings:
        found += _line(heading.text, heading.line, terms)
    fenced = [(b.line, b.end_line) for b in doc.blocks]
    for number, line in enumerate(lines, 1):
        title = TITLE_RE.match(line) if CONTAINER_RE.match(line) else None
        if title and not any(first <= number <= last for first, last in fenced):
            found += _line(title.group("title"), number, terms)
    where = rel(path, root)
    return [(where, line, word, term) for line, word, term in sorted(found, key=lambda f: f[0])]


def _line(text: str, number: int, terms: list[Term]):
    return [(number, word, term) for _, word, term in found_in(text, text_ranges(text), terms)]


def data_problems(path: Path, root: Path, lang: str, terms: list[Term]):
    """Rejected variants in the prose texts of a data file, at their YAML line."""
    keys = {key.format(lang=lang) for key in DATA_TEXTS.get(path.name, ())}
    if not keys or not path.exists():
        return []
    source = path.read_text(encoding="utf-8")
    tree = yaml.compose(source, Loader=yaml.SafeLoader)
    items = tree.value if isinstance(tree, yaml.SequenceNode) else []
    found = []
    for item in items:
        if not isinstance(item, yaml.MappingNode):
            continue
        for key, value in item.value:
            if key.value not in keys:
                continue
            if isinstance(value, yaml.MappingNode):  # {es: ..., en: ...}
                value = next((v for k, v in value.value if k.value == lang), None)
            if isinstance(value, yaml.ScalarNode):
                found += _scalar(source, value, terms)
    where = rel(path, root)
    return [(where, line, word, term) for line, word, term in found]


def _scalar(source: str, node: yaml.ScalarNode, terms: list[Term]):
    """Matches in a YAML string, each at the line where its words are in the
    file (a folded or quoted string's text is not the file's)."""
    text, raw = node.value, source[node.start_mark.index:node.end_mark.index]
    seen: dict[str, int] = {}
    found = []
    for _, word, term in found_in(text, text_ranges(text), terms):
        nth = seen[word.casefold()] = seen.get(word.casefold(), 0) + 1
        words = r"\s+".join(re.escape(w) for w in word.split())
        matches = list(re.finditer(rf"(?<!\w){words}(?!\w)", raw, re.I))
        at = matches[nth - 1].start() if len(matches) >= nth else 0
        found.append((node.start_mark.line + 1 + raw[:at].count("\n"), word, term))
    return found


# --- the check -----------------------------------------------------------------

def sources(root: Path, lang: str) -> list[Path]:
    pages = sorted(p for p in (root / "docs" / lang).glob("*.md") if p.name not in GENERATED)
    return pages + [root / "data" / name for name in DATA_TEXTS]


def wants(path: Path) -> bool:
    return (path.suffix == ".md" and "docs" in path.parts) or path.name in {
        *DATA_TEXTS, TERMS.name, SCHEMA.name}


def findings(root: Path, files: list[Path] | None = None):
    """[(file, line, word, Term)] for every language of data/terms.yml."""
    terms = load_terms(root)
    wanted = None if files is None else {p.resolve() for p in files}
    if wanted is not None and {(root / TERMS).resolve(), (root / SCHEMA).resolve()} & wanted:
        wanted = None  # the list changed: check everything against it
    found = []
    for lang, listed in terms.items():
        if not listed:
            continue
        for path in sources(root, lang):
            if wanted is not None and path.resolve() not in wanted:
                continue
            if path.suffix == ".md":
                found += page_problems(path, root, listed)
            else:
                found += data_problems(path, root, lang, listed)
    return found


def check(root: Path, site: Path | None = None, files: list[Path] | None = None) -> list[str]:
    try:
        found = findings(root, files)
    except DataError as error:
        return str(error).splitlines()
    times: dict[tuple, int] = {}
    for where, line, word, term in found:
        key = (where, line, " ".join(word.split()), term)
        times[key] = times.get(key, 0) + 1
    return [f"{where}:{line}: '{word}'{f' ({n} times)' if n > 1 else ''}: {term.hint()}"
            for (where, line, word, term), n in times.items()]


def counts(found) -> dict[str, int]:
    """{variant: how many times} (the report of a chapter pass)."""
    tally: dict[str, int] = {}
    for _, _, _, term in found:
        tally[term.variant] = tally.get(term.variant, 0) + 1
    return dict(sorted(tally.items(), key=lambda kv: -kv[1]))


def summary(root: Path, site: Path | None = None) -> str:
    terms = load_terms(root)
    return ", ".join(f"{lang}: {len(listed)} rejected variants" for lang, listed in terms.items())
