"""Load the YAML data files that sit beside the docs (glossary, corrections,
image recipes...), keeping each entry's line so errors can point at it."""

from __future__ import annotations

from pathlib import Path

import yaml


class DataError(Exception):
    """A data file a contributor edits is wrong: says where and what to do."""

    def __init__(self, path: Path | str, line: int | None, message: str):
        self.path, self.line = Path(path), line
        where = f"{path}:{line}" if line else str(path)
        super().__init__(f"{where}: {message}")


class Entry(dict):
    """A YAML mapping that remembers the line it starts on."""

    line: int = 0


# libyaml's loader where PyYAML has it (several times faster; same marks).
class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    pass


def _construct_entry(loader: _Loader, node: yaml.MappingNode):
    # Registered for every mapping: SafeLoader builds nested mappings through
    # this constructor (yield first, fill after, so aliases work), not through
    # construct_mapping's return value.
    entry = Entry()
    entry.line = node.start_mark.line + 1
    yield entry
    entry.update(loader.construct_mapping(node))


_Loader.add_constructor("tag:yaml.org,2002:map", _construct_entry)


def load(path: Path | str):
    """Parse a YAML file; a syntax error names the file, line and fix."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise DataError(path, None, "file not found; create it or fix the path") from None
    try:
        return yaml.load(text, Loader=_Loader)  # noqa: S506 - SafeLoader subclass
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark else None
        raise DataError(
            path, line, f"YAML error: {error.problem or error}; check indentation and quoting"
        ) from None


def require(entry: Entry, key: str, path: Path | str, kind=str):
    """entry[key], or a DataError that says which entry lacks what."""
    value = entry.get(key)
    if value is None or (kind is not None and not isinstance(value, kind)):
        what = kind.__name__ if kind else "a value"
        name = entry.get("id") or entry.get("name") or entry.get("term") or "entry"
        raise DataError(path, entry.line, f"{name}: '{key}' must be {what}")
    return value


def load_list(path: Path | str, example: str) -> tuple[list[Entry], list[DataError]]:
    """A data file that is a YAML list of mappings: its mappings, and one error
    for each item that is not one (reported with the rest of the file's
    problems). `example` shows an item's first line, e.g. "- id: ..."."""
    path = Path(path)
    data = load(path)
    if data is None:
        return [], []
    if not isinstance(data, list):
        raise DataError(path, None, f"must be a YAML list ({example})")
    entries = [item for item in data if isinstance(item, Entry)]
    errors = [DataError(path, None, f"every item must be a mapping ({example})")
              for item in data if not isinstance(item, Entry)]
    return entries, errors


class DataErrors(DataError):
    """Several problems found in one pass, reported together so a contributor
    fixes them all at once."""

    def __init__(self, errors: list[DataError]):
        self.errors = list(errors)
        self.path, self.line = self.errors[0].path, self.errors[0].line
        Exception.__init__(self, "\n".join(str(error) for error in self.errors))


def raise_all(errors: list[DataError], into: list[DataError] | None = None) -> None:
    """Raise the collected errors, if any (one alone as itself); or, given a
    list ``into``, add them to it for the caller to report."""
    if into is not None:
        into.extend(errors)
        return
    if len(errors) == 1:
        raise errors[0]
    if errors:
        raise DataErrors(errors)
