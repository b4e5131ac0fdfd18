"""What the hooks share about the MkDocs build: where the data is, the
build's language and pages, and how a data problem fails the build.

A data problem is logged as an error naming file:line, the entry and the fix;
the book is built with strict: true, so the build fails. The hooks go on
without the bad entries, so the same run also shows every other problem
(another entry, a page's broken link) instead of stopping at the first."""

from __future__ import annotations

import contextlib
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import get_plugin_logger

from bookkit.book import Book, book_for, page_key
from bookkit.data import DataError
from bookkit.i18n import Labels, language
from bookkit.markdown import without_gc_pauses


def project_dir(config) -> Path:
    return Path(config.config_file_path).resolve().parent


def data_path(config, name: str) -> Path:
    """data/<name> beside mkdocs.yml (the data contributors edit)."""
    return project_dir(config) / "data" / name


log = get_plugin_logger("book")
class _Reported(set):
    book = None


_reported: _Reported = _Reported()


def report(error: DataError) -> None:
    """Log each problem once, however many hooks trip on it."""
    for one in getattr(error, "errors", [error]):
        message = str(one)
        if message not in _reported:
            _reported.add(message)
            log.error(message)


@contextlib.contextmanager
def data_errors():
    """Report a data problem raised in the block, and go on after it."""
    try:
        yield
    except DataError as error:
        report(error)


def fill(deferred, html: str, page) -> str:
    """Put a hook's deferred HTML (bookkit.deferred) into a rendered page."""
    if deferred is None:
        return html
    html, lost = deferred.fill(html)
    if lost:
        log.error(f"{page.file.src_uri}: {lost} '{deferred.kind}' marker(s) lost in rendering; "
                  "the hook's HTML is missing there (a bug in the hook: report it)")
    return html


def collected(errors: list[DataError]) -> None:
    for error in errors:
        report(error)


_loaded: dict = {}


@without_gc_pauses
def load(config, name: str, loader, default=None):
    """loader(data/<name>), read once per version of the file: several hooks
    read the same data, and every language build reads it again. On a data
    problem: reported, and ``default``."""
    path = data_path(config, name)
    try:
        version = path.stat().st_mtime_ns
    except FileNotFoundError:
        version = None
    key = (path, loader)
    if key not in _loaded or _loaded[key][0] != version:
        try:
            _loaded[key] = (version, loader(path))
        except DataError as error:
            report(error)
            return default
    return _loaded[key][1]


@without_gc_pauses
def resolve(config, book: Book, name: str, loader, resolver, default=None):
    """data/<name>, loaded and resolved against the build's pages, once per
    build however many hooks ask (the glossary's links and page, the
    corrections and the errata page); its problems reported."""
    if name not in book.resolved:
        entries = load(config, name, loader, default=[])
        errors: list[DataError] = []
        book.resolved[name] = resolver(entries, data_path(config, name), language(config), book,
                                       errors)
        collected(errors)
    return book.resolved[name]


def build(files, config) -> tuple[str, Book]:
    """(language being built, its pages)."""
    book = book_for(files, config)
    if _reported and getattr(_reported, "book", None) is not book:
        _reported.clear()  # a new build: report its problems afresh
    _reported.book = book
    return language(config), book


def labels(config) -> Labels:
    """The words the hooks write; without them they cannot write anything."""
    found = load(config, "labels.yml", Labels)
    if found is None:
        raise PluginError("data/labels.yml is broken (see the error above); fix it")
    return found


def nav_order(config) -> list[str]:
    """Page keys in the order of mkdocs.yml's nav (the reading order)."""
    order: list[str] = []

    def walk(items):
        for item in items or []:
            value = next(iter(item.values())) if isinstance(item, dict) else item
            if isinstance(value, list):
                walk(value)
            elif isinstance(value, str):
                order.append(value)

    walk(config.nav)
    return order


def nav_titles(config, lang: str | None = None) -> dict[str, str]:
    """Page key -> its title in mkdocs.yml's nav (as the sidebar names it),
    translated by the i18n plugin's nav_translations for ``lang`` if given."""
    translations: dict = {}
    i18n = config.plugins.get("i18n")
    if i18n is not None and lang:
        for language in i18n.config.get("languages") or []:
            if language.get("locale") == lang:
                translations = language.get("nav_translations") or {}
    titles: dict[str, str] = {}

    def walk(items):
        for item in items or []:
            if not isinstance(item, dict):
                continue
            title, value = next(iter(item.items()))
            if isinstance(value, list):
                walk(value)
            elif isinstance(value, str):
                titles[value] = translations.get(title, title)

    walk(config.nav)
    return titles


__all__ = ["Book", "data_errors", "data_path", "labels", "nav_order", "nav_titles", "page_key"]
