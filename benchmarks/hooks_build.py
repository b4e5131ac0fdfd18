"""How much build time the hooks add to the whole book.

Builds the book several times with the hooks of mkdocs.yml and with none
(``hooks: []``), in pairs one right after the other (ABBA order), so that disk
caches and machine load affect both alike, and prints the median times and
the overhead. The budget is 10%.

By default each build is a fresh Python process, as `mkdocs build` in CI:
what the hooks cost includes importing their code and compiling its
patterns. ``--warm`` builds in this process instead (after a warm-up build,
with the hooks' caches emptied before each build) and also measures the
hooks' own CPU time inside each build.

Wall-clock time is what a reader of CI logs sees, but on a shared machine two
builds of the same book can differ by more than the hooks cost. So it also
measures CPU time (of the build and the git processes it starts), which other
programs on the machine inflate much less. The verdict is the median of the
pairs' CPU ratios; the fastest runs' ratio is printed too (the least
disturbed by other load).

Even CPU time moves by a third between identical builds on a shared virtual
machine, more than the budget itself. ``--instructions`` counts instead the
machine instructions each cold build executes, under valgrind's cachegrind
(Debian: ``apt install valgrind``), with a fixed hash seed: the same build
gives the same count to about 0.01 %, whatever else the machine
does, so one build of each kind is enough and two run side by side. It also
builds once without each hook in turn, and prints what each one adds. A build
under valgrind takes about 16 times as long (about a minute here). Git's
processes (dates of the pages) are not counted: the same in both builds.

    .venv/bin/python benchmarks/hooks_build.py [--runs 7] [--warm] [--budget 0.10]
    .venv/bin/python benchmarks/hooks_build.py --instructions [--budget 0.10]

Exit status 1 when the overhead is over budget.
"""

from __future__ import annotations

import argparse
import concurrent.futures
import functools
import json
import logging
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from mkdocs.commands.build import build
from mkdocs.config import load_config

from bookkit import markdown
from bookkit import site as site_module

ROOT = Path(__file__).resolve().parent.parent
HOOK_CPU = [0.0]


def cpu() -> float:
    """CPU seconds of this process and of the children it has waited for."""
    times = os.times()
    return times.user + times.system + times.children_user + times.children_system


def time_hooks(hooks: list[str]) -> None:
    """Wrap every on_* handler of the hook modules with a CPU timer. MkDocs
    loads each hook file once per process, so later configs use the wrappers."""
    config = load_config(str(ROOT / "mkdocs.yml"))
    for name in hooks:
        module = config["hooks"][name]
        for attr in dir(module):
            handler = getattr(module, attr)
            if not attr.startswith("on_") or getattr(handler, "timed", False):
                continue

            @functools.wraps(handler)
            def timed(*args, _handler=handler, **kwargs):
                start = time.process_time()
                try:
                    return _handler(*args, **kwargs)
                finally:
                    HOOK_CPU[0] += time.process_time() - start

            timed.timed = True
            setattr(module, attr, timed)


def forget() -> None:
    """Drop what the hooks keep between builds in one process (parsed pages,
    data, compiled patterns), so every build pays what a fresh `mkdocs build`
    pays."""
    markdown._known.clear()
    markdown._edited.clear()
    markdown.inline_spans.cache_clear()
    markdown._parser.cache_clear()
    site_module._loaded.clear()
    re.purge()


def timed_build(site: Path, hooks: list[str] | None) -> tuple[float, float, float]:
    """(wall seconds, CPU seconds, CPU seconds in the hooks) of one build."""
    forget()
    overrides = {"site_dir": str(site), "strict": False}
    if hooks is not None:
        overrides["hooks"] = hooks
    config = load_config(str(ROOT / "mkdocs.yml"), **overrides)
    HOOK_CPU[0] = 0.0
    wall, used = time.perf_counter(), cpu()
    build(config)
    return time.perf_counter() - wall, cpu() - used, HOOK_CPU[0]


# One build in a fresh process: mkdocs build, with the hooks overridden when
# asked ("[]": none), and the site in the given folder.
_COLD_BUILD = """
import json, logging, sys
from mkdocs.commands.build import build
from mkdocs.config import load_config
logging.getLogger("mkdocs").setLevel(logging.ERROR)
overrides = {"site_dir": sys.argv[2], "strict": False}
if sys.argv[3] != "default":
    overrides["hooks"] = json.loads(sys.argv[3])
build(load_config(sys.argv[1], **overrides))
"""


def _cold_build(site: Path, hooks: list[str] | None, wrapper: tuple[str, ...] = (),
                env: dict | None = None) -> None:
    """Run one build in a new Python process (under ``wrapper``, if any)."""
    argument = "default" if hooks is None else json.dumps(hooks)
    subprocess.run([*wrapper, sys.executable, "-c", _COLD_BUILD, str(ROOT / "mkdocs.yml"),
                    str(site), argument], check=True, cwd=ROOT,
                   env={**os.environ, "NO_MKDOCS_2_WARNING": "1", **(env or {})})


def cold_build(site: Path, hooks: list[str] | None) -> tuple[float, float, float]:
    """(wall seconds, CPU seconds, 0) of one build in a new Python process."""
    wall, used = time.perf_counter(), cpu()
    _cold_build(site, hooks)
    return time.perf_counter() - wall, cpu() - used, 0.0


