"""Spelling of what a reader reads, with hunspell and Debian's dictionaries
(hunspell-es, hunspell-en-us): the text of every page of the built site
(prose, headings, tables, admonitions, and what the hooks add from data/:
glossary, errata, callouts), without code, commands, outputs, keys or URLs.
Spanish pages are checked with es_ES, and a word es_ES lacks is then looked
up in en_US: the Spanish book uses English technical vocabulary on purpose
(bind mount, rolling update, logging) and cites English titles; listing
"the", "with" or "rolling" in the word list would be junk. English pages
(site/en/, or docs/en/ rendered here while the English edition is not built)
are checked with en_US alone.

A correction's "Se decía:" / "It said:" (data/labels.yml) quotes the author's
notes with their mistakes on purpose ("StrickHostKeyCheking"): from that
label up to its "Lo cierto:" / "In fact:" the text is not checked; what the
book says is.

Words the dictionaries lack but the book uses on purpose (containerd,
Kubernetes, subred...) go in the project word list, data/wordlist-<lang>.txt:
one word per line, in sections that start with a `#` comment line, each
section in alphabetical order ignoring case. A lowercase entry also accepts
the word capitalised or in capitals, as hunspell does. The list is kept reviewed: an
entry that no page needs (the word is gone, or the dictionary knows it) is an
error too, so the list never collects junk."""

from __future__ import annotations

import re
import shutil
from collections import defaultdict
from html.parser import HTMLParser
from pathlib import Path

import markdown
import yaml

from bookkit import system
from bookkit.lint import LintSetupError, rel, run

NAME = "spelling"
NEEDS_SITE = True
DICTIONARIES = {"es": ["es_ES", "en_US"], "en": ["en_US"]}
DEBIAN_PACKAGES = system.packages("lint")  # data/system-packages.txt
DICT_DIRS = [Path("/usr/share/hunspell"), Path("/usr/share/myspell/dicts")]

# Elements whose text is not prose: code, commands, outputs, keys, icons.
SKIP_TAGS = {"code", "pre", "kbd", "script", "style", "svg", "samp", "var"}
SKIP_CLASSES = {"headerlink", "md-content__button", "twemoji", "md-annotation__index"}
INLINE_TAGS = {"a", "abbr", "b", "cite", "del", "em", "i", "ins", "mark", "q", "s", "small",
               "span", "strong", "sub", "sup", "u"}
VOID_TAGS = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
             "source", "track", "wbr"}
# Text chunks that are technical, not words: paths, versions, options, hosts,
# variables, identifiers (anything with a digit, a slash, an underscore...).
TECHNICAL_RE = re.compile(r"[\d/\\_@=.:<>$#~+|%&*^`{}\[\]]")
EDGE_PUNCTUATION = "()[]{}«»\"“”‘'.,;:!?¡¿…—–-*·"
WORD_RE = re.compile(r"^[^\W\d_]+(?:['’][^\W\d_]+)?$")


class _Text(HTMLParser):
    """The prose of <article class="md-content__inner"> (or of the whole
    document when it has none), one line per block, code left out."""

    def __init__(self, whole_document: bool):
        super().__init__(convert_charrefs=True)
        self.whole = whole_document
        self.depth = 0          # depth inside the article (0: outside)
        self.skip_at = None     # stack depth where a skipped element opened
        self.stack: list[str] = []
        self.parts: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        classes = set((attrs.get("class") or "").split())
        if tag == "img" and self._inside() and attrs.get("alt"):
            self.parts.append("\n" + attrs["alt"] + "\n")
        if tag in VOID_TAGS:
            return
        self.stack.append(tag)
        if tag == "article" and "md-content__inner" in classes and not self.depth:
            self.depth = len(self.stack)
        if self.skip_at is None and (tag in SKIP_TAGS or classes & SKIP_CLASSES):
            self.skip_at = len(self.stack)
        self.parts.append("" if tag in INLINE_TAGS else " " if tag in SKIP_TAGS else "\n")

    def handle_endtag(self, tag):
        if tag in VOID_TAGS or tag not in self.stack:
            return
        while self.stack:
            top = self.stack.pop()
            if self.skip_at is not None and len(self.stack) < self.skip_at:
                self.skip_at = None
            if self.depth and len(self.stack) < self.depth:
                self.depth = 0
            if top == tag:
                break
        self.parts.append("" if tag in INLINE_TAGS else " " if tag in SKIP_TAGS else "\n")

    def handle_data(self, data):
        if self._inside() and self.skip_at is None:
            self.parts.append(data)

    def _inside(self):
        return self.whole or bool(self.depth)


QUOTE_LINES = 20  # a quotation longer than this without its "Lo cierto:" ends at its label


