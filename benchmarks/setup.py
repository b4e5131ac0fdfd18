"""How long a newcomer waits for the book: a fresh clone, the README's
`make serve`, until the first page answers (budget 45 s on the CI machine).

Clones this repository (its HEAD, or --repo) into a temporary folder, runs
`make serve SERVE_ADDR=127.0.0.1:PORT` there, and polls http://127.0.0.1:PORT/
until it answers 200. Nothing of the user's is reused: the clone has no .venv
and uv gets a cache folder of its own (UV_CACHE_DIR; pip's cache is off), so:

- cold: the first run, with that cache empty: every wheel is downloaded from
  PyPI, as on a machine that never installed the book;
- warm: a second fresh clone with the same cache: the wheels come from disk,
  as for a contributor's second clone or a CI job whose uv cache was restored.

For each run it prints the total, the part `make install` took (its own
summary line) and the rest (the site's strict build and the server's start),
with the CPU time of all processes and the load average: on a busy machine
the wall time grows, not the work.

    .venv/bin/python benchmarks/setup.py [--runs cold,warm] [--budget 45] [--repo PATH]

Exit status 1 when a run is over budget.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.status == 200
    except OSError:
        return False


def cpu_of_children() -> float:
    usage = os.times()
    return usage.children_user + usage.children_system


def serve_once(repo: str, work: Path, cache: Path, timeout: float) -> dict:
    clone = work / f"clone-{time.monotonic_ns()}"
    subprocess.run(["git", "clone", "-q", repo, str(clone)], check=True)
    port = free_port()
    url = f"http://127.0.0.1:{port}/"
    env = {**os.environ, "UV_CACHE_DIR": str(cache), "PIP_NO_CACHE_DIR": "1"}
    env.pop("VIRTUAL_ENV", None)
    log = open(clone / "serve.log", "w+")  # noqa: SIM115 - read back below
    cpu0, start = cpu_of_children(), time.monotonic()
    proc = subprocess.Popen(["make", "serve", f"SERVE_ADDR=127.0.0.1:{port}"], cwd=clone,
                            env=env, stdout=log, stderr=subprocess.STDOUT,
                            start_new_session=True)
    try:
        while not answers(url):
            if proc.poll() is not None or time.monotonic() - start > timeout:
                log.seek(0)
                raise RuntimeError(f"make serve did not answer on {url}:\n{log.read()[-3000:]}")
            time.sleep(0.1)
        seconds = time.monotonic() - start
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait()
    log.seek(0)
    text = log.read()
    log.close()
    installed = re.search(r"install: (\S+).* installed in (\d+) s", text)
    shutil.rmtree(clone, ignore_errors=True)
    return {"seconds": seconds, "cpu": cpu_of_children() - cpu0,
            "installer": installed.group(1) if installed else "?",
            "install": float(installed.group(2)) if installed else float("nan")}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", default="cold,warm",
                        help="comma-separated: cold (empty uv cache), warm (the cache "
                        "the cold run filled); [cold,warm]")
    parser.add_argument("--budget", type=float, default=45.0)
    parser.add_argument("--repo", default=str(ROOT), help="what to clone [this repository]")
    parser.add_argument("--timeout", type=float, default=600.0)
    args = parser.parse_args()
    runs = [r.strip() for r in args.runs.split(",") if r.strip()]
    if not set(runs) <= {"cold", "warm"}:
        parser.error("--runs takes cold and/or warm")

    print(f"setup: fresh `git clone` of {args.repo}, then `make serve`, until GET / answers "
          f"200; {os.cpu_count()} cores, python3 is {sys.version.split()[0]}")
    over = False
    with tempfile.TemporaryDirectory(prefix="dpt-setup-") as tmp:
        work = Path(tmp)
        cache = work / "uv-cache"
        if "warm" in runs and "cold" not in runs:
            print("  (warming the cache first with a run that is not reported)")
            serve_once(args.repo, work, cache, args.timeout)
        for run in runs:
            if run == "cold":
                shutil.rmtree(cache, ignore_errors=True)
            load = os.getloadavg()[0]
            result = serve_once(args.repo, work, cache, args.timeout)
            rest = result["seconds"] - result["install"]
            flag = "ok" if result["seconds"] <= args.budget else "OVER BUDGET"
            over |= flag != "ok"
            print(f"  {run:4}: {result['seconds']:5.1f} s to the first page "
                  f"(install with {result['installer']}: {result['install']:.0f} s; venv, "
                  f"build and server: {rest:.0f} s), CPU {result['cpu']:.0f} s, load "
                  f"{load:.1f}; budget {args.budget:.0f} s: {flag}")
    return 1 if over else 0


if __name__ == "__main__":
    sys.exit(main())
