"""Build the figures: pick the stale ones, run them (in worker processes when jobs > 1),
write their files atomically, record the manifest, and fail loudly at the end."""

from __future__ import annotations

import fnmatch
import multiprocessing
import sys
import time
import traceback
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tqdm import tqdm

from figures.pipeline import cache, store
from figures.pipeline.memo import Memo, clear_memo
from figures.registry import ARTICLES_PACKAGE, FigureSpec, discover, lookup, shared_assets

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

    @property
    def failed(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.status == "failed"]

    @property
    def ok(self) -> bool:
        return not self.failed


class UnknownFigure(KeyError):
    """A name or pattern on the command line matches no figure."""


def cuda_available() -> bool:
    import torch

    return torch.cuda.is_available()


def choose_device(spec: FigureSpec, requested: str) -> str:
    """auto: sweeps (many models at once) go to the GPU if there is one; a single small model
    trains faster on the CPU, where a step is not dominated by kernel-launch latency."""
    if requested == "auto":
        return "cuda" if spec.sweep and cuda_available() else "cpu"
    if requested == "cuda" and not cuda_available():
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
    return params, cache.figure_key(spec.module, params, spec.seed, quick, device)


def is_cached(entry: dict[str, Any] | None, key: str, out_dir: Path) -> bool:
    """Cached: same key, and every recorded file is on disk with the recorded content."""
    if not entry or entry.get("key") != key:
        return False
    return all(store.file_matches(out_dir / f["path"], f["sha256"]) for f in entry["files"].values())


# Our models are tiny: one intra-op thread per figure is measured faster than two (a 2-3-3-1
# step ran 3,400/s on one thread and 100-900/s on two on this 2-core machine); --jobs uses
# the other cores by running figures side by side instead.
TORCH_THREADS = 1


def run_figure(module: str, name: str, params: dict[str, Any], seed: int, quick: bool, device: str,
               threads: int = TORCH_THREADS, out_dir: Path | None = None):
    """Run one figure function (in this process or a worker) and time it."""
    import torch

    from figures.context import Context

    torch.set_num_threads(threads)
    spec = lookup(module, name)
    torch.manual_seed(seed)  # nets draw from their own seeded generators; this pins any other draw
    ctx = Context(device=device, seed=seed, quick=quick, **({"memo": Memo(out_dir)} if out_dir else {}))
    start = time.perf_counter()
    result = spec.func(ctx, **params)
    return result, time.perf_counter() - start


def write_result(spec: FigureSpec, result, out_dir: Path, old: dict[str, Any] | None) -> dict[str, dict]:
    """Write a figure's files atomically; drop files it made before and no longer makes."""
    files = {}
    for art in result.artifacts:
        if art.stem != spec.name and not art.stem.startswith(spec.name + "-"):
            raise ValueError(f"figure {spec.name!r} made {art.filename!r}: every file of a figure is named "
                             f"{spec.name}.<ext> or {spec.name}-<part>.<ext>, so a page's name leads to its code")
        data = art.as_bytes()
        rel = f"{spec.article}/{art.filename}"
        path = out_dir / rel
        if not store.file_matches(path, store.sha256(data)):
            store.write_atomic(path, data)
        files[art.filename] = {"path": rel, "bytes": len(data), "sha256": store.sha256(data),
                               "width": art.width, "height": art.height}
    for fname, f in (old or {}).get("files", {}).items():
        if fname not in files:
            (out_dir / f["path"]).unlink(missing_ok=True)
    return files


