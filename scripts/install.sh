#!/usr/bin/env bash
# `make install`: the virtualenv ($VENV, .venv by default) with exactly
# requirements.lock (every package at an exact version, checked against its
# sha256) and the book's own code (pip install -e .).
#
# It installs with uv, a wheel from PyPI that installs the same lock about ten
# times faster than pip: the base Python's pip (or, if it has none, a pip
# seeded into the venv by ensurepip) puts uv (its version and hashes also come
# from requirements.lock) into the new virtualenv, and uv installs the rest.
# If uv cannot be had (a mirror without it, a platform with no uv wheel), pip
# installs the same lock, with the same hashes, only slower.
# uv keeps its downloads in ~/.cache/uv (UV_CACHE_DIR); CI caches that folder.
set -euo pipefail
cd "$(dirname "$0")/.."
venv=${VENV:-.venv}
python=${PYTHON:-python3}
lock=requirements.lock
py=$venv/bin/python
uv=$venv/bin/uv
export UV_PYTHON_DOWNLOADS=never PIP_DISABLE_PIP_VERSION_CHECK=1
start=$SECONDS

say() { printf 'install: %s\n' "$*"; }

if ! command -v "$python" >/dev/null; then
    say "no $python on PATH: install Python 3.11.5 or later, or run make with PYTHON=/path/to/python3"
    exit 1
fi
if ! "$python" -c 'import sys; sys.exit(sys.version_info < (3, 11, 5))'; then
    say "$("$python" -V 2>&1) is too old: the pinned pymdown-extensions needs Python 3.11.5 or" \
        "later (Debian 12's python3 is 3.11.2). Run make with PYTHON=python3.12 (or another" \
        "3.11.5+), e.g. from pyenv, the python:3.11 image or 'uv python install 3.11'"
    exit 1
fi

if [ ! -x "$py" ]; then
    # No pip inside: uv installs everything, and the venv is made in a second.
    "$python" -m venv --without-pip "$venv"
fi

if [ ! -x "$uv" ]; then
    requirement=$(mktemp)
    trap 'rm -f "$requirement"' EXIT
    # uv's entry of the lock: its pin and its hashes (the lines up to the next package).
    awk '/^uv==/ {p = 1; print; next} p && /^ / {print; next} {p = 0}' "$lock" > "$requirement"
    # The base Python's pip (22.3+ has --python), else a pip seeded in the venv.
    if ! "$python" -m pip --python "$py" install -q --no-deps --require-hashes \
            -r "$requirement" >"$requirement.log" 2>&1 &&
       ! { "$py" -m ensurepip --default-pip >>"$requirement.log" 2>&1 &&
           "$py" -m pip install -q --no-deps --require-hashes -r "$requirement" \
               >>"$requirement.log" 2>&1; } || [ ! -x "$uv" ]; then
        tail -n 5 "$requirement.log" >&2
        say "could not install uv with pip; installing with pip instead (slower)"
    fi
    rm -f "$requirement.log"
fi

if [ -x "$uv" ]; then
    # sync: exactly the lock (a package removed from it leaves the venv too).
    "$uv" pip sync --python "$py" --require-hashes "$lock"
    "$uv" pip install --python "$py" --no-deps --no-build-isolation -e . -q
    say "$(basename "$uv") $("$uv" --version | cut -d' ' -f2): $lock installed in $((SECONDS - start)) s"
else
    "$py" -m pip --version >/dev/null 2>&1 || "$py" -m ensurepip --default-pip >/dev/null
    "$py" -m pip install -q --require-hashes -r "$lock"
    "$py" -m pip install -q --no-deps --no-build-isolation -e .
    say "pip: $lock installed in $((SECONDS - start)) s"
fi
