"""Languages: which one MkDocs is building, and per-language text in data.

The book is written in Spanish first (docs/es) and translated later (docs/en).
Data files carry reader-facing text either as a plain string, which is the
Spanish text, or as a mapping per language (``{es: ..., en: ...}``). Text that
a language lacks is an error only while that language is being built, so the
Spanish edition builds before the English one has begun.
"""

from __future__ import annotations

from pathlib import Path

from bookkit.data import DataError, Entry, load

# A plain string in the data is text in this language.
SOURCE_LANGUAGE = "es"


def language(config) -> str:
    """The language of the build in progress (mkdocs-static-i18n builds one
    language after another with the same hooks)."""
    plugin = config.plugins.get("i18n") if config.plugins else None
    if plugin is not None:
        return plugin.current_language or plugin.default_language
    theme = config.theme.get("language") if config.theme else None
    return theme or SOURCE_LANGUAGE


def default_language(config) -> str:
    plugin = config.plugins.get("i18n") if config.plugins else None
    return plugin.default_language if plugin is not None else language(config)


def localized(entry: Entry, key: str, lang: str, path, *, required=True, kind=str):
    """entry[key] in ``lang``: a plain value is Spanish, a mapping is per language."""
    value = entry.get(key)
    name = entry.get("id") or _name(entry)
    if isinstance(value, dict):
        value = value.get(lang)
        where = f"'{key}.{lang}'"
    elif lang != SOURCE_LANGUAGE and value is not None:
        where = f"'{key}' (a plain value is Spanish text)"
        value = None
    else:
        where = f"'{key}'"
    if value is None:
        if not required:
            return None
        hint = f"add {key}: {{{SOURCE_LANGUAGE}: ..., {lang}: ...}}" if lang != "es" else ""
        raise DataError(path, entry.line, f"{name}: no {lang} text for {where}. {hint}".strip())
    if not isinstance(value, kind):
        raise DataError(path, entry.line, f"{name}: {where} must be {kind.__name__}")
    return value


def _name(entry: Entry) -> str:
    term = entry.get("term")
    if isinstance(term, dict):
        term = term.get(SOURCE_LANGUAGE) or next(iter(term.values()), None)
    return str(term or entry.get("name") or "entry")


class Labels:
    """The words the hooks write into pages (titles of callouts...), per
    language, from data/labels.yml."""

    def __init__(self, path: Path):
        self.path = Path(path)
        data = load(self.path)
        if not isinstance(data, dict):
            raise DataError(self.path, None, "must be a mapping of label: {es: ..., en: ...}")
        self.data = data

    def get(self, key: str, lang: str, **values) -> str:
        entry = self.data.get(key)
        if not isinstance(entry, dict):
            raise DataError(self.path, None, f"label '{key}' is missing; add it with es/en text")
        text = entry.get(lang)
        if not isinstance(text, str):
            raise DataError(self.path, entry.line, f"label '{key}': no {lang} text; add {lang}:")
        return text.format(**values) if values else text

    def months(self, lang: str) -> list[str]:
        entry = self.data.get("months") or {}
        months = entry.get(lang) if isinstance(entry, dict) else None
        if not (isinstance(months, list) and len(months) == 12):
            raise DataError(self.path, getattr(entry, "line", None),
                            f"'months.{lang}' must list the 12 month names")
        return months
