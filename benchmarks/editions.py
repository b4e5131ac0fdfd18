"""What the English edition costs the build: a full build of both editions
against a build of the Spanish one alone. Budget: at most 2x.

Each build is a fresh `mkdocs build` process, as `make build` runs it, in
pairs one right after the other (ABBA order) so that disk caches and the
machine's load affect both alike. It prints the median wall-clock and CPU
seconds (the build's process and its children, such as git for the pages'
dates) and their ratios; CPU time is the verdict, since other programs on a
shared machine inflate it less than wall time. The Spanish-only build uses
mkdocs.yml with the English language's `build: true` turned to false.

    .venv/bin/python benchmarks/editions.py [--runs 5] [--budget 2.0]

Exit status 1 when the ratio is over budget.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ENGLISH = "        - locale: en\n          name: English\n          build: true\n"


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def timed_build(config: Path, site: Path) -> tuple[float, float]:
    """(wall seconds, CPU seconds) of one `mkdocs build` process."""
    wall, used = time.perf_counter(), children_cpu()
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "--quiet", "-f", str(config),
                    "-d", str(site)], check=True, cwd=ROOT,
                   env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    return time.perf_counter() - wall, children_cpu() - used


def spanish_only_config() -> Path:
    """mkdocs.yml with the English edition switched off, beside it (so its
    relative paths hold); the caller removes it."""
    text = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    if ENGLISH not in text:
        raise SystemExit("mkdocs.yml: the English language block is not where this script "
                         "expects it; update ENGLISH in benchmarks/editions.py")
    config = ROOT / ".editions-benchmark.yml"
    config.write_text(text.replace(ENGLISH, ENGLISH.replace("build: true", "build: false")),
                      encoding="utf-8")
    return config


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="pairs of builds")
    parser.add_argument("--budget", type=float, default=2.0)
    args = parser.parse_args()
    spanish = spanish_only_config()
    builds = {"both": ROOT / "mkdocs.yml", "es": spanish}
    runs: dict[str, list[tuple[float, float]]] = {"both": [], "es": []}
    try:
        with tempfile.TemporaryDirectory() as tmp:
            timed_build(builds["both"], Path(tmp) / "warm-up")
            for index in range(args.runs):
                order = ["both", "es"] if index % 2 == 0 else ["es", "both"]
                for name in order:
                    runs[name].append(timed_build(builds[name], Path(tmp) / f"{name}{index}"))
    finally:
        spanish.unlink()
    print(f"{args.runs} pairs of cold `mkdocs build` processes (ABBA order, after one "
          f"warm-up build), on {os.cpu_count()} CPUs; medians")
    for index, what in ((0, "wall"), (1, "CPU")):
        both = statistics.median(run[index] for run in runs["both"])
        alone = statistics.median(run[index] for run in runs["es"])
        print(f"{what:4}: both editions {both:6.2f} s, Spanish only {alone:6.2f} s, "
              f"ratio {both / alone:.2f}x")
    ratio = (statistics.median(run[1] for run in runs["both"])
             / statistics.median(run[1] for run in runs["es"]))
    print(f"budget: both editions at most {args.budget:.1f}x the Spanish-only build (CPU): "
          f"{'met' if ratio <= args.budget else 'NOT met'}")
    return 0 if ratio <= args.budget else 1


if __name__ == "__main__":
    sys.exit(main())
