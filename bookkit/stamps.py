""""Tested" stamps: what the example harness's report
(.book-report/examples.json) says about a page, written for its readers.

The report is written by the test run and may not exist: then no page says
anything. Page keys in the report are paths under docs/ (``es/page.md``,
``en/page.md``); a key without a language folder is a Spanish page.
A page edited since the run (its number of console blocks no longer matches
the report) gets no stamp either: a stamp must never claim a test that did
not happen on this text.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path

from bookkit.book import Page, plain, relative_link
from bookkit.data import DataError
from bookkit.i18n import SOURCE_LANGUAGE, Labels
from bookkit.markdown import parse_file

REPORT = Path(".book-report") / "examples.json"


@dataclass
class PageResult:
    total: int
    executed: int
    failed: int
    skipped: list[dict]  # {"line": int, "reason": str}
    run: dict | None = None  # the run that tested this page, when not the report's latest


@dataclass
class Report:
    date: datetime
    engine: str
    compose: str | None
    buildx: str | None
    pages: dict[str, PageResult]
    path: Path

    def for_page(self, key: str, lang: str) -> PageResult | None:
        found = self.pages.get(f"{lang}/{key}")
        if found is None and lang == SOURCE_LANGUAGE:
            found = self.pages.get(key)
        if found is None and lang != SOURCE_LANGUAGE:
            # A translation's blocks equal to the source's are proven by its
            # run (bookkit.translations): the same facts, at this page's lines.
            source = self.for_page(key, SOURCE_LANGUAGE)
            docs = self.path.parent.parent / "docs"
            if source is not None and (docs / lang / key).exists():
                found = replace(source, skipped=_moved(source.skipped, docs / SOURCE_LANGUAGE /
                                                       key, docs / lang / key))
        return found

    def runs(self, lang: str) -> list[tuple[datetime, str]]:
        """(date, engine) of the run that tested each page of ``lang``: a run
        of one page leaves the others with the date of their own run."""
        found = []
        for key, result in self.pages.items():
            page_lang = key.split("/", 1)[0] if "/" in key else SOURCE_LANGUAGE
            if page_lang == lang:
                run = result.run or {}
                found.append((_date(run["date"]) if "date" in run else self.date,
                              str(run.get("engine", self.engine))))
        return found


def _date(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def load_report(path: Path) -> Report | None:
    """The report, or None when there is none (no run yet)."""
    if not path.exists():
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        date = _date(data["date"])
        pages = {
            key: PageResult(int(v["total"]), int(v["executed"]), int(v.get("failed", 0)),
                            list(v.get("skipped") or []), v.get("run"))
            for key, v in data["pages"].items()
        }
        return Report(date, str(data["engine"]), data.get("compose"), data.get("buildx"),
                      pages, path)
    except json.JSONDecodeError as error:
        raise DataError(path, error.lineno, f"not valid JSON ({error.msg}); rerun the "
                        "examples to rewrite it, or delete it") from None
    except (KeyError, TypeError, ValueError, AttributeError) as error:
        raise DataError(path, None, f"unexpected report format ({error!r}); rerun the "
                        "examples to rewrite it, or delete it") from None


def stamp(result: PageResult, report: Report, page: Page, labels: Labels, lang: str) -> str | None:
    """The admonition for one page, or None if the report does not describe
    this page's current text."""
    blocks = page.doc.console_blocks()
    if result.total == 0 or result.total != len(blocks):
        return None
    run = result.run or {}
    when = datetime.fromisoformat(run["date"].replace("Z", "+00:00")) if "date" in run \
        else report.date
    engine = run.get("engine", report.engine)
    months = labels.months(lang)
    date = labels.get("date", lang, day=when.day, month=months[when.month - 1], year=when.year)
    tools = ", ".join(f"{name} {version}" for name, version in
                      (("Compose", run.get("compose", report.compose)),
                       ("buildx", run.get("buildx", report.buildx))) if version)
    title = labels.get("stamp_title", lang, executed=result.executed, total=result.total,
                       engine=engine, date=date)
    lines = [labels.get("stamp_text", lang, engine=engine, tools=tools, date=date)]
    if result.failed:
        lines.append(labels.get("stamp_failed", lang, failed=result.failed))
    skipped = []
    for skip in result.skipped:
        block = _block_at(blocks, int(skip.get("line", 0)))
        section = page.section_at(block.line) if block else None
        where = labels.get("stamp_skipped_where", lang)
        if section:
            link = relative_link(page.key, page.key, section.anchor)
            where = f"[{plain(section.heading.text)}]({link})"
        skipped.append(f"- {where}: {skip.get('reason') or '?'}")
    if skipped:
        lines += [labels.get("stamp_skipped", lang), "\n".join(skipped)]
    kind = "failure" if result.failed else "success"
    body = "\n\n".join(lines)
    indented = "\n".join(("    " + line) if line else "" for line in body.splitlines())
    return f'??? {kind} "{title}"\n\n{indented}\n'


def _moved(skipped: list[dict], source: Path, translation: Path) -> list[dict]:
    """Skips at the source page's lines, at the same blocks of the translation."""
    theirs, mine = (parse_file(p).console_blocks() for p in (source, translation))
    moved = []
    for skip in skipped:
        block = _block_at(theirs, int(skip.get("line", 0)))
        index = theirs.index(block) if block else None
        if index is not None and index < len(mine):
            moved.append({**skip, "line": mine[index].line})
    return moved


def _block_at(blocks, line: int):
    for block in blocks:
        first = block.annotation_line or block.line
        if first <= line <= block.end_line:
            return block
    return None
