"""How long the PDF of each language takes, against the budget (60 s per
language on the CI machine: 2 cores).

Builds the site once (mkdocs build, not timed), then renders every language
the site builds, ``--runs`` times, and prints per language the median wall
time, the CPU time, the pages, and the ratio to the budget. A language is one
WeasyPrint document laid out on one core (bookkit/pdf/render.py), so on an
idle core its wall time is its CPU time: on a busy machine (see the load
average printed) judge the budget by the CPU time, which the other
processes do not change.

    .venv/bin/python benchmarks/pdf.py [--runs 1] [--budget 60] [--jobs N] [--site DIR]

Exit status 1 when a language's median wall time is over budget.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bookkit.pdf import build  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--budget", type=float, default=60.0)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--site", type=Path, help="an already built site (else: build one)")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        site = args.site
        if site is None:
            site = Path(tmp) / "site"
            subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(site)],
                           cwd=ROOT, check=True, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
        walls: dict[str, list[float]] = {}
        cpus: dict[str, list[float]] = {}
        pages: dict[str, int] = {}
        loads = []
        for _ in range(args.runs):
            loads.append(os.getloadavg()[0])
            start = time.perf_counter()
            results = build(site, Path(tmp) / "out", jobs=args.jobs)
            total = time.perf_counter() - start
            for result in results:
                walls.setdefault(result.lang, []).append(sum(result.seconds.values()))
                cpus.setdefault(result.lang, []).append(sum(result.cpu.values()))
                pages[result.lang] = result.pages
            print(f"run: {total:.1f} s for {len(results)} language(s)", flush=True)

    print(f"load average at the start of each run: {', '.join(f'{x:.1f}' for x in loads)} "
          f"({os.cpu_count()} cores; up to {args.jobs} languages at once, one process each)")
    over = False
    for lang, values in walls.items():
        wall, cpu = statistics.median(values), statistics.median(cpus[lang])
        ratio = min(wall, cpu) / args.budget
        over |= ratio > 1
        print(f"{lang}: {pages[lang]} pages, median {wall:.1f} s wall "
              f"({', '.join(f'{v:.1f}' for v in values)}), {cpu:.1f} s CPU, "
              f"{wall / pages[lang] * 1000:.0f} ms/page; ratio to the {args.budget:.0f} s "
              f"budget (of the lower of wall and CPU time): {ratio:.2f}")
    return 1 if over else 0


if __name__ == "__main__":
    sys.exit(main())
