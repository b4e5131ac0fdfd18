"""What the hooks share about the MkDocs build: where the data is, the
build's language and pages, and how a data problem stops the build."""

from __future__ import annotations

import contextlib
from pathlib import Path

from mkdocs.exceptions import PluginError

from bookkit.book import Book, book_for, page_key
from bookkit.data import DataError
from bookkit.i18n import Labels, language


def project_dir(config) -> Path:
    return Path(config.config_file_path).resolve().parent


def data_path(config, name: str) -> Path:
    """data/<name> beside mkdocs.yml (the data contributors edit)."""
    return project_dir(config) / "data" / name


@contextlib.contextmanager
def data_errors():
    """Turn a data problem into a build error that names file:line, the entry
    and the fix. PluginError stops the build, strict or not."""
    try:
        yield
    except DataError as error:
        raise PluginError(str(error)) from None


def build(files, config) -> tuple[str, Book]:
    """(language being built, its pages)."""
    return language(config), book_for(files, config)


def labels(config) -> Labels:
    with data_errors():
        return Labels(data_path(config, "labels.yml"))


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


__all__ = ["Book", "data_errors", "data_path", "labels", "nav_order", "page_key"]
