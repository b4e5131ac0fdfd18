"""WeasyPrint's URL fetcher for the book: local files only.

The PDF is built with no network: a stylesheet, font or image that is not a
file under one of the allowed folders (the built site, the fonts, pdf/) is
refused, never downloaded. Each refusal, and each local file that is missing,
is recorded, so the build can fail naming every one of them.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit
from urllib.request import url2pathname

from weasyprint.urls import URLFetcher


class LocalFetcher(URLFetcher):
    def __init__(self, roots: list[Path]):
        super().__init__(allowed_protocols={"file", "data"}, fail_on_errors=False,
                         allow_redirects=False, timeout=1)
        self.roots = [Path(root).resolve() for root in roots]
        self.refused: list[str] = []

    def allowed(self, url: str) -> bool:
        scheme = url.split(":", 1)[0].lower() if ":" in url else ""
        if scheme == "data":
            return True
        if scheme != "file":
            return False
        path = Path(url2pathname(urlsplit(url).path)).resolve()
        return any(path.is_relative_to(root) for root in self.roots)

    def fetch(self, url, headers=None):
        if not self.allowed(url):
            self.refused.append(f"refused (not a local file of the book): {url}")
            raise ValueError(f"the book's PDF is built offline; refused {url}")
        try:
            return super().fetch(url, headers)
        except OSError as error:
            self.refused.append(f"missing: {url} ({error})")
            raise
