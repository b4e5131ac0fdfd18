"""The PDF edition, checked on the real PDFs: the book is built as CI builds
it (mkdocs build --strict), then `python -m bookkit.pdf`; the PDFs are left
in build/downloads/ (CI's artifacts). They are read back with poppler-utils
(pdftotext, pdfinfo, pdffonts) and pypdf. Fast unit tests of the pieces
(fetcher, links, code lines, plan) come first."""

import json
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import yaml

from bookkit.pdf import page as pdf_page
from bookkit.pdf import system
from bookkit.pdf.render import _fetcher, _weasy, labels_for, plan
from bookkit.pdf.structure import Chapter, Edition, Part

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "build" / "downloads"
A4 = (595.28, 841.89)
MARGIN_X = 20 / 25.4 * 72  # pdf/book.css: @page margin, left and right


# ------------------------------------------------------------------ units


def test_fetcher_refuses_the_network_and_files_outside_the_book(tmp_path, needs_system):
    needs_system(lambda: system.ensure("pdf"))
    from bookkit.pdf.fetcher import LocalFetcher

    inside = tmp_path / "site" / "a.svg"
    inside.parent.mkdir()
    inside.write_text("<svg xmlns='http://www.w3.org/2000/svg'/>")
    outside = tmp_path / "secret.txt"
    outside.write_text("no")
    fetcher = LocalFetcher([tmp_path / "site"])
    for url in ("https://example.com/logo.png", "http://127.0.0.1/x.css",
                "ftp://example.com/f", outside.as_uri()):
        with pytest.raises(ValueError):
            fetcher.fetch(url)
    assert len(fetcher.refused) == 4
    assert fetcher.fetch(inside.as_uri()).read().startswith(b"<svg")
    assert fetcher.fetch("data:text/plain,hola").read() == b"hola"


def test_a_remote_image_fails_the_build_instead_of_being_fetched(tmp_path, needs_system):
    needs_system(lambda: system.ensure("pdf"))
    fetcher = _fetcher(tmp_path)  # the site, pdf/ and the fonts
    document = _weasy('<p>x<img src="https://example.com/x.png"></p>',
                             tmp_path.as_uri() + "/", fetcher)
    assert len(document.pages) == 1
    assert fetcher.refused == ["refused (not a local file of the book): "
                               "https://example.com/x.png"]


def _chapter(slug, url, kind="chapter", number="1"):
    return Chapter(f"{slug}.md", slug, url, Path(f"/site/{url}index.html"), kind, number)


def test_links_become_links_inside_the_pdf():
    chapters = [_chapter("index", "", "front", None), _chapter("redes", "redes/"),
                _chapter("swarm", "swarm/", number="2")]
    linker = pdf_page.Linker(chapters, Path("/site"), "https://example.org/libro/")
    redes = chapters[1]
    assert linker.href("#macvlan", redes) == "#redes--macvlan"
    assert linker.href("../swarm/#ingress", redes) == "#swarm--ingress"
    assert linker.href("../swarm/", redes) == "#swarm"
    assert linker.href("..", redes) == "#index"
    assert linker.href("https://docs.docker.com/", redes) == "https://docs.docker.com/"
    # Not a chapter of this edition: the published site.
    assert linker.href("../en/redes/", redes) == "https://example.org/libro/en/redes/"
    assert linker.src("../assets/diagrams/a.svg", redes) == "file:///site/assets/diagrams/a.svg"


def test_code_keeps_its_text_and_only_long_lines_become_blocks():
    long = "docker container run --rm --name web --publish 8080:80 " + "x" * 40
    html = ('<pre><code><span class="gp">$ </span>docker ps\n'
            f'<span class="go">{long}</span>\n<span class="w">  </span>fin\n</code></pre>')
    pre = ET.fromstring(html)
    code = pre.find("code")
    before = "".join(code.itertext()).rstrip("\n")
    pdf_page.split_code(code, styled={"gp", "go"})
    # A block ends its line by itself: no newline after it.
    assert "".join(code.itertext()) == before.replace(long + "\n", long)
    blocks = code.findall("span[@class='line']")
    assert [b.findtext("span") for b in blocks] == [long]
    assert code.find("span[@class='w']") is None  # unstyled: plain text


