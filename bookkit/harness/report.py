"""The machine-readable report of a run: per page, examples executed,
skipped (with reason) and failed; the engine; the date. The hooks read it to
stamp each page; the terminal summary prints the executed ratio."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

from bookkit import ROOT

DEFAULT_PATH = ROOT / ".book-report" / "examples.json"


class Report:
    def __init__(self):
        self.pages: dict[str, dict] = {}
        self.versions: dict[str, str] = {}
        self.seconds = 0.0

    def _page(self, page: str) -> dict:
        return self.pages.setdefault(
            page, {"total": 0, "executed": 0, "failed": 0, "skipped": []})

    def add(self, page: str, line: int, outcome: str, reason: str | None = None,
            seconds: float = 0.0) -> None:
        entry = self._page(page)
        entry["total"] += 1
        if outcome == "skipped":
            entry["skipped"].append({"line": line, "reason": reason or ""})
        else:
            entry["executed"] += 1
            entry["failed"] += outcome == "failed"
            self.seconds += seconds

    @property
    def totals(self) -> tuple[int, int, int]:
        total = sum(p["total"] for p in self.pages.values())
        executed = sum(p["executed"] for p in self.pages.values())
        failed = sum(p["failed"] for p in self.pages.values())
        return total, executed, failed

    def write(self, path: Path = DEFAULT_PATH) -> Path:
        path.parent.mkdir(parents=True, exist_ok=True)
        total, executed, failed = self.totals
        data = {
            "date": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
            **self.versions,
            "total": total, "executed": executed, "failed": failed,
            "examples_seconds": round(self.seconds, 2),
            "pages": dict(sorted(self.pages.items())),
        }
        path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        return path

    def summary(self) -> list[str]:
        total, executed, failed = self.totals
        if not total:
            return []
        lines = [f"book examples: {executed}/{total} executed ({executed / total:.0%}), "
                 f"{failed} failed, {total - executed} skipped"
                 + (f"; Docker Engine {self.versions['engine']}, Compose "
                    f"{self.versions.get('compose')}" if "engine" in self.versions else "")]
        for page, entry in sorted(self.pages.items()):
            for skip in entry["skipped"]:
                lines.append(f"  skipped {page}:{skip['line']}: {skip['reason']}")
        return lines
