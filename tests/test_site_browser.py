"""The published site as a reader meets it, in Debian's chromium (headless,
driven by Playwright, never a downloaded browser): the book is built as CI
builds it (mkdocs build --strict) and served from 127.0.0.1.

- the copy button of a console block copies only the commands;
- every link of the errata page and of the glossary lands with its target's
  title in view, below the sticky header (desktop; the errata also on a phone);
- axe-core (browser/package.json, installed with npm ci when missing) finds
  no serious or critical problem on the home page, a chapter, the glossary
  and the errata page, in the light and the dark palette;
- no page asks anything of another host, except what it declares itself
  (its own <script src>, <link href>, <img src>: none today);
- "Informar de un error" opens the erratum form named after the page and the
  section being read."""

import functools
import http.server
import json
import os
import re
import subprocess
import sys
import threading
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from bookkit.pdf import system

pytestmark = pytest.mark.build

ROOT = Path(__file__).resolve().parent.parent
NODE = ROOT / "browser"
AXE = NODE / "node_modules" / "axe-core" / "axe.min.js"
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]
DESKTOP = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}
AXE_PAGES = ["", "redes/", "glosario/", "erratas/"]


def _needs(group: str) -> None:
    try:
        system.ensure(group)
    except RuntimeError as error:
        if os.geteuid() != 0:
            pytest.skip(f"{error} (as root the test installs it)")
        raise


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    site = tmp_path_factory.mktemp("browser") / "site"
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(site)],
        cwd=ROOT, capture_output=True, text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    assert result.returncode == 0, result.stderr[-4000:]
    return site


