"""Compare what a command printed with what the book says it prints.

The book's text is read as a pattern. Its words are literal; only what
Docker generates anew on every run may differ: IDs, digests, tokens, MAC
and veth names, ephemeral host ports, dates, clock times, ages ("5 seconds
ago", "Up 2 minutes") and measured durations with decimals ("0.3s"). Each
is a variable only where the book shows one, and must be of the same kind in
Docker's output. An address, a size, a limit or a count the book states must
match, unless the block declares that it varies and why
(`<!-- test: varies="size: ..." -->`, kinds in VARYING). One ID shown twice
in a block must be the same object both times, and two different IDs two
different objects.

The book may also elide with `...`: a line that is only `...` matches any
number of lines; `...` inside a line matches any text. Runs of spaces count
as one (table columns widen with their contents).
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from functools import lru_cache

ELLIPSIS = "..."
_MONTH = "(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)"
_AGE = (r"(?:About (?:a|an)|Less than (?:a|an)|about (?:a|an)|less than (?:a|an)|an?|\d+) "
        r"(?:second|minute|hour|day|week|month|year)s?")


@dataclass(frozen=True)
class Kind:
    """Something that differs from run to run: how to find it in the book
    (`shown`) and what Docker may print in its place (`printed`)."""

    name: str
    shown: str
    printed: str | None = None  # defaults to `shown`
    identity: bool = False  # names one object: consistent within a block

    @property
    def pattern(self) -> str:
        return self.printed or self.shown


# Longer and more specific first: the first kind that matches at a place wins.
PER_RUN = [
    Kind("token", r"SWMTKN-1-[0-9a-z-]+", identity=True),
    Kind("key", r"SWMKEY-1-[0-9A-Za-z+/=]+", identity=True),
    Kind("digest", r"sha256:[0-9a-f]{64}", identity=True),
    Kind("id", r"\b[0-9a-f]{64}\b", identity=True),
    Kind("mac", r"\b(?:[0-9a-f]{2}:){5}[0-9a-f]{2}\b", identity=True),
    Kind("time", r"\b\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(?:\.\d+)?"
                 r"(?:Z|[+-]\d{2}:?\d{2})?(?: [+-]\d{4})?(?: [A-Z]{2,5})?"),
    Kind("time", r"\b(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun) " + _MONTH +
                 r" +\d+ \d{2}:\d{2}:\d{2}(?: [A-Z]{2,5})? \d{4}\b"),
    # openssl's certificate dates (notBefore=Nov 30 22:57:00 2026 GMT).
    Kind("time", r"\b" + _MONTH + r" +\d{1,2} \d{2}:\d{2}:\d{2} \d{4}(?: [A-Z]{2,5})?\b"),
    Kind("time", r"\b\d{2}/" + _MONTH + r"/\d{4}:\d{2}:\d{2}:\d{2}(?: [+-]\d{4})?"),
    Kind("clock", r"\b\d{2}:\d{2}:\d{2}\b"),
    Kind("age", r"\b" + _AGE + r" ago\b"),
    Kind("age", r"\bUp " + _AGE + r"\b"),
    Kind("id", r"\b(?=[0-9a-z]*\d)(?=[0-9a-z]*[a-z])[0-9a-z]{25}\b", r"\b[0-9a-z]{25}\b",
         identity=True),  # swarm node, service and task IDs
    Kind("id", r"\b(?=[0-9a-f]*[a-f])[0-9a-f]{12}\b", r"\b[0-9a-f]{12}\b", identity=True),
    # Swarm IDs as tables truncate them.
    Kind("id", r"\b(?=[0-9a-z]*\d)(?=[0-9a-z]*[a-z])[0-9a-z]{12}\b", r"\b[0-9a-z]{12}\b",
         identity=True),
    Kind("veth", r"\bveth[0-9a-f]{7}\b", identity=True),
    # Measured durations carry decimals (BuildKit's 0.3s, ping's 0.04 ms,
    # time's 0m1.003s); a whole "30s" or "64m" is a setting and stays literal.
    Kind("duration", r"\b\d+\.\d+(?:/\d+\.\d+)+\s?ms\b"),  # ping's min/avg/max
    Kind("duration", r"\b(?:\d+m)?\d+\.\d+\s?(?:ms|µs|s)(?!\w)"),
    Kind("port", r"(?<=:)(?:3[2-9]\d{3}|[45]\d{4}|60\d{3})\b"),  # ephemeral host ports
]

# What a block may declare as varying, with why: varies="ip,size: why".
VARYING = {
    "ip": Kind("ip", r"\b\d{1,3}(?:\.\d{1,3}){3}\b", identity=True),
    "size": Kind("size", r"\b\d+(?:\.\d+)?\s?(?:[kKMGT]i?B|B)\b"),
    "number": Kind("number", r"\b\d+(?:\.\d+)?%?"),
}

_ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")
_SPACES = re.compile(r"[ \t]+")


def _clean(line: str) -> str:
    """Only what a terminal shows differently: colours, column padding."""
    return _SPACES.sub(" ", _ANSI.sub("", line.replace("\r", ""))).strip()


def _lines(text_or_lines) -> list[str]:
    lines = text_or_lines.splitlines() if isinstance(text_or_lines, str) else list(text_or_lines)
    while lines and not lines[-1].strip():
        lines.pop()
    return lines


@lru_cache(maxsize=64)
def _finder(varies: tuple[str, ...]) -> tuple[re.Pattern, tuple[Kind, ...]]:
    """One pattern with a group per kind, to find the variables in a book line."""
    kinds = tuple(PER_RUN) + tuple(VARYING[name] for name in varies)
    return re.compile("|".join(f"({kind.shown})" for kind in kinds)), kinds


@dataclass
class LinePattern:
    regex: re.Pattern
    variables: list[tuple[Kind, str]]  # in order: the kind and the book's text


@lru_cache(maxsize=4096)
def _line_pattern(expected: str, varies: tuple[str, ...] = ()) -> LinePattern:
    finder, kinds = _finder(varies)
    parts, variables = [], []
    for index, piece in enumerate(_clean(expected).split(ELLIPSIS)):
        if index:
            parts.append(".*")
        position = 0
        for found in finder.finditer(piece):
            kind = kinds[found.lastindex - 1]
            parts += [re.escape(piece[position:found.start()]), f"({kind.pattern})"]
            variables.append((kind, found.group()))
            position = found.end()
        parts.append(re.escape(piece[position:]))
    return LinePattern(re.compile("".join(parts) + r"\Z", re.S), variables)


@dataclass
class Bindings:
    """Which of Docker's objects each of the book's IDs stands for, in one
    block: the same book ID must be the same printed ID, and the reverse."""

    book_to_run: dict[str, str] = field(default_factory=dict)
    run_to_book: dict[str, str] = field(default_factory=dict)

    @staticmethod
    def _key(kind: Kind, text: str) -> str:
        if kind.name in ("id", "digest"):  # a short ID is the start of the long one
            return kind.name[:2] + ":" + text.removeprefix("sha256:")[:12]
        return f"{kind.name}:{text}"

    def bind(self, pairs: list[tuple[Kind, str, str]]) -> str | None:
        """Record the pairs; say what contradicts an earlier one, if any."""
        added = []
        for kind, book, run in pairs:
            if not kind.identity:
                continue
            book_key, run_key = self._key(kind, book), self._key(kind, run)
            known_run = self.book_to_run.get(book_key)
            known_book = self.run_to_book.get(run_key)
            if known_run not in (None, run_key) or known_book not in (None, book_key):
                for key in added:
                    self.run_to_book.pop(self.book_to_run.pop(key))
                return (f"the book's {book} stands for one object, but Docker printed "
                        f"{run} where it shows {book}"
                        if known_run not in (None, run_key) else
                        f"Docker printed {run} for two different objects of the book "
                        f"({book} and another)")
            if known_run is None:
                self.book_to_run[book_key], self.run_to_book[run_key] = run_key, book_key
                added.append(book_key)
        return None


def _line_match(want: str, got: str, varies) -> list[tuple[Kind, str, str]] | None:
    pattern = _line_pattern(want, varies)
    found = pattern.regex.match(_clean(got))
    if found is None:
        return None
    return [(kind, book, run) for (kind, book), run in
            zip(pattern.variables, found.groups(), strict=True)]


def _path(expected, actual, varies):
    """(for each expected line the index of the actual line it matched, None
    for a `...` line; the variables met on the way), or None."""
    want, got = _lines(expected), _lines(actual)
    varies = tuple(varies)
    memo: dict[tuple[int, int], bool] = {}

    def match(i: int, j: int) -> bool:
        if (i, j) not in memo:
            if i == len(want):
                memo[(i, j)] = j == len(got)
            elif want[i].strip() == ELLIPSIS:
                memo[(i, j)] = any(match(i + 1, k) for k in range(j, len(got) + 1))
            else:
                memo[(i, j)] = (j < len(got) and _line_match(want[i], got[j], varies) is not None
                                and match(i + 1, j + 1))
        return memo[(i, j)]

    if not match(0, 0):
        return None
    placed, pairs, j = [], [], 0  # walk the memo along the path that matched
    for i in range(len(want)):
        if want[i].strip() == ELLIPSIS:
            placed.append(None)
            j = next(k for k in range(j, len(got) + 1) if match(i + 1, k))
        else:
            placed.append(j)
            pairs += _line_match(want[i], got[j], varies)
            j += 1
    return placed, pairs


def align(expected, actual, varies=()) -> list[int | None] | None:
    """For each expected line, the index of the actual line it matched (None
    for a `...` line); None when the actual output does not match."""
    path = _path(expected, actual, varies)
    return path[0] if path else None


def mismatch(expected, actual, varies=(), bindings: Bindings | None = None,
             label: str = "") -> str | None:
    """Why the output does not match the book, None when it does. With
    `bindings`, its IDs must also agree with those seen earlier in the block."""
    path = _path(expected, actual, varies)
    if path is None:
        return diff(expected, actual, label)
    problem = (bindings or Bindings()).bind(path[1])
    return f"{problem}\n{diff(expected, actual, label)}" if problem else None


def matches(expected, actual, varies=()) -> bool:
    """Whether actual output satisfies the expected text (see module doc)."""
    return mismatch(expected, actual, varies) is None


def diff(expected, actual, label: str = "") -> str:
    """A unified diff of what the book says against what Docker printed."""
    return "\n".join(difflib.unified_diff(
        _lines(expected), _lines(actual), fromfile=f"book {label}".strip(),
        tofile="docker", lineterm=""))


# What names a thing a later block may show again. A trimmed line takes
# these from this run (see refresh).
_IDENTITY = re.compile("(" + "|".join(
    f"(?:{kind.shown})" for kind in [*PER_RUN, VARYING["ip"]] if kind.identity) + ")")


def refresh(expected: str, actual: str) -> str:
    """A line the writer trimmed with `...` (``expected``), with the IDs,
    digests and addresses of the ``actual`` line it matched, so that a page's
    outputs agree with one another. The writer's text and ellipses stay; a
    line whose shape does not follow the actual one is returned unchanged."""
    pattern = []
    for index, part in enumerate(_clean(expected).split(ELLIPSIS)):
        pattern.append(".*?" if index else "")
        pieces = _IDENTITY.split(part)  # text, token, text, token, ..., text
        pattern += [_IDENTITY.pattern if i % 2 else re.escape(piece)
                    for i, piece in enumerate(pieces)]
    found = re.fullmatch("".join(pattern), _clean(actual), re.S)
    if found is None:
        return expected
    values = iter(found.groups())
    return _IDENTITY.sub(lambda token: next(values), expected)
