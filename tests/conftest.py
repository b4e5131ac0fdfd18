"""Shared fixtures. The real book is built once per test session
(``book_site``), not once per test module: ``make test`` passes the site its
``make lint`` built (BOOK_SITE=site) and no test builds it again."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from bookkit import system

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).parent / "fixtures"


COLLECTED = pytest.StashKey[dict]()


@pytest.hookimpl(tryfirst=True)  # before -m deselects anything
def pytest_collection_modifyitems(config, items):
    # A test that reads the real site is a build test (make test-unit leaves it out).
    for item in items:
        if "book_site" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.build)
    # Every collected test and its markers, for test_setup.py's check of the tiers.
    config.stash[COLLECTED] = {item.nodeid: {mark.name for mark in item.iter_markers()}
                               for item in items}


@pytest.fixture(scope="session")
def collected_markers(request) -> dict[str, set[str]]:
    """{node id: marker names} of every test this session collected, before -m."""
    return request.config.stash[COLLECTED]


@pytest.fixture
def fixture_page():
    return lambda name: FIXTURES / "pages" / name


def build_book(site: Path) -> subprocess.CompletedProcess:
    """`mkdocs build --strict` of the real book into site (as CI builds it)."""
    return subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(site)],
                          cwd=ROOT, capture_output=True, text=True)


@pytest.fixture(scope="session")
def book_site(tmp_path_factory) -> Path:
    """The real book, built with --strict: once per session, or the site that
    BOOK_SITE names (a strict build of this same tree, e.g. make's site/).
    Tests read it and never write into it."""
    given = os.environ.get("BOOK_SITE")
    if given:
        site = Path(given).resolve()
        if not (site / "index.html").is_file():
            pytest.fail(f"BOOK_SITE={given} holds no built site: run `make build` first, "
                        "or unset BOOK_SITE to build one for this run")
        return site
    site = tmp_path_factory.mktemp("book") / "site"
    result = build_book(site)
    assert result.returncode == 0, result.stderr[-4000:]
    assert "WARNING" not in result.stderr, result.stderr[-4000:]
    return site


@pytest.fixture(scope="session")
def needs_system():
    """needs_system(check): run check(), which raises bookkit.system.Missing
    when packages of data/system-packages.txt are missing; then skip (on CI,
    fail). Tests never install packages: `make system-deps` does."""
    def needs(check):
        try:
            check()
        except system.Missing as error:
            if os.environ.get("CI"):
                raise
            pytest.skip(str(error))
    return needs
