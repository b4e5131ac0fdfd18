#!/usr/bin/env bash
# Join the examples reports of the matrix's shards (one page each) into
# .book-report/examples.json, which the site and the PDFs read for their
# "tested" stamps:  ci/merge-reports.sh reports/*/examples.json
source "$(dirname "$0")/lib.sh"
python3 - "$@" <<'PY'
import json, sys
from pathlib import Path

pages, runs, seconds = {}, [], 0.0
for name in sys.argv[1:]:
    data = json.loads(Path(name).read_text(encoding="utf-8"))
    run = {k: data[k] for k in ("date", "engine", "client", "compose", "buildx") if k in data}
    runs.append(run)
    seconds += data.get("examples_seconds", 0.0)
    for page, entry in data["pages"].items():
        pages[page] = {"run": run, **entry}
if not runs:
    sys.exit("merge-reports: no report given")
latest = max(runs, key=lambda run: run.get("date", ""))
merged = {**latest,
          "total": sum(p["total"] for p in pages.values()),
          "executed": sum(p["executed"] for p in pages.values()),
          "failed": sum(p["failed"] for p in pages.values()),
          "examples_seconds": round(seconds, 2),
          "pages": dict(sorted(pages.items()))}
out = Path(".book-report/examples.json")
out.parent.mkdir(exist_ok=True)
out.write_text(json.dumps(merged, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
print(f"merge-reports: {len(runs)} report(s), {len(pages)} page(s): "
      f"{merged['executed']}/{merged['total']} executed, {merged['failed']} failed")
PY
