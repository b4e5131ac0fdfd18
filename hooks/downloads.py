"""The footer's downloads (overrides/main.html) link only to files this build
has. `make pdf` writes the PDFs and the offline zip into build/downloads/
(mkdocs.yml: extra.downloads.folder) and then builds the site once more; this
hook tells the template which of extra.downloads' files are there and copies
them into the site's downloads/ folder. A plain `make build` or `make serve`
with nothing in build/downloads/ shows no download link at all.

The offline site (bookkit/pdf/offline.py) names its files itself, in
extra.downloads.files: the PDFs it carries, never its own zip."""

import shutil
from pathlib import Path

from bookkit.site import project_dir

_state: dict = {}


def on_config(config):
    downloads = config.extra.get("downloads") or {}
    if "files" in downloads:
        found = [Path(path) for path in downloads["files"]]
    else:
        folder = project_dir(config) / downloads.get("folder", "build/downloads")
        patterns = [downloads[key].replace("{lang}", "*") for key in ("pdf", "zip")
                    if downloads.get(key)]
        found = sorted({path for pattern in patterns for path in folder.glob(pattern)
                        if path.is_file()}) if folder.is_dir() else []
    _state["files"] = found
    # The template links a file only if its name is in this list.
    config.extra["downloads_present"] = [path.name for path in found]
    return config


def on_post_build(config):
    files = _state.get("files") or []
    if not files:
        return
    target = Path(config.site_dir) / "downloads"
    target.mkdir(parents=True, exist_ok=True)
    for path in files:
        if not (target / path.name).exists() or not path.samefile(target / path.name):
            shutil.copy2(path, target / path.name)
