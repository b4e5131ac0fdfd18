#!/usr/bin/env bash
# A release for the pushed tag (edicion-*), with the PDFs and the offline zip
# of downloads/ (the build job's artifact). Needs GH_TOKEN.
source "$(dirname "$0")/lib.sh"
tag=${GITHUB_REF_NAME:?run on a tag push}
sha=${GITHUB_SHA::7}
gh release create "$tag" downloads/* --repo "$GITHUB_REPOSITORY" --verify-tag \
    --title "Docker para todos 2 · $tag" \
    --notes "PDF y sitio sin conexión generados de $sha; cada ejemplo se ejecutó en CI."
