"""Build the site's figures: python build_figures.py [NAME|GLOB ...] [options].

Trains each article's small models and writes docs/assets/figures/<article>/<name>.<ext> plus
manifest.json. Only figures whose cache key changed are rebuilt. Exit codes: 0 all built,
1 some figure failed or the figures folder cannot be written, 2 bad command line.
"""

from __future__ import annotations

import argparse
import difflib
import os
import subprocess
import sys
import time
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
    p.add_argument("--summary", action="store_true", help="one line (and each failure) instead of the table")
    p.add_argument("--check", action="store_true",
                   help="then run the claims tests (tests/test_claims*.py) of the figures rebuilt or named")
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


def cpu_seconds() -> float:
    """CPU seconds of this process and of its finished children (the build's workers)."""
    t = os.times()
    return t.user + t.system + t.children_user + t.children_system


def summary_line(report, seconds: float, cpu: float) -> str:
    """'figures: 2 built, 47 cached, 0 failed in 3.1 s (CPU 4.0 s)', with the slowest built figure."""
    built = [o for o in report.outcomes if o.status == "built"]
    cached = sum(o.status == "cached" for o in report.outcomes)
    slowest = max(built, key=lambda o: o.seconds, default=None)
    tail = f"; slowest: {slowest.name}, {slowest.seconds:.1f} s" if slowest and len(built) > 1 else ""
    return (f"figures: {len(built)} built, {cached} cached, {len(report.failed)} failed in {seconds:.1f} s "
            f"(CPU {cpu:.1f} s{tail})")


def main(argv: list[str] | None = None) -> int:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    start, cpu_start = time.perf_counter(), cpu_seconds()
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
        for why in (e.args[1] if len(e.args) > 1 else {}).values():
            print(f"note: an article module cannot be imported, so its figures are unknown: {why}", file=sys.stderr)
        return 2
    except ValueError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    seconds, cpu = time.perf_counter() - start, cpu_seconds() - cpu_start
    print(summary_line(report, seconds, cpu) if args.summary else format_table(report, seconds, cpu), flush=True)
    for o in report.failed:
        print(f"\nFAILED {o.name}:\n{o.error}", file=sys.stderr)
    if report.fatal:
        print(f"\nerror: the build stopped: {report.fatal}", file=sys.stderr)
    claims_ok = True
    if args.check and report.ok:
        names = {o.name for o in report.outcomes if o.status == "built"} | set(args.names)
        claims_ok = print_claims(names, args.out, args.quick)
    return 0 if report.ok and claims_ok else 1


TESTS = Path(__file__).resolve().parent / "tests"


def claims_files(names: set[str]) -> list[Path]:
    """The claims test files that read a metric of any of ``names`` (they name figures in quotes)."""
    return [p for p in sorted(TESTS.glob("test_claims*.py"))
            if any(f'"{n}"' in p.read_text(encoding="utf-8") for n in names)]


def check_claims(names: set[str], out_dir: Path) -> list[str]:
    """Run the claims tests of ``names`` on the manifest in ``out_dir``; each failing claim as a
    sentence (tests/claims.py writes them), or the failing test and its assert."""
    files = claims_files(names)
    if not files:
        return []
    env = {**os.environ, "FIGURES_MANIFEST": str(out_dir), "COLUMNS": "100000"}  # pytest cuts lines to COLUMNS
    # -n 0: a few files, in this process (pyproject's addopts would start a worker per core)
    cmd = [sys.executable, "-m", "pytest", "-q", "--tb=no", "-rf", "-p", "no:cacheprovider", "-n", "0",
           *map(str, files)]
    done = subprocess.run(cmd, cwd=TESTS.parent, env=env, capture_output=True, text=True)
    failed = []
    for line in done.stdout.splitlines():
        if line.startswith("FAILED ") and " - " in line:
            test, why = line.removeprefix("FAILED ").split(" - ", 1)
            why = why.removeprefix("AssertionError: ")
            failed.append(why if "' — " in why else f"{test}: {why}")
    if done.returncode not in (0, 1) or (done.returncode == 1 and not failed):
        failed.append(f"the claims tests did not run (pytest exit {done.returncode}): {done.stdout[-400:]}")
    return failed


def print_claims(names: set[str], out_dir: Path, quick: bool) -> bool:
    if quick:
        print("claims: not checked on a --quick build (they hold on the full build)")
        return True
    files = claims_files(names)
    failed = check_claims(names, out_dir) if files else []
    print(f"claims: {len(files)} test files for {len(names)} figures: "
          + (f"{len(failed)} failing" if failed else "all hold"), flush=True)
    for line in failed:
        print(f"  {line}", file=sys.stderr)
    return not failed


if __name__ == "__main__":
    sys.exit(main())