def test_plan_cuts_at_chapters_and_keeps_a_part_with_its_first_chapter(tmp_path):
    def chapter(slug, size):
        path = tmp_path / f"{slug}.html"
        path.write_text("x" * size)
        return Chapter(f"{slug}.md", slug, f"{slug}/", path, "chapter", "1")

    parts = [Part("Uno", "I", [chapter("a", 1000), chapter("b", 5000)]),
             Part("Dos", "II", [chapter("c", 5000), chapter("d", 1000)])]
    edition = Edition("es", True, "", "T", "", "", "", "", [chapter("i", 100)], parts, [])
    runs = plan(edition, 2)
    assert len(runs) == 2
    flat = [(kind, getattr(item, "slug", getattr(item, "title", ""))) for run in runs
            for kind, item, _ in run]
    assert flat == [("chapter", "i"), ("part", "Uno"), ("chapter", "a"), ("chapter", "b"),
                    ("part", "Dos"), ("chapter", "c"), ("chapter", "d")]
    assert runs[1][0][0] == "part"  # the cut is before part II, not after its title page
    assert plan(edition, 1) == [sum(runs, [])]


def test_appendices_of_book_yml_are_pages_of_the_nav():
    book = yaml.safe_load((ROOT / "pdf" / "book.yml").read_text(encoding="utf-8"))
    nav = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    for key in book["appendices"]:
        assert re.search(rf":\s*{re.escape(key)}\s*$", nav, re.M), f"{key} is not in the nav"


def test_cover_says_unverified_without_a_report(tmp_path):
    edition = Edition("es", True, "", "T", "", "", "", "", [], [], [])
    labels = labels_for(edition, {"report_path": tmp_path / "none.json"})
    assert labels["tested"].startswith("Ejemplos sin verificar")


def test_cover_gives_the_span_of_the_runs_that_tested_the_pages(tmp_path):
    report = tmp_path / "examples.json"
    old_run = {"date": "2026-10-02T09:00:00Z", "engine": "26.1.5"}
    page = {"total": 2, "executed": 2, "failed": 0, "skipped": []}
    report.write_text(json.dumps({
        "date": "2026-11-30T10:00:00Z", "engine": "27.0.1", "pages": {
            "es/a.md": {**page, "run": {"date": "2026-11-30T10:00:00Z", "engine": "27.0.1"}},
            "es/b.md": {**page, "run": old_run},
            "en/a.md": {**page, "run": {"date": "2025-01-01T00:00:00Z", "engine": "20.10"}},
        }}), encoding="utf-8")
    edition = Edition("es", True, "", "T", "", "", "", "", [], [], [])
    labels = labels_for(edition, {"report_path": report})
    assert labels["tested"] == ("Ejemplos ejecutados con Docker Engine 26.1.5, 27.0.1 entre "
                                "el 2 de octubre de 2026 y el 30 de noviembre de 2026")
    old_run["date"] = "2026-11-30T08:00:00Z"
    old_run["engine"] = "27.0.1"
    report.write_text(json.dumps({"date": "2026-11-30T10:00:00Z", "engine": "27.0.1",
                                  "pages": {"es/b.md": {**page, "run": old_run}}}))
    assert labels_for(edition, {"report_path": report})["tested"] == \
        "Ejemplos ejecutados con Docker Engine 27.0.1 el 30 de noviembre de 2026"


# ------------------------------------------------------------ real PDFs


@pytest.fixture(scope="module")
def book(tmp_path_factory, book_site, needs_system):
    needs_system(lambda: system.ensure("pdf", "poppler"))
    site = book_site  # conftest.py: built once per session
    from bookkit.pdf import build, editions, load_mkdocs

    out = tmp_path_factory.mktemp("pdf-out")
    results = build(site, out)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    for result in results:
        shutil.copy2(result.path, ARTIFACTS / result.path.name)
    config = load_mkdocs()
    return {"site": site, "results": results,
            "editions": {e.lang: e for e in editions(config, site)}}


def pdftotext(path, *args):
    return subprocess.run(["pdftotext", "-enc", "UTF-8", *args, str(path), "-"],
                          capture_output=True, text=True, check=True).stdout


def chapter_titles(edition):
    """The h1 of each built page, as the site shows it (permalink sign removed)."""
    titles = []
    for chapter in edition.chapters:
        html = chapter.path.read_text(encoding="utf-8")
        h1 = re.search(r"<h1[^>]*>(.*?)</h1>", html[html.find("<article"):], re.S).group(1)
        text = re.sub(r"<a class=\"headerlink\".*?</a>", "", h1)
        titles.append(" ".join(re.sub(r"<[^>]+>", "", text).split()).replace("&amp;", "&"))
    return titles


