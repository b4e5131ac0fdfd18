"""pytest plugin: every `console` block of the book is a test.

`pytest docs` collects the pages, prepares the host engine and images once
(in the controller when pytest-xdist runs pages in parallel), gives each
process its own Docker-in-Docker daemon, resets it between pages and throws
everything away at the end. See CONTRIBUTING for the options.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest

from bookkit import DOCS

from . import daemon as daemons
from . import hostengine, images, regenerate
from .collect import CollectError, Example, Page, collect
from .options import CAPABILITIES, OptionError
from .report import DEFAULT_PATH, Report
from .runner import PageRun

CACHE = Path(os.environ.get("DPT_CACHE") or
             Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
             / "docker-para-todos")


def pytest_addoption(parser):
    group = parser.getgroup("book", "Docker para todos 2: the book's examples")
    group.addoption("--book-docker-host", metavar="URL",
                    help="run the examples against this daemon instead of a disposable "
                    "Docker-in-Docker container (it must have no containers)")
    group.addoption("--book-disposable", action="store_true",
                    help="the daemon of --book-docker-host may be wiped even if not empty")
    group.addoption("--book-regen", action="store_true",
                    help="rewrite the expected output in the Markdown from this run")
    group.addoption("--book-images", choices=["auto", "pull", "build"], default="auto",
                    help="pull the example images, build them from Debian, or pull and "
                    "build what cannot be pulled (default)")
    group.addoption("--book-report", metavar="PATH", default=str(DEFAULT_PATH),
                    help="where to write the JSON report (default: %(default)s)")
    group.addoption("--book-docs", metavar="DIR", default=str(DOCS),
                    help="the folder whose Markdown pages are collected (default: docs/)")


def _docs(config) -> Path:
    return Path(config.option.book_docs).resolve()


def _wants_examples(config) -> bool:
    docs = _docs(config)
    for arg in config.args:
        path = Path(str(arg).split("::")[0]).resolve()
        if path == docs or docs in path.parents or path in docs.parents:
            return True
    return False


def _is_worker(config) -> bool:
    return hasattr(config, "workerinput")


def pytest_configure(config):
    config._book_report = Report()
    config._book_host = None
    config._book_work = None
    if _is_worker(config) or not _wants_examples(config) or config.option.book_docker_host:
        return
    # Once per run, before any xdist worker starts: the host engine and images.
    config._book_work = Path(tempfile.mkdtemp(prefix="dpt-run-"))
    log = _logger(config)
    host = hostengine.connect(CACHE, config._book_work, log=log)
    config._book_host = host
    daemons.remove_orphans(host, log=log)
    daemon_recipe, recipes = images.load_recipes()
    made = images.ImageMaker(host.docker, mode=config.option.book_images, log=log)
    log(f"images: {made.ensure([daemon_recipe, *recipes])}")
    os.environ["DOCKER_HOST"] = host.env.get("DOCKER_HOST", os.environ.get("DOCKER_HOST", ""))
    if not os.environ["DOCKER_HOST"]:
        del os.environ["DOCKER_HOST"]


def pytest_unconfigure(config):
    if getattr(config, "_book_host", None):
        _check_nothing_left(config._book_host, _logger(config))
        config._book_host.close()
    if getattr(config, "_book_work", None):
        shutil.rmtree(config._book_work, ignore_errors=True)


def _check_nothing_left(host, log) -> None:
    left = host.docker("ps", "-aq", "--filter", f"label={daemons.LABEL}={daemons.RUN_ID}",
                       check=False)
    if left.stdout.strip():
        log(f"warning: Docker-in-Docker containers left on the host engine: {left.stdout}")


def _logger(config):
    reporter = config.pluginmanager.get_plugin("terminalreporter")

    def log(message: str) -> None:
        if reporter and not _is_worker(config):
            reporter.write_line(f"[book] {message}")
    return log


def pytest_collect_file(file_path: Path, parent):
    if file_path.suffix == ".md" and _docs(parent.config) in file_path.parents:
        return BookPage.from_parent(parent, path=file_path)
    return None


class BookPage(pytest.File):
    def collect(self):
        try:
            page = collect(self.path)
        except (CollectError, OptionError) as error:
            raise self.CollectError(str(error)) from None
        for example in page.examples:
            yield BookExample.from_parent(self, name=f"line {example.line}",
                                          example=example, page=page)


class ExampleFailed(Exception):
    pass


class BookExample(pytest.Item):
    def __init__(self, *, example: Example, page: Page, **kwargs):
        super().__init__(**kwargs)
        self.example, self.page = example, page
        self.relpath = page.path.relative_to(_docs(self.config)).as_posix()

    def runtest(self):
        options = self.example.options
        self.user_properties.append(("book", {"page": self.relpath, "line": self.example.line}))
        if options.skip:
            pytest.skip(options.skip)
        env = _environment(self.config)
        missing = [n for n in options.needs if not env.capabilities.get(n)]
        if missing:
            pytest.skip("needs " + "; ".join(CAPABILITIES[n] for n in missing))
        outcome = env.run(self.page, self.example)
        self.user_properties.append(("book-run", {"seconds": outcome.seconds, **env.versions,
                                                  "uncaptured": options.uncaptured}))
        if outcome.failed:
            raise ExampleFailed(outcome.report())

    def repr_failure(self, excinfo, style=None):
        if isinstance(excinfo.value, ExampleFailed):
            return str(excinfo.value)
        return super().repr_failure(excinfo)

    def reportinfo(self):
        return self.path, self.example.line - 1, f"{self.relpath}:{self.example.line}"


def _environment(config) -> BookEnvironment:
    if getattr(config, "_book_env", None) is None:
        config._book_env = BookEnvironment(config)
    return config._book_env


class BookEnvironment:
    """This process's daemon and the page being run on it."""

    def __init__(self, config):
        self.config = config
        option = config.option
        daemon_recipe, recipes = images.load_recipes()
        self.keep = [r.name for r in recipes]
        self.current: PageRun | None = None
        self.outcomes: list = []
        if option.book_docker_host:
            self.host = None
            self.daemon = daemons.external(option.book_docker_host, option.book_disposable,
                                           tempfile.gettempdir())
        else:
            self.host = hostengine.HostEngine(dict(os.environ), private=False)
            self.daemon = daemons.start_dind(self.host, daemon_recipe.name, log=lambda m: None)
            self.daemon.ensure_images(["busybox:1.37"])  # the capability probe uses it
        self.versions = self.daemon.version()
        self.capabilities = self.daemon.capabilities()

    def run(self, page: Page, example: Example):
        if self.current is None or self.current.page is not page:
            self._finish_page()
            self.daemon.reset(self.keep)
            self.daemon.ensure_images(page.mentioned(self.keep))
            self.current = PageRun(self.daemon, page, self.config.option.book_regen)
        outcome = self.current.run(example)
        self.outcomes.append(outcome)
        return outcome

    def _finish_page(self) -> None:
        if self.current is None:
            return
        if self.config.option.book_regen and self.outcomes:
            regenerate.rewrite(self.current.page.path, self.outcomes)
        self.current.close()
        self.current, self.outcomes = None, []

    def finish(self) -> None:
        try:
            self._finish_page()
        finally:
            self.daemon.stop()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if isinstance(item, BookExample) and report.skipped and isinstance(report.longrepr, tuple):
        # Point the skip at the page's block, not at this plugin.
        report.longrepr = (str(item.path), item.example.line - 1, report.longrepr[2])


