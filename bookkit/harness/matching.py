"""Compare what a command printed with what the book says it prints.

Both sides are normalised first, so that what changes from run to run does
not fail a test: IDs, digests, timestamps, durations, sizes, addresses. On
top of that, the book may elide with `...`: a line that is only `...`
matches any number of lines; `...` inside a line matches any text.
"""

from __future__ import annotations

import difflib
import re
from functools import lru_cache

ELLIPSIS = "..."

# Order matters: longer, more specific patterns first.
NORMALISERS: list[tuple[re.Pattern, str]] = [
    (re.compile(r"\x1b\[[0-9;?]*[A-Za-z]"), ""),  # terminal colours and cursor moves
    (re.compile(r"SWMTKN-1-[0-9a-z-]+"), "<TOKEN>"),
    (re.compile(r"SWMKEY-1-[0-9A-Za-z+/=]+"), "<KEY>"),
    (re.compile(r"sha256:[0-9a-f]{64}"), "<DIGEST>"),
    (re.compile(r"\b[0-9a-f]{64}\b"), "<ID>"),
    (re.compile(r"\b(?:[0-9a-f]{2}:){5}[0-9a-f]{2}\b"), "<MAC>"),
    (re.compile(r"\b\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(?:\.\d+)?"
                r"(?:Z|[+-]\d{2}:?\d{2})?(?: [+-]\d{4})?(?: [A-Z]{2,5})?"), "<TIME>"),
    (re.compile(r"\b(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun) (?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep"
                r"|Oct|Nov|Dec) +\d+ \d{2}:\d{2}:\d{2}(?: [A-Z]{2,5})? \d{4}\b"), "<TIME>"),
    # openssl's certificate dates (notBefore=Nov 30 22:57:00 2026 GMT).
    (re.compile(r"\b(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) +\d{1,2} "
                r"\d{2}:\d{2}:\d{2} \d{4}(?: [A-Z]{2,5})?\b"), "<TIME>"),
    (re.compile(r"\b\d{2}/(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)/\d{4}"
                r":\d{2}:\d{2}:\d{2}(?: [+-]\d{4})?"), "<TIME>"),  # web server logs
    (re.compile(r"\b\d{2}:\d{2}:\d{2}\b"), "<CLOCK>"),
    (re.compile(r"\b(?:About (?:a|an)|Less than (?:a|an)|an?|\d+) (?:second|minute|hour|day"
                r"|week|month|year)s?\b", re.I), "<DURATION>"),
    (re.compile(r"\b(?=[0-9a-z]*\d)(?=[0-9a-z]*[a-z])[0-9a-z]{25}\b"), "<ID>"),  # swarm IDs
    (re.compile(r"\b(?=[0-9a-f]*[a-f])[0-9a-f]{12}\b"), "<ID>"),
    # Swarm service, task and network IDs as tables truncate them.
    (re.compile(r"\b(?=[0-9a-z]*\d)(?=[0-9a-z]*[a-z])[0-9a-z]{12}\b"), "<ID>"),
    (re.compile(r"\bveth[0-9a-f]{7}\b"), "<VETH>"),
    (re.compile(r"\b\d+(?:\.\d+)?\s?(?:[kKMGT]i?B|B)\b"), "<SIZE>"),
    (re.compile(r"\b\d+(?:\.\d+)?\s?(?:ms|µs)(?!\w)|\b\d+(?:\.\d+)?(?:s|m)\b"), "<DUR>"),
    (re.compile(r"\b\d{1,3}(?:\.\d{1,3}){3}\b"), "<IP>"),
    (re.compile(r"(?<=:)(?:3[2-9]\d{3}|[45]\d{4}|60\d{3})\b"), "<PORT>"),  # ephemeral ports
    (re.compile(r"[ \t]+"), " "),
]


def normalise_line(line: str) -> str:
    line = line.replace("\r", "")
    for pattern, replacement in NORMALISERS:
        line = pattern.sub(replacement, line)
    return line.strip()


