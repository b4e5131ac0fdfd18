"""Per-block test options: the `<!-- test: ... -->` comment above a fence.

    <!-- test: skip="needs a real VLAN" -->
    <!-- test: cwd=df-cache timeout=300 needs=network exit=1 -->
    <!-- test: tty prompt="/ # " -->
    <!-- test: needs=registry uncaptured -->
    <!-- test: varies="size: the base image is pulled or built from Debian" -->

Values with spaces are quoted (shell rules). Unknown or malformed options
fail the collection with file:line, so a typo never silently disables a test.
"""

from __future__ import annotations

import shlex
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from .matching import VARYING

CAPABILITIES = {
    "swarm": "swarm mode on the test daemon",
    "ipvs": "the swarm ingress routing mesh (needs the kernel's IPVS)",
    "network": "Internet access from containers",
    "registry": "a reachable container registry (docker pull/push)",
    "nodes": "several swarm nodes; the test daemon is a single node",
}
DEFAULT_TIMEOUT = 60


class PageError(ValueError):
    """Something wrong in a page: carries the file and line to show the contributor."""

    def __init__(self, path, line, message):
        self.path, self.line = path, line
        super().__init__(f"{path}:{line}: {message}")


class OptionError(PageError):
    """A bad `<!-- test: ... -->` annotation."""


@dataclass
class Options:
    skip: str | None = None
    timeout: int = DEFAULT_TIMEOUT
    exit: int = 0
    setup: list[str] = field(default_factory=list)
    cleanup: list[str] = field(default_factory=list)
    cwd: str | None = None
    needs: list[str] = field(default_factory=list)
    interrupt: float | None = None
    tty: bool = False
    prompt: str | None = None
    # Output never captured: the block needs what the writer's machine lacked
    # (needs=...). Where it runs, exit statuses are checked and its output is
    # not compared; `make regen` there writes the output and drops the flag.
    uncaptured: bool = False
    # What the matcher lets differ beyond the per-run kinds (matching.VARYING),
    # and why: a block says it, never the matcher on its own.
    varies: list[str] = field(default_factory=list)
    varies_why: str | None = None


def _positive(value: str, key: str) -> float:
    number = float(value)
    if number <= 0:
        raise ValueError(f"{key} must be a positive number of seconds")
    return number


def parse(body: str | None, path="<string>", line: int = 0) -> Options:
    """Parse an annotation's body (the text after `test:`)."""
    options = Options()
    if body is None:
        return options
    try:
        words = shlex.split(body)
    except ValueError as error:
        raise OptionError(path, line, f"cannot read the test options ({error}); "
                          "check the quotes") from None
    for word in words:
        key, has_value, value = word.partition("=")
        try:
            _apply(options, key, value if has_value else None)
        except (ValueError, TypeError) as error:
            raise OptionError(path, line, f"option {word!r}: {error}") from None
    if options.prompt is not None and not options.tty:
        raise OptionError(path, line, "'prompt' only makes sense with 'tty'; add tty")
    if options.uncaptured and not options.needs:
        raise OptionError(path, line, "'uncaptured' is only for a block that needs what "
                          "the machine that wrote it lacked (needs=...); elsewhere run "
                          "`make regen PAGE=...` to capture the output")
    if options.tty and not options.prompt:
        raise OptionError(path, line, "'tty' needs prompt=\"...\" (the program's prompt, "
                          "e.g. prompt=\"/ # \") to know where to type")
    return options


def _apply(options: Options, key: str, value: str | None) -> None:
    flags = {"tty", "uncaptured"}
    if key in flags:
        if value is not None:
            raise ValueError("takes no value")
        setattr(options, key, True)
        return
    if value is None or (value == "" and key != "prompt"):
        raise ValueError(f"needs a value, e.g. {key}=...")
    if key == "skip":
        options.skip = value
    elif key == "timeout":
        options.timeout = int(_positive(value, key))
    elif key == "exit":
        code = int(value)
        if not 0 <= code <= 255:
            raise ValueError("an exit status is 0 to 255")
        options.exit = code
    elif key in ("setup", "cleanup"):
        getattr(options, key).append(value)
    elif key == "cwd":
        folder = PurePosixPath(value)
        if folder.is_absolute() or ".." in folder.parts:
            raise ValueError("cwd is a snippet folder inside the page's working folder")
        options.cwd = str(folder)
    elif key == "needs":
        needs = [n.strip() for n in value.split(",") if n.strip()]
        unknown = [n for n in needs if n not in CAPABILITIES]
        if unknown:
            raise ValueError(f"unknown capability {unknown}; known: {sorted(CAPABILITIES)}")
        options.needs = needs
    elif key == "interrupt":
        options.interrupt = _positive(value, key)
    elif key == "prompt":
        options.prompt = value
    elif key == "varies":
        kinds, colon, why = value.partition(":")
        names = [k.strip() for k in kinds.split(",") if k.strip()]
        unknown = [n for n in names if n not in VARYING]
        if not colon or not why.strip() or not names or unknown:
            raise ValueError(f"write varies=\"KIND[,KIND]: why it differs from run to run\" "
                             f"with KIND one of {sorted(VARYING)}")
        options.varies, options.varies_why = names, why.strip()
    else:
        raise ValueError("unknown option; known: skip, timeout, exit, setup, cleanup, cwd, "
                         "needs, interrupt, tty, prompt, uncaptured, varies")
