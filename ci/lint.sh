#!/usr/bin/env bash
# Pull requests, job "lint": the strict build and every linter (make lint).
source "$(dirname "$0")/lib.sh"
step as_root scripts/system-deps.sh lint
step make lint
