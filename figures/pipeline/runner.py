"""Build the figures: pick the stale ones, run them (in worker processes when jobs > 1),
check what they return, switch each figure's files and manifest entry together, and fail
loudly at the end. See store.py for the on-disk invariant."""

from __future__ import annotations

import ctypes
import fnmatch
import functools
import multiprocessing
import os
import shutil
import signal
import sys
import threading
import time
import traceback
from concurrent.futures import ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tqdm import tqdm

from figures.pipeline import cache, store
from figures.pipeline.manifest import json_metrics, verify_entry
from figures.pipeline.memo import Memo, clear_memo
from figures.registry import ARTICLES_PACKAGE, Artifact, FigureSpec, Result, discover, lookup, shared_assets

DEFAULT_OUT = Path(__file__).resolve().parents[2] / "docs" / "assets" / "figures"


@dataclass
class Outcome:
    """What happened to one figure in this build."""

    name: str
    status: str  # "built", "cached" or "failed"
    device: str
    seconds: float = 0.0
    bytes: int = 0
    error: str = ""


@dataclass
class Report:
    outcomes: list[Outcome] = field(default_factory=list)
    fatal: str = ""  # why the build stopped early (the folder cannot be written), if it did

    @property
    def failed(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.status == "failed"]

    @property
    def ok(self) -> bool:
        return not self.failed and not self.fatal


class UnknownFigure(KeyError):
    """A name or pattern on the command line matches no figure."""


def choose_device(spec: FigureSpec, requested: str) -> str:
    """auto: sweeps (many models at once) go to the GPU if there is one; a single small model
    trains faster on the CPU, where a step is not dominated by kernel-launch latency."""
    if requested == "auto":
        return "cuda" if spec.sweep and cache.cuda_available() else "cpu"
    if requested == "cuda" and not cache.cuda_available():
        raise ValueError("--device cuda was asked for, but torch sees no CUDA device")
    if requested not in ("cpu", "cuda"):
        raise ValueError(f"unknown device {requested!r}; use auto, cpu or cuda")
    return requested


def select(specs: dict[str, FigureSpec], patterns: list[str]) -> dict[str, FigureSpec]:
    """The figures named by ``patterns`` (exact names or globs); all if none."""
    if not patterns:
        return specs
    chosen: dict[str, FigureSpec] = {}
    for pattern in patterns:
        hits = [n for n in specs if fnmatch.fnmatchcase(n, pattern)]
        if not hits:
            raise UnknownFigure(pattern)
        chosen.update((n, specs[n]) for n in hits)
    return dict(sorted(chosen.items()))


def plan(spec: FigureSpec, quick: bool, device: str) -> tuple[dict[str, Any], str]:
    params = spec.params_for(quick)
    return params, cache.figure_key(spec.module, params, spec.seed, quick, device, spec.func.__name__)


def is_cached(entry: dict[str, Any] | None, key: str, out_dir: Path) -> bool:
    """Cached: same key, and every recorded file is on disk with the recorded content."""
    return bool(entry) and entry.get("key") == key and not verify_entry(out_dir, entry)


# Our models are tiny: one intra-op thread per figure is measured faster than two (a 2-3-3-1
# step ran 3,400/s on one thread and 100-900/s on two, on a 2-core CI machine); --jobs uses
# the other cores by running figures side by side instead.
TORCH_THREADS = 1


def run_figure(module: str, name: str, params: dict[str, Any], seed: int, quick: bool, device: str,
               threads: int = TORCH_THREADS, out_dir: Path | None = None):
    """Run one figure function (in this process or a worker) and time it."""
    import torch
    from threadpoolctl import threadpool_limits

    from figures.context import Context

    torch.set_num_threads(threads)
    spec = lookup(module, name)
    torch.manual_seed(seed)  # nets draw from their own seeded generators; this pins any other draw
    ctx = Context(device=device, seed=seed, quick=quick, **({"memo": Memo(out_dir)} if out_dir else {}))
    # NumPy's and scikit-learn's BLAS/OpenMP pools too: on a loaded 2-core machine the digits
    # figure's small matrix products took 117 s of wall clock with two BLAS threads, 12 s with one.
    with threadpool_limits(threads):
        start = time.perf_counter()
        result = spec.func(ctx, **params)
        return result, time.perf_counter() - start


