"""One language's PDF: the pages of the built site put together as a book
(cover, colophon, table of contents, parts, numbered chapters and sections)
and laid out by WeasyPrint with pdf/book.css, offline.

WeasyPrint lays out on one core, about a quarter of a second per page here:
too slow for the budget (60 s per language) once the book passes 200 pages.
So the body is cut at chapter boundaries into as many runs as there are
workers, each laid out and written by its own process; the front matter is
laid out afterwards, with the page numbers that the body's layout found; and
join.py joins the pieces (page numbers, links across pieces, the outline).
Nothing in the layout of a chapter depends on the pages before it: each one
starts on a new page, and the running header is the chapter's own title."""

from __future__ import annotations

import base64
import io
import logging
import multiprocessing
import os
import re
import shutil
import subprocess
import tempfile
import time
import xml.etree.ElementTree as ET
from concurrent.futures import ProcessPoolExecutor
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
    seconds: dict[str, float]  # wall clock per phase
    cpu: dict[str, float]  # CPU time per phase (the pieces: summed over the workers)
    warnings: list[str] = field(default_factory=list)
    chapters: list[str] = field(default_factory=list)  # chapter slugs, in order
    pieces: list[dict] = field(default_factory=list)  # per worker: pages, seconds, cpu


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


ANCHOR = "bookkit-anchor:"  # internal links while the pieces are apart (join.py)


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


def plan(edition: Edition, pieces: int) -> list[list[tuple[str, object, int]]]:
    """The body cut into runs of about the same weight (size of the pages'
    HTML), one per process, at chapter boundaries (a part's title page stays
    with the chapter that follows it)."""
    body = items(edition)
    weight = [item.path.stat().st_size if kind == "chapter" else 2000
              for kind, item, _ in body]
    before = [sum(weight[:i]) for i in range(len(body))]  # weight before item i
    can_cut = [i for i in range(1, len(body)) if body[i - 1][0] != "part"]
    cuts: list[int] = []
    for k in range(1, max(1, pieces)):
        target = sum(weight) * k / pieces
        left = [i for i in can_cut if not cuts or i > cuts[-1]]
        if not left:
            break
        cuts.append(min(left, key=lambda i: abs(before[i] - target)))
    bounds = [0, *cuts, len(body)]
    return [body[a:b] for a, b in zip(bounds, bounds[1:], strict=False) if b > a]


def compose_body(edition: Edition, site_dir: Path, run, paths: dict) -> dict:
    """HTML of a run of the body, with what the front matter and the joining
    need: titles, sections, ids, internal links, problems."""
    words = _words(edition, paths)
    problems = Problems()
    linker = Linker(edition.chapters, site_dir, edition.site_url)
    mermaid = diagrams(paths.get("diagrams_dir") or ROOT / "diagrams")
    styled = styled_classes()
    bodies, titles, sections, ids, links = {}, {}, {}, set(), []
    for kind, chapter, _ in run:
        if kind != "chapter":
            continue
        body = chapter_body(chapter, linker, mermaid, problems, styled)
        h1 = first_heading(body)
        title = " ".join(text_of(h1).split()) if h1 is not None else chapter.nav_title
        titles[chapter.slug] = title
        sections[chapter.slug] = number_headings(body, chapter, words, title)
        ids |= {el.get("id") for el in body.iter() if el.get("id")}
        for el in body.iter("a"):
            href = el.get("href") or ""
            if href.startswith("#"):
                links.append((chapter.slug, href[1:]))
                el.set("href", ANCHOR + href[1:])
        bodies[chapter.slug] = Markup(serialize(body))
    labels = {"part": words("part", number="{number}")}
    html = _template().render(edition=edition, front=False, items=run, labels=labels,
                              titles=titles, bodies=bodies)
    return {"html": html, "titles": titles, "sections": sections, "ids": ids,
            "links": links, "problems": list(problems)}


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


@dataclass
class Piece:
    """A run of the body, laid out and written by one process."""

    path: Path
    pages: int
    anchors: dict[str, tuple[int, float, float]]  # id -> (page index, x, y) in PDF points
    unnumbered: list[int]  # page indices without a page number (part title pages)
    titles: dict[str, str]
    sections: dict[str, list[Section]]
    ids: set[str]
    links: list[tuple[str, str]]
    problems: list[str]
    refused: list[str]
    seconds: dict[str, float]
    cpu: dict[str, float]


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


def render_piece(job: dict) -> Piece:
    """Compose, lay out and write one run of the body (in a worker process)."""
    clock = Clock()
    edition, site_dir, run = job["edition"], job["site_dir"], job["run"]
    composed = compose_body(edition, site_dir, run, job["paths"])
    if job.get("html_out"):
        Path(job["html_out"]).write_text(composed["html"], encoding="utf-8")
    clock.lap("compose")
    fetcher = _fetcher(site_dir)
    # Page numbers come with the joining (join.py): none here.
    extra = (f"@page {{ @top-left {{ content: {_css_string(edition.title)}; }} "
             "@bottom-center { content: none; } }")
    document = _weasy(composed["html"], (site_dir / edition.root).as_uri() + "/", fetcher,
                      extra)
    clock.lap("layout")
    anchors, unnumbered = {}, []
    for index, page in enumerate(document.pages):
        height = page.height * PT_PER_PX
        for name, box in page.anchors.items():
            anchors.setdefault(name, (index, box[0] * PT_PER_PX, height - box[1] * PT_PER_PX))
            if name.startswith("part-"):
                unnumbered.append(index)
    document.write_pdf(job["out"])
    clock.lap("write")
    return Piece(Path(job["out"]), len(document.pages), anchors, unnumbered,
                 composed["titles"], composed["sections"], composed["ids"], composed["links"],
                 composed["problems"], list(fetcher.refused), clock.seconds, clock.cpu)


