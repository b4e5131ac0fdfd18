"""The site for reading without a network: a folder that works from disk
(file://), navigation and search included, and a zip of it.

    .venv/bin/python -m bookkit.pdf.offline --out build/offline --downloads build/downloads

It is the same book built once more with Material's built-in ``offline``
plugin switched on (``BOOK_OFFLINE=true``; mkdocs.yml keeps it off for the
published site, whose URLs it would change): links to ``page.html`` files
instead of folders, and the search index as a script. Two things the plugin
leaves on the network are kept local here: its iframe-worker shim (served
from overrides/assets/, instead of a CDN) and the repository widget, which
asks GitHub's API for stars on every page (no ``repo_url`` offline; links to
the repository in the text stay, as links). The fonts are the system's
(``font: false`` in mkdocs.yml) and the diagrams static SVG. The PDFs found
in ``--downloads`` go into its own downloads/ folder, so that its links to
them work, and the zip goes into ``--downloads``, named as mkdocs.yml's
extra.downloads.zip says; `make pdf` then builds the published site again,
which finds it there and links it (hooks/downloads.py). Its footer links
only the PDFs it carries: without them (`make offline`), no download link.
"""

from __future__ import annotations

import argparse
import logging
import os
import shutil
import sys
import time
import zipfile
from pathlib import Path

from bookkit import ROOT

SHIM = "assets/javascripts/iframe-worker-shim.js"


def build(out_dir: Path, *, config_file: Path | None = None,
          downloads: list[Path] = (), strict: bool = True) -> tuple[Path, str | None]:
    """Build the offline site into out_dir (emptied first); (its folder, the
    zip's file name from mkdocs.yml)."""
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config

    out_dir = Path(out_dir).resolve()
    previous = os.environ.get("BOOK_OFFLINE")
    os.environ["BOOK_OFFLINE"] = "true"  # read by mkdocs.yml's !ENV when it is loaded
    try:
        config = load_config(str(config_file or ROOT / "mkdocs.yml"), site_dir=str(out_dir),
                             strict=strict)
    finally:
        if previous is None:
            os.environ.pop("BOOK_OFFLINE", None)
        else:
            os.environ["BOOK_OFFLINE"] = previous
    offline = config.plugins.get("material/offline")
    if offline is None or not offline.config.enabled:
        raise RuntimeError("mkdocs.yml must list the offline plugin with "
                           "enabled: !ENV [BOOK_OFFLINE, false]")
    # The plugin adds its shim from a CDN unless a polyfill named iframe-worker is there.
    config.extra["polyfills"] = [SHIM, *[p for p in config.extra.get("polyfills") or []
                                         if "iframe-worker" not in p]]
    if config.repo_url and config.edit_uri and "://" not in config.edit_uri:
        # Edit links stay (absolute); without repo_url a relative edit_uri is invalid.
        config.edit_uri = config.repo_url.rstrip("/") + "/" + config.edit_uri.lstrip("/")
    config.repo_url = None  # no GitHub API call from the header
    downloads_conf = dict(config.extra.get("downloads") or {})
    zip_name = downloads_conf.pop("zip", None)  # the zip is not inside itself
    # The footer links the PDFs given here and nothing else; hooks/downloads.py
    # copies them into the site's downloads/ folder.
    downloads_conf["files"] = [str(Path(path).resolve()) for path in downloads]
    config.extra["downloads"] = downloads_conf
    if out_dir.exists():
        shutil.rmtree(out_dir)
    mkdocs_build(config)
    # The search index as a script, as the plugin writes it, but from the final
    # index: the i18n plugin rewrites the JSON after the plugin has run.
    for index in out_dir.rglob("search/search_index.json"):
        index.with_suffix(".js").write_text(
            "var __index = " + index.read_text(encoding="utf-8"), encoding="utf-8")
    return out_dir, zip_name


def make_zip(site: Path, zip_path: Path, folder: str = "docker-para-todos-2") -> Path:
    """Zip the site under one top folder; open folder/index.html after unzipping."""
    zip_path = Path(zip_path)
    zip_path.parent.mkdir(parents=True, exist_ok=True)
    partial = zip_path.with_suffix(".zip.part")
    with zipfile.ZipFile(partial, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as archive:
        for path in sorted(Path(site).rglob("*")):
            if path.is_file() and not path.name.endswith(".map"):
                archive.write(path, f"{folder}/{path.relative_to(site).as_posix()}")
    partial.replace(zip_path)
    return zip_path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bookkit.pdf.offline",
                                     description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path("build/offline"),
                        help="the offline site's folder [build/offline]")
    parser.add_argument("--downloads", type=Path, default=None,
                        help="take the PDFs from this folder and put the zip in it")
    parser.add_argument("--config", type=Path, default=None)
    parser.add_argument("--no-strict", action="store_true")
    args = parser.parse_args(argv)
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
    logging.getLogger("mkdocs").addHandler(handler)
    logging.getLogger("mkdocs").setLevel(logging.WARNING)
    start = time.perf_counter()
    pdfs = sorted(args.downloads.glob("*.pdf")) if args.downloads else []
    site, zip_name = build(args.out, config_file=args.config, downloads=pdfs,
                           strict=not args.no_strict)
    print(f"offline: site in {site}, with {len(pdfs)} PDF(s) "
          f"({time.perf_counter() - start:.1f} s)")
    if args.downloads:
        path = make_zip(site, args.downloads / (zip_name or "site.zip"))
        print(f"offline: {path} ({path.stat().st_size / 1e6:.1f} MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