class BadResult(ValueError):
    """A figure returned something the build cannot publish (reported without a traceback)."""


def checked(spec: FigureSpec, result: Any) -> Result:
    """``result`` if it can be published as is, with its metrics made plain JSON (NumPy
    scalars converted); BadResult says what is wrong. Run where the figure ran, so a bad
    value never reaches the manifest."""
    if not isinstance(result, Result):
        raise BadResult(f"figure {spec.name!r} returned a {type(result).__name__}, not a Result")
    if not result.artifacts:
        code = spec.func.__code__
        raise BadResult(f"{os.path.relpath(code.co_filename)}:{code.co_firstlineno}: figure {spec.name!r} returned "
                        "no files: return Result(artifacts(...), metrics) with at least one drawing (its previous "
                        "files are kept)")
    for art in result.artifacts:
        if not isinstance(art, Artifact) or not isinstance(art.data, (bytes, str)):
            raise BadResult(f"figure {spec.name!r} returned an artifact that is not an Artifact of bytes or text")
        stem = art.stem.partition(".")[0]  # a still's twins: <stem>.dark, <stem>.phone (render.Drawn)
        if stem != spec.name and not stem.startswith(spec.name + "-"):
            raise BadResult(f"figure {spec.name!r} made {art.filename!r}: every file of a figure is named "
                            f"{spec.name}.<ext> or {spec.name}-<part>.<ext>, so a page's name leads to its code")
    try:
        metrics = json_metrics(result.metrics)
    except ValueError as e:
        raise BadResult(f"figure {spec.name!r} returned metrics the manifest cannot hold: {e}") from None
    return Result(list(result.artifacts), metrics)


def render(spec: FigureSpec, result: Result) -> tuple[dict[str, bytes], dict[str, dict]]:
    """The figure's files as {relative path: bytes} and their manifest records."""
    blobs, files = {}, {}
    for art in result.artifacts:
        data = art.as_bytes()
        rel = f"{spec.article}/{art.filename}"
        blobs[rel] = data
        files[art.filename] = {"path": rel, "bytes": len(data), "sha256": store.sha256(data),
                               "width": art.width, "height": art.height}
    return blobs, files


def commit(out_dir: Path, manifest: dict[str, Any], name: str, entry: dict[str, Any],
           blobs: dict[str, bytes]) -> None:
    """Switch a figure's files and its manifest entry as one set: stage the changed files,
    save the manifest without the figure (while its files change no entry claims them), rename
    the staged files into place, then save the new entry. An error before the renames leaves
    the old files and entry as they were; a kill anywhere leaves unowned files at worst."""
    old = manifest["figures"].get(name)
    changed = {rel: d for rel, d in blobs.items() if not store.file_matches(out_dir / rel, store.sha256(d))}
    removed = [f["path"] for f in (old or {}).get("files", {}).values() if f["path"] not in blobs]
    if changed or removed:
        staged = store.stage(out_dir, name, changed)
        if old is not None:
            del manifest["figures"][name]
            manifest.pop("complete", None)
            try:
                store.save_manifest(out_dir, manifest)
            except BaseException:
                manifest["figures"][name] = old
                shutil.rmtree(staged, ignore_errors=True)
                raise
        store.switch(out_dir, staged, list(changed), removed)
    manifest["figures"][name] = entry
    try:
        store.save_manifest(out_dir, manifest)
    except BaseException:
        del manifest["figures"][name]  # as on disk: its files are unowned until a rebuild
        raise


def entry_for(spec: FigureSpec, key: str, files: dict, result: Result, device: str,
              params: dict[str, Any], quick: bool) -> dict[str, Any]:
    """A manifest entry: nothing in it depends on when or how fast the build ran, so an
    unchanged rebuild publishes the same bytes (timings live in .timings.json)."""
    command = f"python build_figures.py {spec.name}" + (" --quick" if quick else "")
    return {
        "article": spec.article, "key": key, "files": files,
        "device": device, "metrics": result.metrics, "quick": quick,
        "provenance": {"seed": spec.seed, "params": params, "module": spec.module, "function": spec.func.__name__,
                       "versions": cache.library_versions(), "command": command},
    }


