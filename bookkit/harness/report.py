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
            seconds: float = 0.0, uncaptured: bool = False) -> None:
        entry = self._page(page)
        entry["total"] += 1
        if outcome == "skipped":
            entry["skipped"].append({"line": line, "reason": reason or ""})
        else:
            entry["executed"] += 1
            entry["failed"] += outcome == "failed"
            self.seconds += seconds
            if uncaptured:  # run, exit statuses checked, no output to compare yet
                entry.setdefault("uncaptured", []).append(line)

    @property
    def totals(self) -> tuple[int, int, int]:
        total = sum(p["total"] for p in self.pages.values())
        executed = sum(p["executed"] for p in self.pages.values())
        failed = sum(p["failed"] for p in self.pages.values())
        return total, executed, failed

    def write(self, path: Path = DEFAULT_PATH) -> Path:
        """Write this run; pages it did not run keep what an earlier run said
        of them (each page carries the date and engine of its own run)."""
        path.parent.mkdir(parents=True, exist_ok=True)
        total, executed, failed = self.totals
        run = {"date": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"), **self.versions}
        pages = {key: {**entry, "run": run} for key, entry in self.pages.items()}
        for key, entry in _earlier_pages(path).items():
            pages.setdefault(key, entry)
        data = {
            **run,
            "total": total, "executed": executed, "failed": failed,
            "examples_seconds": round(self.seconds, 2),
            "pages": dict(sorted(pages.items())),
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
            for line in entry.get("uncaptured", []):
                lines.append(f"  output not compared {page}:{line}: marked uncaptured; "
                             f"`make regen PAGE=docs/{page}` here captures it")
        return lines


def _earlier_pages(path: Path) -> dict[str, dict]:
    """The pages of an earlier report, each with the run that tested it."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        keys = ("date", "engine", "client", "compose", "buildx")
        run = {k: data[k] for k in keys if k in data}
        return {key: {"run": run, **entry} for key, entry in data["pages"].items()}
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return {}  # no earlier report, or one we cannot read: this run stands alone
