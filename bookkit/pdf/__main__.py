"""python -m bookkit.pdf: the PDFs of the built site (see bookkit/pdf/__init__.py)."""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

from bookkit.data import DataError
from bookkit.pdf import BookError, build


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bookkit.pdf", description=__doc__)
    parser.add_argument("--site", type=Path, default=Path("site"),
                        help="the built site (mkdocs build) [site]")
    parser.add_argument("--out", type=Path, default=Path("build/downloads"),
                        help="where the PDFs go [build/downloads]")
    parser.add_argument("--lang", action="append", help="only this language (repeatable)")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 2,
                        help="languages laid out at once, one process each [cores]")
    parser.add_argument("--config", type=Path, default=None, help="mkdocs.yml")
    parser.add_argument("--keep-html", action="store_true",
                        help="also write the HTML given to WeasyPrint, beside each PDF")
    parser.add_argument("--pdf-variant", default=None,
                        help="a WeasyPrint PDF variant, e.g. pdf/ua-1 (tagged; ~8 s more)")
    parser.add_argument("--strict", action="store_true",
                        help="fail on warnings (a diagram shown as source, a broken anchor...)")
    args = parser.parse_args(argv)

    start = time.perf_counter()
    try:
        results = build(args.site, args.out, langs=args.lang, jobs=args.jobs,
                        config_file=args.config, keep_html=args.keep_html,
                        pdf_variant=args.pdf_variant)
    except (BookError, DataError, FileNotFoundError) as error:
        print(f"pdf: {error}", file=sys.stderr)
        return 1
    warned = False
    for result in results:
        for warning in result.warnings:
            warned = True
            print(f"pdf: WARNING {result.lang}: {warning}", file=sys.stderr)
        timing = ", ".join(f"{k} {v:.1f}" for k, v in result.seconds.items())
        print(f"pdf: {result.lang}: {result.path} ({result.pages} pages; "
              f"{sum(result.seconds.values()):.1f} s [{timing}], "
              f"CPU {sum(result.cpu.values()):.1f} s)")
    print(f"pdf: {len(results)} PDF(s) in {time.perf_counter() - start:.1f} s")
    return 1 if warned and args.strict else 0


if __name__ == "__main__":
    sys.exit(main())
