"""One language's PDF: the pages of the built site put together as a book
(cover, copyright page, table of contents, parts, numbered chapters and
sections, appendices, an alphabetical index and a colophon) and laid out by
WeasyPrint with pdf/book.css, offline.

The whole book is one WeasyPrint document, so WeasyPrint itself numbers the
pages and resolves every "pág. N" (target-counter): the table of contents,
the cross-references, the glossary's "Se explica en", the errata's "Ver la
corrección". The alphabetical index comes after: once the book is laid out,
the pages where each term is mentioned are known, and the index (with the
colophon) is laid out as a second document whose page numbers continue the
book's; WeasyPrint writes the pages of both as one PDF (tagged, PDF/UA-1),
with the outline from the headings (pdf/book.css: bookmark-level); join.py
adds the page labels (i, ii... then 1, 2..., as printed) as it writes.

Laying out takes about 0.1 s of CPU per page on one core; `jobs` lays out
several languages at once."""

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
from bookkit.pdf import index as book_index
from bookkit.pdf.page import (
    Linker,
    Problems,
    chapter_body,
    diagrams,
    first_heading,
    for_paper,
    serialize,
    text_of,
)
from bookkit.pdf.structure import Chapter, Edition
from bookkit.stamps import load_report

PDF_DIR = ROOT / "pdf"
PYGMENTS_STYLE = "friendly"
# WeasyPrint 70 can tag the PDF (pdf/ua-1: structure, reading order,
# alternative texts), at about 8 s more of writing: over the 60 s budget on
# CI's machine, so it is asked for (--pdf-variant pdf/ua-1), not the default.
PDF_VARIANT = None


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
    seconds: dict[str, float]  # wall clock per phase
    cpu: dict[str, float]  # CPU time per phase
    warnings: list[str] = field(default_factory=list)
    chapters: list[str] = field(default_factory=list)  # chapter slugs, in order
    pieces: list[dict] = field(default_factory=list)  # kept for the CLI's report: unused


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


def _words(edition: Edition, paths: dict) -> Words:
    return Words(edition.lang, paths.get("book_yml") or PDF_DIR / "book.yml",
                 paths.get("labels_yml") or ROOT / "data" / "labels.yml")


def labels_for(edition: Edition, paths: dict) -> dict:
    words = _words(edition, paths)
    when = edition_date()
    report_path = paths.get("report_path") or ROOT / ".book-report" / "examples.json"
    report = load_report(report_path)
    runs = report.runs(edition.lang) if report is not None else []
    if runs:
        # The pages may come from several runs (one page re-run): the cover
        # gives every engine and the span of dates, not just the latest run.
        engines = ", ".join(sorted({engine for _, engine in runs}))
        first, last = (words.date(when) for when in (min(runs)[0], max(runs)[0]))
        tested = (words("tested", engine=engines, date=first) if first == last else
                  words("tested_between", engine=engines, first=first, last=last))
    else:
        tested = words("untested")
    sha = revision()
    from weasyprint import __version__ as weasyprint_version

    return {
        "edition": words("edition"),
        "built": words("built", date=words.date(when)),
        "tested": tested,
        "contents": words("contents"),
        "part": words("part", number="{number}"),
        "online": words("online"),
        "source": words("source"),
        "revision": words("revision", revision=sha) if sha else "",
        "colophon_tested": words("colophon_tested"),
        "colophon": words("colophon"),
        "colophon_fonts": words("colophon_fonts", fonts=fonts.described()),
        "colophon_tools": words("colophon_tools", weasyprint=weasyprint_version),
        "author": words("author"),
        "license": words("license"),
        "index": words("index"),
        "index_intro": words("index_intro"),
        "page": words("page"),
        "figure": words("figure"),
        "table": words("table"),
        "notes": words("notes"),
        "created": when,
    }


def items(edition: Edition) -> list[tuple[str, object, int]]:
    """The body in reading order: ("chapter", chapter, 0) and ("part", part, n)."""
    found: list[tuple[str, object, int]] = [("chapter", c, 0) for c in edition.front]
    for index, part in enumerate(edition.parts, start=1):
        if part.title:
            found.append(("part", part, index))
        found += [("chapter", c, 0) for c in part.chapters]
    return found


@dataclass
class Composed:
    html: str
    titles: dict[str, str]
    sections: dict[str, list[Section]]
    ids: set[str]
    links: list[tuple[str, str]]  # (chapter slug, target id) of internal links
    problems: list[str]
    mentions: dict[int, list[str]]  # index term -> ids of the blocks that mention it
    terms: list[book_index.Term]


