"""One language's PDF: the pages of the built site put together as a book
(cover, colophon, table of contents, parts, numbered chapters and sections)
and laid out by WeasyPrint with pdf/book.css, offline."""

from __future__ import annotations

import base64
import io
import logging
import os
import re
import subprocess
import time
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import jinja2
from markupsafe import Markup
from pygments.formatters import HtmlFormatter

from bookkit import ROOT
from bookkit.data import DataError
from bookkit.i18n import Labels
from bookkit.pdf import fonts
from bookkit.pdf.page import (
    Linker,
    Problems,
    chapter_body,
    diagrams,
    first_heading,
    serialize,
    text_of,
)
from bookkit.pdf.structure import Chapter, Edition
from bookkit.stamps import load_report

PDF_DIR = ROOT / "pdf"
PYGMENTS_STYLE = "friendly"


@dataclass
class Section:
    id: str
    number: str
    title: str


@dataclass
class Result:
    lang: str
    path: Path
    pages: int
    seconds: dict[str, float]  # wall clock per phase (compose, layout, write)
    cpu: dict[str, float]  # CPU time of this process per phase
    warnings: list[str] = field(default_factory=list)
    chapters: list[str] = field(default_factory=list)  # chapter slugs, in order


class BookError(Exception):
    """The PDF cannot be what the site is (a missing or remote resource...)."""


def _git(*args: str) -> str | None:
    try:
        result = subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True,
                                timeout=20)
    except (OSError, subprocess.TimeoutExpired):
        return None
    return result.stdout.strip() if result.returncode == 0 else None


def edition_date() -> datetime:
    """SOURCE_DATE_EPOCH, else the last commit's date, else now: the same
    sources give the same date (reproducible builds)."""
    if os.environ.get("SOURCE_DATE_EPOCH"):
        return datetime.fromtimestamp(int(os.environ["SOURCE_DATE_EPOCH"]), tz=UTC)
    committed = _git("log", "-1", "--format=%cI")
    if committed:
        return datetime.fromisoformat(committed)
    return datetime.now(tz=UTC)


def revision() -> str | None:
    sha = _git("rev-parse", "--short=12", "HEAD")
    if sha and _git("status", "--porcelain", "--untracked-files=no"):
        sha += "+"
    return sha


class Words:
    """The words of the PDF (pdf/book.yml) and dates (data/labels.yml)."""

    def __init__(self, lang: str, book_yml: Path, labels_yml: Path):
        self.lang = lang
        self.book = Labels(book_yml)
        self.common = Labels(labels_yml)

    def __call__(self, key: str, **values) -> str:
        return self.book.get(key, self.lang, **values)

    def date(self, when: datetime) -> str:
        months = self.common.months(self.lang)
        return self.common.get("date", self.lang, day=when.day,
                               month=months[when.month - 1], year=when.year)


def number_headings(body: ET.Element, chapter: Chapter, words: Words,
                    title: str) -> list[Section]:
    """Chapter label and numbers on the headings; the sections for the TOC."""
    h1 = first_heading(body)
    if h1 is not None:
        if chapter.number:
            label = ET.Element("span", {"class": "chapter-label"})
            label.text = words(chapter.kind if chapter.kind == "appendix" else "chapter",
                               number=chapter.number)
            label.tail = h1.text
            h1.text = None
            h1.insert(0, label)
            h1.set("data-bookmark", f"{chapter.number}. {title}")
        else:
            h1.set("data-bookmark", title)
    sections: list[Section] = []
    h2 = h3 = 0
    for heading in body.iter():
        if heading.tag not in ("h2", "h3"):
            continue
        text = " ".join(text_of(heading).split())
        if heading.tag == "h2":
            h2, h3 = h2 + 1, 0
            number = f"{chapter.number}.{h2}" if chapter.number else ""
        else:
            h3 += 1
            number = f"{chapter.number}.{h2}.{h3}" if chapter.number and h2 else ""
        if number:
            span = ET.Element("span", {"class": "secnum"})
            span.text = number
            span.tail = heading.text
            heading.text = None
            heading.insert(0, span)
        if heading.tag == "h2":
            heading.set("data-bookmark", f"{number} {text}".strip())
            if heading.get("id"):
                sections.append(Section(heading.get("id"), number, text))
    return sections


def compose(edition: Edition, site_dir: Path, *, report_path: Path | None = None,
            book_yml: Path | None = None, labels_yml: Path | None = None,
            diagrams_dir: Path | None = None, repo_url: str = "") -> tuple[str, list[str]]:
    """The book's HTML, and what could not be shown as on the site."""
    words = Words(edition.lang, book_yml or PDF_DIR / "book.yml",
                  labels_yml or ROOT / "data" / "labels.yml")
    problems = Problems()
    linker = Linker(edition.chapters, site_dir, edition.site_url)
    mermaid = diagrams(diagrams_dir or ROOT / "diagrams")
    styled = styled_classes()
    bodies, titles, sections = {}, {}, {}
    for chapter in edition.chapters:
        body = chapter_body(chapter, linker, mermaid, problems, styled)
        h1 = first_heading(body)
        title = " ".join(text_of(h1).split()) if h1 is not None else chapter.nav_title
        titles[chapter.slug] = title
        sections[chapter.slug] = number_headings(body, chapter, words, title)
        bodies[chapter.slug] = body

    ids = {el.get("id") for body in bodies.values() for el in body.iter() if el.get("id")}
    ids |= {c.slug for c in edition.chapters}
    for slug, body in bodies.items():
        for el in body.iter("a"):
            href = el.get("href") or ""
            if href.startswith("#") and href[1:] not in ids:
                problems.append(f"{slug}: link to a missing anchor {href}")
    for key in edition.missing:
        problems.append(f"{key}: not built in {edition.lang} (not translated yet): left out")

    when = edition_date()
    report = load_report(report_path or ROOT / ".book-report" / "examples.json")
    if report is not None:
        tested = words("tested", engine=report.engine, date=words.date(report.date))
    else:
        tested = words("untested")
    sha = revision()
    labels = {
        "edition": words("edition"),
        "built": words("built", date=words.date(when)),
        "tested": tested,
        "contents": words("contents"),
        "part": words("part", number="{number}"),
        "online": words("online"),
        "source": words("source"),
        "revision": words("revision", revision=sha) if sha else "",
        "colophon_tested": words("colophon_tested"),
    }
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(PDF_DIR), autoescape=True,
                             trim_blocks=False)
    html = env.get_template("book.html").render(
        edition=edition, labels=labels, titles=titles, sections=sections,
        bodies={slug: Markup(serialize(body)) for slug, body in bodies.items()},
        created=when.isoformat(timespec="seconds"), repo_url=repo_url,
    )
    return html, list(problems)