def body_start(reader):
    return reader.page_labels.index("1")


@pytest.mark.build
def test_one_pdf_per_language_with_a_sane_page_count(book):
    from pypdf import PdfReader

    assert [r.lang for r in book["results"]] == list(book["editions"])
    for result in book["results"]:
        info = subprocess.run(["pdfinfo", str(result.path)], capture_output=True, text=True,
                              check=True).stdout
        pages = int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))
        chapters = len(book["editions"][result.lang].chapters)
        assert pages == result.pages
        assert chapters * 2 <= pages <= chapters * 60, (pages, chapters)
        assert "(A4)" in info
        assert re.search(r"^Title:\s+Docker para todos 2$", info, re.M)
        reader = PdfReader(result.path)
        assert reader.trailer["/Root"]["/Lang"] == result.lang
        assert (ARTIFACTS / result.path.name).exists()


@pytest.mark.build
def test_every_chapter_title_is_in_the_body_in_order(book):
    from pypdf import PdfReader

    for result in book["results"]:
        edition = book["editions"][result.lang]
        reader = PdfReader(result.path)
        start = body_start(reader)
        text = " ".join(pdftotext(result.path, "-f", str(start + 1)).split())
        position = 0
        for title in chapter_titles(edition):
            found = text.find(title, position)
            assert found >= 0, f"{result.lang}: '{title}' missing, or out of order"
            position = found + len(title)
        # The contents list them too, before the body.
        contents = " ".join(pdftotext(result.path, "-l", str(start)).split())
        for title in chapter_titles(edition):
            assert title in contents


def tree(outline):
    """pypdf's outline (an entry, then the list of its children) as
    [(title, entry, children)]."""
    nodes = []
    for item in outline:
        if isinstance(item, list):
            title, entry, _ = nodes[-1]
            nodes[-1] = (title, entry, tree(item))
        else:
            nodes.append((item.title, item, []))
    return nodes


@pytest.mark.build
def test_outline_mirrors_parts_and_chapters(book):
    from pypdf import PdfReader

    for result in book["results"]:
        edition = book["editions"][result.lang]
        reader = PdfReader(result.path)
        titles = dict(zip([c.slug for c in edition.chapters], chapter_titles(edition),
                          strict=True))

        def label(chapter, titles=titles):
            title = titles[chapter.slug]
            return f"{chapter.number}. {title}" if chapter.number else title

        expected = [label(c) for c in edition.front]
        for part in edition.parts:
            if part.title:
                expected.append((f"{part.number}. {part.title}" if part.number
                                 else part.title, [label(c) for c in part.chapters]))
            else:
                expected += [label(c) for c in part.chapters]
        nodes = tree(reader.outline)
        assert nodes[0][0] in ("Índice", "Contents")
        parts = {e[0] for e in expected if isinstance(e, tuple)}
        got = [(title, [child[0] for child in children]) if title in parts else title
               for title, _, children in nodes[1:]]
        assert got == expected
        # A chapter's entry opens the page with its title; its sections (h2) are under it.
        start = body_start(reader)
        chapters = [node for node in nodes[1:] if node[0] not in parts]
        chapters += [kid for title, _, kids in nodes[1:] if title in parts for kid in kids]
        by_label = {label(c): c for c in edition.chapters}
        for title, entry, sections in chapters:
            page = reader.get_destination_page_number(entry)
            assert page >= start
            words = " ".join(pdftotext(result.path, "-f", str(page + 1), "-l",
                                       str(page + 1)).split())
            assert title.split(". ", 1)[-1] in words
            html = by_label[title].path.read_text(encoding="utf-8")
            article = html[html.find("<article"):html.find("</article>")]
            assert len(sections) == len(re.findall(r"<h2 id=", article)), title


