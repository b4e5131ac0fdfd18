"""python -m bookkit.lint [CHECK ...] [--site DIR] [--external]

Runs the checks (all by default, in CHECKS order) and prints, per check, ok
or its problems. Checks that read the built site (spelling, links, weight)
need --site pointing at a strict build (`make lint` builds site/ first).
--files F... checks only those files (pre-commit hands over the staged ones).
--external checks the site's external links instead (the non-blocking job).
Exit status: 0 when every check passed, 1 otherwise, 2 on a setup problem."""

from __future__ import annotations

import argparse
import importlib
import sys
import time
from pathlib import Path

from bookkit.lint import CHECKS, ROOT, LintSetupError


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bookkit.lint", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("checks", nargs="*", metavar="CHECK",
                        help=f"checks to run (default: all): {', '.join(CHECKS)}")
    parser.add_argument("--site", type=Path, help="the built site (mkdocs build --strict)")
    parser.add_argument("--root", type=Path, default=ROOT, help=argparse.SUPPRESS)
    parser.add_argument("--files", nargs="*", type=Path,
                        help="only these files (pre-commit passes the staged ones)")
    parser.add_argument("--external", action="store_true",
                        help="check the external links of the built site (needs network)")
    args = parser.parse_args(argv)
    unknown = [name for name in args.checks if name not in CHECKS]
    if unknown:
        parser.error(f"unknown check {', '.join(unknown)}; the checks: {', '.join(CHECKS)}")

    if args.external:
        from bookkit.lint import links
        return report("external links", lambda: links.check_external(args.site))

    failed = 0
    for name in args.checks or CHECKS:
        module = importlib.import_module(f"bookkit.lint.{name}")
        if module.NEEDS_SITE and args.files is not None:
            continue  # pre-commit: the checks of the built site run in `make lint`
        if module.NEEDS_SITE and not (args.site and (args.site / "index.html").exists()):
            print(f"lint {name}: needs the built site: run `make lint` (it builds site/), "
                  "or pass --site DIR", file=sys.stderr)
            return 2
        if args.files is not None:
            files = [f for f in args.files if module.wants(f)]
            status = report(name, lambda m=module, f=files: m.check(args.root, args.site, f))
        else:
            status = report(name, lambda m=module: m.check(args.root, args.site))
            if status == 0 and hasattr(module, "summary"):
                print(f"  {module.summary(args.root, args.site)}")
        if status == 2:
            return 2
        failed |= status
    print("lint: all checks passed" if not failed else "lint: FAILED (see above)")
    return failed


def report(name: str, check) -> int:
    start = time.monotonic()
    try:
        problems = check()
    except LintSetupError as error:
        print(f"lint {name}: cannot run: {error}", file=sys.stderr)
        return 2
    took = f"{time.monotonic() - start:.1f}s"
    if not problems:
        print(f"lint {name}: ok ({took})")
        return 0
    print(f"lint {name}: {len(problems)} problem(s) ({took})")
    for line in problems:
        print(f"  {line}")
    return 1


if __name__ == "__main__":
    sys.exit(main())
