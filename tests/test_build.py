"""The build: cache keys, failures, atomic writes, kills, concurrent builds, the CLI."""

from __future__ import annotations

import importlib
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import textwrap
import time
import uuid
from pathlib import Path

import pytest

import build_figures
from figures import registry
from figures.pipeline import build, cache, runner, store

ROOT = Path(__file__).resolve().parents[1]

GOOD = '''
from figures.registry import Artifact, Result, figure
from {pkg}.helper import shout

@figure(size=3)
def good(ctx, size):
    return Result([Artifact("good", "txt", shout("good") * size)], {{"size": size}})
'''
FLAKY_OK = '''
from figures.registry import Artifact, Result, figure

@figure()
def flaky(ctx):
    return Result([Artifact("flaky", "txt", "version 1"), Artifact("flaky-extra", "txt", "x")], {{"v": 1}})
'''
FLAKY_BAD = '''
from figures.registry import Artifact, Result, figure

@figure()
def flaky(ctx):
    return Result([Artifact("flaky", "txt", "version 2 " + str(1 / 0))], {{"v": 2}})
'''


@pytest.fixture(autouse=True)
def clean_registry():
    """Fake figures registered by a test vanish after it: names are global, like on the site."""
    yield
    for name in [n for n, s in registry._REGISTRY.items() if s.module.startswith("fakearts_")]:
        del registry._REGISTRY[name]


def make_package(tmp_path: Path, modules: dict[str, str]) -> str:
    """A throwaway article package on sys.path, so tests never touch the real articles."""
    pkg = f"fakearts_{uuid.uuid4().hex[:8]}"
    root = tmp_path / "src"
    (root / pkg).mkdir(parents=True)
    (root / pkg / "__init__.py").write_text("")
    (root / pkg / "helper.py").write_text("def shout(s):\n    return s.upper()\n")
    write_modules(root / pkg, pkg, modules)
    if str(root) not in sys.path:
        sys.path.insert(0, str(root))
    return pkg


def write_modules(folder: Path, pkg: str, modules: dict[str, str]) -> None:
    for name, body in modules.items():
        (folder / f"{name}.py").write_text(textwrap.dedent(body.format(pkg=pkg)))
    for mod in [m for m in sys.modules if m.startswith(pkg + ".")]:
        del sys.modules[mod]
    importlib.invalidate_caches()
    cache.dependencies.cache_clear()


def test_build_then_cache_then_invalidate_by_helper_edit(tmp_path):
    pkg = make_package(tmp_path, {"demo": GOOD})
    out = tmp_path / "out"
    first = build(out_dir=out, package=pkg, progress=False)
    assert [(o.name, o.status) for o in first.outcomes] == [("good", "built")]
    assert (out / "demo" / "good.txt").read_text() == "GOODGOODGOOD"
    again = build(out_dir=out, package=pkg, progress=False)
    assert [o.status for o in again.outcomes] == ["cached"]
    # Editing a helper the figure imports changes its key and rebuilds it.
    helper = tmp_path / "src" / pkg / "helper.py"
    helper.write_text("def shout(s):\n    return s.upper() + '!'\n")
    write_modules(tmp_path / "src" / pkg, pkg, {})
    third = build(out_dir=out, package=pkg, progress=False)
    assert [o.status for o in third.outcomes] == ["built"]
    assert (out / "demo" / "good.txt").read_text() == "GOOD!GOOD!GOOD!"


def test_key_is_stable_and_covers_params_seed_device():
    key = cache.figure_key("figures.articles.why_more_layers", {"steps": 10}, 0, False, "cpu")
    assert key == cache.figure_key("figures.articles.why_more_layers", {"steps": 10}, 0, False, "cpu")
    for other in [({"steps": 11}, 0, False, "cpu"), ({"steps": 10}, 1, False, "cpu"),
                  ({"steps": 10}, 0, True, "cpu"), ({"steps": 10}, 0, False, "cuda")]:
        assert cache.figure_key("figures.articles.why_more_layers", *other) != key