def ensure_shared_assets(out_dir: Path) -> dict[str, str]:
    """The files that renderers declared shared (each written only when it changed);
    returns {file name: sha256} for the manifest."""
    digests = {}
    for name, data in shared_assets().items():
        digests[name] = store.sha256(data)
        if not store.file_matches(out_dir / name, digests[name]):
            store.write_atomic(out_dir / name, data)
    return digests


def _tree(package: str, quick: bool, device: str) -> str:
    """Digest of the figure code (figures/ and the article package) and the options."""
    import importlib.util

    spec = importlib.util.find_spec(package)
    dirs = {Path(__file__).resolve().parents[1]} | {Path(p) for p in (spec.submodule_search_locations or [])}
    return cache.tree_digest(sorted(dirs), {"quick": quick, "device": device, "package": package})


def _all_cached(manifest: dict[str, Any], tree: str, out_dir: Path, patterns: list[str]) -> Report | None:
    """The no-op fast path: every selected figure was built or checked by a build with the same
    code tree, options and versions (entry["tree"]), and its files are intact: report them as
    cached without importing any figure code or writing anything. Any doubt returns None: the
    full path decides."""
    shared = manifest.get("shared", {})
    if not manifest["figures"] or not all(store.file_matches(out_dir / n, sha) for n, sha in shared.items()):
        return None
    # The manifest lists every figure only after a complete build with this tree (a killed or
    # partial build leaves some out); without that, only exact names can be answered here.
    exact = patterns and not any(c in p for p in patterns for c in "*?[")
    if manifest.get("complete") != tree and not exact:
        return None
    try:
        entries = {n: manifest["figures"][n] for n in select(manifest["figures"], patterns)}
    except UnknownFigure:
        return None  # let the full path report it with close matches
    if not all(e.get("tree") == tree and is_cached(e, e["key"], out_dir) for e in entries.values()):
        return None
    if store.strays(out_dir, manifest):
        return None  # left by a killed build: the full path removes them
    timings = store.load_timings(out_dir)
    return Report([Outcome(n, "cached", e["device"], timings.get(n, 0.0), sum(f["bytes"] for f in e["files"].values()))
                   for n, e in entries.items()])


def cores() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def build(patterns: list[str] | None = None, *, force: bool = False, device: str = "auto",
          jobs: int = 1, quick: bool = False, out_dir: Path = DEFAULT_OUT, progress: bool = True,
          package: str | None = None) -> Report:
    """Build the figures matching ``patterns`` (all by default) whose cache key changed.

    Failures do not stop the others: each is recorded with its traceback, its earlier good
    files and manifest entry are kept, and the report says so. A folder that cannot be
    written (full disk, read-only) stops the build with ``report.fatal``. Raises UnknownFigure
    for a pattern that matches nothing, ValueError for a device that cannot be used, both
    before waiting for another build's lock. ``package`` holds the article modules (tests
    point it at their own).
    """
    package = package or ARTICLES_PACKAGE
    patterns = patterns or []
    tree = _tree(package, quick, device)
    # A no-op only reads: it takes no lock, so it works in a read-only folder.
    if not force and (report := _all_cached(store.load_manifest(out_dir, warn=False), tree, out_dir, patterns)):
        return report
    broken: dict[str, str] = {}  # article modules that cannot be imported: their figures fail, not the build
    try:
        specs = select(discover(package, broken), patterns)
    except UnknownFigure as e:
        raise UnknownFigure(e.args[0], broken) from None  # the figure may be in a module that failed
    devices = {n: choose_device(s, device) for n, s in specs.items()}
    if jobs > cores():
        print(f"note: --jobs {jobs} is more than the {cores()} cores here; using {cores()} "
              "(more workers only add memory and contention)", file=sys.stderr)
        jobs = cores()
    try:
        with store.build_lock(out_dir), _sigint_noted():
            return _build_locked(specs, devices, tree, patterns, force, jobs, quick, out_dir, progress, broken)
    except store.CannotWrite as e:
        return Report(fatal=e.strerror)


