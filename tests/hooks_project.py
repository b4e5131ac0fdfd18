"""Build a small book with the hooks, in a temporary folder: the fixture
pages and data of tests/fixtures/hooks/book, the real data/labels.yml, and a
mkdocs.yml like the book's (same i18n layout and Markdown extensions)."""

from __future__ import annotations

import shutil
from pathlib import Path

import yaml
from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = Path(__file__).parent / "fixtures" / "hooks" / "book"
# In mkdocs.yml's order: hooks that add lines first, linkers last.
HOOKS = ["snippet_paths", "corrections", "tested_stamps", "failing_examples", "see_also",
         "glossary_page", "glossary_links", "reference_links", "errata_page"]


def make_project(tmp_path: Path, *, english: bool = False) -> Path:
    project = tmp_path / "book"
    shutil.copytree(FIXTURE, project)
    shutil.copy(ROOT / "data" / "labels.yml", project / "data" / "labels.yml")
    config = {
        "site_name": "Prueba",
        "docs_dir": "docs",
        "strict": True,
        "theme": {"name": "mkdocs", "locale": "es"},
        "plugins": [{"i18n": {
            "docs_structure": "folder",
            "fallback_to_default": False,
            "languages": [
                {"locale": "es", "name": "Español", "default": True, "build": True},
                {"locale": "en", "name": "English", "build": english},
            ],
        }}],
        "hooks": [str(ROOT / "hooks" / f"{name}.py") for name in HOOKS],
        "markdown_extensions": [
            "abbr", "admonition", "attr_list", "def_list", "footnotes", "md_in_html",
            "tables", {"toc": {"permalink": True}}, "pymdownx.details",
            "pymdownx.inlinehilite", "pymdownx.keys", "pymdownx.superfences",
            {"pymdownx.tabbed": {"alternate_style": True}},
        ],
        "nav": [
            {"Inicio": "index.md"},
            {"Arquitectura": "arquitectura.md"},
            {"Contenedores": "contenedores.md"},
            {"Swarm": "swarm.md"},
            {"Apéndices": [{"Glosario": "glosario.md"}, {"Fe de erratas": "erratas.md"}]},
        ],
    }
    (project / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True),
                                        encoding="utf-8")
    return project


def build(project: Path) -> Path:
    """Build strictly; return the site folder."""
    site = project / "site"
    config = load_config(str(project / "mkdocs.yml"), site_dir=str(site), strict=True)
    mkdocs_build(config)
    return site


def html(site: Path, page: str) -> str:
    return (site / page / "index.html").read_text(encoding="utf-8") if page != "index" else \
        (site / "index.html").read_text(encoding="utf-8")


def edit_data(project: Path, name: str, old: str, new: str) -> Path:
    """Replace ``old`` (which must be there) by ``new`` in data/<name>."""
    path = project / "data" / name
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new), encoding="utf-8")
    return path


def build_error(project: Path) -> str:
    """Build, expecting the hooks to stop it; return what the build logged as
    errors (MkDocs logs a PluginError's message, then aborts)."""
    import logging

    from mkdocs.exceptions import Abort

    messages: list[str] = []

    class Collect(logging.Handler):
        def emit(self, record):
            if record.levelno >= logging.ERROR:
                messages.append(record.getMessage())

    handler = Collect()
    logger = logging.getLogger("mkdocs")
    logger.addHandler(handler)
    try:
        build(project)
    except Abort:
        return "\n".join(messages)
    finally:
        logger.removeHandler(handler)
    raise AssertionError("the build did not fail")