def _plain(line: str) -> str:
    """Only colours and column padding removed: for ellipses like `time=... ms`
    that a writer put where the normalised line would say <DUR>."""
    return NORMALISERS[-1][0].sub(" ", NORMALISERS[0][0].sub("", line.replace("\r", ""))).strip()


def _lines(text_or_lines) -> list[str]:
    lines = text_or_lines.splitlines() if isinstance(text_or_lines, str) else list(text_or_lines)
    while lines and not lines[-1].strip():
        lines.pop()
    return lines


@lru_cache(maxsize=4096)
def _line_pattern(expected: str) -> re.Pattern:
    parts = [re.escape(part) for part in expected.split(ELLIPSIS)]
    return re.compile(".*".join(parts) + r"\Z", re.S)


def matches(expected, actual) -> bool:
    """Whether actual output satisfies the expected text (see module doc)."""
    return align(expected, actual) is not None


def align(expected, actual) -> list[int | None] | None:
    """For each expected line, the index of the actual line it matched (None
    for a `...` line); None when the actual output does not match."""
    want_lines, got_lines = _lines(expected), _lines(actual)
    want = [(normalise_line(line), _plain(line)) for line in want_lines]
    got = [(normalise_line(line), _plain(line)) for line in got_lines]
    memo: dict[tuple[int, int], bool] = {}

    def match(i: int, j: int) -> bool:
        if (i, j) in memo:
            return memo[(i, j)]
        if i == len(want):
            result = j == len(got)
        elif want[i][0] == ELLIPSIS:
            result = any(match(i + 1, k) for k in range(j, len(got) + 1))
        else:
            result = j < len(got) and _line_matches(want[i], got[j]) and match(i + 1, j + 1)
        memo[(i, j)] = result
        return result

    if not match(0, 0):
        return None
    placed, j = [], 0  # walk the memo along the path that matched
    for i in range(len(want)):
        if want[i][0] == ELLIPSIS:
            placed.append(None)
            j = next(k for k in range(j, len(got) + 1) if match(i + 1, k))
        else:
            placed.append(j)
            j += 1
    return placed


def _line_matches(want: tuple[str, str], got: tuple[str, str]) -> bool:
    return any(_line_pattern(w).match(g) for w, g in zip(want, got, strict=True))


def diff(expected, actual, label: str = "") -> str:
    """A unified diff of what the book says against what Docker printed."""
    return "\n".join(difflib.unified_diff(
        _lines(expected), _lines(actual), fromfile=f"book {label}".strip(),
        tofile="docker", lineterm=""))


# What names a thing a later block may show again: IDs, digests, tokens,
# addresses. A trimmed line takes these from this run (see refresh).
_IDENTITY = re.compile("(" + "|".join(
    f"(?:{pattern.pattern})" for pattern, replacement in NORMALISERS
    if replacement in ("<TOKEN>", "<KEY>", "<DIGEST>", "<ID>", "<MAC>", "<IP>", "<VETH>")) + ")")


def refresh(expected: str, actual: str) -> str:
    """A line the writer trimmed with `...` (``expected``), with the IDs,
    digests and addresses of the ``actual`` line it matched, so that a page's
    outputs agree with one another. The writer's text and ellipses stay; a
    line whose shape does not follow the actual one is returned unchanged."""
    pattern = []
    for index, part in enumerate(_plain(expected).split(ELLIPSIS)):
        pattern.append(".*?" if index else "")
        pieces = _IDENTITY.split(part)  # text, token, text, token, ..., text
        pattern += [_IDENTITY.pattern if i % 2 else re.escape(piece)
                    for i, piece in enumerate(pieces)]
    found = re.fullmatch("".join(pattern), _plain(actual), re.S)
    if found is None:
        return expected
    values = iter(found.groups())
    return _IDENTITY.sub(lambda token: next(values), expected)