def pytest_runtest_logreport(report):
    if report.when not in ("call", "setup") or not report.user_properties:
        return
    props = dict(report.user_properties)
    if "book" not in props or (report.when == "setup" and not report.skipped):
        return
    book_report: Report = _report_of(report)
    if book_report is None:
        return
    run = props.get("book-run", {})
    for key in ("engine", "client", "compose", "buildx"):
        if key in run:
            book_report.versions[key] = run[key]
    outcome = "skipped" if report.skipped else "failed" if report.failed else "passed"
    reason = report.longrepr[2] if report.skipped and isinstance(report.longrepr, tuple) else None
    if reason and reason.startswith("Skipped: "):
        reason = reason[len("Skipped: "):]
    book_report.add(props["book"]["page"], props["book"]["line"], outcome, reason,
                    run.get("seconds", 0.0), uncaptured=run.get("uncaptured", False))


_CONFIG = {}


@pytest.hookimpl(trylast=True)
def pytest_sessionstart(session):
    _CONFIG["config"] = session.config


def _report_of(report):
    config = _CONFIG.get("config")
    return getattr(config, "_book_report", None) if config else None


def pytest_sessionfinish(session):
    config = session.config
    # Here, not at unconfigure: an xdist worker reports "finished" right after
    # this hook, and the controller then checks that nothing is left.
    env = getattr(config, "_book_env", None)
    if env:
        config._book_env = None
        env.finish()
    if _is_worker(config):
        return
    book_report: Report = config._book_report
    if book_report.pages:
        path = book_report.write(Path(config.option.book_report))
        _logger(config)(f"report written to {path}")


def pytest_terminal_summary(terminalreporter, config):
    for line in config._book_report.summary():
        terminalreporter.write_line(line)
