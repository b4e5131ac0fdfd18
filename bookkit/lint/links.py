"""Links and anchors of the built site, offline: every internal link (href
and src of every page: links, images, stylesheets, scripts) points at a file
of the build, and every #anchor at an id (or name) on its target page. Root
links (/docker-para-todos-2/...) are resolved against site_url's path.

The files `make pdf` and `make offline` add to site/downloads/ after the
build (the PDFs, the offline zip) may be linked from the pages: while
site/downloads/ does not exist (a plain `mkdocs build`), links into it are
not errors; once it exists, each one must resolve like any other.

External links (http, https) are the separate, non-blocking check
`make linkcheck-external` (`python -m bookkit.lint --external --site site`):
the network comes and goes, and a dead link elsewhere must not block a
pull request."""

from __future__ import annotations

import re
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urldefrag, urlsplit

from bookkit.lint import rel

NAME = "links"
NEEDS_SITE = True
LINK_ATTRS = {"href", "src"}
SCHEMES = ("http:", "https:", "mailto:", "data:", "javascript:", "tel:", "ftp:")
AFTER_BUILD = "downloads"  # filled by make pdf / make offline after mkdocs build


class _Page(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.links: list[tuple[int, str]] = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if value is None:
                continue
            if name == "id" or (name == "name" and tag == "a"):
                self.ids.add(value)
            elif name in LINK_ATTRS and not (tag == "link" and ("rel", "canonical") in attrs):
                self.links.append((self.getpos()[0], value))

    handle_startendtag = handle_starttag


def parse(path: Path) -> _Page:
    page = _Page()
    page.feed(path.read_text(encoding="utf-8", errors="replace"))
    page.close()
    return page


def site_prefix(root: Path) -> str:
    """The path part of mkdocs.yml's site_url (/docker-para-todos-2/)."""
    config = root / "mkdocs.yml"
    if not config.exists():
        return "/"
    match = re.search(r"^site_url:\s*(\S+)", config.read_text(encoding="utf-8"), re.MULTILINE)
    return (urlsplit(match.group(1)).path.rstrip("/") + "/") if match else "/"


def target_file(site: Path, page: Path, url: str, prefix: str) -> Path | None:
    """The file a (fragment-free) internal URL of page resolves to."""
    path = unquote(urlsplit(url).path)
    if not path:
        return page
    if path.startswith("/"):
        if not path.startswith(prefix):
            return None
        base, path = site, path[len(prefix):]
    else:
        base = page.parent
    target = (base / path).resolve()
    if path.endswith("/") or target.is_dir():
        target = target / "index.html"
    return target


def check(root: Path, site: Path | None = None) -> list[str]:
    site = site.resolve()
    prefix = site_prefix(root)
    pages = {p.resolve(): parse(p) for p in sorted(site.rglob("*.html"))}
    problems = []
    for path, page in pages.items():
        where = rel(path, site)
        for line, url in page.links:
            if url.startswith(SCHEMES) or url.startswith("//"):
                continue
            bare, fragment = urldefrag(url)
            if "//" in urlsplit(bare).path:
                problems.append(f"{where}:{line}: {url}: empty path segment (//): the URL "
                                "is built from two parts that both have the slash")
                continue
            target = target_file(site, path, bare, prefix)
            if target is None:
                problems.append(f"{where}:{line}: {url}: outside the site ({prefix})")
                continue
            later = site / AFTER_BUILD
            if not later.exists() and later in target.parents:
                continue
            if not target.exists() or site not in target.parents and target != site:
                problems.append(f"{where}:{line}: {url}: no such file in the build")
                continue
            if fragment and target.suffix == ".html":
                ids = pages[target].ids if target in pages else parse(target).ids
                if unquote(fragment) not in ids:
                    problems.append(f"{where}:{line}: {url}: no id '{fragment}' on "
                                    f"{rel(target, site)}")
    return problems


def external_links(site: Path) -> dict[str, list[str]]:
    """{external URL: pages that link it} (links, images, scripts)."""
    found: dict[str, list[str]] = {}
    for path in sorted(site.rglob("*.html")):
        for _, url in parse(path).links:
            if url.startswith(("http:", "https:")):
                found.setdefault(urldefrag(url)[0], []).append(rel(path, site))
    return found


def _fetch(url: str, timeout: float = 20) -> str | None:
    """None when the URL answers, else why not."""
    headers = {"User-Agent": "docker-para-todos-linkcheck/2 (+book CI)"}
    for method in ("HEAD", "GET"):  # some servers refuse HEAD
        request = urllib.request.Request(url, method=method, headers=headers)
        try:
            with urllib.request.urlopen(request, timeout=timeout):
                return None
        except urllib.error.HTTPError as error:
            if method == "HEAD" and error.code in (403, 405, 429, 501):
                continue
            return f"HTTP {error.code}"
        except (urllib.error.URLError, TimeoutError, OSError) as error:
            reason = getattr(error, "reason", error)
            if method == "HEAD":
                continue
            return str(reason)
    return "no answer"


def check_external(site: Path | None, fetch=_fetch, jobs: int = 8) -> list[str]:
    links = external_links(site)
    with ThreadPoolExecutor(jobs) as pool:
        results = dict(zip(links, pool.map(fetch, links), strict=True))
    return [f"{url}: {why} (linked from {', '.join(sorted(set(links[url]))[:3])})"
            for url, why in sorted(results.items()) if why]