def _build_locked(specs, devices, tree, patterns, force, jobs, quick, out_dir, progress, broken) -> Report:
    manifest = store.load_manifest(out_dir)
    if not force and not broken and (report := _all_cached(manifest, tree, out_dir, patterns)):
        return report  # the build we waited for made everything
    report = Report(unimportable(manifest, broken, patterns))
    timings = store.load_timings(out_dir)
    was_complete = manifest.get("complete") == tree
    try:
        _prepare(out_dir, manifest)
    except OSError as e:
        return Report(fatal=_why(out_dir, e))
    todo, checked_now = [], []  # checked_now: cached figures, marked with this tree if the build succeeds
    for name, spec in specs.items():
        params, key = plan(spec, quick, devices[name])
        entry = manifest["figures"].get(name)
        if not force and is_cached(entry, key, out_dir):
            checked_now.append(name)
            nbytes = sum(f["bytes"] for f in entry["files"].values())
            report.outcomes.append(Outcome(name, "cached", entry["device"], timings.get(name, 0.0), nbytes))
        else:
            todo.append((spec, params, key))
    todo.sort(key=lambda item: _expected_first(item[0], timings))
    results = _execute(todo, devices, quick, jobs, progress, out_dir)
    try:
        for spec, params, key, result, seconds, error in results:
            outcome, report.fatal = _save(spec, params, key, result, seconds, error, devices[spec.name], tree,
                                          quick, manifest, out_dir)
            report.outcomes.append(outcome)
            if outcome.status == "built":
                timings[spec.name] = round(seconds, 3)
            if report.fatal:
                break
    finally:
        results.close()  # stops the workers when the build stops early
        clear_memo(out_dir)
    done = {o.name for o in report.outcomes}
    report.outcomes += [Outcome(s.name, "failed", devices[s.name], error=f"not built: {report.fatal}")
                        for s, _, _ in todo if s.name not in done]
    _finish(manifest, specs, tree, patterns, report, out_dir, was_complete, checked_now)
    store.save_timings(out_dir, timings)
    return report


def unimportable(manifest: dict[str, Any], broken: dict[str, str], patterns: list[str]) -> list[Outcome]:
    """A failed outcome for each figure of an article module that cannot be imported (known by
    its manifest entry; the module itself when it has none), with the one-line reason. Their
    entries and files stay as they were."""
    out = []
    for module, why in sorted(broken.items()):
        names = [n for n, e in manifest["figures"].items() if e["provenance"].get("module") == module]
        if patterns:
            names = [n for n in names if any(fnmatch.fnmatchcase(n, p) for p in patterns)]
        elif not names:
            names = [module]
        out += [Outcome(n, "failed", "-", error=f"{module} cannot be imported: {why} (its figures keep their last "
                                                 "build; fix the module and build again)") for n in names]
    return out


def _expected_first(spec: FigureSpec, timings: dict[str, float]) -> tuple[float, bool, str]:
    """Sort key: the longest figures start first (last build's seconds, here or in the default
    folder; unknown sweeps before other unknowns), so that with several workers the slowest
    figure does not start last and leave the other cores idle at the end."""
    seconds = timings.get(spec.name, _default_timings().get(spec.name, 0.0))
    return -seconds, not spec.sweep, spec.name


@functools.cache
def _default_timings() -> dict[str, float]:
    return store.load_timings(DEFAULT_OUT)


def _why(out_dir: Path, e: OSError) -> str:
    return store.cannot_write(Path(e.filename or out_dir), e).strerror


def _prepare(out_dir: Path, manifest: dict[str, Any]) -> None:
    """Claim the folder (a manifest in it makes strays removable), clear what a killed build
    left, and bring the shared assets up to date (out of the manifest while they change)."""
    shared = {name: store.sha256(data) for name, data in shared_assets().items()}
    current = manifest.get("shared") == shared and all(store.file_matches(out_dir / n, d) for n, d in shared.items())
    if not (out_dir / store.MANIFEST).is_file() or (manifest.get("shared") and not current):
        manifest.pop("shared", None)  # "complete" may stay: shared assets change only with the tree
        store.save_manifest(out_dir, manifest)
    store.remove_strays(out_dir, manifest)
    manifest["shared"] = ensure_shared_assets(out_dir)
    store.save_manifest(out_dir, manifest)  # written only if its bytes change, as every save


