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


def load_validated(path: Path | str, schema_path: Path | str):
    """A data file checked against the JSON Schema declared beside it (the
    one editors load through the file's `# yaml-language-server: $schema=`
    line): its data, or every problem at once, each with the file's line."""
    import json  # here: only the data files with a schema need these two

    import jsonschema

    path, schema_path = Path(path), Path(schema_path)
    data = load(path)
    try:
        schema = json.loads(schema_path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise DataError(schema_path, None, f"cannot read the schema: {error}") from None
    validator = jsonschema.Draft202012Validator(schema)
    found = sorted(validator.iter_errors(data), key=lambda e: [str(p) for p in e.absolute_path])
    if not found:
        return data
    root = yaml.compose(path.read_text(encoding="utf-8"), Loader=_Loader)
    errors = []
    for error in found:
        where = "/".join(str(p) for p in error.absolute_path) or "the top level"
        hint = error.schema.get("description") if isinstance(error.schema, dict) else None
        message = f"{where}: {error.message}" + (f" ({hint})" if hint else "")
        errors.append(DataError(path, _line_of(root, list(error.absolute_path), error),
                                message))
    raise_all(errors)
    return data


def _line_of(node, steps: list, error) -> int | None:
    """The line of the YAML node at a JSON path (a wrong key: that key's)."""
    if node is None:
        return None
    for step in steps:
        if isinstance(node, yaml.MappingNode):
            node = next((value for key, value in node.value if key.value == step), node)
        elif isinstance(node, yaml.SequenceNode) and isinstance(step, int) \
                and step < len(node.value):
            node = node.value[step]
    if error.validator == "additionalProperties" and isinstance(node, yaml.MappingNode):
        allowed = set(error.schema.get("properties", {}))
        extra = next((key for key, _ in node.value if key.value not in allowed), None)
        if extra is not None:
            return extra.start_mark.line + 1
    return node.start_mark.line + 1