def styled_classes() -> set[str]:
    """Pygments classes that the style colours (whitespace's colour is moot)."""
    rules = HtmlFormatter(style=PYGMENTS_STYLE).get_style_defs(".highlight")
    return set(re.findall(r"^\.highlight \.([\w-]+) \{", rules, re.M)) - {"w", "hll"}


CODE_BACKGROUND = (0xF6, 0xF8, 0xFA)  # pre's background in pdf/book.css
MARKER_COLOUR = (0xC0, 0x39, 0x2B)
ROW = (9, 9.6)  # pt: the gutter's width and the line height of code (pdf/book.css)


def _png(image) -> str:
    buffer = io.BytesIO()
    image.save(buffer, "PNG", optimize=True)
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode()


def wrap_marker() -> str:
    """The background of a long line of code: a hooked arrow in the gutter of
    every continuation row, none on the first. Raster images: WeasyPrint
    draws a repeated PNG as one shared image, an SVG as new vector paths every
    time (far slower), and a gradient layer ignores its size."""
    from PIL import Image, ImageDraw

    scale = 4 * 8  # 4 px per pt, drawn 8 times larger and scaled down (antialiasing)
    width, height = round(ROW[0] * 4), round(ROW[1] * 4)
    big = Image.new("RGBA", (width * 8, height * 8), (0, 0, 0, 0))
    draw = ImageDraw.Draw(big)
    colour = (*MARKER_COLOUR, 255)
    pen = round(0.7 * scale)

    def line(*points):
        draw.line([(x * scale, y * scale) for x, y in points], fill=colour, width=pen,
                  joint="curve")

    line((2.2, 2.0), (2.2, 5.8), (6.8, 5.8))
    line((5.0, 4.0), (6.9, 5.8), (5.0, 7.6))
    arrow = big.resize((width, height), Image.LANCZOS)
    cover = Image.new("RGB", (1, 1), CODE_BACKGROUND)
    size = f"{ROW[0]}pt {ROW[1]}pt"
    return (f'pre code .line {{ background: url("{_png(cover)}") 0 0 / {size} no-repeat, '
            f'url("{_png(arrow)}") 0 0 / {size} repeat-y; }}\n')


def stylesheet() -> str:
    """@font-face rules for the local fonts, the code colours, the wrap marker."""
    formatter = HtmlFormatter(style=PYGMENTS_STYLE)
    colours = formatter.get_style_defs(".highlight")
    return (fonts.font_faces() + "\n" + colours + "\n.highlight pre, .highlight .hll "
            "{ background: #f6f8fa; }\n" + wrap_marker())


def render(edition: Edition, site_dir: Path, out: Path, *, repo_url: str = "",
           html_out: Path | None = None, **paths) -> Result:
    """Write one language's PDF; raise BookError if a resource is refused or missing."""
    from weasyprint import CSS, HTML  # loads Pango: only when rendering
    from weasyprint.text.fonts import FontConfiguration

    from bookkit.pdf.fetcher import LocalFetcher

    seconds: dict[str, float] = {}
    cpu: dict[str, float] = {}

    def lap(name: str, start: tuple[float, float]) -> tuple[float, float]:
        seconds[name] = time.perf_counter() - start[0]
        cpu[name] = time.process_time() - start[1]
        return time.perf_counter(), time.process_time()

    start = time.perf_counter(), time.process_time()
    html, warnings = compose(edition, site_dir, repo_url=repo_url, **paths)
    if html_out is not None:
        html_out.parent.mkdir(parents=True, exist_ok=True)
        html_out.write_text(html, encoding="utf-8")
    start = lap("compose", start)

    fetcher = LocalFetcher([site_dir, PDF_DIR, *fonts.directories()])
    font_config = FontConfiguration()
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    css = [CSS(filename=str(PDF_DIR / "book.css"), url_fetcher=fetcher, font_config=font_config),
           CSS(string=stylesheet(), url_fetcher=fetcher, font_config=font_config)]
    document = HTML(string=html, base_url=(site_dir / edition.root).as_uri() + "/",
                    url_fetcher=fetcher).render(stylesheets=css, font_config=font_config)
    start = lap("layout", start)
    if fetcher.refused:
        raise BookError(f"{edition.lang}: the PDF would miss resources:\n  "
                        + "\n  ".join(dict.fromkeys(fetcher.refused)))
    out.parent.mkdir(parents=True, exist_ok=True)
    document.write_pdf(out)
    lap("write", start)
    return Result(edition.lang, out, len(document.pages), seconds, cpu, warnings,
                  [c.slug for c in edition.chapters])


__all__ = ["BookError", "DataError", "Result", "compose", "render"]