def entry_for(spec: FigureSpec, key: str, files: dict, result, seconds: float, device: str,
              params: dict[str, Any], quick: bool) -> dict[str, Any]:
    command = f"python build_figures.py {spec.name}" + (" --quick" if quick else "")
    return {
        "article": spec.article, "key": key, "files": files, "seconds": round(seconds, 3),
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
    cached without importing any figure code. Any doubt returns None: the full path decides."""
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
    return Report([Outcome(n, "cached", e["device"], e["seconds"], sum(f["bytes"] for f in e["files"].values()))
                   for n, e in entries.items()])


def build(patterns: list[str] | None = None, *, force: bool = False, device: str = "auto",
          jobs: int = 1, quick: bool = False, out_dir: Path = DEFAULT_OUT, progress: bool = True,
          package: str | None = None) -> Report:
    """Build the figures matching ``patterns`` (all by default) whose cache key changed.

    Failures do not stop the others: each is recorded with its traceback, its earlier good
    files and manifest entry are kept, and the report says so. Raises UnknownFigure for a
    pattern that matches nothing, ValueError for a device that cannot be used. ``package``
    holds the article modules (tests point it at their own).
    """
    package = package or ARTICLES_PACKAGE
    tree = _tree(package, quick, device)
    with store.build_lock(out_dir):
        manifest = store.load_manifest(out_dir)
        if not force and (report := _all_cached(manifest, tree, out_dir, patterns or [])):
            return report
        specs = select(discover(package), patterns or [])
        devices = {n: choose_device(s, device) for n, s in specs.items()}
        store.remove_stale_temps(out_dir)
        manifest["shared"] = ensure_shared_assets(out_dir)
        report = Report()
        todo = []
        for name, spec in specs.items():
            params, key = plan(spec, quick, devices[name])
            entry = manifest["figures"].get(name)
            if not force and is_cached(entry, key, out_dir):
                entry["tree"] = tree
                nbytes = sum(f["bytes"] for f in entry["files"].values())
                report.outcomes.append(Outcome(name, "cached", entry["device"], entry["seconds"], nbytes))
            else:
                todo.append((spec, params, key))
        for spec, params, key, result, seconds, error in _execute(todo, devices, quick, jobs, progress, out_dir):
            dev = devices[spec.name]
            if error:
                report.outcomes.append(Outcome(spec.name, "failed", dev, seconds, error=error))
                continue
            try:
                files = write_result(spec, result, out_dir, manifest["figures"].get(spec.name))
            except Exception:  # noqa: BLE001 - a bad artifact fails this figure, not the build
                report.outcomes.append(Outcome(spec.name, "failed", dev, seconds, error=traceback.format_exc()))
                continue
            manifest["figures"][spec.name] = {**entry_for(spec, key, files, result, seconds, dev, params, quick),
                                              "tree": tree}
            store.save_manifest(out_dir, manifest)  # after each figure: a kill loses at most one
            nbytes = sum(f["bytes"] for f in files.values())
            report.outcomes.append(Outcome(spec.name, "built", dev, seconds, nbytes))
        if not patterns and report.ok:
            # Figures that no longer exist leave the manifest; their files go with them.
            for gone in set(manifest["figures"]) - set(specs):
                for f in manifest["figures"].pop(gone)["files"].values():
                    (out_dir / f["path"]).unlink(missing_ok=True)
            manifest["complete"] = tree
        elif not report.ok:
            manifest.pop("complete", None)
        store.save_manifest(out_dir, manifest)
        clear_memo(out_dir)
    return report


def _execute(todo, devices, quick, jobs, progress, out_dir):
    """Yield (spec, params, key, result, seconds, error) for each figure, as they finish."""
    bar = tqdm(total=len(todo), desc="figures", unit="fig", disable=not progress or not todo,
               file=sys.stderr, leave=False)
    if jobs <= 1 or len(todo) <= 1:
        for spec, params, key in todo:
            bar.set_postfix_str(spec.name)
            yield (spec, params, key, *_guarded(spec, params, devices[spec.name], quick, out_dir))
            bar.update()
    else:
        ctx = multiprocessing.get_context("spawn")
        with ProcessPoolExecutor(max_workers=jobs, mp_context=ctx) as pool:
            futures = {pool.submit(_guarded, s, p, devices[s.name], quick, out_dir): (s, p, k) for s, p, k in todo}
            for fut in as_completed(futures):
                spec, params, key = futures[fut]
                bar.set_postfix_str(spec.name)
                yield (spec, params, key, *_result_of(fut))
                bar.update()
    bar.close()


def _guarded(spec: FigureSpec, params, device, quick, out_dir=None):
    """(result, seconds, error): a figure that raises becomes an error string, not a crash."""
    start = time.perf_counter()
    try:
        result, seconds = run_figure(spec.module, spec.name, params, spec.seed, quick, device, out_dir=out_dir)
        return result, seconds, ""
    except Exception:  # noqa: BLE001 - reported with its traceback at the end
        return None, time.perf_counter() - start, traceback.format_exc()


def _result_of(fut):
    try:
        return fut.result()
    except Exception:  # noqa: BLE001 - a worker that died (killed, out of memory)
        return None, 0.0, traceback.format_exc()


def format_table(report: Report) -> str:
    """Figures, slowest first: seconds, bytes, cached or built, device."""
    rows = sorted(report.outcomes, key=lambda o: -o.seconds)
    width = max([len(o.name) for o in rows] + [6])
    lines = [f"{'figure':<{width}}  {'seconds':>8}  {'bytes':>10}  {'status':<7}  device"]
    for o in rows:
        lines.append(f"{o.name:<{width}}  {o.seconds:8.2f}  {o.bytes:10,d}  {o.status:<7}  {o.device}")
    built = sum(o.status == "built" for o in rows)
    lines.append(f"{len(rows)} figures: {built} built, {len(rows) - built - len(report.failed)} cached, "
                 f"{len(report.failed)} failed")
    return "\n".join(lines)
