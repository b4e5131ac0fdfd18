"""Links to Docker's reference (data/reference-urls.yml): where the prose
names a command or a Dockerfile instruction in a code span, its first
mention in the page links to Docker's documentation for it.

A code span names a command when it starts with one (`docker container run
--rm busybox` names `docker container run`; the longest known command wins)
and an instruction when it is the instruction's keyword, alone or followed by
its arguments (`RUN`, `COPY --chown=...`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from bookkit.data import DataError, Entry, load, raise_all, require
from bookkit.markdown import Document, inline_spans, without_gc_pauses


@dataclass
class Reference:
    name: str
    url: str


def load_table(path: Path | str) -> list[Reference]:
    """Every command (and alias) and instruction with its URL."""
    path = Path(path)
    data = load(path)
    if not isinstance(data, dict):
        raise DataError(path, None, "must have 'commands:' and 'dockerfile:' lists")
    references, errors, seen = [], [], {}
    for section, key in (("commands", "command"), ("dockerfile", "instruction")):
        entries = data.get(section) or []
        if not isinstance(entries, list):
            errors.append(DataError(path, None, f"'{section}' must be a list"))
            continue
        for entry in entries:
            try:
                if not isinstance(entry, Entry):
                    raise DataError(path, None, f"'{section}': every item must be a mapping")
                name = require(entry, key, path)
                url = require(entry, "url", path)
                if not url.startswith("https://"):
                    raise DataError(path, entry.line, f"{name}: 'url' must be an https URL")
                aliases = entry.get("aliases") or []
                if not isinstance(aliases, list):
                    raise DataError(path, entry.line, f"{name}: 'aliases' must be a list")
                for alias in [name, *aliases]:
                    if alias in seen:
                        raise DataError(path, entry.line, f"{alias}: listed twice (also at "
                                        f"{path}:{seen[alias]}); keep one")
                    seen[alias] = entry.line
                    references.append(Reference(str(alias), url))
            except DataError as error:
                errors.append(error)
    raise_all(errors)
    return references


class Linker:
    """Links the first code span naming each reference in a page's prose."""

    @without_gc_pauses
    def __init__(self, references: list[Reference]):
        self._urls = {ref.name: ref.url for ref in references}
        names = list(self._urls)
        # Looked up by words, the longest first: a dictionary, where one
        # pattern of hundreds of names takes longer to compile than to use.
        self._words = max((len(name.split()) for name in names), default=0)
        # A cheap first look at a passage: a code span that may start with a
        # name. Only then is the passage split into code, links and text.
        starts = sorted({name.split()[0] for name in names})
        self._maybe = re.compile(
            r"`[ \t\n]*(?:" + "|".join(re.escape(word) for word in starts) + r")[\s`]"
        ) if names else None

    def name_in(self, code: str) -> str | None:
        """The command or instruction a code span's content names, if any:
        the longest name its first words make."""
        words = code.split()
        for count in range(min(self._words, len(words)), 0, -1):
            name = " ".join(words[:count])
            if name in self._urls:
                return name
        return None

    @without_gc_pauses
    def link(self, doc: Document, make_link=None) -> str:
        """The page's Markdown with the first code span naming each reference
        linked; ``make_link(url, code)`` writes the link (default: Markdown)."""
        if self._maybe is None:
            return doc.text
        text, offsets = doc.text, doc.offsets
        done: set[str] = set()
        edits = []
        for prose in doc.prose:
            start = offsets[prose.start - 1]
            end = offsets[prose.end] if prose.end < len(offsets) else len(text)
            passage = text[start:end]
            if "`" not in passage or not self._maybe.search(passage):
                continue
            for span in inline_spans(passage):
                if span.kind != "code":
                    continue
                code = passage[span.start:span.end].strip("`").strip()
                name = self.name_in(code)
                if name is None or self._urls[name] in done:
                    continue
                done.add(self._urls[name])
                edits.append((start + span.start, start + span.end, self._urls[name]))
        parts, done = [], 0
        for begin, finish, url in sorted(edits):
            code = text[begin:finish]
            parts += [text[done:begin], make_link(url, code) if make_link else f"[{code}]({url})"]
            done = finish
        return "".join(parts) + text[done:]
