#!/usr/bin/env bash
# Pull requests, job "unit": the fast tier (make test-unit): no Docker, no
# network, no build of the real site. hunspell and Pango for the tests of the
# spelling check and of the PDF's pieces.
source "$(dirname "$0")/lib.sh"
step as_root scripts/system-deps.sh lint pdf
step make test-unit