def _save(spec, params, key, result, seconds, error, device, tree, quick, manifest, out_dir) -> tuple[Outcome, str]:
    """Record one figure's result, its files and entry switched together; returns its outcome
    and, if the folder cannot take more writes, why (the build then stops)."""
    if error:
        return Outcome(spec.name, "failed", device, seconds, error=error), ""
    blobs, files = render(spec, result)
    entry = {**entry_for(spec, key, files, result, device, params, quick), "tree": tree}
    try:
        commit(out_dir, manifest, spec.name, entry, blobs)
    except OSError as e:
        fatal = _why(out_dir, e) if e.errno in store.CANNOT_WRITE else ""
        error = f"cannot save: {fatal}" if fatal else f"could not save its files: {e}\n{traceback.format_exc()}"
        return Outcome(spec.name, "failed", device, seconds, error=error), fatal
    return Outcome(spec.name, "built", device, seconds, sum(len(b) for b in blobs.values())), ""


def _finish(manifest, specs, tree, patterns, report, out_dir, was_complete, checked_now) -> None:
    """Final manifest: figures that no longer exist leave it after a complete, clean build
    (their files then are strays and go); a clean build of some figures keeps a complete tree
    complete (commit took the mark off while it switched files). Cached figures are marked with
    this tree (for the no-op path) only when nothing failed: a failing build then writes nothing
    new, and `mkdocs serve` is not woken again by its own failed build."""
    if report.ok:
        for name in checked_now:
            manifest["figures"][name]["tree"] = tree
    if not patterns and report.ok:
        for gone in set(manifest["figures"]) - set(specs):
            del manifest["figures"][gone]
        manifest["complete"] = tree
    elif report.ok and was_complete:
        manifest["complete"] = tree
    # A failure leaves "complete" as it was: it names a tree whose figures all built, and the
    # failed figure's entry (not re-marked with this tree) keeps the no-op path from trusting it.
    # So a figure that fails again writes nothing: `mkdocs serve` is not woken for nothing.
    try:
        store.save_manifest(out_dir, manifest)
        store.remove_strays(out_dir, manifest)
    except OSError as e:
        report.fatal = report.fatal or _why(out_dir, e)


def _execute(todo, devices, quick, jobs, progress, out_dir):
    """Yield (spec, params, key, result, seconds, error) for each figure, as they finish."""
    bar = tqdm(total=len(todo), desc="figures", unit="fig", disable=not progress or not todo,
               file=sys.stderr, leave=False)
    try:
        if jobs <= 1 or len(todo) <= 1:
            for spec, params, key in todo:
                bar.set_postfix_str(spec.name)
                yield (spec, params, key, *_guarded(spec, params, devices[spec.name], quick, out_dir))
                bar.update()
        else:
            for (spec, params, key), res in _pooled(todo, devices, quick, jobs, out_dir):
                bar.set_postfix_str(spec.name)
                yield (spec, params, key, *res)
                bar.update()
    finally:
        bar.close()


def _pooled(todo, devices, quick, jobs, out_dir):
    """Yield (item, (result, seconds, error)) from worker processes. A worker that dies (killed,
    out of memory, os._exit) breaks the whole pool: the figures that had started and not
    finished are then rerun one at a time, each in its own worker, so the one that kills its
    worker is named; the figures that had not started are simply rerun."""
    ctx = multiprocessing.get_context("spawn")
    rounds = [(todo, jobs)]
    while rounds:
        batch, width = rounds.pop(0)
        started = ctx.SimpleQueue()
        pool = ProcessPoolExecutor(max_workers=min(width, len(batch)), mp_context=ctx, initializer=_worker_init,
                                   initargs=(os.getpid(), started))
        unfinished = []
        try:
            futures = {pool.submit(_guarded, s, p, devices[s.name], quick, out_dir): (s, p, k) for s, p, k in batch}
            for fut in as_completed(futures):
                try:
                    res = fut.result()
                except BrokenProcessPool:
                    unfinished.append(futures[fut])
                    continue
                yield futures[fut], res
        finally:
            pool.shutdown(wait=True, cancel_futures=True)
        if not unfinished:
            continue
        if width == 1:
            yield unfinished[0], (None, 0.0, DIED.format(name=unfinished[0][0].name))
            continue
        names = set()
        while not started.empty():
            names.add(started.get())
        suspects = [item for item in unfinished if item[0].name in names]
        print(f"warning: a worker process died while running {', '.join(s.name for s, _, _ in suspects) or '?'}; "
              "rerunning each of those alone and the rest as before", file=sys.stderr)
        rounds += [([item], 1) for item in suspects]
        if rest := [item for item in unfinished if item not in suspects]:
            rounds.append((rest, width))