PT_PER_PX = 0.75


def render(edition: Edition, site_dir: Path, out: Path, *, repo_url: str = "",
           jobs: int = 2, html_out: Path | None = None, **paths) -> Result:
    """Write one language's PDF. The body is laid out in ``jobs`` pieces at
    once (WeasyPrint uses one core), then the front matter with the page
    numbers found, and join.py puts it all together. Raises BookError if a
    resource is refused or missing."""
    from bookkit.pdf import join

    clock = Clock()
    site_dir = Path(site_dir)
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="bookkit-pdf-", dir=out.parent))
    try:
        runs = plan(edition, jobs)
        job_list = [{"edition": edition, "site_dir": site_dir, "run": run, "paths": paths,
                     "out": work / f"body-{n}.pdf",
                     "html_out": (html_out.with_name(f"{html_out.stem}-{n}.html")
                                  if html_out else None)}
                    for n, run in enumerate(runs)]
        if len(job_list) == 1:
            pieces = [render_piece(job_list[0])]
        else:
            with ProcessPoolExecutor(max_workers=len(job_list),
                                     mp_context=multiprocessing.get_context("fork")) as pool:
                pieces = list(pool.map(render_piece, job_list))
        clock.lap("body")
        refused = [r for piece in pieces for r in piece.refused]
        if refused:
            raise BookError(f"{edition.lang}: the PDF would miss resources:\n  "
                            + "\n  ".join(dict.fromkeys(refused)))

        # Where everything landed: page numbers start at 1 with the body.
        anchors: dict[str, tuple[int, float, float]] = {}
        offset = 0
        for piece in pieces:
            for name, (index, x, y) in piece.anchors.items():
                anchors.setdefault(name, (offset + index, x, y))
            offset += piece.pages
        titles = {k: v for piece in pieces for k, v in piece.titles.items()}
        sections = {k: v for piece in pieces for k, v in piece.sections.items()}
        warnings = [p for piece in pieces for p in piece.problems]
        ids = {i for piece in pieces for i in piece.ids} | {c.slug for c in edition.chapters}
        for slug, target in (link for piece in pieces for link in piece.links):
            if target not in ids:
                warnings.append(f"{slug}: link to a missing anchor #{target}")
        warnings += [f"{key}: not built in {edition.lang} (not translated yet): left out"
                     for key in edition.missing]

        labels = labels_for(edition, paths)
        pages = {name: str(index + 1) for name, (index, _, _) in anchors.items()}
        front_html = _template().render(
            edition=edition, front=True, labels=labels, titles=titles, sections=sections,
            pages=pages, repo_url=repo_url)
        if html_out:
            html_out.write_text(front_html, encoding="utf-8")
        fetcher = _fetcher(site_dir)
        front = _weasy(front_html, (site_dir / edition.root).as_uri() + "/", fetcher,
                       "@page { @bottom-center { content: none; } }")
        front.write_pdf(work / "front.pdf")
        toc_page = next((i for i, page in enumerate(front.pages) if "toc" in page.anchors), 0)
        clock.lap("front")

        unnumbered, offset = [], 0
        for piece in pieces:
            unnumbered += [offset + i for i in piece.unnumbered]
            offset += piece.pages
        numbers = join.page_numbers(offset, unnumbered, lambda html: _weasy(
            html, (site_dir / edition.root).as_uri() + "/", fetcher))
        numbers.write_pdf(work / "numbers.pdf")
        clock.lap("numbers")

        total = join.join(
            out, front=work / "front.pdf", body=[piece.path for piece in pieces],
            numbers=work / "numbers.pdf", anchors=anchors, front_pages=len(front.pages),
            outline=join.outline(edition, titles, sections, labels["contents"], toc_page),
            metadata={"title": edition.title, "author": edition.author,
                      "subject": edition.description, "lang": edition.lang,
                      "created": labels["created"]})
        clock.lap("join")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    seconds = {"compose+layout+write (pieces at once)": clock.seconds.pop("body"),
               **clock.seconds}
    cpu = {"pieces (sum)": sum(sum(p.cpu.values()) for p in pieces), **clock.cpu}
    cpu.pop("body", None)
    return Result(edition.lang, out, total, seconds, cpu, warnings,
                  [c.slug for c in edition.chapters],
                  pieces=[{"pages": p.pages, "seconds": p.seconds, "cpu": p.cpu}
                          for p in pieces])


__all__ = ["BookError", "DataError", "Result", "render"]
