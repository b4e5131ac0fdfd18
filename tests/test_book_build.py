"""The real book, built as CI builds it (mkdocs build --strict), carries what
the hooks add: glossary links whose anchors exist, callouts, the errata page,
the glossary page and links to Docker's reference."""

import re
from pathlib import Path
from urllib.parse import urljoin

import pytest

from bookkit.corrections import load_entries as load_corrections
from bookkit.glossary import load_entries as load_glossary

ROOT = Path(__file__).resolve().parent.parent
LINK_RE = re.compile(r'<a href="([^"]+)"( title="[^"]*")?>')

pytestmark = pytest.mark.build


@pytest.fixture(scope="module")
def site(book_site):
    return book_site  # conftest.py: built once per session


def read(site, page):
    path = site / ("index.html" if page == "index.md" else page.replace(".md", "/index.html"))
    return path.read_text(encoding="utf-8")


def pages(site):
    return {p.relative_to(site).as_posix(): p.read_text(encoding="utf-8")
            for p in site.rglob("index.html")}


def test_glossary_links_point_at_headings_that_exist(site):
    all_pages = pages(site)
    checked = 0
    for name, html in all_pages.items():
        base = "/" + name
        for href, title in LINK_RE.findall(html):
            if not title or "#" not in href or href.startswith("http"):
                continue
            url, anchor = urljoin(base, href).split("#")
            target = all_pages[(url.lstrip("/") or "") + ("index.html" if url.endswith("/")
                                                          else "")]
            assert f'id="{anchor}"' in target, f"{name}: {href} has no target"
            checked += 1
    assert checked >= 5  # the chapters do link their terms


def test_every_correction_is_in_place_and_on_the_errata_page(site):
    errata = read(site, "erratas.md")
    assert "Fe de erratas" in errata
    for entry in load_corrections(ROOT / "data" / "corrections.yml"):
        if entry["reader_cares"]:
            assert f'id="errata-{entry["id"]}"' in read(site, entry["page"])
            assert f'#errata-{entry["id"]}"' in errata


def test_glossary_page_lists_every_term(site):
    glossary = read(site, "glosario.md")
    for entry in load_glossary(ROOT / "data" / "glossary.yml"):
        term = entry["term"]["es"] if isinstance(entry["term"], dict) else entry["term"]
        assert re.search(rf'<dt id="[a-z0-9-]+"><strong>{re.escape(term)}</strong></dt>',
                         glossary), term


def test_commands_link_to_dockers_reference(site):
    html = "".join(pages(site).values())
    assert 'href="https://docs.docker.com/reference/cli/docker/' in html
    assert 'href="https://docs.docker.com/reference/dockerfile/#' in html


def test_a_word_in_another_sense_is_not_linked(site):
    # "esas capas" in the architecture chapter are programs, not image layers
    # (glossary.yml: other_senses).
    assert "recorre esas capas una a una" in read(site, "arquitectura.md")


def test_each_edition_speaks_its_language(site):
    """Heading links, the theme and the figure in each edition's language."""
    spanish, english = read(site, "redes.md"), read(site, "en/redes.md")
    assert 'title="Enlace a esta sección"' in spanish and "Permanent link" not in spanish
    assert 'title="Permanent link"' in english and "Enlace a esta sección" not in english
    assert '<html lang="en"' in english and '<html lang="es"' in spanish
    assert "assets/diagrams/arquitectura.svg" in read(site, "en/arquitectura.md")
    figure = (site / "en" / "assets" / "diagrams" / "arquitectura.svg").read_text()
    assert "starts" in figure and "lanza" not in figure  # words of the labels