@pytest.mark.build
def test_no_missing_glyphs_and_only_the_books_fonts(book):
    from fontTools.ttLib import TTFont

    from bookkit.pdf import fonts

    cmap = set()
    for path in fonts.files().values():
        cmap |= set(TTFont(path, lazy=True).getBestCmap())
    for result in book["results"]:
        text = pdftotext(result.path)
        assert "\ufffd" not in text
        missing = sorted({ch for ch in text if ord(ch) not in cmap and ch not in "\n\f\t"})
        assert missing == [], f"{result.lang}: characters without a glyph: {missing}"
        listing = subprocess.run(["pdffonts", str(result.path)], capture_output=True,
                                 text=True, check=True).stdout.splitlines()[2:]
        for line in listing:
            name, embedded = line.split()[0], line.split()[-5]
            assert re.fullmatch(r"[A-Z]{6}\+(Book|DejaVu)-[\w-]+", name), line
            assert embedded == "yes", line


def marker_images(resources, depth=0) -> int:
    if resources is None or depth > 6:
        return 0
    resources = resources.get_object()
    found = 0
    for ref in (resources.get("/XObject") or {}).values():
        obj = ref.get_object()
        if obj.get("/Subtype") == "/Image":
            found += obj.get("/Width") == 36
        else:
            found += marker_images(obj.get("/Resources"), depth + 1)
    for ref in (resources.get("/Pattern") or {}).values():
        found += marker_images(ref.get_object().get("/Resources"), depth + 1)
    return found


@pytest.mark.build
def test_images_and_diagrams_are_in_the_pdf(book):
    from pypdf import PdfReader

    for result in book["results"]:
        edition = book["editions"][result.lang]
        text = " ".join(pdftotext(result.path).split())
        diagrams = set()
        for chapter in edition.chapters:
            html = chapter.path.read_text(encoding="utf-8")
            diagrams |= set(re.findall(r'<img[^>]+src="([^"]+\.svg)"', html))
        assert diagrams, "the book shows at least one diagram"
        for src in diagrams:
            svg = (book["site"] / re.sub(r"^(\.\./)+", "", src)).read_text(encoding="utf-8")
            labels = [" ".join(t.split()) for t in re.findall(r"<tspan[^>]*>([^<]+)</tspan>",
                                                             svg) if t.strip()]
            assert labels
            assert all(label in text for label in labels[:5]), src
        # The wrap marker is a picture (36 px wide), drawn on pages with long lines of
        # code (inside the tiling pattern that repeats it down the gutter).
        reader = PdfReader(result.path)
        assert any(marker_images(page.get("/Resources")) for page in reader.pages)


@pytest.mark.build
def test_no_text_beyond_the_page_margins(book):
    for result in book["results"]:
        xml = subprocess.run(["pdftotext", "-bbox", str(result.path), "-"],
                             capture_output=True, text=True, check=True).stdout
        offenders = []
        for number, page in enumerate(re.findall(r"<page (.*?)</page>", xml, re.S), start=1):
            width = float(re.search(r'width="([\d.]+)"', page).group(1))
            for x_min, x_max, word in re.findall(
                    r'<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)" yMax="[\d.]+">'
                    r"([^<]*)</word>", page):
                if number > 1 and (float(x_min) < MARGIN_X - 1
                                   or float(x_max) > width - MARGIN_X + 1):
                    offenders.append((number, word, x_min, x_max))
        assert offenders == [], f"{result.lang}: {offenders[:10]}"


@pytest.mark.build
def test_links_jump_inside_the_pdf_and_out_to_the_web(book):
    from pypdf import PdfReader

    for result in book["results"]:
        reader = PdfReader(result.path)
        pages = {p.indirect_reference.idnum for p in reader.pages}
        internal = external = 0
        for page in reader.pages:
            for annotation in page.get("/Annots") or []:
                link = annotation.get_object()
                if "/Dest" in link:
                    assert link["/Dest"][0].idnum in pages
                    internal += 1
                else:
                    uri = link["/A"]["/URI"]
                    assert uri.startswith(("https://", "http://", "mailto:")), uri
                    external += 1
        assert internal > 100 and external > 100
        assert result.warnings == [], result.warnings


@pytest.mark.build
def test_cover_names_the_engine_the_examples_ran_on(book):
    from bookkit.stamps import load_report

    report = load_report(ROOT / ".book-report" / "examples.json")
    for result in book["results"]:
        cover = " ".join(pdftotext(result.path, "-l", "1").split())
        assert "Docker para todos 2" in cover
        assert re.search(r"(Segunda edición|Second edition)", cover, re.I)
        if report is None:
            assert "sin verificar" in cover or "not verified" in cover
        else:
            assert f"Docker Engine {report.engine}" in cover