def compose(edition: Edition, site_dir: Path, paths: dict, labels: dict) -> Composed:
    """The HTML of the whole book but the index, with what the index and
    the checks need: titles, sections, ids, internal links, problems."""
    words = _words(edition, paths)
    problems = Problems()
    linker = Linker(edition.chapters, site_dir, edition.site_url)
    mermaid = diagrams(paths.get("diagrams_dir") or ROOT / "diagrams")
    styled = styled_classes()
    terms = book_index.terms(edition.lang, paths.get("glossary_yml"))
    finder = book_index.Finder(terms)
    bodies, titles, sections, ids, links = {}, {}, {}, set(), []
    for chapter in edition.chapters:
        body = chapter_body(chapter, linker, mermaid, problems, styled)
        for_paper(body, chapter, words)
        h1 = first_heading(body)
        title = " ".join(text_of(h1).split()) if h1 is not None else chapter.nav_title
        titles[chapter.slug] = title
        sections[chapter.slug] = number_headings(body, chapter, words, title)
        if chapter.kind != "appendix":
            finder.find(body, chapter)
        ids |= {el.get("id") for el in body.iter() if el.get("id")}
        links += [(chapter.slug, el.get("href")[1:]) for el in body.iter("a")
                  if (el.get("href") or "").startswith("#")]
        bodies[chapter.slug] = Markup(serialize(body))
    html = _template().render(
        edition=edition, part="body", items=items(edition), labels=labels, titles=titles,
        running={c.slug: (words("front_running") if titles[c.slug] == edition.title else
                          f"{c.number}. {titles[c.slug]}" if c.number else titles[c.slug])
                 for c in edition.chapters},
        sections=sections, bodies=bodies, repo_url=paths.get("repo_url", ""),
        first=edition.chapters[0].slug if edition.chapters else "")
    return Composed(html, titles, sections, ids, links, list(problems), finder.mentions, terms)


def _template():
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(PDF_DIR), autoescape=True)
    return env.get_template("book.html")


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


class Clock:
    def __init__(self):
        self.seconds: dict[str, float] = {}
        self.cpu: dict[str, float] = {}
        self._start = (time.perf_counter(), time.process_time())

    def lap(self, name: str) -> None:
        now = (time.perf_counter(), time.process_time())
        self.seconds[name] = self.seconds.get(name, 0) + now[0] - self._start[0]
        self.cpu[name] = self.cpu.get(name, 0) + now[1] - self._start[1]
        self._start = now


def _weasy(html: str, base_url: str, fetcher, extra_css: str = ""):
    from weasyprint import CSS, HTML  # loads Pango: only when rendering
    from weasyprint.text.fonts import FontConfiguration

    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    font_config = FontConfiguration()
    css = [CSS(filename=str(PDF_DIR / "book.css"), url_fetcher=fetcher, font_config=font_config),
           CSS(string=stylesheet() + extra_css, url_fetcher=fetcher, font_config=font_config)]
    return HTML(string=html, base_url=base_url, url_fetcher=fetcher).render(
        stylesheets=css, font_config=font_config)


def _fetcher(site_dir: Path):
    from bookkit.pdf.fetcher import LocalFetcher

    return LocalFetcher([site_dir, PDF_DIR, *fonts.directories()])


def _css_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def render(edition: Edition, site_dir: Path, out: Path, *, repo_url: str = "",
           html_out: Path | None = None, pdf_variant: str | None = PDF_VARIANT,
           **paths) -> Result:
    """Write one language's PDF. Raises BookError if a resource is refused
    or missing."""
    from bookkit.pdf import join

    clock = Clock()
    site_dir = Path(site_dir)
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    labels = labels_for(edition, paths)
    composed = compose(edition, site_dir, {**paths, "repo_url": repo_url}, labels)
    if html_out:
        html_out.write_text(composed.html, encoding="utf-8")
    clock.lap("compose")

    fetcher = _fetcher(site_dir)
    base = (site_dir / edition.root).as_uri() + "/"
    running = (f"@page :left {{ @top-left {{ content: {_css_string(edition.title)}; }} }}\n"
               f"a.xref::after {{ content: \"\\00a0(\" {_css_string(labels['page'])} "
               "\"\\00a0\" target-counter(attr(href url), page) \")\"; }\n")
    book = _weasy(composed.html, base, fetcher, running)
    clock.lap("layout")
    if fetcher.refused:
        raise BookError(f"{edition.lang}: the PDF would miss resources:\n  "
                        + "\n  ".join(dict.fromkeys(fetcher.refused)))

    # Where everything landed; printed page numbers start at 1 with the body.
    where: dict[str, int] = {}
    for number, page in enumerate(book.pages):
        for name in page.anchors:
            where.setdefault(name, number)
    first = where.get(edition.chapters[0].slug, 0) if edition.chapters else 0
    printed = {name: number - first + 1 for name, number in where.items() if number >= first}
    warnings = list(composed.problems)
    known = composed.ids | {c.slug for c in edition.chapters}
    for slug, target in composed.links:
        if target not in known:
            warnings.append(f"{slug}: link to a missing anchor #{target}")
    warnings += [f"{key}: not built in {edition.lang} (not translated yet): left out"
                 for key in edition.missing]

    entries = book_index.entries(composed.terms, composed.mentions, printed)
    back_html = _template().render(edition=edition, part="back", labels=labels,
                                   entries=entries, letters=book_index.letters(entries))
    if html_out:
        html_out.with_name(html_out.stem + "-back.html").write_text(back_html, encoding="utf-8")
    start = len(book.pages) - first + 1
    back = _weasy(back_html, base, fetcher,
                  running + f"@page :first {{ counter-reset: page {start}; }}\n")
    clock.lap("index")

    whole = book.copy([*book.pages, *back.pages])
    whole.write_pdf(out, pdf_variant=pdf_variant, finisher=join.page_labels(first))
    total = len(whole.pages)
    clock.lap("write")
    return Result(edition.lang, out, total, clock.seconds, clock.cpu, warnings,
                  [c.slug for c in edition.chapters])


__all__ = ["BookError", "DataError", "Result", "render"]
