#!/usr/bin/env bash
# The pages that have examples (a ```console block), as a JSON list: the
# examples job's matrix. On GitHub it also writes pages=<list> to $GITHUB_OUTPUT.
source "$(dirname "$0")/lib.sh"
pages=$(grep -l '^ *```console' docs/es/*.md | sed 's/.*/"&"/' | paste -sd, -)
echo "[$pages]"
if [ -n "${GITHUB_OUTPUT:-}" ]; then echo "pages=[$pages]" >> "$GITHUB_OUTPUT"; fi