def html_text(html: str, whole_document: bool = False,
              quotes: tuple[tuple[str, ...], tuple[str, ...]] = ((), ())) -> str:
    """The prose of a page, one line per block. quotes is (said labels, truth
    labels): the blocks from a said label ("Se decía:") up to the next truth
    label ("Lo cierto:") are left out."""
    parser = _Text(whole_document)
    parser.feed(html)
    parser.close()
    text = "".join(parser.parts).replace("\u00ad", "")
    lines = [" ".join(line.split()) for line in text.splitlines()]
    lines = [line for line in lines if line]
    said, truth = quotes
    kept, index = [], 0
    while index < len(lines):
        if said and lines[index].startswith(said):
            ahead = lines[index + 1:index + 1 + QUOTE_LINES]
            end = next((n for n, line in enumerate(ahead) if line.startswith(truth)), 0)
            index += 1 + end
            continue
        kept.append(lines[index])
        index += 1
    return "\n".join(kept)


def quoted_labels(root: Path) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(said labels, truth labels): what introduces a quotation of the notes'
    mistakes, and what introduces the book's own statement after it."""
    path = root / "data" / "labels.yml"
    if not path.exists():
        return (), ()
    labels = yaml.safe_load(path.read_text(encoding="utf-8")) or {}

    def values(key):
        value = labels.get(key, {})
        return tuple(v for v in (value.values() if isinstance(value, dict) else [value]) if v)

    return values("said"), values("truth")


def words(text: str) -> list[str]:
    """The words of a text, technical chunks (paths, options, versions) left out."""
    found = []
    for chunk in text.split():
        if chunk.lstrip(EDGE_PUNCTUATION.replace("-", "")).startswith("-"):
            continue  # an option: --cpus, (--pids-limit)
        chunk = chunk.strip(EDGE_PUNCTUATION)
        if not chunk or TECHNICAL_RE.search(chunk):
            continue
        for part in chunk.replace("’", "'").split("-"):
            part = part.strip("'")
            if WORD_RE.match(part) and len(part) > 1:
                found.append(part)
    return found


def load_wordlist(path: Path) -> tuple[list[str], list[str]]:
    """The entries of a word list, and its problems: a line with two words, an
    entry listed twice, a section (the entries under a `#` comment line) not
    in `sort -f` order."""
    if not path.exists():
        return [], []
    entries, problems, sections = [], [], [[]]
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if line.lstrip().startswith("#"):
            sections.append([])
            continue
        word = line.split("#", 1)[0].strip()
        if not word:
            continue
        if " " in word:
            problems.append(f"{path.name}:{number}: one word per line, not '{word}'")
        entries.append(word)
        sections[-1].append(word)
    for section in sections:
        in_order = sorted(section, key=_order)
        if section != in_order:
            first = next(a for a, b in zip(section, in_order, strict=True) if a != b)
            problems.append(f"{path.name}: keep each section in alphabetical order, ignoring "
                            f"case, so a review sees each addition; first out of order: '{first}'")
    seen = set()
    for word in entries:
        if word in seen:
            problems.append(f"{path.name}: '{word}' is listed twice")
        seen.add(word)
    return entries, problems


def _order(word: str) -> tuple[str, str]:
    return (word.casefold(), word)


def accepts(entry: str, word: str) -> bool:
    """hunspell's case rule for a word-list entry."""
    if word == entry:
        return True
    if word.isupper() and len(word) > 1 and word == entry.upper():
        return True
    return entry.islower() and word == entry[0].upper() + entry[1:]


def ensure_hunspell(languages) -> None:
    missing = _missing(languages)
    if missing:
        raise LintSetupError(
            f"{', '.join(missing)} missing: install Debian's (or Ubuntu's) "
            f"`{' '.join(DEBIAN_PACKAGES)}` (`sudo {system.COMMAND}` does it; "
            "on macOS: `brew install hunspell` and the es_ES/en_US dictionaries)")


def _missing(languages) -> list[str]:
    missing = [] if shutil.which("hunspell") else ["hunspell"]
    for name in sorted({name for lang in languages for name in DICTIONARIES[lang]}):
        if not any((d / f"{name}.dic").exists() for d in DICT_DIRS):
            missing.append(f"the {name} dictionary")
    return missing


def misspelled(lang: str, tokens: set[str]) -> set[str]:
    """The tokens every dictionary of the language rejects (one hunspell run
    per dictionary, each on what the previous one rejected)."""
    for name in DICTIONARIES[lang]:
        if not tokens:
            break
        result = run(["hunspell", "-l", "-i", "utf-8", "-d", name],
                     input="\n".join(sorted(tokens)) + "\n")
        if result.returncode != 0:
            raise LintSetupError(f"hunspell -d {name} failed: {result.stderr.strip()}")
        tokens = set(result.stdout.split())
    return tokens


