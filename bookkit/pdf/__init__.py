"""The book as PDF: one file per language, made from the built site.

    .venv/bin/python -m bookkit.pdf --site site --out build/downloads

(``make pdf`` builds the site strictly first, then runs this.) Each language
the i18n plugin builds gets its own PDF, from that language's pages only, in
the order of mkdocs.yml's nav: see structure.py for what becomes a part, a
chapter or an appendix, page.py for how a page is rewritten for paper, and
render.py and pdf/ for the layout. Nothing is fetched from the network.
"""

from __future__ import annotations

from pathlib import Path

from bookkit import ROOT
from bookkit.pdf.render import BookError, Result, render
from bookkit.pdf.structure import Edition, edition, languages, settings

BOOK_YML = ROOT / "pdf" / "book.yml"


def load_mkdocs(config_file: Path | None = None):
    from mkdocs.config import load_config

    return load_config(str(config_file or ROOT / "mkdocs.yml"))


def editions(config, site_dir: Path, only: list[str] | None = None) -> list[Edition]:
    book = settings(BOOK_YML)
    appendices = list(book.get("appendices") or [])
    found = []
    for lang in languages(config):
        if only and lang["locale"] not in only:
            continue
        found.append(edition(config, Path(site_dir), lang, appendices))
    return found


def file_name(config, lang: str) -> str:
    """The PDF's name: mkdocs.yml's extra.downloads.pdf, which the site links to."""
    pattern = (config.extra.get("downloads") or {}).get("pdf") or "book-{lang}.pdf"
    return pattern.replace("{lang}", lang)


def _render_one(args) -> Result:
    book, site_dir, out, repo_url, keep_html, variant = args
    html_out = out.with_suffix(".html") if keep_html else None
    return render(book, Path(site_dir), out, repo_url=repo_url, html_out=html_out,
                  pdf_variant=variant)


def build(site_dir: Path, out_dir: Path, *, langs: list[str] | None = None, jobs: int = 2,
          config_file: Path | None = None, keep_html: bool = False,
          pdf_variant: str | None = None) -> list[Result]:
    """Render every language's PDF into out_dir, ``jobs`` languages at once
    (WeasyPrint lays out a document on one core)."""
    config = load_mkdocs(config_file)
    books = editions(config, Path(site_dir).resolve(), langs)
    if not books:
        raise BookError(f"no language to build (asked for {langs})")
    for book in books:
        if not book.chapters:
            raise BookError(f"{book.lang}: no page of the nav is in {site_dir}/{book.root}; "
                            "build the site first (mkdocs build)")
    out_dir = Path(out_dir).resolve()
    work = [(book, Path(site_dir).resolve(), out_dir / file_name(config, book.lang),
             config.repo_url or "", keep_html, pdf_variant) for book in books]
    if jobs <= 1 or len(work) == 1:
        return [_render_one(item) for item in work]
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(max_workers=min(jobs, len(work)),
                             mp_context=multiprocessing.get_context("fork")) as pool:
        return list(pool.map(_render_one, work))


__all__ = ["BookError", "Result", "build", "editions", "file_name"]