DIED = ("figure {name!r}: its worker process died before returning (killed by a signal, out of memory, or "
        "os._exit), twice: once among others, then again when run alone")

_STARTED = None  # in a worker: the queue that tells the build which figure it starts
_SIGINT_SEEN = False


def _worker_init(parent: int, started) -> None:
    global _STARTED
    _STARTED = started
    _die_with_parent(parent)
    signal.signal(signal.SIGINT, _note_sigint)


PR_SET_PDEATHSIG = 1


def _die_with_parent(parent: int) -> None:
    """Ask Linux to SIGKILL this worker when the build process dies, however it dies (kill -9,
    SIGTERM, a crash): otherwise workers stay blocked on a pipe that no one will read. Elsewhere
    prctl does not exist and workers end when their pipe closes, as before."""
    try:
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):
        return
    if os.getppid() != parent:  # the build died before prctl took hold
        os._exit(1)


def _note_sigint(signum, frame):
    global _SIGINT_SEEN
    _SIGINT_SEEN = True
    raise KeyboardInterrupt


@contextmanager
def _sigint_noted():
    """While building, remember whether a real Ctrl-C arrived, so that a KeyboardInterrupt
    raised by figure code fails that figure while a user's Ctrl-C still stops the build."""
    global _SIGINT_SEEN
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    _SIGINT_SEEN = False
    old = signal.signal(signal.SIGINT, _note_sigint)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, old)


def _guarded(spec: FigureSpec, params, device, quick, out_dir=None):
    """(result, seconds, error): whatever figure code raises, SystemExit included, becomes this
    figure's error, never the build's end; only a real Ctrl-C passes through."""
    if _STARTED is not None:
        _STARTED.put(spec.name)
    start = time.perf_counter()
    try:
        result, seconds = run_figure(spec.module, spec.name, params, spec.seed, quick, device, out_dir=out_dir)
        return checked(spec, result), seconds, ""
    except BadResult as e:
        return None, time.perf_counter() - start, str(e)
    except BaseException as e:  # noqa: BLE001 - figure code is not trusted to end the build
        if isinstance(e, KeyboardInterrupt) and _SIGINT_SEEN:
            raise
        return None, time.perf_counter() - start, traceback.format_exc()


def format_table(report: Report, seconds: float | None = None, cpu: float | None = None) -> str:
    """Figures, slowest first: seconds, bytes, cached or built, device; then the counts, and the
    whole build's wall-clock and CPU seconds (workers included) when given."""
    rows = sorted(report.outcomes, key=lambda o: -o.seconds)
    width = max([len(o.name) for o in rows] + [6])
    lines = [f"{'figure':<{width}}  {'seconds':>8}  {'bytes':>10}  {'status':<7}  device"]
    for o in rows:
        lines.append(f"{o.name:<{width}}  {o.seconds:8.2f}  {o.bytes:10,d}  {o.status:<7}  {o.device}")
    built = sum(o.status == "built" for o in rows)
    lines.append(f"{len(rows)} figures: {built} built, {len(rows) - built - len(report.failed)} cached, "
                 f"{len(report.failed)} failed" + (f" in {seconds:.1f} s" if seconds is not None else "")
                 + (f" (CPU {cpu:.1f} s)" if cpu is not None else ""))
    return "\n".join(lines)