def test_dependencies_follow_shared_modules():
    deps = cache.dependencies("figures.articles.why_more_layers")
    for shared in ("figures.models.nets", "figures.models.train", "figures.data", "figures.render.gif",
                   "figures.render.style", "figures.experiments", "figures.measures", "figures.registry"):
        assert shared in deps
    assert "figures.pipeline.runner" not in deps  # build code does not change what a figure draws


def test_failure_keeps_others_and_previous_output(tmp_path):
    pkg = make_package(tmp_path, {"demo": GOOD, "flaky": FLAKY_OK})
    out = tmp_path / "out"
    assert build(out_dir=out, package=pkg, progress=False).ok
    old_entry = store.load_manifest(out)["figures"]["flaky"]
    write_modules(tmp_path / "src" / pkg, pkg, {"flaky": FLAKY_BAD})
    report = build(out_dir=out, package=pkg, progress=False, force=True)
    assert [o.name for o in report.failed] == ["flaky"]
    assert "ZeroDivisionError" in report.failed[0].error and "Traceback" in report.failed[0].error
    assert {o.name: o.status for o in report.outcomes}["good"] == "built"
    # The last good output and its manifest entry survive; no temporary file is left.
    assert (out / "flaky" / "flaky.txt").read_text() == "version 1"
    assert (out / "flaky" / "flaky-extra.txt").exists()
    assert store.load_manifest(out)["figures"]["flaky"] == old_entry
    assert not list(out.rglob("*.tmp"))


def test_failure_in_worker_process_exits_1(tmp_path, monkeypatch, capsys):
    pkg = make_package(tmp_path, {"demo": GOOD, "flaky": FLAKY_BAD})
    monkeypatch.setattr(runner, "ARTICLES_PACKAGE", pkg)
    code = build_figures.main(["--out", str(tmp_path / "out"), "--jobs", "2"])
    captured = capsys.readouterr()
    assert code == 1
    assert "FAILED flaky" in captured.err and "ZeroDivisionError" in captured.err
    assert "good" in captured.out and (tmp_path / "out" / "demo" / "good.txt").exists()


BUSY = '''
import time
from figures.registry import Artifact, Result, figure

@figure()
def busy(ctx):
    end = time.process_time() + 0.5  # half a second of CPU in the worker
    while time.process_time() < end:
        pass
    return Result([Artifact("busy", "txt", "done")], {{}})
'''


@pytest.mark.parametrize("summary", [False, True])
def test_the_build_prints_its_total_wall_and_cpu_seconds_workers_included(tmp_path, monkeypatch, capsys, summary):
    pkg = make_package(tmp_path, {"demo": GOOD, "busy": BUSY})
    monkeypatch.setattr(runner, "ARTICLES_PACKAGE", pkg)
    argv = ["--out", str(tmp_path / "out"), "--jobs", "2"] + (["--summary"] if summary else [])
    assert build_figures.main(argv) == 0
    last = capsys.readouterr().out.splitlines()[-1]
    found = re.fullmatch(r"(?:2 )?figures: 2 built, 0 cached, 0 failed in ([\d.]+) s \(CPU ([\d.]+) s.*\)", last)
    assert found, last
    assert float(found[2]) >= 0.5, last  # the busy figure's worker counts


def test_unknown_name_lists_close_matches(capsys):
    assert build_figures.main(["relu_nett", "--list"]) == 2
    err = capsys.readouterr().err
    assert "no figure matches 'relu_nett'" in err and "relu_net" in err


def test_bad_device_and_jobs_are_errors(capsys):
    if not cache.cuda_available():
        assert build_figures.main(["--device", "cuda", "relu_net"]) == 2
        assert "no CUDA device" in capsys.readouterr().err
    with pytest.raises(SystemExit) as exc:
        build_figures.parse_args(["--jobs", "0"])
    assert exc.value.code == 2


def test_write_atomic_never_leaves_partial_file(tmp_path, monkeypatch):
    path = tmp_path / "f.bin"
    store.write_atomic(path, b"old")

    def broken_fsync(fd):
        raise OSError("disk full")

    monkeypatch.setattr(os, "fsync", broken_fsync)
    with pytest.raises(OSError):
        store.write_atomic(path, b"new content")
    assert path.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["f.bin"]


