"""pytest plugin: every `console` block of the book is a test.

`pytest docs` collects the pages, prepares the host engine and images once
(in the controller when pytest-xdist runs pages in parallel), gives each
process its own Docker-in-Docker daemon, resets it between pages and throws
everything away at the end. See CONTRIBUTING for the options.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from bookkit import DOCS, translations

from . import daemon as daemons
from . import hostengine, images, regenerate
from .collect import CollectError, Example, Page, collect
from .lab import CACHE, HOST_ENV, NETWORK_ENV, Lab
from .options import CAPABILITIES, OptionError
from .report import DEFAULT_PATH, Report
from .runner import PageRun


def pytest_addoption(parser):
    group = parser.getgroup("book", "Docker para todos 2: the book's examples")
    group.addoption("--book-docker-host", metavar="URL",
                    help="run the Docker-in-Docker containers on this engine (`current`: the "
                    "one your docker CLI uses) instead of a private dockerd; only the "
                    "harness's own labelled containers, network and images are made there")
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


@pytest.hookimpl(trylast=True)  # after the terminal reporter, so the lines reach the screen
def pytest_configure(config):
    config._book_report = Report()
    config._book_lab = None
    if _is_worker(config) or not _wants_examples(config):
        return
    # Once per run, before any xdist worker starts: the host engine, the
    # images and the network; the workers find them through the environment.
    try:
        config._book_lab = Lab.start(config.option.book_docker_host,
                                     config.option.book_images, _logger(config))
    except RuntimeError as error:  # the engine or the images: said without a traceback
        raise pytest.UsageError(str(error)) from None


def pytest_unconfigure(config):
    if getattr(config, "_book_lab", None):
        config._book_lab.stop(_logger(config))


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
            # This page fails, with file:line; the other pages still run.
            yield PageProblem.from_parent(self, name=f"line {error.line}", error=error)
            return
        # An English block equal to its Spanish block is proven by that run.
        covered = translations.covered(self.path) if translations.TRANSLATION in \
            self.path.parents else set()
        for example in page.examples:
            if example.line in covered:
                continue
            yield BookExample.from_parent(self, name=f"line {example.line}",
                                          example=example, page=page)


class ExampleFailed(Exception):
    pass


class PageProblem(pytest.Item):
    """A page the harness cannot read (a bad annotation, a missing snippet)."""

    def __init__(self, *, error, **kwargs):
        super().__init__(**kwargs)
        self.error = error

    def runtest(self):
        relpath = self.path.relative_to(_docs(self.config)).as_posix()
        self.user_properties.append(("book", {"page": relpath, "line": self.error.line}))
        raise ExampleFailed(str(self.error))

    def repr_failure(self, excinfo, style=None):
        return str(excinfo.value)

    def reportinfo(self):
        return self.path, (self.error.line or 1) - 1, str(self.error)


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
        dead = env.dead_page(self.page)
        if dead:
            pytest.skip(f"not run: the page's shell died at {dead} (see that failure)")
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
        daemon_recipe, recipes = images.load_recipes()
        self.keep = [r.name for r in recipes]
        self.current: PageRun | None = None
        self.outcomes: list = []
        self.host = hostengine.HostEngine(
            hostengine.cli_env(os.environ[HOST_ENV], CACHE / "docker-config"),
            description="the run's host engine")
        self.daemon = daemons.start_dind(self.host, daemon_recipe.name,
                                         os.environ[NETWORK_ENV], log=lambda m: None)
        self.daemon.ensure_images(["busybox:1.37"])  # the capability probe uses it
        self.versions = self.daemon.version()
        self.capabilities = self.daemon.capabilities()

    def run(self, page: Page, example: Example):
        if self.current is None or self.current.page is not page:
            self._finish_page()
            # The daemon holds the images this page names and no other, as a
            # reader's would: `docker image ls` must not show what an earlier
            # page of this worker used.
            needed = page.mentioned(self.keep)
            self.daemon.reset(needed)
            self.daemon.ensure_images(needed)
            self.current = PageRun(self.daemon, page, self.config.option.book_regen)
        outcome = self.current.run(example)
        self.outcomes.append(outcome)
        return outcome

    def dead_page(self, page: Page) -> str | None:
        """Where this page's shell died, if it did."""
        current = self.current
        return current.dead if current is not None and current.page is page else None

    def _finish_page(self) -> None:
        if self.current is None:
            return
        if self.config.option.book_regen and self.outcomes:
            path = self.current.page.path
            regenerate.rewrite(path, self.outcomes)
            if translations.SOURCE in path.parents and translations.translation_of(path).exists():
                translations.sync(path, translations.translation_of(path))
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
