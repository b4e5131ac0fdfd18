#!/usr/bin/env bash
# Render every diagrams/*.mmd to docs/assets/diagrams/*.svg (and the English
# sources, diagrams/en/*.mmd, to docs/en/assets/diagrams/*.svg) with plain SVG
# text (no HTML labels), so the same file shows on the website, offline and
# in the PDF without JavaScript. Each SVG records its source's hash; a test
# checks that no SVG is older than its source.
set -euo pipefail
cd "$(dirname "$0")/.."
export PUPPETEER_SKIP_DOWNLOAD=1
[ -x node_modules/.bin/mmdc ] || npm install --silent --no-audit --no-fund
for source in diagrams/*.mmd diagrams/en/*.mmd; do
  name=$(basename "$source" .mmd)
  case "$source" in
    diagrams/en/*) out=docs/en/assets/diagrams/$name.svg ;;
    *) out=docs/assets/diagrams/$name.svg ;;
  esac
  node_modules/.bin/mmdc -q -p diagrams/puppeteer.json -c diagrams/mermaid.json \
    -b white -i "$source" -o "$out"
  hash=$(sha256sum "$source" | cut -d' ' -f1)
  sed -i "1s|^|<!-- source: $source sha256:$hash -->\n|" "$out"
  echo "$out"
done
