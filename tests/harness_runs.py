"""Run the harness on fixture pages in a pytest of its own, as a contributor
would, and read its report."""

import json
import subprocess
import sys
from pathlib import Path

PAGES = Path(__file__).parent / "fixtures" / "harness"


def run_pages(tmp_path, *pages, extra=(), host=None, env=None):
    """pytest on fixture pages; on `host` (a HostEngine) when given, else the
    run starts its own private engine."""
    if host is not None:
        extra = ["--book-docker-host", host.url, *extra]
    docs = tmp_path / "docs"
    docs.mkdir(parents=True, exist_ok=True)
    for page in pages:
        (docs / page).write_text((PAGES / page).read_text())
    report = tmp_path / "report.json"
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "--rootdir", str(tmp_path),
         "--book-docs", str(docs), "--book-report", str(report), *extra, str(docs)],
        capture_output=True, text=True, cwd=tmp_path, timeout=900, env=env)
    result.report = json.loads(report.read_text()) if report.exists() else None
    return result
