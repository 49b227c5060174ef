"""Build the site's figures: python build_figures.py [NAME|GLOB ...] [options].

Trains each article's small models and writes docs/assets/figures/<article>/<name>.<ext> plus
manifest.json. Only figures whose cache key changed are rebuilt. Exit codes: 0 all built,
1 some figure failed or the figures folder cannot be written, 2 bad command line.
"""

from __future__ import annotations

import argparse
import difflib
import sys
from pathlib import Path

from figures.pipeline import DEFAULT_OUT, UnknownFigure, build, format_table, runner, store
from figures.registry import discover


def parse_args(argv: list[str]) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("names", nargs="*", help="figure names or globs (default: all)")
    p.add_argument("--list", action="store_true", help="list figures: name, article, kind, cached or stale")
    p.add_argument("--force", action="store_true", help="rebuild even if cached")
    p.add_argument("--device", default="auto", choices=["auto", "cpu", "cuda"])
    p.add_argument("--jobs", type=int, default=None,
                   help="parallel worker processes (default: one per core, capped at the cores)")
    p.add_argument("--quick", action="store_true", help="few steps and seeds, for tests")
    p.add_argument("--out", type=Path, default=DEFAULT_OUT, help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    if args.jobs is None:
        args.jobs = runner.cores()
    if args.jobs < 1:
        p.error("--jobs must be at least 1")
    return args


def list_figures(args: argparse.Namespace) -> int:
    specs = runner.select(discover(runner.ARTICLES_PACKAGE), args.names)
    manifest = store.load_manifest(args.out)
    print(f"{'figure':<28} {'article':<20} {'kind':<14} state")
    for name, spec in specs.items():
        device = runner.choose_device(spec, args.device)
        _, key = runner.plan(spec, args.quick, device)
        state = "cached" if runner.is_cached(manifest["figures"].get(name), key, args.out) else "stale"
        files = manifest["figures"].get(name, {}).get("files", {})
        kind = ",".join(sorted({f.rsplit(".", 1)[-1] for f in files})) or "?"
        print(f"{name:<28} {spec.article:<20} {kind:<14} {state}")
    return 0


def main(argv: list[str] | None = None) -> int:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    try:
        if args.list:
            return list_figures(args)
        report = build(args.names, force=args.force, device=args.device, jobs=args.jobs,
                       quick=args.quick, out_dir=args.out, progress=sys.stderr.isatty())
    except UnknownFigure as e:
        pattern = e.args[0]
        close = difflib.get_close_matches(pattern, list(discover(runner.ARTICLES_PACKAGE)), n=5, cutoff=0.4)
        hint = f" Did you mean: {', '.join(close)}?" if close else ""
        print(f"error: no figure matches {pattern!r}.{hint} (--list shows them all)", file=sys.stderr)
        return 2
    except ValueError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    print(format_table(report))
    for o in report.failed:
        print(f"\nFAILED {o.name}:\n{o.error}", file=sys.stderr)
    if report.fatal:
        print(f"\nerror: the build stopped: {report.fatal}", file=sys.stderr)
    return 0 if report.ok else 1


if __name__ == "__main__":
    sys.exit(main())
