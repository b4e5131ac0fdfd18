"""The offline site works from disk with no network: Debian's chromium,
headless and driven by Playwright (never a downloaded browser), opens it from
file://, navigates, searches, follows a result, and opens every page; every
request it makes is recorded, and none may leave file:// (requests to another
host are also blocked, so the test itself sends nothing out)."""

import re
import tempfile
from pathlib import Path

import pytest

from bookkit.pdf import offline, system

pytestmark = pytest.mark.build

FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]
LOCAL = ("file:", "data:", "blob:", "about:")


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    out = tmp_path_factory.mktemp("offline") / "site"
    pdf = tmp_path_factory.mktemp("downloads") / "docker-para-todos-2-es.pdf"
    pdf.write_bytes(b"%PDF-1.7\n%stand-in for the downloads folder\n")
    folder, zip_name = offline.build(out, downloads=[pdf])
    return folder, zip_name


@pytest.fixture(scope="module")
def browser(needs_system):
    needs_system(lambda: system.ensure("chromium"))  # Debian's chromium: make system-deps
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright, tempfile.TemporaryDirectory() as profile:
        context = playwright.chromium.launch_persistent_context(
            profile, executable_path=system.chromium(), args=FLAGS, headless=True)
        yield context
        context.close()


@pytest.fixture
def requests(browser):
    seen: list[str] = []

    def local_only(route):
        if route.request.url.startswith(LOCAL):
            route.continue_()
        else:
            route.abort()

    def record(request):
        seen.append(request.url)

    browser.on("request", record)
    browser.route("**/*", local_only)
    yield seen
    browser.unroute("**/*")
    browser.remove_listener("request", record)


def outside(urls):
    return sorted({url for url in urls if not url.startswith(LOCAL)})


def test_search_and_follow_a_result_from_disk(site, browser, requests):
    folder, _ = site
    page = browser.new_page()
    page.goto((folder / "index.html").as_uri())
    assert "Docker para todos 2" in page.title()

    # Navigation: a chapter of the sidebar, as a file of the folder.
    page.click("nav.md-nav--primary a[href='redes.html']")
    page.wait_for_load_state()
    assert page.url.endswith("/redes.html")
    assert page.locator("article h1").first.inner_text().startswith("Redes")

    # Search (the index is a script; the worker runs in an iframe).
    page.fill("input.md-search__input", "macvlan")
    results = page.locator(".md-search-result__item a")
    results.first.wait_for(timeout=20000)
    href = results.first.get_attribute("href")
    assert href and ".html" in href
    results.first.click()
    page.wait_for_load_state()
    assert page.url.startswith(folder.as_uri()), page.url
    assert "macvlan" in page.locator("article").inner_text().lower()
    assert outside(requests) == []
    assert any(url.endswith("search_index.js") for url in requests)
    page.close()


def test_every_page_loads_nothing_from_another_host(site, browser, requests):
    folder, _ = site
    pages = sorted(folder.rglob("*.html"))
    assert len(pages) >= 15
    page = browser.new_page()
    for path in pages:
        page.goto(path.as_uri())
        page.wait_for_load_state("load")
    page.close()
    assert outside(requests) == []
    assert sum(url.endswith(".html") for url in requests) >= len(pages)


def test_the_offline_site_links_its_pdf_and_not_its_own_zip(site):
    folder, zip_name = site
    html = (folder / "redes.html").read_text(encoding="utf-8")
    links = re.findall(r'href="([^"]*downloads/[^"]*)"', html)
    assert links == ["./downloads/docker-para-todos-2-es.pdf"]
    assert (folder / links[0]).resolve().is_file()
    assert zip_name and zip_name not in html
    # Nothing in the pages points at a CDN or an API.
    for path in folder.rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        for host in ("unpkg.com", "cdn.jsdelivr.net", "fonts.googleapis.com", "api.github.com"):
            assert host not in text, f"{path.name} refers to {host}"


def test_zip_holds_the_site_under_one_folder(site, tmp_path):
    import zipfile

    folder, zip_name = site
    path = offline.make_zip(folder, tmp_path / zip_name)
    with zipfile.ZipFile(path) as archive:
        names = archive.namelist()
    assert "docker-para-todos-2/index.html" in names
    assert "docker-para-todos-2/search/search_index.js" in names
    assert all(name.startswith("docker-para-todos-2/") for name in names)
    assert Path(path).stat().st_size < 50_000_000
