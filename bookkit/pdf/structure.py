"""What goes into one language's PDF, and in which order: the parts and
chapters of mkdocs.yml's nav, found in the built site of that language.

The nav is the reading order. A top-level section is a part of the book; the
pages before the first part are front matter (not numbered); the pages listed
as ``appendices`` in pdf/book.yml are lettered A, B, C...; every other page is
a chapter numbered 1, 2, 3... Section titles follow the i18n plugin's
``nav_translations`` (or a language's own ``nav``), as on the site.

Each language's pages come from that language's folder of the built site
(mkdocs-static-i18n, folder structure: the default language at the root,
another one under ``<locale>/``), so a PDF never mixes languages.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass, field
from pathlib import Path

from mkdocs.structure.files import File

from bookkit.data import DataError, load

ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"]


@dataclass
class Chapter:
    key: str  # the nav path, e.g. "redes.md"
    slug: str  # prefix of its ids in the PDF, e.g. "redes"
    url: str  # its URL inside the built site, e.g. "redes/" or "en/redes/"
    path: Path  # the built HTML file
    kind: str  # "front", "chapter" or "appendix"
    number: str | None = None  # "3", "A"; None for front matter
    nav_title: str = ""


@dataclass
class Part:
    title: str
    number: str | None  # "I", "II"...; None for the appendices
    chapters: list[Chapter] = field(default_factory=list)


@dataclass
class Edition:
    """One language's book."""

    lang: str
    default: bool
    root: str  # folder of the built site holding this language ("" or "en/")
    title: str
    description: str
    author: str
    copyright: str
    site_url: str
    front: list[Chapter]
    parts: list[Part]
    missing: list[str]  # nav pages this language has not built (not translated yet)

    @property
    def chapters(self) -> list[Chapter]:
        return self.front + [c for part in self.parts for c in part.chapters]


def settings(path: Path) -> dict:
    data = load(path)
    if not isinstance(data, dict):
        raise DataError(path, None, "must be a mapping (appendices:, labels...)")
    return data


def _i18n(config):
    plugin = config.plugins.get("i18n") if config.plugins else None
    return plugin


def languages(config) -> list[dict]:
    """The languages the site builds: [{locale, default, root, config}]."""
    plugin = _i18n(config)
    if plugin is None:
        return [{"locale": config.theme.get("language") or "en", "default": True, "root": "",
                 "config": None}]
    found = []
    for lang in plugin.config.languages:
        if not lang.build or lang.locale == "null":
            continue
        root = "" if lang.default else lang.link.strip("/") + "/"
        found.append({"locale": lang.locale, "default": lang.default, "root": root,
                      "config": lang})
    return found


def _nav_for(config, lang_config) -> list:
    if lang_config is not None and lang_config.nav:
        return lang_config.nav
    return config.nav or []


def _translate(title: str, lang_config) -> str:
    table = (lang_config.nav_translations if lang_config is not None else None) or {}
    return table.get(title, title)


def _slug(key: str) -> str:
    stem = key[:-3] if key.endswith(".md") else key
    stem = stem[:-6] if stem.endswith("/index") else stem
    return stem.replace("/", "-") or "index"


def _built(key: str, config, site_dir: Path, root: str) -> tuple[str, Path]:
    """(URL, file) of a nav page in the built site, as MkDocs names them."""
    file = File(key, config.docs_dir, str(site_dir), config.use_directory_urls)
    return root + file.url, site_dir / root / file.dest_uri


def edition(config, site_dir: Path, lang: dict, appendices: list[str]) -> Edition:
    """The book of one language, from mkdocs.yml's nav and the built site."""
    lang_config = lang["config"]
    root = lang["root"]
    missing: list[str] = []

    def chapter(key: str, title: str, kind: str) -> Chapter | None:
        url, path = _built(key, config, site_dir, root)
        if not path.exists():
            missing.append(key)
            return None
        return Chapter(key, _slug(key), url, path, kind, nav_title=title)

    def pages(items) -> list[tuple[str, str]]:
        out = []
        for item in items or []:
            title, value = next(iter(item.items())) if isinstance(item, dict) else ("", item)
            if isinstance(value, list):
                out += pages(value)
            elif isinstance(value, str) and not posixpath.isabs(value) and "://" not in value:
                out.append((_translate(title, lang_config), value))
        return out

    front: list[Chapter] = []
    parts: list[Part] = []
    for item in _nav_for(config, lang_config):
        title, value = next(iter(item.items())) if isinstance(item, dict) else ("", item)
        if isinstance(value, list):
            part = Part(_translate(title, lang_config), None)
            for page_title, key in pages(value):
                kind = "appendix" if key in appendices else "chapter"
                found = chapter(key, page_title, kind)
                if found:
                    part.chapters.append(found)
            if part.chapters:
                parts.append(part)
        elif isinstance(value, str) and "://" not in value:
            kind = "appendix" if value in appendices else "front" if not parts else "chapter"
            found = chapter(value, _translate(title, lang_config), kind)
            if found and not parts:
                front.append(found)
            elif found:
                parts.append(Part("", None, [found]))

    numbered = 0
    lettered = 0
    roman = 0
    for part in parts:
        for found in part.chapters:
            if found.kind == "chapter":
                numbered += 1
                found.number = str(numbered)
            elif found.kind == "appendix":
                found.number = chr(ord("A") + lettered)
                lettered += 1
        if part.title and any(c.kind == "chapter" for c in part.chapters):
            part.number = ROMAN[roman] if roman < len(ROMAN) else str(roman + 1)
            roman += 1

    def text(name: str) -> str:
        value = getattr(lang_config, name, None) if lang_config is not None else None
        return value or config.get(name) or ""

    return Edition(
        lang=lang["locale"], default=lang["default"], root=root,
        title=text("site_name"), description=text("site_description"),
        author=text("site_author"), copyright=text("copyright"), site_url=text("site_url"),
        front=front, parts=parts, missing=missing,
    )
