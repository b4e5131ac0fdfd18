"""Lighthouse's mobile performance score of the home page and the two
heaviest chapters (the largest HTML), as a reader on a phone meets them.

    .venv/bin/python benchmarks/lighthouse.py [--site DIR] [--runs 3]

How it is measured:

- the book is built as CI builds it (``mkdocs build --strict``) unless
  ``--site`` names a built site;
- it is served from 127.0.0.1 with gzip, as GitHub Pages serves it (a plain
  ``python -m http.server`` would send the search index and the pages
  uncompressed, which no reader gets);
- Lighthouse (browser/package.json: ``npm ci`` there when missing) drives
  Debian's chromium, headless, with its default mobile settings: a Moto G
  Power-sized screen, simulated slow 4G and a 4x slower CPU (the "simulate"
  throttling: it records an unthrottled load and computes the throttled
  one). Only the performance category;
- each page ``--runs`` times (a fresh profile each time, so every run is a
  first visit, empty cache); the median score is printed with the run's
  metrics: First Contentful Paint, Largest Contentful Paint, Total Blocking
  Time, Cumulative Layout Shift, Speed Index, and the bytes transferred.

On this shared 2-core machine the scores move by several points between
runs: compare medians, not single runs. Not a test: it prints, it does not
judge."""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import io
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NODE = ROOT / "browser"
LIGHTHOUSE = NODE / "node_modules" / ".bin" / "lighthouse"
COMPRESSED = (".html", ".css", ".js", ".json", ".svg", ".xml", ".txt", ".map")
NOT_CHAPTERS = {"glosario", "referencias", "erratas", "search", "assets"}
CHROME_FLAGS = ("--headless=new --no-sandbox --disable-gpu --disable-background-networking "
                "--disable-component-update --disable-sync --no-first-run")


class GzipHandler(http.server.SimpleHTTPRequestHandler):
    """Static files, gzipped for clients that accept it (as GitHub Pages)."""

    def log_message(self, *args):
        pass

    def send_head(self):
        url_path = self.path.split("?")[0].split("#")[0]
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            if not url_path.endswith("/"):
                return super().send_head()  # the redirect to the folder's URL
            path = path / "index.html"
        if (not self.server.gzip or path.suffix not in COMPRESSED or not path.is_file()
                or "gzip" not in self.headers.get("Accept-Encoding", "")):
            return super().send_head()
        body = gzip.compress(path.read_bytes(), compresslevel=6)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "max-age=600")  # as GitHub Pages
        self.end_headers()
        return io.BytesIO(body)


def build(out: Path) -> Path:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d", str(out)],
                   cwd=ROOT, check=True, env=env)
    return out


def heaviest_chapters(site: Path, count: int = 2) -> list[str]:
    pages = [p for p in site.glob("*/index.html") if p.parent.name not in NOT_CHAPTERS]
    pages.sort(key=lambda p: p.stat().st_size, reverse=True)
    return [f"{p.parent.name}/" for p in pages[:count]]


def lighthouse(url: str, chromium: str) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        report = Path(tmp) / "report.json"
        subprocess.run(
            [str(LIGHTHOUSE), url, "--only-categories=performance", "--output=json",
             f"--output-path={report}", "--quiet", f"--chrome-flags={CHROME_FLAGS}"],
            check=True, env={**os.environ, "CHROME_PATH": chromium}, timeout=600)
        data = json.loads(report.read_text(encoding="utf-8"))
    audits = data["audits"]
    return {
        "score": round(data["categories"]["performance"]["score"] * 100),
        "FCP": audits["first-contentful-paint"]["numericValue"] / 1000,
        "LCP": audits["largest-contentful-paint"]["numericValue"] / 1000,
        "TBT": audits["total-blocking-time"]["numericValue"],
        "CLS": audits["cumulative-layout-shift"]["numericValue"],
        "SI": audits["speed-index"]["numericValue"] / 1000,
        "KB": audits["total-byte-weight"]["numericValue"] / 1024,
        "version": data["lighthouseVersion"],
        "form": data["configSettings"]["formFactor"],
        "throttling": data["configSettings"]["throttlingMethod"],
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, help="a built site (default: build one)")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--pages", nargs="*", help="paths to measure instead ('' is home)")
    parser.add_argument("--no-gzip", action="store_true",
                        help="serve uncompressed, as python -m http.server does")
    args = parser.parse_args(argv)

    sys.path.insert(0, str(ROOT))
    from bookkit.pdf import system

    system.ensure("chromium", "node")
    if not LIGHTHOUSE.exists():
        subprocess.run(["npm", "ci", "--no-audit", "--no-fund"], cwd=NODE, check=True)
    with tempfile.TemporaryDirectory() as tmp:
        site = args.site or build(Path(tmp) / "site")
        pages = args.pages if args.pages is not None else ["", *heaviest_chapters(site)]
        server = http.server.ThreadingHTTPServer(
            ("127.0.0.1", 0), functools.partial(GzipHandler, directory=str(site)))
        server.gzip = not args.no_gzip
        threading.Thread(target=server.serve_forever, daemon=True).start()
        base = f"http://127.0.0.1:{server.server_address[1]}/"
        index = site / "search" / "search_index.json"
        if index.exists():
            raw = index.read_bytes()
            print(f"search index: {len(raw) / 1024:.0f} KB, "
                  f"{len(gzip.compress(raw, 6)) / 1024:.0f} KB gzipped")
        try:
            for page in pages:
                runs = [lighthouse(base + page, system.chromium()) for _ in range(args.runs)]
                runs.sort(key=lambda r: r["score"])
                mid = runs[len(runs) // 2]
                print(f"/{page:<22} performance {mid['score']:>3} (runs: "
                      f"{', '.join(str(r['score']) for r in runs)}; median of "
                      f"{statistics.median(r['score'] for r in runs):.0f})  "
                      f"FCP {mid['FCP']:.1f} s  LCP {mid['LCP']:.1f} s  TBT {mid['TBT']:.0f} ms"
                      f"  CLS {mid['CLS']:.3f}  SI {mid['SI']:.1f} s  {mid['KB']:.0f} KB")
            print(f"Lighthouse {mid['version']}, {mid['form']}, {mid['throttling']} throttling, "
                  f"Debian chromium ({system.chromium()}), "
                  f"{'uncompressed' if args.no_gzip else 'gzip'} from 127.0.0.1")
        finally:
            server.shutdown()
    return 0


if __name__ == "__main__":
    sys.exit(main())