def pages(root: Path, site: Path) -> dict[str, dict[str, str]]:
    """{lang: {source name: text}} for every language that has pages."""
    by_lang: dict[str, dict[str, str]] = {}
    quotes = quoted_labels(root)
    english_site = site / "en"
    for path in sorted(site.rglob("*.html")):
        if "assets" in path.relative_to(site).parts:
            continue
        lang = "en" if english_site in path.parents else "es"
        base = english_site if lang == "en" else site
        by_lang.setdefault(lang, {})[_source(root, base, path, lang)] = html_text(
            path.read_text(encoding="utf-8"), quotes=quotes)
    english_docs = root / "docs" / "en"
    if "en" not in by_lang and english_docs.is_dir() and any(english_docs.rglob("*.md")):
        by_lang["en"] = {rel(p, root): render(p, root) for p in sorted(english_docs.rglob("*.md"))}
    return by_lang


def _source(root: Path, base: Path, page: Path, lang: str) -> str:
    """The file a reader's page comes from, to say where to fix a word."""
    if page.name == "404.html":
        return "overrides/404.html"
    name = page.relative_to(base).parent.as_posix()
    name = "index" if name == "." else name
    source = f"docs/{lang}/{name}.md"
    extra = {"glosario": "data/glossary.yml", "erratas": "data/corrections.yml",
             "glossary": "data/glossary.yml", "errata": "data/corrections.yml"}
    if name in extra:
        source += f" (+ {extra[name]})"
    return source


def render(path: Path, root: Path) -> str:
    """A page not in the built site, rendered with the book's block extensions."""
    md = markdown.Markdown(extensions=[
        "abbr", "admonition", "attr_list", "def_list", "footnotes", "md_in_html", "tables",
        "pymdownx.details", "pymdownx.superfences", "pymdownx.tabbed", "pymdownx.keys",
        "pymdownx.snippets"],
        extension_configs={"pymdownx.snippets": {"base_path": [str(root / "snippets")]}})
    return html_text(md.convert(path.read_text(encoding="utf-8")), whole_document=True)


def check(root: Path, site: Path | None = None, wordlists: Path | None = None) -> list[str]:
    texts = pages(root, site)
    ensure_hunspell(texts)
    wordlists = wordlists or root / "data"
    problems = []
    for lang, by_page in texts.items():
        list_path = wordlists / f"wordlist-{lang}.txt"
        entries, list_problems = load_wordlist(list_path)
        problems += [f"{rel(list_path.parent, root)}/{p}" for p in list_problems]
        page_words = {page: words(text) for page, text in by_page.items()}
        rejected = misspelled(lang, {w for ws in page_words.values() for w in ws})
        used = set()
        errors: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
        for page, ws in page_words.items():
            for word in ws:
                if word not in rejected:
                    continue
                entry = next((e for e in _candidates(word, entries) if accepts(e, word)), None)
                if entry:
                    used.add(entry)
                else:
                    errors[page][word] += 1
        for page, counted in sorted(errors.items()):
            text = by_page[page]
            for word, count in sorted(counted.items(), key=lambda kv: _order(kv[0])):
                times = f" ({count} times)" if count > 1 else ""
                problems.append(f"{page}: [{lang}] '{word}'{times}: {_context(text, word)}")
        for entry in entries:
            if entry not in used:
                problems.append(f"{rel(list_path, root)}: '{entry}' is not needed by any page "
                                "(gone from the book, or the dictionary knows it): remove it")
    return problems


def summary(root: Path, site: Path) -> str:
    texts = pages(root, site)
    counts = ", ".join(f"{lang}: {len(by_page)} pages, "
                       f"{sum(len(words(t)) for t in by_page.values())} words"
                       for lang, by_page in texts.items())
    lists = ", ".join(f"{p.name} {len(load_wordlist(p)[0])} entries"
                      for p in sorted((root / "data").glob("wordlist-*.txt")))
    return f"{counts}; {lists}"


def _candidates(word: str, entries: list[str]):
    # Small lists: a linear scan per rejected word is fast enough and obvious.
    return [e for e in entries if e.casefold() == word.casefold()]


def _context(text: str, word: str) -> str:
    match = re.search(rf"(?<!\w){re.escape(word)}(?!\w)", text)
    where = match.start() if match else text.find(word)
    if where < 0:
        return ""
    start, end = max(0, where - 40), min(len(text), where + len(word) + 40)
    return "«" + ("…" if start else "") + text[start:end].replace("\n", " ") + (
        "…" if end < len(text) else "") + "»"