def _cli(out: Path, *args: str) -> list[str]:
    return [sys.executable, str(ROOT / "build_figures.py"), "--quick", "--out", str(out), *args]


def _assert_consistent(out: Path, killed: bool = False) -> dict:
    """Every file the manifest lists has its recorded bytes, and no temporary file is left; right
    after a SIGKILL (``killed``), one may be: a kill inside an atomic write leaves its hidden
    ``.NAME.*.tmp`` (never the file itself half-written), and the next build removes it."""
    manifest = json.loads((out / "manifest.json").read_text())
    for entry in manifest["figures"].values():
        for f in entry["files"].values():
            assert store.file_matches(out / f["path"], f["sha256"]), f["path"]
    tmp = list(out.rglob("*.tmp"))
    if killed:
        assert len(tmp) <= 1 and all(p.name.startswith(".") for p in tmp), tmp  # one writer, one file at a time
    else:
        assert not tmp
    return manifest


# What a figure writes, for the determinism check below: its article, its files' roles (".phone.dark.svg",
# ".gif", ".json", ...) and, in a scene, its traces and controls.
SCENE_TRAITS = re.compile(r'"type":"(scatter3d|scatter|mesh3d|surface|heatmap|contour)"'
                          r'|"(panels|choice|sliders|updatemenus)"')


def output_features(out: Path, entry: dict) -> set[str]:
    features = {f"article {entry['article']}"}
    for name, f in entry["files"].items():
        features.add(re.sub(r"^[^.]+", "", name))
        if name.endswith(".html"):
            features |= {"".join(m) for m in SCENE_TRAITS.findall((out / f["path"]).read_text(encoding="utf-8"))}
    return features


def representatives(out: Path, manifest: dict) -> set[str]:
    """The quickest figures (by this build's timings), each adding something the quicker ones do not
    write (output_features): between them every article, every kind of file and every scene trait."""
    seconds = store.load_timings(out)
    picked, seen = set(), set()
    for name in sorted(manifest["figures"], key=lambda n: (seconds.get(n, 0.0), n)):
        if new := output_features(out, manifest["figures"][name]) - seen:
            picked.add(name)
            seen |= new
    return picked


