"""How much build time the hooks add to the whole book.

Builds the book several times with the hooks of mkdocs.yml and with none
(``hooks: []``), alternating so that disk caches and machine load affect both
alike, and prints the median times and the overhead. The budget is 10%.

On a busy machine two builds of the same book can differ by more than the
hooks cost, so it also times the hooks' own event handlers inside each build
with hooks: their time over the rest of that same build is the overhead
without the noise between builds (the median of the runs is reported).

    .venv/bin/python benchmarks/hooks_build.py [--runs 5] [--budget 0.10]

Exit status 1 when the overhead is over budget.
"""

from __future__ import annotations

import argparse
import functools
import logging
import statistics
import sys
import tempfile
import time
from pathlib import Path

from mkdocs.commands.build import build
from mkdocs.config import load_config

from bookkit import markdown
from bookkit import site as site_module

ROOT = Path(__file__).resolve().parent.parent


HOOK_SECONDS = [0.0]


def time_hooks(hooks: list[str]) -> None:
    """Wrap every on_* handler of the hook modules with a timer. MkDocs loads
    each hook file once per process, so later configs register the wrappers."""
    config = load_config(str(ROOT / "mkdocs.yml"))
    for name in hooks:
        module = config["hooks"][name]
        for attr in dir(module):
            handler = getattr(module, attr)
            if not attr.startswith("on_") or getattr(handler, "timed", False):
                continue

            @functools.wraps(handler)
            def timed(*args, _handler=handler, **kwargs):
                start = time.perf_counter()
                try:
                    return _handler(*args, **kwargs)
                finally:
                    HOOK_SECONDS[0] += time.perf_counter() - start

            timed.timed = True
            setattr(module, attr, timed)


def forget() -> None:
    """Drop what the hooks keep between builds in one process (parsed pages,
    data), so every build pays what a fresh `mkdocs build` pays."""
    markdown._known.clear()
    markdown.inline_spans.cache_clear()
    site_module._loaded.clear()


def timed_build(site: Path, hooks: list[str] | None) -> float:
    forget()
    overrides = {"site_dir": str(site), "strict": False}
    if hooks is not None:
        overrides["hooks"] = hooks
    config = load_config(str(ROOT / "mkdocs.yml"), **overrides)
    start = time.perf_counter()
    build(config)
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--budget", type=float, default=0.10)
    args = parser.parse_args()

    hooks = list(load_config(str(ROOT / "mkdocs.yml"))["hooks"])
    if not hooks:
        print("mkdocs.yml registers no hooks: nothing to measure", file=sys.stderr)
        return 2
    # Missing pages and the like are not what we measure here.
    logging.getLogger("mkdocs").setLevel(logging.ERROR)
    time_hooks(hooks)
    with tempfile.TemporaryDirectory() as tmp:
        site = Path(tmp) / "site"
        timed_build(site, None)  # warm up: imports, git history, disk
        timed_build(site, [])
        with_hooks, without, in_hooks = [], [], []
        for _ in range(args.runs):
            without.append(timed_build(site, []))
            HOOK_SECONDS[0] = 0.0
            with_hooks.append(timed_build(site, None))
            in_hooks.append(HOOK_SECONDS[0])
    base, hooked = statistics.median(without), statistics.median(with_hooks)
    own = statistics.median(in_hooks)
    overhead = hooked / base - 1
    share = statistics.median(h / (t - h) for t, h in zip(with_hooks, in_hooks, strict=True))

    def times(values):
        return ", ".join(f"{t:.2f}" for t in values)

    print(f"hooks: {', '.join(Path(h).stem for h in hooks)}")
    print(f"without hooks: median {base:.3f} s  ({times(without)})")
    print(f"with hooks:    median {hooked:.3f} s  ({times(with_hooks)})")
    print(f"in the hooks:  median {own:.3f} s  ({times(in_hooks)})")
    print(f"ratio {hooked / base:.3f}: the hooks add {overhead:+.1%} by wall clock, "
          f"{share:.1%} by their own time (budget {args.budget:.0%})")
    return 0 if min(overhead, share) <= args.budget else 1


if __name__ == "__main__":
    sys.exit(main())