def counted_build(site: Path, hooks: list[str] | None) -> int:
    """Machine instructions of one cold build (cachegrind's total)."""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "cachegrind.out"
        _cold_build(site, hooks, ("valgrind", "--tool=cachegrind", "--cache-sim=no", "--quiet",
                                  f"--cachegrind-out-file={out}"), {"PYTHONHASHSEED": "0"})
        # The file's last line: "summary: <instructions>".
        summary = re.search(r"^summary:\s+(\d+)", out.read_text(), re.M)
    if summary is None:
        raise SystemExit(f"no summary line in cachegrind's output for hooks={hooks}")
    return int(summary.group(1))


def count_instructions(hooks: list[str], budget: float) -> int:
    """The overhead in instructions, and each hook's share (by leaving it out)."""
    if shutil.which("valgrind") is None:
        print("--instructions needs valgrind (Debian: apt install valgrind)", file=sys.stderr)
        return 2
    builds = {"none": [], "all": None} | {Path(h).stem: [o for o in hooks if o != h]
                                          for h in hooks}
    with tempfile.TemporaryDirectory() as tmp, \
            concurrent.futures.ThreadPoolExecutor(os.cpu_count() or 1) as pool:
        futures = {name: pool.submit(counted_build, Path(tmp) / name, kept)
                   for name, kept in builds.items()}
        counts = {name: future.result() for name, future in futures.items()}
    none, every = counts.pop("none"), counts.pop("all")
    print(f"hooks: {', '.join(Path(h).stem for h in hooks)}; one cold build of each kind, "
          "instructions counted by cachegrind")
    print(f"instructions without hooks {none / 1e9:7.3f} G")
    print(f"instructions with hooks    {every / 1e9:7.3f} G")
    # Fewest instructions without it: the hook that adds most, first.
    for name, count in sorted(counts.items(), key=lambda item: item[1]):
        print(f"  {name:18} adds {(every - count) / 1e9:6.3f} G "
              f"({(every - count) / none:+.1%} of the build without hooks)")
    alone = sum(every - count for count in counts.values())
    print(f"  {'shared':18} adds {(every - none - alone) / 1e9:6.3f} G "
          f"({(every - none - alone) / none:+.1%}: what no single hook's absence removes, "
          "such as importing their code and parsing the book)")
    overhead = every / none - 1
    print(f"overhead: instructions {overhead:+.1%}")
    print(f"budget for the overhead: {budget:.0%} of instructions")
    return 0 if overhead <= budget else 1


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--budget", type=float, default=0.10)
    parser.add_argument("--warm", action="store_true",
                        help="build in this process, and measure the hooks' own CPU time")
    parser.add_argument("--instructions", action="store_true",
                        help="count machine instructions under valgrind instead of timing")
    args = parser.parse_args()
    one_build = timed_build if args.warm else cold_build

    hooks = list(load_config(str(ROOT / "mkdocs.yml"))["hooks"])
    if not hooks:
        print("mkdocs.yml registers no hooks: nothing to measure", file=sys.stderr)
        return 2
    if args.instructions:
        return count_instructions(hooks, args.budget)
    # Missing pages and the like are not what we measure here.
    logging.getLogger("mkdocs").setLevel(logging.ERROR)
    if args.warm:
        time_hooks(hooks)
    with tempfile.TemporaryDirectory() as tmp:
        site = Path(tmp) / "site"
        one_build(site, None)  # warm up: imports, git history, disk
        one_build(site, [])
        with_hooks, without = [], []
        for run in range(args.runs):
            # ABBA order: a load that grows or fades during the run weighs on
            # both alike.
            for hooks_of_build in ([], None) if run % 2 == 0 else (None, []):
                (without if hooks_of_build == [] else with_hooks).append(
                    one_build(site, hooks_of_build))

    def median(runs, index):
        return statistics.median(run[index] for run in runs)

    def listed(runs, index):
        return ", ".join(f"{run[index]:.2f}" for run in runs)

    def paired(index):
        """Median of each pair's ratio (the two builds ran one after the
        other, under about the same load)."""
        pairs = zip(with_hooks, without, strict=True)
        return statistics.median(a[index] / b[index] for a, b in pairs)

    wall_ratio, cpu_ratio = paired(0), paired(1)
    best_cpu = min(run[1] for run in with_hooks) / min(run[1] for run in without)
    share = statistics.median(hooks_cpu / (total - hooks_cpu) for _, total, hooks_cpu in with_hooks)
    kind = "in this process (warm)" if args.warm else "each in a new process (cold)"
    print(f"hooks: {', '.join(Path(h).stem for h in hooks)}; {args.runs} builds each, {kind}")
    print(f"wall  without {median(without, 0):6.2f} s ({listed(without, 0)})")
    print(f"wall  with    {median(with_hooks, 0):6.2f} s ({listed(with_hooks, 0)})")
    print(f"CPU   without {median(without, 1):6.2f} s ({listed(without, 1)})")
    print(f"CPU   with    {median(with_hooks, 1):6.2f} s ({listed(with_hooks, 1)})")
    if args.warm:
        print(f"CPU in hooks  {median(with_hooks, 2):6.2f} s ({listed(with_hooks, 2)})")
    print(f"overhead (median of paired runs): wall {wall_ratio - 1:+.1%}, CPU {cpu_ratio - 1:+.1%}"
          f"; CPU of the fastest runs {best_cpu - 1:+.1%}; ratio of the medians: wall "
          f"{median(with_hooks, 0) / median(without, 0) - 1:+.1%}, CPU "
          f"{median(with_hooks, 1) / median(without, 1) - 1:+.1%}")
    if args.warm:
        print(f"hooks' own CPU: {share:.1%} of the rest of their build")
    print(f"budget for the overhead: {args.budget:.0%} of CPU")
    return 0 if cpu_ratio - 1 <= args.budget else 1


if __name__ == "__main__":
    sys.exit(main())
