"""Measure the example harness against its budgets and print ratios.

    .venv/bin/python benchmarks/harness.py [docs/es/page.md ...]

- daemon ready: seconds from `docker run` of Docker-in-Docker to a daemon
  that answers with busybox loaded (budget: 15 s on a warm cache);
- overhead: for each page, the harness's time to run its examples against
  the time of the same commands typed into one plain shell on the same
  daemon (budget: at most 20 % more);
- executed ratio: from the last report (budget: at least 90 %).
Needs a running engine (DOCKER_HOST) with the images already made.
"""

from __future__ import annotations

import json
import os
import shlex
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bookkit import DOCS  # noqa: E402
from bookkit.harness import daemon as daemons  # noqa: E402
from bookkit.harness import hostengine, images  # noqa: E402
from bookkit.harness.collect import collect  # noqa: E402
from bookkit.harness.report import DEFAULT_PATH  # noqa: E402
from bookkit.harness.runner import PageRun  # noqa: E402


def _comparable(example) -> bool:
    """Blocks a plain script can replay: not skipped, no terminal, no Ctrl+C."""
    opts = example.options
    return not (opts.skip or opts.tty or opts.needs or opts.interrupt)


def by_hand(daemon, page) -> float:
    """The page's commands as one script in one shell: no markers, no matching."""
    run = PageRun(daemon, page)  # same working folder and snippets
    lines = [f"cd {shlex.quote(run.workdir)}"]
    for example in page.examples:
        if not _comparable(example):
            continue
        opts = example.options
        if opts.cwd:
            lines.append(f"pushd {shlex.quote(run.workdir + '/' + opts.cwd)} >/dev/null")
        lines += opts.setup
        for command in example.commands:
            lines.append(f"{{\n{command.text}\n}} </dev/null >/dev/null 2>&1")
        lines += opts.cleanup
        if opts.cwd:
            lines.append("popd >/dev/null")
    start = time.monotonic()
    daemon.run("\n".join(lines), timeout=3600)
    seconds = time.monotonic() - start
    run.close()
    return seconds


def with_harness(daemon, page) -> float:
    start = time.monotonic()
    run = PageRun(daemon, page)
    for example in page.examples:
        if _comparable(example):
            run.run(example)
    run.close()
    return time.monotonic() - start


def main(argv: list[str]) -> None:
    pages = [Path(p) for p in argv] or sorted((DOCS / "es").glob("*.md"))
    host = hostengine.HostEngine(dict(os.environ), private=False)
    daemon_recipe, recipes = images.load_recipes()
    keep = [r.name for r in recipes]

    start = time.monotonic()
    daemon = daemons.start_dind(host, daemon_recipe.name, log=lambda m: None)
    daemon.ensure_images(["busybox:1.37"])
    ready = time.monotonic() - start
    print(f"daemon ready: {ready:.1f} s (budget 15 s: {ready / 15:.2f} of budget)")
    try:
        hand_total = harness_total = 0.0
        for path in pages:
            page = collect(path)
            if not page.examples:
                continue
            daemon.reset(keep)
            daemon.ensure_images(page.mentioned(keep))
            hand = by_hand(daemon, page)
            daemon.reset(keep)
            harness = with_harness(daemon, page)
            hand_total, harness_total = hand_total + hand, harness_total + harness
            print(f"{path.name:28} by hand {hand:7.2f} s  harness {harness:7.2f} s  "
                  f"overhead {harness / hand - 1:+.1%}")
        if hand_total:
            print(f"{'all pages':28} by hand {hand_total:7.2f} s  harness {harness_total:7.2f} s"
                  f"  overhead {harness_total / hand_total - 1:+.1%} (budget +20%)")
    finally:
        daemon.stop()
    if DEFAULT_PATH.exists():
        report = json.loads(DEFAULT_PATH.read_text())
        ratio = report["executed"] / report["total"] if report["total"] else 0
        print(f"executed: {report['executed']}/{report['total']} = {ratio:.1%} (budget 90%), "
              f"report of {report['date']}")


if __name__ == "__main__":
    main(sys.argv[1:])
