"""The book as a whole: every page in the navigation exists and builds, every
included snippet exists, every section of the author's notes has a home."""

import hashlib
import re
from pathlib import Path

import pytest
from mkdocs.config import load_config

from bookkit import DATA, DOCS, ROOT, SNIPPETS
from bookkit.data import load, require
from bookkit.markdown import parse_file

SPANISH = DOCS / "es"
NOTES = ROOT.parent / "shared" / "seed" / "000_8bce639a1b5ce303.txt"
GENERATED = {"erratas.md"}  # pages a hook writes


def nav_pages(nav) -> list[str]:
    pages = []
    for item in nav:
        value = next(iter(item.values())) if isinstance(item, dict) else item
        pages += nav_pages(value) if isinstance(value, list) else [value]
    return pages


@pytest.fixture(scope="module")
def config():
    return load_config(str(ROOT / "mkdocs.yml"))


def test_every_nav_page_exists(config):
    missing = [p for p in nav_pages(config["nav"])
               if p not in GENERATED and not (SPANISH / p).exists()]
    assert not missing, f"in mkdocs.yml's nav but not in docs/es/: {missing}"


# The learning path (issue 14): each chapter relies only on the ones before
# it. The slugs are the published URLs: reorder, never rename.
LEARNING_PATH = ["index.md", "arquitectura.md", "imagenes.md", "dockerfile.md",
                 "contenedores.md", "redes.md", "almacenamiento.md", "compose.md",
                 "configuracion.md", "swarm.md", "contextos.md", "plugins.md",
                 "buenas-practicas.md", "microservicios.md", "limpieza.md",
                 "preguntas-frecuentes.md", "glosario.md", "referencias.md", "erratas.md"]


def test_the_nav_follows_the_learning_path(config):
    assert nav_pages(config["nav"]) == LEARNING_PATH


def test_every_page_is_in_the_nav(config):
    listed = set(nav_pages(config["nav"]))
    orphans = [p.name for p in SPANISH.glob("*.md") if p.name not in listed]
    assert not orphans, f"pages missing from mkdocs.yml's nav: {orphans}"


@pytest.mark.parametrize("page", sorted(SPANISH.glob("*.md")), ids=lambda p: p.name)
def test_every_included_snippet_exists(page):
    for include, line in parse_file(page).snippet_includes():
        assert (SNIPPETS / include).is_file(), f"{page}:{line}: snippet {include!r} missing"


def _notes_map():
    path = DATA / "notes-map.yml"
    return path, load(path)


def test_every_notes_section_has_a_heading_in_the_book():
    path, entries = _notes_map()
    for entry in entries:
        page = SPANISH / require(entry, "page", path)
        assert page.exists(), f"{path}:{entry.line}: page {entry['page']} does not exist"
        headings = {h.text for h in parse_file(page).headings}
        heading = require(entry, "heading", path)
        assert heading in headings, (f"{path}:{entry.line}: heading {heading!r} not in "
                                     f"{entry['page']}")


@pytest.mark.skipif(not NOTES.exists(), reason="the author's notes are in ../shared/seed")
def test_book_is_substantially_longer_than_the_notes():
    def words(text):
        return len(re.findall(r"\w+", text))
    book = sum(words(p.read_text(encoding="utf-8")) for p in SPANISH.glob("*.md"))
    assert book >= 3 * words(NOTES.read_text(encoding="utf-8"))


@pytest.mark.parametrize("source", sorted((ROOT / "diagrams").glob("**/*.mmd")),
                         ids=lambda p: p.relative_to(ROOT / "diagrams").as_posix())
def test_every_diagram_is_rendered_from_its_current_source(source):
    # diagrams/x.mmd is the Spanish figure; diagrams/en/x.mmd its English twin.
    english = source.parent.name == "en"
    svg = DOCS / ("en/assets" if english else "assets") / "diagrams" / f"{source.stem}.svg"
    assert svg.exists(), f"{svg} missing: run `make diagrams`"
    first = svg.read_text(encoding="utf-8").splitlines()[0]
    digest = hashlib.sha256(source.read_bytes()).hexdigest()
    assert f"sha256:{digest}" in first, f"{svg} is older than {source}: run `make diagrams`"


@pytest.mark.build
def test_strict_build_has_no_warnings(book_site, config):
    # book_site (conftest.py) is a --strict build, which fails on any warning.
    for page in nav_pages(config["nav"]):
        html = Path(page).with_suffix("") / "index.html" if page != "index.md" \
            else Path("index.html")
        assert (book_site / html).exists(), f"{page} did not build"