@pytest.fixture(scope="module")
def base(site):
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(Quiet, directory=str(site)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


@pytest.fixture(scope="module")
def browser():
    _needs("chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=system.chromium(), args=FLAGS,
                                             headless=True)
        yield browser
        browser.close()


@pytest.fixture(scope="module")
def axe_source():
    if not AXE.exists():
        _needs("node")
        subprocess.run(["npm", "ci", "--omit=dev", "--no-audit", "--no-fund"], cwd=NODE,
                       check=True, capture_output=True, timeout=600)
    return AXE.read_text(encoding="utf-8")


class Visit:
    """A browser context on the local site that records every request and
    lets none leave 127.0.0.1 (the test itself sends nothing out)."""

    def __init__(self, browser, base, **options):
        self.base, self.outside = base, []
        self.context = browser.new_context(**options)
        self.context.route("**/*", self._route)
        self.page = self.context.new_page()

    def _route(self, route):
        url = route.request.url
        if url.startswith((self.base, "data:", "blob:", "about:")):
            route.continue_()
        else:
            self.outside.append(url)
            route.abort()

    def goto(self, path: str):
        self.page.goto(self.base + path)
        self.page.wait_for_load_state("load")
        return self.page

    def declared(self) -> set[str]:
        """The other hosts' resources the page names in its own markup."""
        return set(self.page.evaluate(
            "() => [...document.querySelectorAll('script[src], link[href], img[src], "
            "iframe[src]')].map(e => e.src || e.href).filter(u => u && !u.startsWith("
            "location.origin))"))

    def close(self):
        self.context.close()


def test_copy_button_of_a_console_block_copies_only_commands(browser, base):
    visit = Visit(browser, base, viewport=DESKTOP)
    visit.context.grant_permissions(["clipboard-read", "clipboard-write"],
                                    origin=base.rstrip("/"))
    page = visit.goto("redes/")
    blocks = page.locator("div.language-console")
    assert blocks.count() > 5
    # A block with output and a continuation line (`\`).
    for index in range(blocks.count()):
        text = blocks.nth(index).locator("code").inner_text()
        lines = text.splitlines()
        if any(line.endswith("\\") for line in lines) and \
                any(not line.startswith("$ ") and not line.startswith(" ") for line in lines):
            break
    else:
        pytest.fail("redes has no console block with output and a continuation line")
    expected, keep = [], False
    for line in lines:
        if line.startswith("$ "):
            expected.append(line[2:])
        elif keep:
            expected.append(line)
        keep = (line.startswith("$ ") or keep) and line.endswith("\\")
    block = blocks.nth(index)
    block.hover()
    block.locator("button.md-code__button[data-md-type='copy'], "
                  "button.md-clipboard").first.click()
    copied = page.evaluate("() => navigator.clipboard.readText()")
    assert copied == "\n".join(expected)
    assert "$ " not in copied
    visit.close()
    assert visit.outside == []


def _targets(page, selector):
    """(page path, anchor) of each link matched on the current page."""
    found = []
    for href in page.eval_on_selector_all(selector, "els => els.map(e => e.href)"):
        url = urlsplit(href)
        found.append((url.path, url.fragment))
    return found


TITLE_IN_VIEW = """async ([anchor, follow]) => {
  if (follow) {
    location.hash = anchor;
    await new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)));
  }
  const target = document.getElementById(anchor);
  if (!target) return "no element with this id";
  if (anchor.startsWith("errata-") && !target.classList.contains("admonition"))
    return "the id is not the callout's own";
  const title = target.querySelector(':scope > .admonition-title') || target;
  const box = title.getBoundingClientRect();
  const header = document.querySelector('.md-header').getBoundingClientRect().bottom;
  if (box.top < header - 1) return `title at ${box.top}, under the header (${header})`;
  if (box.top > innerHeight - 20) return `title at ${box.top}, below the window`;
  return "";
}"""


def _land_everywhere(visit, targets):
    problems, current = [], None
    for path, anchor in targets:
        follow = path == current
        if not follow:
            visit.page.goto(visit.base.rstrip("/") + path + "#" + anchor)
            visit.page.wait_for_load_state("load")
            current = path
        # The browser scrolls on its next frames; on a busy machine that can
        # take a while, and while the page is young the browser may scroll
        # once more to the fragment it was opened with. So: wait, and follow
        # the link once more (as a reader's click would) before calling a
        # title out of view a failure.
        problem = visit.page.evaluate(TITLE_IN_VIEW, [anchor, follow])
        for attempt in range(40):
            if not problem:
                break
            if attempt in (15, 30):
                visit.page.evaluate("a => { location.hash = ''; location.hash = a }", anchor)
            visit.page.wait_for_timeout(100)
            problem = visit.page.evaluate(TITLE_IN_VIEW, [anchor, False])
        if problem:
            problems.append(f"{path}#{anchor}: {problem}")
    return problems


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_errata_links_land_with_the_corrections_title_in_view(browser, base, viewport):
    """Every link on a desktop; on a phone, those to the callouts."""
    visit = Visit(browser, base, viewport=viewport)
    page = visit.goto("erratas/")
    targets = _targets(page, "article li[id] > p:last-child > a:first-child")
    assert len(targets) >= 20
    callouts = [(path, anchor) for path, anchor in targets if anchor.startswith("errata-")]
    assert len(callouts) >= 10
    if viewport is PHONE:
        targets = callouts
    assert _land_everywhere(visit, sorted(set(targets))) == []
    visit.close()
    assert visit.outside == []


def test_glossary_links_land_with_the_sections_title_in_view(browser, base):
    visit = Visit(browser, base, viewport=DESKTOP)
    page = visit.goto("glosario/")
    # The A-Z index and the table of contents: a heading per initial.
    letters = _targets(page, "nav.book-az a")
    assert len(letters) >= 15
    assert page.locator(".md-nav--secondary a.md-nav__link").count() >= len(letters)
    terms = _targets(page, "article dd > a:last-child")
    assert len(terms) >= 100
    assert len(page.locator("article dt[id]").all()) == len(terms)
    assert _land_everywhere(visit, letters + sorted(set(terms))) == []
    visit.close()
    assert visit.outside == []


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_no_serious_problem(browser, base, axe_source, scheme):
    visit = Visit(browser, base, viewport=DESKTOP, color_scheme=scheme)
    found, declared = [], set()
    for path in AXE_PAGES:
        page = visit.goto(path)
        expected = "slate" if scheme == "dark" else "default"
        assert page.evaluate("document.body.dataset.mdColorScheme") == expected
        page.add_script_tag(content=axe_source)
        violations = page.evaluate("""async () => (await axe.run(document,
            {resultTypes: ['violations']})).violations
            .filter(v => v.impact === 'serious' || v.impact === 'critical')
            .map(v => `${v.id} (${v.impact}): ${v.nodes.length} x, e.g. `
                      + v.nodes[0].target.join(' ') + ': ' + v.nodes[0].failureSummary)""")
        found += [f"/{path} [{scheme}] {v}" for v in violations]
        declared |= visit.declared()
    visit.close()
    assert found == []
    assert sorted(set(visit.outside) - declared) == []


def test_report_an_error_names_the_page_and_the_section(browser, base):
    visit = Visit(browser, base, viewport=DESKTOP)
    page = visit.goto("redes/")
    link = page.locator("a.book-report__link")
    query = parse_qs(urlsplit(link.get_attribute("href")).query)
    assert query["template"] == ["erratum.yml"]
    assert query["page"][0].endswith("/redes/") and query["title"][0].startswith("Errata: ")
    # Read a section, then click (the navigation to GitHub is stopped here).
    heading = page.locator("article h2[id]").nth(2)
    anchor = heading.get_attribute("id")
    heading.evaluate("h => window.scrollTo(0, h.getBoundingClientRect().top + scrollY - 60)")
    page.evaluate("() => window.addEventListener('click', e => e.preventDefault())")
    link.dispatch_event("click")
    query = parse_qs(urlsplit(link.get_attribute("href")).query)
    assert query["page"][0].endswith(f"/redes/#{anchor}")
    assert query["title"][0].startswith("Errata: Redes › ")
    visit.close()
    assert visit.outside == []


def test_the_search_index_leaves_out_the_errata_and_what_was_said(site):
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    locations = [doc["location"] for doc in index["docs"]]
    assert not [loc for loc in locations if loc.startswith("erratas/")]
    assert any(loc.startswith("redes/") for loc in locations)
    assert not [doc["location"] for doc in index["docs"] if "Se decía" in doc["text"]]


def test_the_footer_links_only_downloads_the_build_has(site):
    site_url = re.search(r"^site_url:\s*(\S+)", (ROOT / "mkdocs.yml").read_text(encoding="utf-8"),
                         re.M)[1]
    prefix = urlsplit(site_url).path
    for path in site.rglob("*.html"):
        html = path.read_text(encoding="utf-8")
        for href in re.findall(r'href="([^"#]*downloads/[^"#]*)"', html):
            if href.startswith("/"):  # 404.html: from the root of site_url
                assert href.startswith(prefix), f"{path.name}: {href} is outside {prefix}"
                target = site / href[len(prefix):]
            else:
                target = (path.parent / href).resolve()
            assert target.is_file(), f"{path.relative_to(site)}: {href} is not in the build"