def test_every_figure_builds_quick_and_deterministically(tmp_path):
    """Smoke test of every figure, and a second clean build gives byte-identical files: all of a
    subset that writes every kind of output and covers every article (representatives). Built twice
    in full, this test was the suite's slowest (535 s, issue 22, item 9). Its limit: a renderer
    that only figures outside the subset use is not compared byte for byte."""
    first, second = tmp_path / "a", tmp_path / "b"
    done = subprocess.run(_cli(first, "--device", "cpu"), capture_output=True, text=True, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    manifest = _assert_consistent(first)
    assert set(manifest["figures"]) == set(runner.discover())
    for name, entry in manifest["figures"].items():
        assert entry["files"], name
        assert entry["provenance"]["command"].startswith(f"python build_figures.py {name}")
    subset = representatives(first, manifest)
    assert {manifest["figures"][n]["article"] for n in subset} == {e["article"] for e in manifest["figures"].values()}
    done = subprocess.run(_cli(second, "--device", "cpu", *sorted(subset)), capture_output=True, text=True, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    again = _assert_consistent(second)
    assert set(again["figures"]) == subset
    # Every file of the second build (the bundles beside the figures too) has the first's bytes.
    files = sorted(p.relative_to(second) for p in second.rglob("*") if p.is_file() and p.name != "manifest.json")
    assert {f["path"] for n in subset for f in manifest["figures"][n]["files"].values()} <= set(map(str, files))
    assert all((first / f).is_file() for f in files)
    changed = [str(f) for f in files if (first / f).read_bytes() != (second / f).read_bytes()]
    assert not changed, f"two builds wrote different bytes: {changed}"
    for name in subset:  # the same entries (sha256, metrics, key, sizes) in both manifests
        assert again["figures"][name] == manifest["figures"][name], name
    _site_builds(first, tmp_path / "quick-site")


def test_representatives_cover_every_kind_and_article(tmp_path):
    """The subset above: the quickest figure that writes each kind of file, scene trait and article."""
    out = tmp_path / "out"

    def figure(name, article, files, html=""):
        for f in files:
            (out / article).mkdir(parents=True, exist_ok=True)
            (out / article / f).write_text(html if f.endswith(".html") else "x")
        return name, {"article": article, "files": {f: {"path": f"{article}/{f}"} for f in files}}

    manifest = {"figures": dict([
        figure("a_slow", "one", ["a_slow.svg", "a_slow.phone.svg"]),
        figure("a_quick", "one", ["a_quick.svg", "a_quick.phone.svg"]),
        figure("b_3d", "one", ["b_3d.html", "b_3d.png"], '"type":"scatter3d"'),
        figure("c_2d", "one", ["c_2d.html", "c_2d.png"], '"type":"scatter"'),
        figure("d_other", "two", ["d_other.svg", "d_other.phone.svg"]),
    ])}
    store.save_timings(out, {"a_slow": 5.0, "a_quick": 1.0, "b_3d": 9.0, "c_2d": 9.0, "d_other": 8.0})
    assert representatives(out, manifest) == {"a_quick", "b_3d", "c_2d", "d_other"}
    store.save_timings(out, {"a_slow": 5.0, "a_quick": 1.0, "b_3d": 9.0, "c_2d": 2.0, "d_other": 8.0})
    assert representatives(out, manifest) == {"a_quick", "b_3d", "c_2d", "d_other"}  # c_2d: .html, .png first


def _site_builds(figures: Path, tmp_path: Path) -> None:
    """`mkdocs build --strict` of the real pages on these figures: a quick build renders too (its
    figures measure every metric the pages quote)."""
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config

    docs = tmp_path / "docs"
    shutil.copytree(ROOT / "docs", docs, ignore=shutil.ignore_patterns("figures"))
    shutil.copytree(figures, docs / "assets" / "figures")
    config = load_config(str(ROOT / "mkdocs.yml"), docs_dir=str(docs), site_dir=str(tmp_path / "site"), strict=True)
    config.plugins.on_startup(command="build", dirty=False)
    mkdocs_build(config)  # raises Abort, having logged the page, line and metric, if a page cannot render


# The lock and kill tests run the real CLI on a few quick figures of two articles: every figure of
# the site built once is the job of the determinism test above, and test_pipeline_kill.py kills
# builds at every file-system change (issue 22, item 9: these two built all 51 figures each).
FEW = ["xor_*", "perceptron_*"]


def _few() -> set[str]:
    return set(runner.select(runner.discover(), FEW))


def test_killed_build_recovers(tmp_path):
    out = tmp_path / "out"
    proc = subprocess.Popen(_cli(out, "--force", *FEW), cwd=ROOT, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    deadline = time.time() + 60
    while time.time() < deadline and not (out / "manifest.json").exists():
        time.sleep(0.05)
    time.sleep(0.3)  # mid-build: some figures written, others not
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    _assert_consistent(out, killed=True)
    done = subprocess.run(_cli(out, *FEW), capture_output=True, text=True, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    assert set(_assert_consistent(out)["figures"]) == _few()


def test_two_builds_at_once_do_not_corrupt(tmp_path):
    out = tmp_path / "out"
    procs = [subprocess.Popen(_cli(out, *FEW), cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for _ in range(2)]
    results = [p.communicate() + (p.returncode,) for p in procs]
    assert all(code == 0 for _, _, code in results), results
    statuses = [out_text for out_text, _, _ in results]
    # One did the work, the other waited for the lock and found everything cached.
    assert any("0 built" in s for s in statuses)
    assert set(_assert_consistent(out)["figures"]) == _few() and len(_few()) == 7


def test_noop_rebuild_imports_no_figure_code(tmp_path, monkeypatch):
    """A rebuild with nothing changed is answered from the manifest alone (about 0.1 s)."""
    pkg = make_package(tmp_path, {"demo": GOOD, "flaky": FLAKY_OK})
    out = tmp_path / "out"
    assert build(out_dir=out, package=pkg, progress=False).ok

    def no_discover(*args, **kwargs):
        raise AssertionError("the no-op path must not import figure code")

    monkeypatch.setattr(runner, "discover", no_discover)
    for patterns in (None, ["good"], ["fl*"]):
        report = build(patterns, out_dir=out, package=pkg, progress=False)
        assert report.ok and {o.status for o in report.outcomes} == {"cached"}
    # A damaged file is noticed: the full path runs (and here, without discover, fails loudly).
    (out / "demo" / "good.txt").write_text("tampered")
    with pytest.raises(AssertionError, match="must not import"):
        build(out_dir=out, package=pkg, progress=False)


def test_artifact_named_apart_from_its_figure_is_refused(tmp_path):
    pkg = make_package(tmp_path, {"demo": '''
from figures.registry import Artifact, Result, figure

@figure()
def named(ctx):
    return Result([Artifact("named-ok", "txt", "a"), Artifact("other_stem", "txt", "b")], {{}})
'''})
    report = build(out_dir=tmp_path / "out", package=pkg, progress=False)
    assert [o.name for o in report.failed] == ["named"]
    assert "'other_stem.txt'" in report.failed[0].error and "named-<part>" in report.failed[0].error


SHARED = '''
import os
from figures.registry import Artifact, Result, figure

def expensive(ctx, n):
    with open(os.environ["MEMO_LOG"], "a") as f:
        f.write("trained\\n")
    return list(range(n))

@figure(n=5)
def first(ctx, n):
    return Result([Artifact("first", "txt", str(ctx.shared(expensive, n=n)))], {{}})

@figure(n=5)
def second(ctx, n):
    return Result([Artifact("second", "txt", str(sum(ctx.shared(expensive, n=n))))], {{}})

@figure(n=6)
def third(ctx, n):
    return Result([Artifact("third", "txt", str(len(ctx.shared(expensive, n=n))))], {{}})
'''


@pytest.mark.parametrize("jobs", [1, 2])
def test_work_shared_by_figures_is_done_once_per_build(tmp_path, monkeypatch, jobs):
    log = tmp_path / "memo.log"
    monkeypatch.setenv("MEMO_LOG", str(log))
    pkg = make_package(tmp_path, {"demo": SHARED})
    out = tmp_path / "out"
    assert build(out_dir=out, package=pkg, progress=False, jobs=jobs).ok
    assert log.read_text().splitlines() == ["trained"] * 2  # n=5 once for two figures, n=6 once
    assert (out / "demo" / "first.txt").read_text() == str(list(range(5)))
    assert (out / "demo" / "second.txt").read_text() == "10" and (out / "demo" / "third.txt").read_text() == "6"
    assert not (store.state_dir(out) / ".memo").exists()  # kept for one build only


def test_jobs_default_to_one_per_core(monkeypatch):
    monkeypatch.setattr(runner, "cores", lambda: 3)
    assert build_figures.parse_args([]).jobs == 3
    assert build_figures.parse_args(["--jobs", "1"]).jobs == 1


ORDERED = '''
from figures.registry import Artifact, Result, figure

@figure()
def aaa_small(ctx):
    return Result([Artifact("aaa_small", "txt", "s")], {{}})

@figure(sweep=True)
def zzz_sweep(ctx):
    return Result([Artifact("zzz_sweep", "txt", "z")], {{}})

@figure()
def mmm_slow(ctx):
    return Result([Artifact("mmm_slow", "txt", "m")], {{}})
'''


def test_the_longest_figures_start_first(tmp_path, monkeypatch):
    """Last build's seconds first, then sweeps, then the rest: the slowest never starts last."""
    pkg = make_package(tmp_path, {"demo": ORDERED})
    monkeypatch.setattr(runner, "_default_timings", lambda: {"mmm_slow": 50.0})
    out = tmp_path / "out"
    report = build(out_dir=out, package=pkg, progress=False, jobs=1)
    assert [o.name for o in report.outcomes] == ["mmm_slow", "zzz_sweep", "aaa_small"]
    store.save_timings(out, {"aaa_small": 90.0, "mmm_slow": 1.0, "zzz_sweep": 2.0})
    report = build(out_dir=out, package=pkg, progress=False, jobs=1, force=True)
    assert [o.name for o in report.outcomes] == ["aaa_small", "zzz_sweep", "mmm_slow"]
