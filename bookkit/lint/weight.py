"""Page-weight budget: every page of the built site transfers at most
BUDGET bytes on a first visit (empty cache), counting what the browser
fetches for it: the HTML, its stylesheets, scripts and images, the fonts
those stylesheets load, and what Material's search fetches at start-up (its
worker, the lunr language files, search_index.json). Sizes are the gzip
size (level 6, as GitHub Pages serves them): what actually transfers."""

from __future__ import annotations

import gzip
import json
import re
from functools import cache
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

from bookkit.lint import rel

NAME = "weight"
NEEDS_SITE = True
BUDGET = 600 * 1024
FETCHED_RELS = {"stylesheet", "icon", "preload", "modulepreload", "manifest"}
FONT_URL_RE = re.compile(
    r"url\(\s*['\"]?([^'\")]+\.(?:woff2?|ttf|otf|eot))(?:[?#][^'\")]*)?['\"]?\s*\)")


class _Assets(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.urls: list[str] = []
        self.lang = "en"
        self._config = False
        self.config = ""

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "html" and attrs.get("lang"):
            self.lang = attrs["lang"].split("-")[0]
        elif tag == "link" and FETCHED_RELS & set((attrs.get("rel") or "").split()):
            self.urls.append(attrs.get("href") or "")
        elif tag in ("script", "img", "source", "iframe", "video", "audio") and attrs.get("src"):
            self.urls.append(attrs["src"])
        self._config = tag == "script" and attrs.get("id") == "__config"

    def handle_data(self, data):
        if self._config:
            self.config += data

    def handle_endtag(self, tag):
        self._config = False


@cache
def transferred(path: Path) -> tuple[int, int]:
    """(raw bytes, gzip bytes) of a file of the site."""
    data = path.read_bytes()
    return len(data), len(gzip.compress(data, compresslevel=6, mtime=0))


def first_load(site: Path, page: Path) -> dict[Path, tuple[int, int]]:
    """Every file of the site a first visit to page fetches, with its sizes."""
    parser = _Assets()
    parser.feed(page.read_text(encoding="utf-8"))
    files = {page}
    for url in parser.urls:
        target = _local(site, page, url)
        if target:
            files.add(target)
    # Material's search starts on load: its worker, lunr's language support and the index.
    try:
        config = json.loads(parser.config) if parser.config.strip() else {}
    except json.JSONDecodeError:
        config = {}
    worker = _local(site, page, config.get("search", "")) if config.get("search") else None
    if worker:
        files.add(worker)
        lunr = site / "assets" / "javascripts" / "lunr" / "min"
        if parser.lang != "en":
            files |= {lunr / "lunr.stemmer.support.min.js", lunr / f"lunr.{parser.lang}.min.js"}
        base = (page.parent / config.get("base", ".")).resolve()
        files.add(base / "search" / "search_index.json")
    for css in [f for f in files if f.suffix == ".css"]:
        for url in FONT_URL_RE.findall(css.read_text(encoding="utf-8", errors="replace")):
            target = _local(site, css, url)
            if target:
                files.add(target)
    return {f: transferred(f) for f in files if f.is_file()}


def _local(site: Path, origin: Path, url: str) -> Path | None:
    parts = urlsplit(url)
    if parts.scheme or url.startswith("//") or not parts.path:
        return None
    target = (origin.parent / unquote(parts.path)).resolve()
    if target.is_dir():
        target = target / "index.html"
    return target if site.resolve() in target.parents else None


def chapter_pages(site: Path) -> list[Path]:
    return sorted(p.resolve() for p in site.rglob("index.html")
                  if "assets" not in p.relative_to(site).parts and p.parent != site / "search")


def check(root: Path, site: Path | None = None, budget: int = BUDGET) -> list[str]:
    problems = []
    for page in chapter_pages(site):
        sizes = first_load(site, page)
        total = sum(gz for _, gz in sizes.values())
        if total > budget:
            heaviest = sorted(sizes.items(), key=lambda kv: -kv[1][1])[:4]
            detail = ", ".join(f"{rel(f, site)} {gz // 1024} KB" for f, (_, gz) in heaviest)
            problems.append(f"{rel(page, site)}: {total // 1024} KB on first load "
                            f"(budget {budget // 1024} KB); heaviest: {detail}")
    return problems


def summary(root: Path, site: Path) -> str:
    """The heaviest page and what it weighs (for the report)."""
    loads = {page: first_load(site, page) for page in chapter_pages(site)}
    page, sizes = max(loads.items(), key=lambda kv: sum(gz for _, gz in kv[1].values()))
    raw = sum(r for r, _ in sizes.values()) // 1024
    gz = sum(g for _, g in sizes.values()) // 1024
    return f"heaviest page {rel(page, site)}: {gz} KB transferred ({raw} KB uncompressed)"
